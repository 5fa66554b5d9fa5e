/**
 * Database URLs: `sqlite:./data/chat.db`, `sqlite:///abs/path.db`, `sqlite::memory:`,
 * `postgres://user:pass@host:5432/db` (or `postgresql://`).
 */

/** A parsed database URL. */
export type DatabaseTarget = { dialect: "sqlite"; filename: string } | { dialect: "postgres"; url: string };

/** Parse a database URL; throws TypeError naming `url` when the scheme is not one of ours. */
export function parseDatabaseUrl(url: string): DatabaseTarget {
  if (typeof url !== "string" || url === "") throw new TypeError("url: expected a database URL");
  if (/^postgres(ql)?:\/\//i.test(url)) return { dialect: "postgres", url };
  const sqlite = /^sqlite:(?:\/\/)?(.+)$/i.exec(url);
  if (sqlite?.[1]) return { dialect: "sqlite", filename: sqlite[1] };
  throw new TypeError(`url: "${redactUrl(url)}" is not sqlite:<file>, sqlite::memory: or postgres://…`);
}

/** The URL with any password replaced by `***`, for logs and error messages. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/?#@]*:)[^@/?#]*@/i, "$1***@");
}
