/**
 * @lair-chat/client — a typed, evented, stateful Lair Chat client for browsers and Node:
 * HTTP API groups, a real-time connection that reconnects and resumes by itself, an outbox that
 * delivers each message exactly once, and local state a UI can render directly.
 * TCP and the file outbox store are in `@lair-chat/client/node`; this entry imports no Node
 * built-ins.
 */

export { readTokenClaims, type TokenClaims } from "./auth/token-claims.ts";
export {
  LocalStorageTokenStore,
  type LocalStorageTokenStoreOptions,
  MemoryTokenStore,
  type TokenStore,
} from "./auth/token-store.ts";
export { LairClient, type SendReceipt } from "./client.ts";
export type { StatefulApis } from "./client-apis.ts";
export { createLairClient, resolveClientOptions } from "./create-lair-client.ts";
export type {
  ClientEventMap,
  GapEvent,
  LairClientEvents,
  LairEventMap,
  MessageStatusEvent,
} from "./events.ts";
export type { AdminApi, BanUserInput, BanUserResponse, RevokeSessionsResponse } from "./http/admin-api.ts";
export type { AuthApi } from "./http/auth-api.ts";
export type { InvitationsApi } from "./http/invitations-api.ts";
export type { HistoryParams, MessagesApi, SendParams } from "./http/messages-api.ts";
export type { ListRoomsParams, RoomsApi } from "./http/rooms-api.ts";
export type { SendFileOptions } from "./http/send-file.ts";
export {
  type UploadOptions,
  type UploadProgress,
  type UploadSource,
  uploadAttachment,
} from "./http/upload-attachment.ts";
export type { ListUsersParams, UsersApi } from "./http/users-api.ts";
export type { Logger, LoggerLike } from "./logger.ts";
export { DEFAULT_FEATURES, type LairClientOptions, type ResolvedClientOptions } from "./options.ts";
export { IndexedDbOutboxStore, type IndexedDbOutboxStoreOptions } from "./outbox/indexeddb-outbox-store.ts";
export {
  LocalStorageOutboxStore,
  type LocalStorageOutboxStoreOptions,
} from "./outbox/local-storage-outbox-store.ts";
export {
  MemoryOutboxStore,
  type OutboxEntry,
  type OutboxStatus,
  type OutboxStore,
  type OutboxTarget,
} from "./outbox/outbox-store.ts";
export type { ConnectionState } from "./realtime/connection-manager.ts";
export type {
  KeyExchange,
  OpenedTransport,
  ServerHello,
  TransportFactory,
} from "./realtime/transport-factory.ts";
export { webSocketFactory, webSocketUrlFor } from "./realtime/websocket-factory.ts";
export {
  RECONNECT_DEFAULTS,
  type ReconnectOptions,
  ReconnectPolicy,
  type ResolvedReconnectOptions,
} from "./reconnect/reconnect-policy.ts";
export type { Gap } from "./state/apply-event.ts";
export { ChatState, type RoomEntry, type StateChange } from "./state/chat-state.ts";
export { type MessageStatus, Timeline, type TimelineItem } from "./state/timeline.ts";
export type { ResumeReport } from "./sync/resume-sync.ts";
export { type ServerMessageResult, trustingValidator, type Validator } from "./validation/validator.ts";
