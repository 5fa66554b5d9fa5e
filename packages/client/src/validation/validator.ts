/**
 * How the client checks what the server sends. By default every HTTP response and real-time
 * message is validated against the protocol's zod schemas; that code is loaded on first use
 * (`import()`), so a browser app's initial bundle does not carry the schema library. Pass
 * `validate: false` to trust the server (only the shape the client needs is checked), or your
 * own Validator.
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
    if (typeof value === "object" && value !== null && typeof (value as { type?: unknown }).type === "string") {
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

/** `validate` option: true (protocol schemas, loaded lazily), false (trust), or a Validator. */
export type ValidateOption = boolean | Validator;

/** Resolve the option into a loader that imports the schema validator at most once. */
export function validatorLoader(option: ValidateOption): () => Promise<Validator> {
  if (option === false) return () => Promise.resolve(trustingValidator);
  if (option !== true) return () => Promise.resolve(option);
  let loading: Promise<Validator> | undefined;
  return () => {
    loading ??= import("./schema-validator.ts").then((m) => m.schemaValidator);
    return loading;
  };
}
