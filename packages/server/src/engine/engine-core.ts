/** What every command handler works with: the dependencies of one engine instance. */
import type { AttachmentService } from "../attachments/attachment-service.ts";
import type { PasswordHasher } from "../auth/password-hasher.ts";
import type { TokenService } from "../auth/token-service.ts";
import type { LairBus } from "../bus/lair-bus.ts";
import type { ServerMetrics } from "../metrics/server-metrics.ts";
import type { Logger } from "../options/logger.ts";
import type { ResolvedOptions } from "../options/server-options.ts";
import type { PresenceTracker } from "../presence/presence-tracker.ts";
import type { Storage } from "../storage/storage.ts";
import type { ConnectionRegistry } from "./connection-registry.ts";
import type { EventRouter } from "./event-router.ts";
import type { KeyedQueue } from "./keyed-queue.ts";
import type { MessageAppender } from "./message-appender.ts";
import type { RoomMembers } from "./room-members.ts";

export interface EngineCore {
  readonly storage: Storage;
  readonly options: ResolvedOptions;
  readonly logger: Logger;
  readonly metrics: ServerMetrics;
  readonly tokens: TokenService;
  readonly hasher: PasswordHasher;
  readonly bus: LairBus;
  readonly router: EventRouter;
  readonly presence: PresenceTracker;
  readonly connections: ConnectionRegistry;
  /**
   * Member ids per room, cached for the send path. Call `changed(roomId)` after every
   * membership change a command commits (join, leave, kick, ban, delete, create).
   */
  readonly rooms: RoomMembers;
  /** Serialises writes + events per conversation key. */
  readonly queue: KeyedQueue;
  /** Stores sends through `queue`, the sends waiting on one conversation in one commit. */
  readonly appender: MessageAppender;
  /** Last typing event per `user|conversation`, for the typing throttle. */
  readonly typingSeen: Map<string, number>;
  readonly startedAt: number;
  now(): number;
  newId(): string;
  /** Uploads and downloads (`attachments` extension); undefined when the server has none. */
  readonly attachments?: AttachmentService;
}
