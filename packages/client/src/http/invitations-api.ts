/** `/invitations*`: invite to a room, list, accept, decline, cancel. */
import type {
  AcceptInvitationResponse,
  CreateInvitationRequest,
  InvitationResponse,
  InvitationsListResponse,
  SuccessResponse,
} from "@lair-chat/protocol";
import type { HttpClient } from "./http-client.ts";
import { path } from "./path.ts";

export interface InvitationsApi {
  create(input: CreateInvitationRequest): Promise<InvitationResponse>;
  /** The signed-in user's pending invitations. */
  list(params?: { limit?: number; offset?: number }): Promise<InvitationsListResponse>;
  accept(invitationId: string): Promise<AcceptInvitationResponse>;
  decline(invitationId: string): Promise<SuccessResponse>;
  /** Withdraw an invitation one sent. */
  cancel(invitationId: string): Promise<SuccessResponse>;
}

export function createInvitationsApi(http: HttpClient): InvitationsApi {
  return {
    create: (input) =>
      http.request({ method: "POST", path: "/invitations", body: input, operation: "createInvitation" }),
    list: (params = {}) =>
      http.request({
        method: "GET",
        path: "/invitations",
        query: { limit: params.limit, offset: params.offset },
        operation: "listInvitations",
      }),
    accept: (id) =>
      http.request({
        method: "POST",
        path: path`/invitations/${id}/accept`,
        operation: "acceptInvitation",
      }),
    decline: (id) =>
      http.request({
        method: "POST",
        path: path`/invitations/${id}/decline`,
        operation: "declineInvitation",
      }),
    cancel: (id) =>
      http.request({ method: "POST", path: path`/invitations/${id}/cancel`, operation: "cancelInvitation" }),
  };
}
