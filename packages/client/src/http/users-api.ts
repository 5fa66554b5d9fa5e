/** `/users*`: the current user, profiles, search. */
import type {
  UpdateProfileRequest,
  UserResponse,
  UsersListResponse,
  UserWithStatus,
} from "@lair-chat/protocol";
import type { HttpClient } from "./http-client.ts";
import { path } from "./path.ts";

export interface ListUsersParams {
  search?: string;
  onlineOnly?: boolean;
  limit?: number;
  offset?: number;
}

export interface UsersApi {
  /** The signed-in user, with unread counts. */
  me(): Promise<UserResponse>;
  updateMe(input: UpdateProfileRequest): Promise<UserResponse>;
  get(userId: string): Promise<UserWithStatus>;
  list(params?: ListUsersParams): Promise<UsersListResponse>;
}

export function createUsersApi(http: HttpClient): UsersApi {
  return {
    me: () => http.request({ method: "GET", path: "/users/me", operation: "getCurrentUser" }),
    updateMe: (input) =>
      http.request({ method: "PATCH", path: "/users/me", body: input, operation: "updateProfile" }),
    get: (userId) => http.request({ method: "GET", path: path`/users/${userId}`, operation: "getUser" }),
    list: (params = {}) =>
      http.request({
        method: "GET",
        path: "/users",
        query: {
          search: params.search,
          online_only: params.onlineOnly,
          limit: params.limit,
          offset: params.offset,
        },
        operation: "listUsers",
      }),
  };
}
