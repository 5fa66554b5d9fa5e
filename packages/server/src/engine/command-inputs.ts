/**
 * Input schemas of the engine's commands: the protocol's request schemas, plus the ids an
 * HTTP route carries in its path, plus the Lair 1.1 real-time spellings (`filter: {...}` on
 * the list commands, `target` on history). Every transport's input passes through these.
 */
import {
  BanMemberRequestSchema,
  BanUserRequestSchema,
  ChangePasswordRequestSchema,
  CreateInvitationRequestSchema,
  CreateRoomRequestSchema,
  EditMessageRequestSchema,
  IdSchema,
  LoginRequestSchema,
  MarkReadRequestSchema,
  MessageTargetSchema,
  PAGE_SIZE_DEFAULT,
  PAGE_SIZE_MAX,
  ReasonSchema,
  RegisterRequestSchema,
  RoomRoleSchema,
  SEARCH_MAX_LENGTH,
  SendMessageRequestSchema,
  SeqSchema,
  SystemRoleSchema,
  TimestampSchema,
  UpdateProfileRequestSchema,
  UpdateRoomRequestSchema,
} from "@lair-chat/protocol";
import { z } from "zod";
import type { CommandName } from "./command-names.ts";

const U32_MAX = 4_294_967_295;
/** Page size: default 50, larger values clamped to 100 (as Lair does), not refused. */
const PageLimitSchema = z
  .number()
  .int()
  .min(1)
  .max(U32_MAX)
  .default(PAGE_SIZE_DEFAULT)
  .transform((n) => Math.min(n, PAGE_SIZE_MAX));
const PageOffsetSchema = z.number().int().min(0).max(U32_MAX).default(0);
const SearchSchema = z.string().max(SEARCH_MAX_LENGTH);

const Empty = z.object({});
const RoomRef = z.object({ room_id: IdSchema });
const UserRef = z.object({ user_id: IdSchema });
const MemberRef = z.object({ room_id: IdSchema, user_id: IdSchema });
const InvitationRef = z.object({ invitation_id: IdSchema });
const MessageRef = z.object({ message_id: IdSchema });
const Paging = { limit: PageLimitSchema, offset: PageOffsetSchema };

const RoomFilter = z.object({
  search: SearchSchema.nullish(),
  joined_only: z.boolean().nullish(),
  public_only: z.boolean().nullish(),
});
const UserFilter = z.object({ search: SearchSchema.nullish(), online_only: z.boolean().nullish() });

/** `list_rooms`: flat (HTTP) or under `filter` (Lair TCP); flat fields win. */
export const ListRoomsInputSchema = RoomFilter.extend({ filter: RoomFilter.nullish(), ...Paging }).transform(
  (i) => ({
    search: i.search ?? i.filter?.search ?? undefined,
    joined_only: i.joined_only ?? i.filter?.joined_only ?? false,
    public_only: i.public_only ?? i.filter?.public_only ?? false,
    limit: i.limit,
    offset: i.offset,
  }),
);

/** `list_users`: flat (HTTP) or under `filter` (Lair TCP). */
export const ListUsersInputSchema = UserFilter.extend({ filter: UserFilter.nullish(), ...Paging }).transform(
  (i) => ({
    search: i.search ?? i.filter?.search ?? undefined,
    online_only: i.online_only ?? i.filter?.online_only ?? false,
    limit: i.limit,
    offset: i.offset,
  }),
);

/**
 * `get_messages`: Lair's `{target, limit, before}` plus `after`, and the `cursor` extension's
 * `before_seq`/`after_seq`/`cursor` (cursor mode: pages by seq, includes tombstones).
 */
export const GetMessagesInputSchema = z.object({
  target: MessageTargetSchema,
  limit: PageLimitSchema,
  before: TimestampSchema.nullish(),
  after: TimestampSchema.nullish(),
  before_seq: SeqSchema.nullish(),
  after_seq: SeqSchema.nullish(),
  cursor: z.boolean().nullish(),
});

/** `typing`. */
export const TypingInputSchema = z.object({ target: MessageTargetSchema });

/** `admin_revoke_session`: one session, or every session of a user. */
export const RevokeSessionInputSchema = z
  .object({ session_id: IdSchema.nullish(), user_id: IdSchema.nullish() })
  .refine(
    (i) => (i.session_id ? 1 : 0) + (i.user_id ? 1 : 0) === 1,
    "give exactly one of session_id and user_id",
  );

export const COMMAND_INPUTS = {
  register: RegisterRequestSchema,
  login: LoginRequestSchema,
  logout: Empty,
  refresh_token: Empty,
  change_password: ChangePasswordRequestSchema,
  get_current_user: Empty,
  update_profile: UpdateProfileRequestSchema,
  get_user: UserRef,
  list_users: ListUsersInputSchema,
  create_room: CreateRoomRequestSchema,
  list_rooms: ListRoomsInputSchema,
  get_room: RoomRef,
  update_room: UpdateRoomRequestSchema.extend({ room_id: IdSchema }),
  delete_room: RoomRef,
  join_room: RoomRef,
  leave_room: RoomRef,
  list_members: RoomRef.extend(Paging),
  set_member_role: MemberRef.extend({ role: RoomRoleSchema }),
  kick_member: MemberRef,
  ban_member: MemberRef.extend(BanMemberRequestSchema.shape),
  unban_member: MemberRef,
  invite_to_room: CreateInvitationRequestSchema,
  list_invitations: z.object(Paging),
  accept_invitation: InvitationRef,
  decline_invitation: InvitationRef,
  cancel_invitation: InvitationRef,
  send_message: SendMessageRequestSchema,
  get_messages: GetMessagesInputSchema,
  edit_message: MessageRef.extend(EditMessageRequestSchema.shape),
  delete_message: MessageRef,
  mark_read: MarkReadRequestSchema,
  get_unread_counts: Empty,
  typing: TypingInputSchema,
  admin_stats: Empty,
  admin_ban_user: UserRef.extend(BanUserRequestSchema.shape),
  admin_unban_user: UserRef,
  admin_set_user_role: UserRef.extend({ role: SystemRoleSchema }),
  admin_delete_room: RoomRef.extend({ reason: ReasonSchema.nullish() }),
  admin_revoke_session: RevokeSessionInputSchema,
} satisfies Record<CommandName, z.ZodType>;

/** The parsed input of a command. */
export type CommandInput<N extends CommandName> = z.output<(typeof COMMAND_INPUTS)[N]>;

/**
 * Commands whose input schema is exactly the protocol's request schema for the real-time type
 * of the same name (same fields, same field schemas; a unit test holds this), so an input that
 * already passed `parseClientMessage` needs no second parse. These are the hot path: a send is
 * validated once.
 */
export const PROTOCOL_CHECKED_INPUTS: ReadonlySet<CommandName> = new Set<CommandName>([
  "send_message",
  "mark_read",
]);
