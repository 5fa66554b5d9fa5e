/** `/admin/*` (admin role only) and the root health checks. */
import type {
  HealthResponse,
  ReadyResponse,
  StatsResponse,
  SuccessResponse,
  SystemRole,
} from "@lair-chat/protocol";
import type { HttpClient, OperationResponse } from "./http-client.ts";
import { path } from "./path.ts";

export type BanUserResponse = OperationResponse<"banUser">;
export type RevokeSessionsResponse = OperationResponse<"revokeUserSessions">;
export type SetUserRoleResponse = OperationResponse<"setUserRole">;

export interface BanUserInput {
  reason?: string | null;
  /** Ban length; absent means permanent. */
  duration_hours?: number | null;
}

export interface AdminApi {
  stats(): Promise<StatsResponse>;
  /** Ban a user server-wide (their sessions end); no `duration_hours` means permanent. */
  banUser(userId: string, input?: BanUserInput): Promise<BanUserResponse>;
  unbanUser(userId: string): Promise<SuccessResponse>;
  /** Delete any room. */
  deleteRoom(roomId: string, reason?: string): Promise<SuccessResponse>;
  /** End every session of a user. */
  revokeSessions(userId: string): Promise<RevokeSessionsResponse>;
  /** Set another user's system role (an admin cannot change their own). */
  setUserRole(userId: string, role: SystemRole): Promise<SetUserRoleResponse>;
}

export function createAdminApi(http: HttpClient): AdminApi {
  return {
    stats: () => http.request({ method: "GET", path: "/admin/stats", operation: "getStats" }),
    banUser: (userId, input = {}) =>
      http.request({
        method: "POST",
        path: path`/admin/users/${userId}/ban`,
        body: input,
        operation: "banUser",
      }),
    unbanUser: (userId) =>
      http.request({ method: "POST", path: path`/admin/users/${userId}/unban`, operation: "unbanUser" }),
    deleteRoom: (roomId, reason) =>
      http.request({
        method: "DELETE",
        path: path`/admin/rooms/${roomId}`,
        ...(reason === undefined ? {} : { body: { reason } }),
        operation: "adminDeleteRoom",
      }),
    revokeSessions: (userId) =>
      http.request({
        method: "POST",
        path: path`/admin/users/${userId}/revoke-sessions`,
        operation: "revokeUserSessions",
      }),
    setUserRole: (userId, role) =>
      http.request({
        method: "PUT",
        path: path`/admin/users/${userId}/role`,
        body: { role },
        operation: "setUserRole",
      }),
  };
}

/** `GET /health` and `GET /ready` at the server root (no token). */
export function createHealthApi(http: HttpClient): {
  health(): Promise<HealthResponse>;
  ready(): Promise<ReadyResponse>;
} {
  return {
    health: () =>
      http.request({ method: "GET", path: "/health", root: true, auth: false, operation: "health" }),
    ready: () => http.request({ method: "GET", path: "/ready", root: true, auth: false, operation: "ready" }),
  };
}
