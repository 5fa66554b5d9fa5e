/** `/rooms*`: rooms, membership, member roles and moderation. */
import type {
  CreateRoomRequest,
  GetRoomResponse,
  JoinRoomResponse,
  MemberResponse,
  MembersListResponse,
  RoomResponse,
  RoomRole,
  RoomsListResponse,
  SuccessResponse,
  UpdateRoomRequest,
} from "@lair-chat/protocol";
import type { HttpClient } from "./http-client.ts";
import { path } from "./path.ts";

export interface ListRoomsParams {
  search?: string;
  joinedOnly?: boolean;
  publicOnly?: boolean;
  limit?: number;
  offset?: number;
}

export interface RoomsApi {
  create(input: CreateRoomRequest): Promise<RoomResponse>;
  list(params?: ListRoomsParams): Promise<RoomsListResponse>;
  get(roomId: string): Promise<GetRoomResponse>;
  update(roomId: string, input: UpdateRoomRequest): Promise<RoomResponse>;
  delete(roomId: string): Promise<SuccessResponse>;
  join(roomId: string): Promise<JoinRoomResponse>;
  leave(roomId: string): Promise<SuccessResponse>;
  members(roomId: string, params?: { limit?: number; offset?: number }): Promise<MembersListResponse>;
  /** Make a member a moderator or a plain member again (owner only). */
  setRole(roomId: string, userId: string, role: Exclude<RoomRole, "owner">): Promise<MemberResponse>;
  kick(roomId: string, userId: string): Promise<SuccessResponse>;
  /** Remove a member and keep them out until `unban`. */
  ban(roomId: string, userId: string, reason?: string): Promise<SuccessResponse>;
  unban(roomId: string, userId: string): Promise<SuccessResponse>;
}

export function createRoomsApi(http: HttpClient): RoomsApi {
  return {
    create: (input) => http.request({ method: "POST", path: "/rooms", body: input, operation: "createRoom" }),
    list: (params = {}) =>
      http.request({
        method: "GET",
        path: "/rooms",
        query: {
          search: params.search,
          joined_only: params.joinedOnly,
          public_only: params.publicOnly,
          limit: params.limit,
          offset: params.offset,
        },
        operation: "listRooms",
      }),
    get: (roomId) => http.request({ method: "GET", path: path`/rooms/${roomId}`, operation: "getRoom" }),
    update: (roomId, input) =>
      http.request({ method: "PATCH", path: path`/rooms/${roomId}`, body: input, operation: "updateRoom" }),
    delete: (roomId) =>
      http.request({ method: "DELETE", path: path`/rooms/${roomId}`, operation: "deleteRoom" }),
    join: (roomId) =>
      http.request({ method: "POST", path: path`/rooms/${roomId}/join`, operation: "joinRoom" }),
    leave: (roomId) =>
      http.request({ method: "POST", path: path`/rooms/${roomId}/leave`, operation: "leaveRoom" }),
    members: (roomId, params = {}) =>
      http.request({
        method: "GET",
        path: path`/rooms/${roomId}/members`,
        query: { limit: params.limit, offset: params.offset },
        operation: "listMembers",
      }),
    setRole: (roomId, userId, role) =>
      http.request({
        method: "PUT",
        path: path`/rooms/${roomId}/members/${userId}/role`,
        body: { role },
        operation: "updateMemberRole",
      }),
    kick: (roomId, userId) =>
      http.request({
        method: "DELETE",
        path: path`/rooms/${roomId}/members/${userId}`,
        operation: "kickMember",
      }),
    ban: (roomId, userId, reason) =>
      http.request({
        method: "POST",
        path: path`/rooms/${roomId}/members/${userId}/ban`,
        body: reason === undefined ? {} : { reason },
        operation: "banMember",
      }),
    unban: (roomId, userId) =>
      http.request({
        method: "POST",
        path: path`/rooms/${roomId}/members/${userId}/unban`,
        operation: "unbanMember",
      }),
  };
}
