/** The client's colours, as SGR parameter lists (see ansi.ts). */

export const theme = {
  title: "1;97;44",
  titleDim: "97;44",
  separator: "2",
  heading: "1;36",
  selected: "7",
  selectedUnread: "1;7",
  unread: "1;33",
  dim: "2",
  timestamp: "2",
  self: "1;32",
  pending: "2;3",
  failed: "1;31",
  notice: "36",
  attachment: "36",
  error: "1;31",
  online: "32",
  offline: "2",
  status: "97;100",
  input: "",
  field: "4",
  fieldFocused: "1;4",
  marker: "7",
  states: {
    online: "1;30;42",
    connecting: "1;30;43",
    reconnecting: "1;30;43",
    offline: "1;97;41",
  },
} as const;

const AUTHOR_COLOURS = ["1;31", "1;33", "1;34", "1;35", "1;36", "1;91", "1;93", "1;94", "1;95", "1;96"];

/** A stable colour per author, so a name keeps its colour across the session. */
export function authorStyle(userId: string): string {
  let hash = 0;
  for (const char of userId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return AUTHOR_COLOURS[hash % AUTHOR_COLOURS.length]!;
}
