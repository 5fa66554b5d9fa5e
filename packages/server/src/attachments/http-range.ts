/**
 * `Range: bytes=…` for attachment downloads (RFC 9110 §14). One range is served as 206; a
 * list of ranges is answered with the whole file (allowed by §14.2), an unsatisfiable one 416.
 */
import type { BlobRange } from "./blob-store.ts";

export type RangeResult =
  | { kind: "full" }
  | { kind: "partial"; range: BlobRange }
  | { kind: "unsatisfiable" };

/** Interpret a `Range` header against a file of `size` bytes. */
export function parseRange(header: string | undefined, size: number): RangeResult {
  if (header === undefined) return { kind: "full" };
  const m = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  // Not a single byte range (another unit, several ranges, garbage): ignore it.
  if (!m) return { kind: "full" };
  const [, first = "", last = ""] = m;
  if (first === "" && last === "") return { kind: "full" };
  if (first === "") {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return { kind: "unsatisfiable" };
    return { kind: "partial", range: { start: Math.max(0, size - suffix), end: size - 1 } };
  }
  const start = Number(first);
  if (start >= size) return { kind: "unsatisfiable" };
  const end = last === "" ? size - 1 : Math.min(Number(last), size - 1);
  if (end < start) return { kind: "full" };
  return { kind: "partial", range: { start, end } };
}
