/** Room membership shapes (Lair DOMAIN_MODEL.md "RoomMembership"; `role`, not `room_role`). */
import { z } from "zod";
import { IdSchema, TimestampSchema } from "./primitives.ts";

/** Role inside a room. */
export const RoomRoleSchema = z.enum(["owner", "moderator", "member"]);
export type RoomRole = z.infer<typeof RoomRoleSchema>;

/** A user's membership of a room. */
export const RoomMembershipSchema = z.object({
  room_id: IdSchema,
  user_id: IdSchema,
  role: RoomRoleSchema,
  joined_at: TimestampSchema,
});
export type RoomMembership = z.infer<typeof RoomMembershipSchema>;

/** One entry of a room's member list. */
export const RoomMemberSchema = z.object({
  user_id: IdSchema,
  username: z.string(),
  role: RoomRoleSchema,
  joined_at: TimestampSchema,
  is_online: z.boolean(),
});
export type RoomMember = z.infer<typeof RoomMemberSchema>;
