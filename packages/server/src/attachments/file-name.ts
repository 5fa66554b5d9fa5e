/**
 * File names from uploaders are display text, never paths: `sanitizeFileName` keeps the last
 * path segment without control characters, and `contentDisposition` puts it into the header
 * both as an ASCII fallback and as RFC 5987 `filename*` (RFC 6266 §4.3).
 */
import { ATTACHMENT_NAME_MAX_LENGTH } from "@lair-chat/protocol";

/** The name to store for an upload: last path segment, no control characters, at most 255 characters. */
export function sanitizeFileName(raw: string | null | undefined): string {
  if (typeof raw !== "string") return "file";
  const last = raw.split(/[\\/]/).pop() ?? "";
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
  const clean = last.replace(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, "").trim();
  const bounded = [...clean].slice(0, ATTACHMENT_NAME_MAX_LENGTH).join("");
  return bounded === "" || bounded === "." || bounded === ".." ? "file" : bounded;
}

/** `Content-Disposition` for serving `name` as `inline` or `attachment`. */
export function contentDisposition(type: "inline" | "attachment", name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]/g, "_").replace(/["\\%;]/g, "_");
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${type}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
