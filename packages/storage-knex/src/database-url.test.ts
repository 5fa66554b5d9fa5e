import { expect, it } from "vitest";
import { parseDatabaseUrl, redactUrl } from "./database-url.ts";

it("parses sqlite and postgres URLs", () => {
  expect(parseDatabaseUrl("sqlite:./data/chat.db")).toEqual({
    dialect: "sqlite",
    filename: "./data/chat.db",
  });
  expect(parseDatabaseUrl("sqlite:///var/lib/chat.db")).toEqual({
    dialect: "sqlite",
    filename: "/var/lib/chat.db",
  });
  expect(parseDatabaseUrl("sqlite::memory:")).toEqual({ dialect: "sqlite", filename: ":memory:" });
  expect(parseDatabaseUrl("postgres://u:p@h:5432/db")).toEqual({
    dialect: "postgres",
    url: "postgres://u:p@h:5432/db",
  });
  expect(parseDatabaseUrl("postgresql://h/db").dialect).toBe("postgres");
});

it("rejects other URLs without echoing a password", () => {
  expect(() => parseDatabaseUrl("mysql://root:secret@h/db")).toThrow(TypeError);
  expect(() => parseDatabaseUrl("mysql://root:secret@h/db")).not.toThrow(/secret/);
  expect(() => parseDatabaseUrl("")).toThrow(/url/);
  expect(redactUrl("postgres://u:secret@h/db")).toBe("postgres://u:***@h/db");
});
