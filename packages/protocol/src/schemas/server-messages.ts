/**
 * Every message a server sends over WebSocket or TCP (docs/protocol.md#server-messages): the
 * handshake, `pong`, `error`, the `<type>_response` family and the events.
 */
import { z } from "zod";
import { isEventType } from "../event-types.ts";
import { FEATURES_MAX, NAME_MAX_LENGTH } from "../limits.ts";
import { EVENT_SCHEMAS, type EventType } from "./events.ts";
import { IdSchema, RequestIdSchema, TimestampSchema } from "./primitives.ts";
import { RESPONSE_SCHEMAS, type ResponseType } from "./responses.ts";

/**
 * First message on every connection. `server_key` is ours (`hardened` extension): the server's
 * static X25519 public key, padded standard base64 of 32 bytes, for clients to pin.
 */
export const ServerHelloSchema = z.object({
  type: z.literal("server_hello"),
  version: z.string().max(NAME_MAX_LENGTH),
  server_name: z.string().max(NAME_MAX_LENGTH),
  features: z.array(z.string().max(NAME_MAX_LENGTH)).max(FEATURES_MAX),
  encryption_required: z.boolean(),
  server_key: z.string().max(1024).optional(),
});

/** Answer to `ping`, in any connection state. Ours echoes the ping's `request_id` when it had one. */
export const PongSchema = z.object({
  type: z.literal("pong"),
  request_id: RequestIdSchema,
  server_time: TimestampSchema,
});

/**
 * TCP only; sent in plaintext. `mode` and `confirm` (the hardened key confirmation, base64) are
 * ours and present only when the client asked for `mode: "hardened"` (docs/protocol.md#tcp-encryption).
 * `request_id` is echoed when the request had one (a Lair server never sends it).
 */
export const KeyExchangeResponseSchema = z.object({
  type: z.literal("key_exchange_response"),
  request_id: RequestIdSchema,
  public_key: z.string().max(1024),
  mode: z.enum(["compat", "hardened"]).optional(),
  confirm: z.string().max(1024).optional(),
});

/**
 * A protocol-level problem (bad JSON, unknown type, wrong state, version mismatch,
 * `slow_consumer`). The connection stays usable unless the code says otherwise.
 */
export const ErrorMessageSchema = z.object({
  type: z.literal("error"),
  request_id: RequestIdSchema,
  code: z.string().min(1),
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});

/** Schema of each server message, by type. */
export const SERVER_MESSAGE_SCHEMAS = {
  server_hello: ServerHelloSchema,
  pong: PongSchema,
  key_exchange_response: KeyExchangeResponseSchema,
  error: ErrorMessageSchema,
  ...RESPONSE_SCHEMAS,
  ...EVENT_SCHEMAS,
} as const;

export type ServerMessageType = keyof typeof SERVER_MESSAGE_SCHEMAS;

/** Every server message type. */
export const SERVER_MESSAGE_TYPES = Object.keys(SERVER_MESSAGE_SCHEMAS) as ServerMessageType[];

/** Every `<type>_response` type. */
export const RESPONSE_TYPES = Object.keys(RESPONSE_SCHEMAS) as ResponseType[];

/** Any server message. */
export const ServerMessageSchema = z.discriminatedUnion(
  "type",
  Object.values(SERVER_MESSAGE_SCHEMAS) as unknown as [
    (typeof SERVER_MESSAGE_SCHEMAS)[ServerMessageType],
    ...(typeof SERVER_MESSAGE_SCHEMAS)[ServerMessageType][],
  ],
);

/** A parsed server message. */
export type ServerMessage = z.output<typeof ServerMessageSchema>;
/** The parsed server message of one type. */
export type ServerMessageOf<T extends ServerMessageType> = z.output<(typeof SERVER_MESSAGE_SCHEMAS)[T]>;
/** Any event. */
export type ServerEvent = ServerMessageOf<EventType>;

/** The response type a request type is answered with (`join_room` → `join_room_response`). */
export function responseTypeOf(type: string): ResponseType | undefined {
  const name = `${type}_response`;
  return Object.hasOwn(RESPONSE_SCHEMAS, name) ? (name as ResponseType) : undefined;
}

// Re-exported for modules that took it from here; the definition is zod-free.
export { isEventType };

/** Event ids are opaque; re-exported for servers that mint them. */
export const EventIdSchema = IdSchema;
