/** Session shapes (Lair DOMAIN_MODEL.md "Session"). */
import { z } from "zod";
import { IdSchema, TimestampSchema } from "./primitives.ts";

/** Transport a session was created on. */
export const SessionProtocolSchema = z.enum(["tcp", "http", "websocket"]);
export type SessionProtocol = z.infer<typeof SessionProtocolSchema>;

/** A stored session (server side and admin views). */
export const SessionSchema = z.object({
  id: IdSchema,
  user_id: IdSchema,
  protocol: SessionProtocolSchema,
  ip_address: z.string().nullable(),
  user_agent: z.string().nullable(),
  created_at: TimestampSchema,
  expires_at: TimestampSchema,
  last_active_at: TimestampSchema,
});
export type Session = z.infer<typeof SessionSchema>;

/** `{id, expires_at}`: the session as auth responses carry it. */
export const SessionInfoSchema = z.object({ id: IdSchema, expires_at: TimestampSchema });
export type SessionInfo = z.infer<typeof SessionInfoSchema>;
