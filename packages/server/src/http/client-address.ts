/**
 * The client address of a request: the socket's peer, unless that peer is a trusted proxy, in
 * which case `X-Forwarded-For` is walked from the right, skipping trusted proxies, and the
 * first untrusted hop is the client (so a client cannot forge its address by prepending).
 */
import type { IncomingMessage } from "node:http";
import { isIP } from "node:net";

type Matcher = (address: string) => boolean;

/** Strip `::ffff:` from IPv4-mapped IPv6 so both spellings of an IPv4 address compare equal. */
export function normalizeAddress(address: string): string {
  const a = address.trim().toLowerCase();
  return a.startsWith("::ffff:") && isIP(a.slice(7)) === 4 ? a.slice(7) : a;
}

function ipv4ToBigInt(a: string): bigint {
  return a.split(".").reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
}

function ipv6ToBigInt(a: string): bigint {
  let text = a;
  // An embedded IPv4 tail becomes two hextets.
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4?.[1]) {
    const n = ipv4ToBigInt(v4[1]);
    text = `${text.slice(0, -v4[1].length)}${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`;
  }
  const [head = "", tail] = text.split("::");
  const h = head === "" ? [] : head.split(":");
  const t = tail === undefined || tail === "" ? [] : tail.split(":");
  const fill = tail === undefined ? [] : Array(8 - h.length - t.length).fill("0");
  return [...h, ...fill, ...t].reduce(
    (acc, part) => (acc << 16n) | BigInt(Number.parseInt(part || "0", 16)),
    0n,
  );
}

/** A matcher for one address or CIDR (`10.0.0.0/8`, `fd00::/8`, `::1`). Throws TypeError when malformed. */
export function addressMatcher(spec: string): Matcher {
  const [rawBase = "", rawBits] = spec.trim().split("/");
  const base = normalizeAddress(rawBase);
  const family = isIP(base);
  if (family === 0) throw new TypeError(`options.trustProxy: "${spec}" is not an IP address or CIDR`);
  const width = family === 4 ? 32 : 128;
  const bits = rawBits === undefined ? width : Number(rawBits);
  if (!Number.isInteger(bits) || bits < 0 || bits > width)
    throw new TypeError(`options.trustProxy: bad prefix length in "${spec}"`);
  const toInt = family === 4 ? ipv4ToBigInt : ipv6ToBigInt;
  const shift = BigInt(width - bits);
  const want = toInt(base) >> shift;
  return (address) => {
    const a = normalizeAddress(address);
    if (isIP(a) !== family) return false;
    return toInt(a) >> shift === want;
  };
}

/** Build the resolver for a `trustProxy` option. */
export function createClientAddressResolver(
  trustProxy: boolean | string[],
): (req: IncomingMessage) => string {
  const matchers = Array.isArray(trustProxy) ? trustProxy.map(addressMatcher) : [];
  const trusted = (a: string) => trustProxy === true || matchers.some((m) => m(a));
  return (req) => {
    const peer = normalizeAddress(req.socket?.remoteAddress ?? "");
    if (trustProxy === false || (matchers.length === 0 && trustProxy !== true) || !trusted(peer))
      return peer || "unknown";
    const header = req.headers["x-forwarded-for"];
    const hops = (Array.isArray(header) ? header.join(",") : (header ?? ""))
      .split(",")
      .map((h) => normalizeAddress(h))
      .filter((h) => h !== "");
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = hops[i] as string;
      if (isIP(hop) === 0) return peer;
      if (!trusted(hop)) return hop;
    }
    return hops[0] ?? peer;
  };
}
