/**
 * The HTTP API's routes: the protocol package's `HTTP_ROUTES` (paths, methods and schemas),
 * each bound to the engine command it runs and to how the command's input is assembled from
 * path, query and body.
 */
import { type HistoryQuery, HTTP_ROUTES, type HttpMethod, type HttpRoute } from "@lair-chat/protocol";
import type { CommandName } from "../engine/command-names.ts";

/** operationId → command; health and readiness are answered by the HTTP layer itself. */
const COMMAND_OF: Record<string, CommandName> = {
  register: "register",
  login: "login",
  logout: "logout",
  refreshToken: "refresh_token",
  changePassword: "change_password",
  getCurrentUser: "get_current_user",
  updateProfile: "update_profile",
  listUsers: "list_users",
  getUser: "get_user",
  createRoom: "create_room",
  listRooms: "list_rooms",
  getRoom: "get_room",
  updateRoom: "update_room",
  deleteRoom: "delete_room",
  joinRoom: "join_room",
  leaveRoom: "leave_room",
  listMembers: "list_members",
  updateMemberRole: "set_member_role",
  kickMember: "kick_member",
  banMember: "ban_member",
  unbanMember: "unban_member",
  sendMessage: "send_message",
  getMessages: "get_messages",
  markRead: "mark_read",
  getUnreadCounts: "get_unread_counts",
  editMessage: "edit_message",
  deleteMessage: "delete_message",
  createInvitation: "invite_to_room",
  listInvitations: "list_invitations",
  acceptInvitation: "accept_invitation",
  declineInvitation: "decline_invitation",
  cancelInvitation: "cancel_invitation",
  getStats: "admin_stats",
  banUser: "admin_ban_user",
  unbanUser: "admin_unban_user",
  setUserRole: "admin_set_user_role",
  revokeUserSessions: "admin_revoke_session",
  adminDeleteRoom: "admin_delete_room",
};

export interface BoundRoute {
  route: HttpRoute;
  /** Undefined for /health and /ready. */
  command: CommandName | undefined;
  segments: string[];
  /** Literal segments count: more specific routes win (`/users/me` over `/users/{user_id}`). */
  literals: number;
  /** Build the command input from the parsed parts. */
  toInput(parts: {
    params: Record<string, unknown>;
    query: Record<string, unknown>;
    body: Record<string, unknown>;
  }): unknown;
}

function defaultInput(parts: {
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  body: Record<string, unknown>;
}) {
  return { ...parts.query, ...parts.body, ...parts.params };
}

/** `GET /messages?target_type&target_id…` → `{target, …}`. */
function historyInput(parts: { query: Record<string, unknown> }) {
  const { target_type, target_id, ...rest } = parts.query as HistoryQuery & Record<string, unknown>;
  const target =
    target_type === "room" ? { type: "room", room_id: target_id } : { type: "dm", recipient: target_id };
  return { ...rest, target };
}

export function bindRoutes(): BoundRoute[] {
  const bound = (HTTP_ROUTES as readonly HttpRoute[]).map((route) => {
    const segments = route.path.split("/").filter((s) => s !== "");
    return {
      route,
      command: COMMAND_OF[route.operationId],
      segments,
      literals: segments.filter((s) => !s.startsWith("{")).length,
      toInput: route.operationId === "getMessages" ? historyInput : defaultInput,
    };
  });
  return bound.sort((a, b) => b.literals - a.literals);
}

export interface RouteMatch {
  bound: BoundRoute;
  params: Record<string, string>;
}

/** Match a path; returns the route for the method, or the allowed methods when only the path matched. */
export function matchRoute(
  routes: BoundRoute[],
  method: string,
  path: string,
): { match: RouteMatch } | { allowed: HttpMethod[] } | null {
  const parts = path.split("/").filter((s) => s !== "");
  const allowed: HttpMethod[] = [];
  for (const bound of routes) {
    if (bound.segments.length !== parts.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < parts.length && ok; i++) {
      const seg = bound.segments[i] as string;
      const part = parts[i] as string;
      if (seg.startsWith("{")) {
        let value: string;
        try {
          value = decodeURIComponent(part);
        } catch {
          value = "\u0000";
        }
        params[seg.slice(1, -1)] = value;
      } else if (seg !== part) ok = false;
    }
    if (!ok) continue;
    if (bound.route.method === method || (method === "HEAD" && bound.route.method === "GET"))
      return { match: { bound, params } };
    allowed.push(bound.route.method);
  }
  return allowed.length > 0 ? { allowed } : null;
}
