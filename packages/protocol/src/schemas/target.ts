/**
 * Message targets. HTTP requests spell a direct message `direct_message`, real-time requests and
 * everything the server sends spell it `dm` (docs/protocol.md#targets). Parsing accepts both and
 * always yields `dm`.
 */
import { z } from "zod";
import { IdSchema } from "./primitives.ts";

/** `{type: "room", room_id}`. */
export const RoomTargetSchema = z.object({ type: z.literal("room"), room_id: IdSchema });
/** `{type: "dm", recipient}`: the canonical direct-message target. */
export const DmTargetSchema = z.object({ type: z.literal("dm"), recipient: IdSchema });
/** `{type: "direct_message", recipient}`: the HTTP request spelling, accepted everywhere. */
export const DirectMessageTargetSchema = z.object({ type: z.literal("direct_message"), recipient: IdSchema });

/** A target as we emit it. */
export const CanonicalMessageTargetSchema = z.discriminatedUnion("type", [RoomTargetSchema, DmTargetSchema]);

/** A target in any accepted spelling; parses to the canonical form. */
export const MessageTargetSchema = z
  .discriminatedUnion("type", [RoomTargetSchema, DmTargetSchema, DirectMessageTargetSchema])
  .transform((t) => (t.type === "direct_message" ? { type: "dm" as const, recipient: t.recipient } : t))
  .pipe(CanonicalMessageTargetSchema);

/** A parsed target (always `room` or `dm`). */
export type MessageTarget = z.output<typeof MessageTargetSchema>;
/** A target as a peer may send it (`direct_message` allowed). */
export type MessageTargetInput = z.input<typeof MessageTargetSchema>;

/** The canonical form of any accepted target spelling. */
export function normalizeTarget(target: MessageTargetInput): MessageTarget {
  return target.type === "direct_message" ? { type: "dm", recipient: target.recipient } : target;
}

/** The HTTP request spelling of a target (what a Lair 1.1 server expects on `POST /messages`). */
export function toHttpTarget(
  target: MessageTargetInput,
): z.infer<typeof RoomTargetSchema> | z.infer<typeof DirectMessageTargetSchema> {
  return target.type === "room" ? target : { type: "direct_message", recipient: target.recipient };
}
