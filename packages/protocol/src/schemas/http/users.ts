/** `/api/v1/users*` (Lair HTTP.md "User Endpoints"; handlers/users.rs wins). */
import { z } from "zod";
import { IdSchema } from "../primitives.ts";
import { EmailSchema, UserSchema, UserWithStatusSchema } from "../user.ts";
import { QueryBoolSchema, QueryLimitSchema, QueryOffsetSchema, SearchSchema } from "./common.ts";

/** `GET /users?search&online_only&limit&offset`. */
export const ListUsersQuerySchema = z.object({
  search: SearchSchema.optional(),
  online_only: QueryBoolSchema.default(false),
  limit: QueryLimitSchema,
  offset: QueryOffsetSchema,
});
export type ListUsersQuery = z.output<typeof ListUsersQuerySchema>;

/** `PATCH /users/me`. */
export const UpdateProfileRequestSchema = z.object({ email: EmailSchema.nullish() });
export type UpdateProfileRequest = z.infer<typeof UpdateProfileRequestSchema>;

/** Unread message counts, overall and per conversation. */
export const UnreadCountsSchema = z.object({
  total: z.number().int().min(0),
  by_room: z.record(IdSchema, z.number().int().min(0)),
  by_dm: z.record(IdSchema, z.number().int().min(0)),
});
export type UnreadCounts = z.infer<typeof UnreadCountsSchema>;

/** `GET /users/me` and `PATCH /users/me`; `unread_counts` is ours (`/users/me` only). */
export const UserResponseSchema = z.object({
  user: UserSchema,
  unread_counts: UnreadCountsSchema.optional(),
});
export type UserResponse = z.infer<typeof UserResponseSchema>;

/** `GET /users/{user_id}`. */
export const GetUserResponseSchema = UserWithStatusSchema;

/** `GET /users`: `total_count` counts every match, not just this page. */
export const UsersListResponseSchema = z.object({
  users: z.array(UserWithStatusSchema),
  has_more: z.boolean(),
  total_count: z.number().int().min(0),
});
export type UsersListResponse = z.infer<typeof UsersListResponseSchema>;
