/** `/api/v1/invitations*` (Lair HTTP.md "Invitation Endpoints"; handlers/invitations.rs wins). */
import { z } from "zod";
import { INVITATION_MESSAGE_MAX_BYTES } from "../../limits.ts";
import { EnrichedInvitationSchema } from "../invitation.ts";
import { RoomMembershipSchema } from "../membership.ts";
import { boundedString, IdSchema } from "../primitives.ts";
import { RoomSchema } from "../room.ts";

/** `POST /invitations` (also the body of `invite_to_room`). */
export const CreateInvitationRequestSchema = z.object({
  room_id: IdSchema,
  user_id: IdSchema,
  message: boundedString(
    "validation_failed",
    INVITATION_MESSAGE_MAX_BYTES,
    `at most ${INVITATION_MESSAGE_MAX_BYTES} bytes`,
  ).nullish(),
});
export type CreateInvitationRequest = z.infer<typeof CreateInvitationRequestSchema>;

/** `POST /invitations` (201). */
export const InvitationResponseSchema = z.object({ invitation: EnrichedInvitationSchema });
export type InvitationResponse = z.infer<typeof InvitationResponseSchema>;

/** `GET /invitations`: the caller's pending invitations. */
export const InvitationsListResponseSchema = z.object({
  invitations: z.array(EnrichedInvitationSchema),
  has_more: z.boolean(),
});
export type InvitationsListResponse = z.infer<typeof InvitationsListResponseSchema>;

/** `POST /invitations/{invitation_id}/accept`. */
export const AcceptInvitationResponseSchema = z.object({
  membership: RoomMembershipSchema,
  room: RoomSchema,
});
export type AcceptInvitationResponse = z.infer<typeof AcceptInvitationResponseSchema>;
