/** `/api/v1/rooms*` (Lair HTTP.md "Room Endpoints"; handlers/rooms.rs and room_members.rs win). */
import { z } from "zod";
import { REASON_MAX_BYTES } from "../../limits.ts";
import { RoomMemberSchema, RoomMembershipSchema, RoomRoleSchema } from "../membership.ts";
import { boundedString } from "../primitives.ts";
import {
  MaxMembersSchema,
  RoomDescriptionSchema,
  RoomListItemSchema,
  RoomNameSchema,
  RoomSchema,
  RoomSettingsRequestSchema,
} from "../room.ts";
import { QueryBoolSchema, QueryLimitSchema, QueryOffsetSchema, SearchSchema } from "./common.ts";

/**
 * `POST /rooms` (also `create_room`). Rooms are public unless `settings.public` is false; the
 * top-level `max_members` is ours and yields to `settings.max_members`.
 */
export const CreateRoomRequestSchema = z.object({
  name: RoomNameSchema,
  description: RoomDescriptionSchema.nullish(),
  settings: RoomSettingsRequestSchema.nullish(),
  max_members: MaxMembersSchema.nullish(),
});
export type CreateRoomRequest = z.output<typeof CreateRoomRequestSchema>;

/** `PATCH /rooms/{room_id}` (also `update_room`): absent fields stay as they are. */
export const UpdateRoomRequestSchema = z.object({
  name: RoomNameSchema.nullish(),
  description: RoomDescriptionSchema.nullish(),
  settings: RoomSettingsRequestSchema.nullish(),
});
export type UpdateRoomRequest = z.output<typeof UpdateRoomRequestSchema>;

/** `GET /rooms?search&joined_only&public_only&limit&offset`. */
export const ListRoomsQuerySchema = z.object({
  search: SearchSchema.optional(),
  joined_only: QueryBoolSchema.default(false),
  public_only: QueryBoolSchema.default(false),
  limit: QueryLimitSchema,
  offset: QueryOffsetSchema,
});
export type ListRoomsQuery = z.output<typeof ListRoomsQuerySchema>;

/** `POST /rooms` (201) and `PATCH /rooms/{room_id}`. */
export const RoomResponseSchema = z.object({ room: RoomSchema });
export type RoomResponse = z.infer<typeof RoomResponseSchema>;

/** `GET /rooms/{room_id}`: `membership` is null when the caller is not a member. */
export const GetRoomResponseSchema = z.object({
  room: RoomSchema,
  membership: RoomMembershipSchema.nullable(),
  member_count: z.number().int().min(0),
});
export type GetRoomResponse = z.infer<typeof GetRoomResponseSchema>;

/** `GET /rooms`: `total_count` counts every match, not just this page. */
export const RoomsListResponseSchema = z.object({
  rooms: z.array(RoomListItemSchema),
  has_more: z.boolean(),
  total_count: z.number().int().min(0),
});
export type RoomsListResponse = z.infer<typeof RoomsListResponseSchema>;

/** `POST /rooms/{room_id}/join`. */
export const JoinRoomResponseSchema = z.object({ room: RoomSchema, membership: RoomMembershipSchema });
export type JoinRoomResponse = z.infer<typeof JoinRoomResponseSchema>;

/** `GET /rooms/{room_id}/members?limit&offset` (paging is ours; Lair returns everyone). */
export const ListMembersQuerySchema = z.object({ limit: QueryLimitSchema, offset: QueryOffsetSchema });
export type ListMembersQuery = z.output<typeof ListMembersQuerySchema>;

/** `GET /rooms/{room_id}/members`: `total` counts every member. */
export const MembersListResponseSchema = z.object({
  members: z.array(RoomMemberSchema),
  total: z.number().int().min(0),
});
export type MembersListResponse = z.infer<typeof MembersListResponseSchema>;

/** `PUT /rooms/{room_id}/members/{user_id}/role`. */
export const UpdateMemberRoleRequestSchema = z.object({ role: RoomRoleSchema });
export type UpdateMemberRoleRequest = z.infer<typeof UpdateMemberRoleRequestSchema>;

/** `PUT /rooms/{room_id}/members/{user_id}/role`. */
export const MemberResponseSchema = z.object({ member: RoomMemberSchema });
export type MemberResponse = z.infer<typeof MemberResponseSchema>;

/** A moderation reason (room ban, admin ban, admin room delete). */
export const ReasonSchema = boundedString(
  "validation_failed",
  REASON_MAX_BYTES,
  `at most ${REASON_MAX_BYTES} bytes`,
);

/** `POST /rooms/{room_id}/members/{user_id}/ban` (ours): removes and bans from the room. */
export const BanMemberRequestSchema = z.object({ reason: ReasonSchema.nullish() });
export type BanMemberRequest = z.infer<typeof BanMemberRequestSchema>;
