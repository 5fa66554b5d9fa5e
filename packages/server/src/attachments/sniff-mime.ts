/**
 * The MIME type of a file from its first bytes, never from what the uploader claims: magic
 * numbers for the formats we name (png, jpeg, gif, webp, pdf, zip), then a text-or-binary
 * guess, and HTML (and SVG, which runs scripts) recognised so they are never served inline.
 * The rules follow the WHATWG MIME Sniffing standard in spirit, much reduced.
 */

/** Bytes `sniffMimeType` looks at; more is ignored. */
export const SNIFF_BYTES = 1024;

function startsWith(bytes: Uint8Array, magic: readonly number[], at = 0): boolean {
  if (bytes.length < at + magic.length) return false;
  for (let i = 0; i < magic.length; i++) if (bytes[at + i] !== magic[i]) return false;
  return true;
}

function ascii(text: string): number[] {
  return [...text].map((c) => c.charCodeAt(0));
}

const MAGIC: ReadonlyArray<{ type: string; test: (b: Uint8Array) => boolean }> = [
  { type: "image/png", test: (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  { type: "image/jpeg", test: (b) => startsWith(b, [0xff, 0xd8, 0xff]) },
  { type: "image/gif", test: (b) => startsWith(b, ascii("GIF87a")) || startsWith(b, ascii("GIF89a")) },
  { type: "image/webp", test: (b) => startsWith(b, ascii("RIFF")) && startsWith(b, ascii("WEBPVP"), 8) },
  { type: "application/pdf", test: (b) => startsWith(b, ascii("%PDF-")) },
  {
    type: "application/zip",
    test: (b) =>
      startsWith(b, [0x50, 0x4b, 0x03, 0x04]) ||
      startsWith(b, [0x50, 0x4b, 0x05, 0x06]) ||
      startsWith(b, [0x50, 0x4b, 0x07, 0x08]),
  },
];

/** Tags that make a browser treat text as HTML (WHATWG "identifying a resource with an unknown MIME type"). */
const HTML_TAGS = [
  "<!doctype html",
  "<html",
  "<head",
  "<body",
  "<script",
  "<iframe",
  "<h1",
  "<div",
  "<font",
  "<table",
  "<a",
  "<style",
  "<title",
  "<b",
  "<br",
  "<p",
  "<!--",
  "<?xml",
];

/** Valid UTF-8 with no NUL and few control characters (a sequence cut at the end is fine). */
function looksLikeText(bytes: Uint8Array): boolean {
  let controls = 0;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    if (b === 0) return false;
    if (b < 0x80) {
      if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1b) controls++;
      i++;
      continue;
    }
    const len = b >= 0xf0 && b <= 0xf4 ? 4 : b >= 0xe0 ? 3 : b >= 0xc2 && b <= 0xdf ? 2 : 0;
    if (len === 0 || b > 0xf4) return false;
    for (let k = 1; k < len; k++) {
      if (i + k >= bytes.length) return true;
      const c = bytes[i + k] as number;
      if ((c & 0xc0) !== 0x80) return false;
    }
    i += len;
  }
  return controls * 20 <= bytes.length;
}

/** True when the text, after a BOM and whitespace, opens with markup a browser renders as HTML. */
function looksLikeMarkup(bytes: Uint8Array): "text/html" | "image/svg+xml" | null {
  const text = new TextDecoder("utf-8", { fatal: false })
    .decode(bytes.subarray(0, SNIFF_BYTES))
    .replace(/^\uFEFF/, "")
    .trimStart()
    .toLowerCase();
  if (!text.startsWith("<")) return null;
  if (/<svg[\s>]/.test(text)) return "image/svg+xml";
  for (const tag of HTML_TAGS) {
    if (!text.startsWith(tag)) continue;
    const next = text.charAt(tag.length);
    if (
      tag === "<!--" ||
      tag === "<?xml" ||
      next === "" ||
      next === ">" ||
      next === " " ||
      next === "\t" ||
      next === "\n" ||
      next === "\r"
    )
      return "text/html";
  }
  // Anywhere in the head: a browser that ignores our headers must not find a script to run.
  if (/<(script|html|iframe|body)[\s>]/.test(text)) return "text/html";
  return null;
}

/**
 * The MIME type of a file from its first bytes (at least `SNIFF_BYTES` of them when the file is
 * that long): a known magic number, else `text/html`/`image/svg+xml` for markup, `text/plain`
 * for other text, `application/octet-stream` for anything else (and for an empty file).
 */
export function sniffMimeType(head: Uint8Array): string {
  if (!(head instanceof Uint8Array)) throw new TypeError("head must be a Uint8Array");
  for (const { type, test } of MAGIC) if (test(head)) return type;
  if (head.length === 0) return "application/octet-stream";
  const sample = head.subarray(0, SNIFF_BYTES);
  if (!looksLikeText(sample)) return "application/octet-stream";
  return looksLikeMarkup(sample) ?? "text/plain";
}
