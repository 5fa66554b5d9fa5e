/** The error mapping on hand-made driver-shaped errors (the shapes pg, SQLite and knex throw). */
import { describe, expect, it } from "vitest";
import { isUnavailableError, toStorageError } from "./map-error.ts";

function dbError(message: string, props: Record<string, unknown>): Error {
  return Object.assign(new Error(message), props);
}

describe("toStorageError", () => {
  it("maps Postgres unique violations by index name", () => {
    const cases = {
      lair_users_username_uq: "username_taken",
      lair_users_email_uq: "email_taken",
      lair_rooms_name_uq: "room_name_taken",
      lair_memberships_pk: "already_member",
      lair_invitations_pending_uq: "already_invited",
      users_pkey: "conflict",
    };
    for (const [constraint, code] of Object.entries(cases)) {
      const cause = dbError("duplicate key value violates unique constraint", { code: "23505", constraint });
      const mapped = toStorageError(cause);
      expect(mapped.code).toBe(code);
      expect(mapped.cause).toBe(cause);
    }
  });

  it("maps SQLite unique violations by column list", () => {
    const error = dbError("UNIQUE constraint failed: rooms.name_lower", { code: "SQLITE_CONSTRAINT_UNIQUE" });
    expect(toStorageError(error).code).toBe("room_name_taken");
    const pk = dbError("UNIQUE constraint failed: memberships.room_id, memberships.user_id", {
      code: "SQLITE_CONSTRAINT_PRIMARYKEY",
    });
    expect(toStorageError(pk).code).toBe("already_member");
  });

  it("maps lost connections, shutdowns, pool timeouts and busy databases to storage_unavailable", () => {
    const timeout = new Error("Knex: Timeout acquiring a connection. The pool is probably full.");
    timeout.name = "KnexTimeoutError";
    const refused = new AggregateError(
      [dbError("connect ECONNREFUSED 127.0.0.1:1", { code: "ECONNREFUSED" })],
      "",
    );
    for (const error of [
      dbError("connect ECONNREFUSED 127.0.0.1:5432", { code: "ECONNREFUSED" }),
      dbError("read ECONNRESET", { code: "ECONNRESET" }),
      dbError("terminating connection due to administrator command", { code: "57P01" }),
      dbError("Connection terminated unexpectedly", {}),
      dbError("database is locked", { code: "SQLITE_BUSY" }),
      timeout,
      refused,
    ]) {
      expect(isUnavailableError(error)).toBe(true);
      const mapped = toStorageError(error);
      expect(mapped.code).toBe("storage_unavailable");
      expect(mapped.cause).toBe(error);
    }
  });

  it("maps other database errors to database_error and keeps LairErrors", () => {
    const syntax = dbError('syntax error at or near "x"', { code: "42601" });
    expect(isUnavailableError(syntax)).toBe(false);
    expect(toStorageError(syntax).code).toBe("database_error");
    const lair = toStorageError(dbError("x", { code: "23505", constraint: "lair_users_email_uq" }));
    expect(toStorageError(lair)).toBe(lair);
  });
});
