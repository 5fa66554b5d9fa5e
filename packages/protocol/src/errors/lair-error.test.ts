import { describe, expect, it } from "vitest";
import { ERROR_CODE_LIST, ERROR_CODES, httpStatusOf } from "./codes.ts";
import { fromWireError, isLairError, LairError, toLairError } from "./lair-error.ts";

describe("LairError", () => {
  it("carries code, status, message, details and cause", () => {
    const cause = new Error("disk");
    const err = new LairError("rate_limited", { details: { retry_after: 3 }, cause });
    expect(err.code).toBe("rate_limited");
    expect(err.status).toBe(429);
    expect(err.message).toBe(ERROR_CODES.rate_limited.message);
    expect(err.cause).toBe(cause);
    expect(err.toWire()).toEqual({
      code: "rate_limited",
      message: "Too many requests",
      details: { retry_after: 3 },
    });
  });

  it("never puts the cause on the wire", () => {
    const err = new LairError("internal_error", { cause: new Error("secret path /etc/x") });
    expect(JSON.stringify(err.toWire())).not.toContain("secret");
  });

  it("normalises unknown throws to internal_error and keeps LairErrors", () => {
    const original = new LairError("room_not_found");
    expect(toLairError(original)).toBe(original);
    const wrapped = toLairError("boom");
    expect(wrapped.code).toBe("internal_error");
    expect(wrapped.cause).toBe("boom");
    expect(toLairError(new Error("x"), "storage_unavailable").code).toBe("storage_unavailable");
  });

  it("round-trips through the wire", () => {
    for (const code of ERROR_CODE_LIST) {
      const back = fromWireError(new LairError(code, { details: { a: 1 } }).toWire());
      expect(isLairError(back)).toBe(true);
      expect(back.code).toBe(code);
      expect(back.details).toEqual({ a: 1 });
    }
  });

  it("keeps a foreign code in details", () => {
    const err = fromWireError({ code: "weird_new_code", message: "?" });
    expect(err.code).toBe("internal_error");
    expect(err.details).toEqual({ remote_code: "weird_new_code" });
  });

  it("maps the Lair 1.1 statuses the contract fixes", () => {
    expect(httpStatusOf("missing_token")).toBe(401);
    expect(httpStatusOf("content_invalid")).toBe(400);
    expect(httpStatusOf("not_message_author")).toBe(403);
    expect(httpStatusOf("not_room_member")).toBe(403);
    expect(httpStatusOf("invitation_expired")).toBe(409);
    expect(httpStatusOf("username_taken")).toBe(409);
    expect(httpStatusOf("email_taken")).toBe(409);
    expect(httpStatusOf("room_not_found")).toBe(404);
  });
});
