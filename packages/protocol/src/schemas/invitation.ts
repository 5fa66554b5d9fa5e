/**
 * Invitation shapes. The Rust domain type names the parties `inviter`/`invitee`, but every
 * invitation on the wire is the enriched form with `inviter_id`/`invitee_id` and names.
 */
import { z } from "zod";
import { IdSchema, TimestampSchema } from "./primitives.ts";

/** Invitation lifecycle state. */
export const InvitationStatusSchema = z.enum(["pending", "accepted", "declined", "cancelled", "expired"]);
export type InvitationStatus = z.infer<typeof InvitationStatusSchema>;

/** An invitation without display names (storage and internal use). */
export const InvitationSchema = z.object({
  id: IdSchema,
  room_id: IdSchema,
  inviter_id: IdSchema,
  invitee_id: IdSchema,
  status: InvitationStatusSchema,
  message: z.string().nullable(),
  created_at: TimestampSchema,
  expires_at: TimestampSchema,
  responded_at: TimestampSchema.nullable(),
});
export type Invitation = z.infer<typeof InvitationSchema>;

/** An invitation as responses and events carry it: with room and user names. */
export const EnrichedInvitationSchema = InvitationSchema.extend({
  room_name: z.string(),
  inviter_name: z.string(),
  invitee_name: z.string(),
});
export type EnrichedInvitation = z.infer<typeof EnrichedInvitationSchema>;
