/**
 * @lair-chat/server — the Lair Chat server kit: chat engine, HTTP API, WebSocket and TCP
 * endpoints, mountable inside an existing Node service, with pluggable storage and event bus.
 */

export {
  type AttachmentOptions,
  resolveAttachmentOptions,
} from "./attachments/attachment-options.ts";
export { AttachmentService, supportsAttachments } from "./attachments/attachment-service.ts";
export {
  type BlobRange,
  type BlobStat,
  type BlobStore,
  checkBlobKey,
  checkBlobRange,
} from "./attachments/blob-store.ts";
export { IMAGE_HEAD_BYTES, type ImageSize, imageSize } from "./attachments/image-size.ts";
export {
  createLocalBlobStore,
  LocalBlobStore,
  type LocalBlobStoreOptions,
} from "./attachments/local-blob-store.ts";
export { SNIFF_BYTES, sniffMimeType } from "./attachments/sniff-mime.ts";
export {
  createInProcessBus,
  createInProcessHub,
  InProcessBus,
  type InProcessBusOptions,
  InProcessHub,
} from "./bus/in-process-bus.ts";
export {
  type BusEnvelope,
  type BusReply,
  LairBus,
  type LairBusOptions,
  type ResubscribeInfo,
} from "./bus/lair-bus.ts";
export { COMMAND_ALIASES, COMMAND_NAMES, type CommandName, isCommandName } from "./engine/command-names.ts";
export {
  type Access,
  COMMAND_META,
  COMMAND_TABLE,
  type CommandMeta,
  type CommandSpec,
  type RateTier,
} from "./engine/command-table.ts";
export type {
  CallContext,
  ConnectionHandle,
  Engine,
  Principal,
  ResumeOutcome,
  TransportKind,
} from "./engine/engine-api.ts";
export { OutboundFrame } from "./engine/outbound-frame.ts";
export { createSilentLogger, type Logger } from "./options/logger.ts";
export type {
  AuthenticateResult,
  LairServerOptions,
  RateLimitOptions,
  RateRule,
} from "./options/server-options.ts";
export {
  createMemoryRateLimiter,
  MemoryRateLimiter,
  type RateDecision,
  type RateLimiter,
} from "./rate-limit/rate-limiter.ts";
export { createLairServer, type LairServer } from "./server/create-lair-server.ts";
export type {
  AppendResult,
  AttachmentRecord,
  CountMessagesQuery,
  HistoryQuery,
  InvitationRecord,
  InvitationStatus,
  ListInvitationsQuery,
  ListRoomsQuery,
  ListUsersQuery,
  LogEntry,
  LogOperation,
  MembershipRecord,
  MemberWithUser,
  MessageAttachment,
  MessageKind,
  MessageRecord,
  NewMessage,
  Page,
  PageQuery,
  ReadMarkerRecord,
  RoomBanRecord,
  RoomRecord,
  RoomRole,
  SessionRecord,
  Storage,
  StorageCapabilities,
  StorageStats,
  SystemRole,
  UserRecord,
} from "./storage/index.ts";
