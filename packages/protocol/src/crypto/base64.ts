/**
 * Padded standard base64 (RFC 4648 §4), as the Rust `base64` crate's STANDARD engine writes and
 * accepts it: `=` padding required, canonical trailing bits, no whitespace. Built on the
 * platform's `btoa`/`atob` (Node ≥ 16 and every browser) because noble ships no base64 codec.
 */

const STANDARD_PADDED = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Encode bytes as padded standard base64. */
export function encodeBase64(bytes: Uint8Array): string {
  let binary = "";
  // Chunked so a large input never hits the argument-count limit of String.fromCharCode.
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/**
 * Decode padded standard base64 strictly; returns `undefined` for anything else (missing
 * padding, URL-safe alphabet, whitespace, non-zero trailing bits), since `atob` alone is lenient.
 */
export function decodeBase64(text: string): Uint8Array | undefined {
  if (typeof text !== "string" || !STANDARD_PADDED.test(text)) return undefined;
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  // Non-canonical trailing bits decode to the same bytes but re-encode differently.
  return encodeBase64(bytes) === text ? bytes : undefined;
}
