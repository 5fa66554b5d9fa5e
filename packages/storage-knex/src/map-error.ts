/**
 * Database errors -> LairErrors. Unique clashes become their domain code (found by index name
 * on Postgres, by the "table.column" list in SQLite's message), lost or refused connections
 * become `storage_unavailable`, anything else `database_error`; the driver error stays as
 * `cause` for the logs.
 */
import { type ErrorCode, isLairError, LairError } from "@lair-chat/protocol";

interface UniqueRule {
  code: ErrorCode;
  /** Postgres constraint / index name. */
  pg: string;
  /** Text in SQLite's "UNIQUE constraint failed: ..." message. */
  sqlite: string;
}

const UNIQUE_RULES: UniqueRule[] = [
  { code: "username_taken", pg: "lair_users_username_uq", sqlite: "users.username_lower" },
  { code: "email_taken", pg: "lair_users_email_uq", sqlite: "users.email_lower" },
  { code: "room_name_taken", pg: "lair_rooms_name_uq", sqlite: "rooms.name_lower" },
  { code: "already_member", pg: "lair_memberships_pk", sqlite: "memberships.room_id, memberships.user_id" },
  {
    code: "already_invited",
    pg: "lair_invitations_pending_uq",
    sqlite: "invitations.room_id, invitations.invitee_id",
  },
];

const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
  // Postgres: admin_shutdown, crash_shutdown, cannot_connect_now, too_many_connections.
  "57P01",
  "57P02",
  "57P03",
  "53300",
  // SQLite: locked longer than busy_timeout, or the file cannot be opened / written.
  "SQLITE_BUSY",
  "SQLITE_BUSY_SNAPSHOT",
  "SQLITE_BUSY_RECOVERY",
  "SQLITE_LOCKED",
  "SQLITE_CANTOPEN",
  "SQLITE_FULL",
]);

const CONNECTION_MESSAGES =
  /Connection terminated|connection error|not queryable|Unable to acquire a connection|pool is probably full|Knex: Timeout acquiring|The database connection is not open|Client was closed/i;

/** The error's driver code: pg's SQLSTATE, SQLite's extended code, or Node's errno name. */
function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : "";
}

/** True when `error` means the database could not be reached or refused to work right now. */
export function isUnavailableError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = codeOf(error);
  if (CONNECTION_CODES.has(code) || code.startsWith("08") || code.startsWith("SQLITE_IOERR")) return true;
  // Knex's pool gave up waiting for a connection (the database is down or saturated).
  if (error.name === "KnexTimeoutError") return true;
  // Node reports a refused connect to several addresses as one AggregateError.
  if (error instanceof AggregateError && error.errors.some(isUnavailableError)) return true;
  if (CONNECTION_MESSAGES.test(error.message)) return true;
  const cause = (error as { cause?: unknown }).cause;
  return cause !== undefined && cause !== error && isUnavailableError(cause);
}

/** True when `error` is a unique-constraint violation. */
export function isUniqueViolation(error: unknown): boolean {
  const code = codeOf(error);
  return code === "23505" || code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY";
}

/** The domain code of a unique violation, or `conflict` when it is none of ours. */
function uniqueCode(error: Error): ErrorCode {
  const constraint = (error as { constraint?: unknown }).constraint;
  for (const rule of UNIQUE_RULES) {
    if (constraint === rule.pg || error.message.includes(rule.sqlite)) return rule.code;
  }
  return "conflict";
}

/** Normalise anything a query threw into a LairError. */
export function toStorageError(error: unknown): LairError {
  if (isLairError(error)) return error;
  if (isUniqueViolation(error)) return new LairError(uniqueCode(error as Error), { cause: error });
  if (isUnavailableError(error)) return new LairError("storage_unavailable", { cause: error });
  return new LairError("database_error", { cause: error });
}
