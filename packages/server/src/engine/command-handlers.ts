/** Command name → handler. */
import * as admin from "./admin-commands.ts";
import * as auth from "./auth-commands.ts";
import type { CommandInput } from "./command-inputs.ts";
import type { CommandName } from "./command-names.ts";
import type { CallContext } from "./engine-api.ts";
import type { EngineCore } from "./engine-core.ts";
import * as invitations from "./invitation-commands.ts";
import * as members from "./member-commands.ts";
import * as messages from "./message-commands.ts";
import * as rooms from "./room-commands.ts";
import * as users from "./user-commands.ts";

type Handler<N extends CommandName> = (
  core: EngineCore,
  ctx: CallContext,
  input: CommandInput<N>,
) => Promise<unknown>;

export const COMMAND_HANDLERS: { [N in CommandName]: Handler<N> } = {
  register: auth.register,
  login: auth.login,
  logout: auth.logout,
  refresh_token: auth.refreshToken,
  change_password: auth.changePassword,
  get_current_user: users.getCurrentUser,
  update_profile: users.updateProfile,
  get_user: users.getUser,
  list_users: users.listUsers,
  get_unread_counts: users.getUnreadCounts,
  create_room: rooms.createRoom,
  list_rooms: rooms.listRooms,
  get_room: rooms.getRoom,
  update_room: rooms.updateRoom,
  delete_room: rooms.deleteRoom,
  join_room: rooms.joinRoom,
  leave_room: rooms.leaveRoom,
  list_members: members.listMembers,
  set_member_role: members.setMemberRole,
  kick_member: members.kickMember,
  ban_member: members.banMember,
  unban_member: members.unbanMember,
  invite_to_room: invitations.inviteToRoom,
  list_invitations: invitations.listInvitations,
  accept_invitation: invitations.acceptInvitation,
  decline_invitation: invitations.declineInvitation,
  cancel_invitation: invitations.cancelInvitation,
  send_message: messages.sendMessage,
  get_messages: messages.getMessages,
  edit_message: messages.editMessage,
  delete_message: messages.deleteMessage,
  mark_read: messages.markRead,
  typing: messages.typing,
  admin_stats: admin.adminStats,
  admin_ban_user: admin.adminBanUser,
  admin_unban_user: admin.adminUnbanUser,
  admin_set_user_role: admin.adminSetUserRole,
  admin_delete_room: admin.adminDeleteRoom,
  admin_revoke_session: admin.adminRevokeSession,
};
