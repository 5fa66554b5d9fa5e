/**
 * @lair-chat/client/node — the client for Node: everything in the main entry, plus TCP (with
 * optional compat or hardened encryption) as a transport and a file-backed outbox store. Only
 * this entry imports Node built-ins, so browser bundles of the main entry never pull node:net.
 */
import { LairClient } from "./client.ts";
import { resolveClientOptions } from "./create-lair-client.ts";
import type { LairClientOptions } from "./options.ts";
import { type TcpTransportOptions, tcpFactory } from "./realtime/tcp-factory.ts";
import { schemaValidator } from "./validation/schema-validator.ts";

export interface NodeLairClientOptions extends Omit<LairClientOptions, "transport"> {
  /** `"tcp"` needs the `tcp` option. @default "websocket" */
  transport?: LairClientOptions["transport"] | "tcp";
  /** Where and how to reach the TCP endpoint (with `transport: "tcp"`). */
  tcp?: TcpTransportOptions;
}

/** Create a client; with `transport: "tcp"` it speaks TCP instead of WebSocket. Validates with `schemaValidator` by default. */

export function createLairClient(options: NodeLairClientOptions): LairClient {
  if (options === null || typeof options !== "object") throw new TypeError("options must be an object");
  const { transport, tcp, ...given } = options;
  const rest = { ...given, validator: given.validator ?? schemaValidator };
  if (transport === "tcp") {
    if (!tcp) throw new TypeError("options.tcp ({ host, port }) is required with transport 'tcp'");
    return new LairClient(resolveClientOptions(rest, tcpFactory(tcp)));
  }
  return new LairClient(resolveClientOptions({ ...rest, ...(transport ? { transport } : {}) }, undefined));
}

export {
  type AdminApi,
  type AuthApi,
  type BanUserInput,
  type BanUserResponse,
  ChatState,
  type ClientEventMap,
  type ConnectionState,
  DEFAULT_FEATURES,
  type Gap,
  type GapEvent,
  type HistoryParams,
  IndexedDbOutboxStore,
  type IndexedDbOutboxStoreOptions,
  type InvitationsApi,
  type KeyExchange,
  LairClient,
  type LairClientEvents,
  type LairClientOptions,
  type LairEventMap,
  type ListRoomsParams,
  type ListUsersParams,
  LocalStorageOutboxStore,
  type LocalStorageOutboxStoreOptions,
  LocalStorageTokenStore,
  type LocalStorageTokenStoreOptions,
  type Logger,
  type LoggerLike,
  MemoryOutboxStore,
  MemoryTokenStore,
  type MessageStatus,
  type MessageStatusEvent,
  type MessagesApi,
  type OpenedTransport,
  type OutboxEntry,
  type OutboxStatus,
  type OutboxStore,
  type OutboxTarget,
  RECONNECT_DEFAULTS,
  type ReconnectOptions,
  ReconnectPolicy,
  type ResolvedClientOptions,
  type ResolvedReconnectOptions,
  type ResumeReport,
  type RevokeSessionsResponse,
  type RoomEntry,
  type RoomsApi,
  readTokenClaims,
  resolveClientOptions,
  type SendFileOptions,
  type SendParams,
  type SendReceipt,
  type ServerHello,
  type StateChange,
  type StatefulApis,
  Timeline,
  type TimelineItem,
  type TokenClaims,
  type TokenStore,
  type TransportFactory,
  type UploadOptions,
  type UploadProgress,
  type UploadSource,
  type UsersApi,
  uploadAttachment,
  webSocketFactory,
  webSocketUrlFor,
} from "./index.ts";
export { FileOutboxStore, type FileOutboxStoreOptions } from "./outbox/file-outbox-store.ts";
export { type TcpTransportOptions, tcpFactory } from "./realtime/tcp-factory.ts";
export { schemaValidator } from "./validation/schema-validator.ts";
export { type ServerMessageResult, trustingValidator, type Validator } from "./validation/validator.ts";
