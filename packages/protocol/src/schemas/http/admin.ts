/** `/api/v1/admin/*` (Lair HTTP.md "Admin Endpoints"; only `/admin/stats` exists in Rust). */
import { z } from "zod";
import { TimestampSchema } from "../primitives.ts";
import { SystemRoleSchema, UserSchema } from "../user.ts";
import { ReasonSchema } from "./rooms.ts";

/** `GET /admin/stats`: Lair's three counters, plus ours. */
export const StatsResponseSchema = z.object({
  stats: z.object({
    total_users: z.number().int().min(0),
    total_rooms: z.number().int().min(0),
    online_users: z.number().int().min(0),
    total_messages: z.number().int().min(0).optional(),
    active_connections: z.number().int().min(0).optional(),
    uptime_seconds: z.number().int().min(0).optional(),
  }),
});
export type StatsResponse = z.infer<typeof StatsResponseSchema>;

/** `POST /admin/users/{user_id}/ban`: no `duration_hours` means permanent. */
export const BanUserRequestSchema = z.object({
  reason: ReasonSchema.nullish(),
  duration_hours: z.number().int().min(1).max(1_000_000).nullish(),
});
export type BanUserRequest = z.infer<typeof BanUserRequestSchema>;

/** `POST /admin/users/{user_id}/ban`: `expires_at` null for a permanent ban. */
export const BanUserResponseSchema = z.object({
  success: z.literal(true),
  expires_at: TimestampSchema.nullable(),
});
export type BanUserResponse = z.infer<typeof BanUserResponseSchema>;

/** `DELETE /admin/rooms/{room_id}` (body optional). */
export const AdminDeleteRoomRequestSchema = z.object({ reason: ReasonSchema.nullish() });
export type AdminDeleteRoomRequest = z.infer<typeof AdminDeleteRoomRequestSchema>;

/** `POST /admin/users/{user_id}/revoke-sessions` (ours): how many sessions were revoked. */
export const RevokeSessionsResponseSchema = z.object({
  success: z.literal(true),
  revoked_sessions: z.number().int().min(0),
});
export type RevokeSessionsResponse = z.infer<typeof RevokeSessionsResponseSchema>;

/**
 * `PUT /admin/users/{user_id}/role` (ours; Lair has no route for it): set a user's system role.
 * An admin cannot change their own role, so the last admin can never demote themself away.
 */
export const SetUserRoleRequestSchema = z.object({ role: SystemRoleSchema });
export type SetUserRoleRequest = z.infer<typeof SetUserRoleRequestSchema>;

/** `PUT /admin/users/{user_id}/role`: the user with the new role. */
export const SetUserRoleResponseSchema = z.object({ user: UserSchema });
export type SetUserRoleResponse = z.infer<typeof SetUserRoleResponseSchema>;
