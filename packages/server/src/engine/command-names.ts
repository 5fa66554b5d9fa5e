/**
 * Every command the engine runs, by name. Names are the Lair 1.1 real-time message types
 * where one exists (a WS/TCP `send_message` request runs command `send_message`), and
 * snake_case names of our own for the rest. The HTTP routes map to the same names
 * (see ../http/routes.ts). Inputs and outputs: ./command-table.ts.
 */
export const COMMAND_NAMES = [
  // Auth
  "register",
  "login",
  "logout",
  "refresh_token",
  "change_password",
  // Users
  "get_current_user",
  "update_profile",
  "get_user",
  "list_users",
  // Rooms
  "create_room",
  "list_rooms",
  "get_room",
  "update_room",
  "delete_room",
  "join_room",
  "leave_room",
  "list_members",
  "set_member_role",
  "kick_member",
  "ban_member",
  "unban_member",
  // Invitations
  "invite_to_room",
  "list_invitations",
  "accept_invitation",
  "decline_invitation",
  "cancel_invitation",
  // Messages
  "send_message",
  "get_messages",
  "edit_message",
  "delete_message",
  "mark_read",
  "get_unread_counts",
  "typing",
  // Admin
  "admin_stats",
  "admin_ban_user",
  "admin_unban_user",
  "admin_set_user_role",
  "admin_delete_room",
  "admin_revoke_session",
] as const;

export type CommandName = (typeof COMMAND_NAMES)[number];

const NAME_SET: ReadonlySet<string> = new Set(COMMAND_NAMES);

/**
 * Real-time message types of the protocol package (packages/protocol/src/schemas/
 * client-messages.ts) that name a command differently; the engine accepts both spellings.
 */
export const COMMAND_ALIASES: Readonly<Record<string, CommandName>> = {
  get_room_members: "list_members",
  update_member_role: "set_member_role",
  get_stats: "admin_stats",
  ban_user: "admin_ban_user",
  unban_user: "admin_unban_user",
  revoke_user_sessions: "admin_revoke_session",
  set_user_role: "admin_set_user_role",
};

/** True when `name` is one of `COMMAND_NAMES`. */
export function isCommandName(name: unknown): name is CommandName {
  return typeof name === "string" && NAME_SET.has(name);
}

/** The command a name or alias stands for, or undefined. */
export function resolveCommandName(name: unknown): CommandName | undefined {
  if (typeof name !== "string") return undefined;
  if (NAME_SET.has(name)) return name as CommandName;
  return Object.hasOwn(COMMAND_ALIASES, name) ? COMMAND_ALIASES[name] : undefined;
}
