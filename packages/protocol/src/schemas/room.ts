/** Room shapes (Lair DOMAIN_MODEL.md "Room"; the Rust `Room`/`RoomSettings` serialisation wins). */
import { z } from "zod";
import { ROOM_DESCRIPTION_MAX_BYTES, ROOM_MAX_MEMBERS_LIMIT, ROOM_NAME_MAX_BYTES } from "../limits.ts";
import { boundedString, IdSchema, TimestampSchema, utf8ByteLength } from "./primitives.ts";

/** Room settings as responses carry them. */
export const RoomSettingsSchema = z.object({
  description: z.string().nullable(),
  is_private: z.boolean(),
  max_members: z.number().int().min(0).nullable(),
});
export type RoomSettings = z.infer<typeof RoomSettingsSchema>;

/** A room as every response and event carries it. */
export const RoomSchema = z.object({
  id: IdSchema,
  name: z.string(),
  owner: IdSchema,
  settings: RoomSettingsSchema,
  created_at: TimestampSchema,
});
export type Room = z.infer<typeof RoomSchema>;

/** A room name in a request: trimmed, then 1-64 bytes. Violations map to `room_name_invalid`. */
export const RoomNameSchema = z
  .string()
  .trim()
  .check((ctx) => {
    const bytes = utf8ByteLength(ctx.value);
    const reason =
      bytes === 0
        ? "room name cannot be empty"
        : bytes > ROOM_NAME_MAX_BYTES
          ? `room name must be at most ${ROOM_NAME_MAX_BYTES} bytes`
          : undefined;
    if (reason !== undefined) {
      ctx.issues.push({
        code: "custom",
        message: reason,
        input: ctx.value,
        params: { lair_code: "room_name_invalid" },
      });
    }
  })
  .describe(`1-${ROOM_NAME_MAX_BYTES} bytes after trimming`);

/** A room description in a request. */
export const RoomDescriptionSchema = boundedString(
  "validation_failed",
  ROOM_DESCRIPTION_MAX_BYTES,
  `at most ${ROOM_DESCRIPTION_MAX_BYTES} bytes`,
);

/** Requested member cap; `null` removes the cap. */
export const MaxMembersSchema = z.number().int().min(1).max(ROOM_MAX_MEMBERS_LIMIT);

/** Settings in create/update requests: `public` is the inverse of `is_private`. */
export const RoomSettingsRequestSchema = z.object({
  public: z.boolean().nullish(),
  max_members: MaxMembersSchema.nullish(),
});
export type RoomSettingsRequest = z.infer<typeof RoomSettingsRequestSchema>;

/** `{room, member_count, is_member}`: one entry of a room list. */
export const RoomListItemSchema = z.object({
  room: RoomSchema,
  member_count: z.number().int().min(0),
  is_member: z.boolean(),
});
export type RoomListItem = z.infer<typeof RoomListItemSchema>;
