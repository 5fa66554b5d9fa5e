/**
 * Making text from the server safe to put on a terminal. Anything a peer controls (message
 * text, usernames, room names) could carry escape sequences that move the cursor, recolour or
 * retitle the terminal, or rewrite what earlier lines say; all of it is removed before drawing.
 */

/**
 * ESC-introduced sequences: CSI (`ESC [ … final`), OSC (`ESC ] … BEL|ST`), DCS/SOS/PM/APC
 * strings (`ESC P|X|^|_ … ST`), and two-byte escapes; plus the 8-bit CSI (U+009B) form.
 */
const ESCAPE_SEQUENCES =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  /\u001b(?:\[[0-?]*[ -/]*[@-~]?|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[PX^_][^\u001b]*(?:\u001b\\)?|[ -~]?)|\u009b[0-?]*[ -/]*[@-~]?/g;

/** C0 and C1 controls and DEL. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]/g;

/** Bidirectional overrides and isolates: they make a line display in an order it was not written. */
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Surrogate halves without their partner (not printable, and they upset width maths). */
const LONE_SURROGATES = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Strip escape sequences and bidi controls; the caller decides what happens to the rest. */
function stripSequences(text: string): string {
  return text.replace(ESCAPE_SEQUENCES, "").replace(BIDI_CONTROLS, "").replace(LONE_SURROGATES, "\ufffd");
}

/**
 * One line of safe text: escape sequences and controls removed, tabs and line breaks turned
 * into spaces. For names and one-line fields.
 */
export function sanitizeLine(text: string): string {
  if (typeof text !== "string") throw new TypeError("text must be a string");
  return stripSequences(text)
    .replace(/[\t\n\r\v\f]/g, " ")
    .replace(CONTROLS, "");
}

/**
 * Safe multi-line text (message bodies): like `sanitizeLine` for each line, keeping the line
 * breaks (`\r\n` and `\r` count as one), with tabs shown as spaces.
 */
export function sanitizeText(text: string): string[] {
  if (typeof text !== "string") throw new TypeError("text must be a string");
  return stripSequences(text)
    .split(/\r\n|\r|\n/)
    .map((line) =>
      line
        .replace(/\t/g, "  ")
        .replace(/[\v\f]/g, " ")
        .replace(CONTROLS, ""),
    );
}
