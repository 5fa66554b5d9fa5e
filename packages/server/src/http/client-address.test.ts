import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { addressMatcher, createClientAddressResolver, normalizeAddress } from "./client-address.ts";

const req = (remoteAddress: string, xff?: string) =>
  ({
    socket: { remoteAddress },
    headers: xff === undefined ? {} : { "x-forwarded-for": xff },
  }) as unknown as IncomingMessage;

describe("client address", () => {
  it("matches addresses and CIDRs in both families", () => {
    expect(addressMatcher("10.0.0.0/8")("10.200.3.4")).toBe(true);
    expect(addressMatcher("10.0.0.0/8")("11.0.0.1")).toBe(false);
    expect(addressMatcher("192.168.1.7")("::ffff:192.168.1.7")).toBe(true);
    expect(addressMatcher("fd00::/8")("fd12:3456::1")).toBe(true);
    expect(addressMatcher("fd00::/8")("fe80::1")).toBe(false);
    expect(addressMatcher("::1")("::1")).toBe(true);
    expect(addressMatcher("::1")("127.0.0.1")).toBe(false);
    expect(addressMatcher("0.0.0.0/0")("8.8.8.8")).toBe(true);
    expect(() => addressMatcher("not-an-ip")).toThrow(TypeError);
    expect(() => addressMatcher("10.0.0.0/33")).toThrow(TypeError);
    expect(normalizeAddress("::FFFF:1.2.3.4")).toBe("1.2.3.4");
  });

  it("uses the socket address unless the peer is trusted", () => {
    const none = createClientAddressResolver([]);
    expect(none(req("1.2.3.4", "9.9.9.9"))).toBe("1.2.3.4");
    const proxy = createClientAddressResolver(["10.0.0.1"]);
    expect(proxy(req("1.2.3.4", "9.9.9.9"))).toBe("1.2.3.4");
    expect(proxy(req("10.0.0.1", "9.9.9.9"))).toBe("9.9.9.9");
  });

  it("walks X-Forwarded-For from the right past trusted hops", () => {
    const resolve = createClientAddressResolver(["10.0.0.0/8"]);
    expect(resolve(req("10.0.0.1", "6.6.6.6, 9.9.9.9, 10.1.1.1"))).toBe("9.9.9.9");
    expect(resolve(req("10.0.0.1", "10.2.2.2, 10.1.1.1"))).toBe("10.2.2.2");
    expect(resolve(req("10.0.0.1", "garbage"))).toBe("10.0.0.1");
    expect(resolve(req("10.0.0.1"))).toBe("10.0.0.1");
    expect(createClientAddressResolver(true)(req("5.5.5.5", "7.7.7.7"))).toBe("7.7.7.7");
  });
});
