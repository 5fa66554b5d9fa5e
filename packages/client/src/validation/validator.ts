/**
 * How the client checks what the server sends. The Node entry validates every HTTP response and
 * real-time message against the protocol's zod schemas (`schemaValidator`). The browser entry
 * trusts the server by default and checks only the shape the client itself relies on, because
 * the schema library alone is ~95 KB gzipped; pass `validator: schemaValidator` (from
 * `@lair-chat/client/validate`) to validate in the browser too.
 */
import type { HttpOperationId, ServerMessage } from "@lair-chat/protocol";
import { LairError } from "@lair-chat/protocol";

export type ServerMessageResult =
  | { ok: true; message: ServerMessage }
  | { ok: false; error: LairError; type?: string; requestId?: string };

export interface Validator {
  /** Check (and normalise) one real-time message from the server. */
  serverMessage(value: unknown): ServerMessageResult;
  /** Check the success body of an HTTP operation; returns it parsed, throws LairError `invalid_message`. */
  httpResponse(operation: HttpOperationId, body: unknown): unknown;
}

/** Trusts the server: checks only that a message is an object with a string `type`. */
export const trustingValidator: Validator = {
  serverMessage(value) {
    if (
      typeof value === "object" &&
      value !== null &&
      typeof (value as { type?: unknown }).type === "string"
    ) {
      return { ok: true, message: value as ServerMessage };
    }
    return { ok: false, error: new LairError("invalid_message", { message: "Server message has no type" }) };
  },
  httpResponse(operation, body) {
    if (typeof body !== "object" || body === null) {
      throw new LairError("invalid_message", { message: `${operation}: response is not a JSON object` });
    }
    return body;
  },
};
