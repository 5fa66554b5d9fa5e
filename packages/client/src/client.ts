/**
 * LairClient: one signed-in user's view of a Lair server. HTTP groups (`auth`, `users`, `rooms`,
 * `messages`, `invitations`, `admin`), a real-time connection that reconnects and resumes by
 * itself, an outbox that delivers every `send` exactly once, and a ChatState that UIs render
 * directly. Built by `createLairClient`, which resolves the options.
 */
import {
  type Feature,
  LairError,
  type Message,
  type MessageTargetInput,
  type ServerEvent,
} from "@lair-chat/protocol";
import { EventEmitter } from "eventemitter3";
import { Session } from "./auth/session.ts";
import { createStatefulApis, type StatefulApis } from "./client-apis.ts";
import type { LairClientEvents } from "./events.ts";
import { createHealthApi } from "./http/admin-api.ts";
import { type AuthApi, createAuthApi } from "./http/auth-api.ts";
import { HttpClient } from "./http/http-client.ts";
import type { ResolvedClientOptions } from "./options.ts";
import { Outbox } from "./outbox/outbox.ts";
import { bridgeOutbox, type OutboxBridge, type SendReceipt, transmitOver } from "./outbox/outbox-bridge.ts";

export type { SendReceipt } from "./outbox/outbox-bridge.ts";

import type { OutboxEntry } from "./outbox/outbox-store.ts";
import {
  ConnectionManager,
  type ConnectionState,
  CREDENTIAL_FAILURES,
} from "./realtime/connection-manager.ts";
import { connectionSettings } from "./realtime/connection-settings.ts";
import { MessageActions } from "./realtime/message-actions.ts";
import { watchOnline } from "./realtime/watch-online.ts";
import { ReconnectPolicy } from "./reconnect/reconnect-policy.ts";
import { ChatState } from "./state/chat-state.ts";
import { type HistoryContext, loadLatest, loadOlder } from "./sync/history-sync.ts";
import { LiveSync } from "./sync/live-sync.ts";
import { ResumeSync } from "./sync/resume-sync.ts";
import { canonicalTarget } from "./target.ts";

export class LairClient extends EventEmitter<LairClientEvents> implements StatefulApis {
  /** Everything the client knows; render from here and listen to `change`. */
  readonly state: ChatState;
  readonly auth: AuthApi;
  readonly users: StatefulApis["users"];
  readonly rooms: StatefulApis["rooms"];
  readonly messages: StatefulApis["messages"];
  readonly invitations: StatefulApis["invitations"];
  readonly admin: StatefulApis["admin"];
  readonly health: ReturnType<typeof createHealthApi>["health"];
  readonly ready: ReturnType<typeof createHealthApi>["ready"];
  readonly #session: Session;
  readonly #manager: ConnectionManager;
  readonly #outbox: Outbox;
  readonly #live: LiveSync;
  readonly #history: HistoryContext;
  readonly #bridge: OutboxBridge;
  readonly #actions: MessageActions;
  #outboxOwner: string | undefined;
  #removeOnline: (() => void) | undefined;

  constructor(options: ResolvedClientOptions) {
    super();
    const { logger } = options;
    this.state = new ChatState({ typingTimeout: options.typingTimeout });
    this.state.on("change", (change) => this.emit("change", change));
    const http = new HttpClient({
      baseUrl: options.baseUrl,
      getToken: () => this.#session.token(),
      validator: options.validator,
      onTokenExpired: () => this.#session.refreshNow(),
      timeout: options.requestTimeout,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
    this.auth = createAuthApi(http, {
      signedIn: async (res) => {
        await this.#session.setToken(res.token);
        this.state.setMe(res.user);
        await this.#loadOutbox(res.user.id);
        this.emit("signedIn", res.user);
      },
      tokenRefreshed: async (res) => this.#session.setToken(res.token),
      signedOut: async () => this.#signOut(),
    });
    this.#session = new Session({
      store: options.tokenStore,
      refresh: () => this.auth.refresh(),
      margin: options.tokenRefreshMargin,
      onExpired: (error) => void this.#signOut(error),
      logger,
    });
    const apis = createStatefulApis(http, this.state, {
      joined: async (roomId) => void (await this.loadHistory({ type: "room", room_id: roomId })),
    });
    ({ users: this.users, rooms: this.rooms, messages: this.messages, invitations: this.invitations } = apis);
    this.admin = apis.admin;
    ({ health: this.health, ready: this.ready } = createHealthApi(http));

    this.#history = {
      state: this.state,
      messages: this.messages,
      pageSize: options.backfillPageSize,
      maxPlainPages: 10,
    };
    this.#live = new LiveSync({
      state: this.state,
      apis,
      sync: new ResumeSync(this.#history, { gap: (gap) => this.emit("gap", gap) }, logger),
      logger,
      requestTimeout: options.requestTimeout,
      syncOnConnect: options.syncOnConnect,
      loadOutbox: (userId) => this.#loadOutbox(userId),
      refreshToken: () => this.#session.refreshNow(),
      emitEvent: (event) => (this.emit as (type: string, event: ServerEvent) => boolean)(event.type, event),
      emitError: (error) => this.emit("error", error),
      emitResumed: (report) => this.emit("resumed", report),
    });
    this.#outbox = new Outbox({
      store: options.outboxStore,
      send: transmitOver(() => this.#manager.connection),
      limit: options.outboxLimit,
    });
    this.#bridge = bridgeOutbox(this.#outbox, this.state, (event) => this.emit("messageStatus", event));
    this.#manager = new ConnectionManager({
      factory: options.factory,
      policy: new ReconnectPolicy(options.reconnect),
      connection: connectionSettings(options, () => this.#session.token()),
      onConnected: (connection, reconnect) => this.#live.connected(connection, reconnect),
      refreshToken: () => this.#session.refreshNow(),
      logger,
    });
    this.#actions = new MessageActions(
      () => this.#manager.connection,
      this.state,
      this.messages,
      (target) => this.#conversation(target),
    );
    this.#manager.on("connection", (connection) => {
      connection.on("event", (event) => this.#live.event(event));
      connection.on("protocolError", (error) => this.emit("error", error));
    });
    this.#manager.on("state", (state, previous) => {
      this.#outbox.setOnline(state === "connected");
      if (state !== "connected") this.state.typingTracker.clear();
      this.emit("connectionState", state, previous);
    });
    this.#manager.on("fatal", (error) => {
      if (CREDENTIAL_FAILURES.has(error.code)) void this.#signOut(error);
      else this.emit("error", error);
    });
  }

  /** `connecting`, `connected`, `reconnecting` or `disconnected`. */
  get connectionState(): ConnectionState {
    return this.#manager.state;
  }

  /** Extensions in force on the current (or last) connection. */
  get features(): readonly Feature[] {
    return this.#live.features;
  }

  /** Messages not yet acknowledged (pending) or refused (failed). */
  get outbox(): readonly OutboxEntry[] {
    return this.#outbox.entries;
  }

  /**
   * Open the real-time connection with the stored token and keep it open (reconnecting as
   * needed) until `disconnect()`. Resolves once connected and caught up.
   */
  async connect(): Promise<void> {
    if (!(await this.restoreSession())) {
      throw new LairError("unauthorized", { message: "Log in (or store a token) before connecting" });
    }
    this.#removeOnline ??= watchOnline(() => this.#manager.wake());
    await this.#manager.start();
  }

  /**
   * Pick up a session kept in the token store (after a reload or restart) without connecting:
   * arms the token refresh and loads that user's queued messages into the outbox and timelines.
   * Resolves false when there is no stored token.
   */
  async restoreSession(): Promise<boolean> {
    const userId = await this.#session.userId();
    if (!userId) return false;
    await this.#session.resume();
    await this.#loadOutbox(userId);
    return true;
  }

  /** Close the connection and stop reconnecting; queued messages wait for the next `connect()`. */
  disconnect(): void {
    this.#manager.stop();
    this.#removeOnline?.();
    this.#removeOnline = undefined;
  }

  /** Disconnect and release timers; the client cannot be used afterwards. */
  close(): void {
    this.disconnect();
    this.#session.stop();
    this.#outbox.dispose();
    this.state.typingTracker.clear();
    this.removeAllListeners();
  }

  /**
   * Send a message reliably: it is stored in the outbox at once (shown `pending` in the
   * timeline), sent when connected, retried until acknowledged, and delivered once.
   */
  send(
    target: MessageTargetInput,
    content: string,
    options: { clientMessageId?: string } = {},
  ): Promise<SendReceipt> {
    return this.#bridge.send(target, content, this.#requireMe(), options.clientMessageId);
  }

  /** Put a failed message back in the queue. */
  retry(clientMessageId: string): Promise<void> {
    return this.#outbox.retry(clientMessageId);
  }

  /** Drop a failed message. */
  discard(clientMessageId: string): Promise<void> {
    return this.#outbox.discard(clientMessageId);
  }

  /** Edit one's message (over the connection when there is one, else HTTP). */
  edit(messageId: string, content: string): Promise<Message> {
    return this.#actions.edit(messageId, content);
  }

  /** Delete a message (over the connection when there is one, else HTTP). */
  delete(messageId: string): Promise<void> {
    return this.#actions.delete(messageId);
  }

  /** Tell the others we are typing; throttled to one notice per 3 s per conversation, dropped offline. */
  typing(target: MessageTargetInput): void {
    this.#actions.typing(target);
  }

  /** Mark a conversation read (up to a message id, or all); resolves with what is still unread. */
  markRead(target: MessageTargetInput, upTo?: string): Promise<number> {
    return this.#actions.markRead(target, upTo);
  }

  /** Load the newest page of a conversation into its timeline (and fix its resume point). */
  loadHistory(target: MessageTargetInput, limit = 50): Promise<{ hasMore: boolean }> {
    return loadLatest(this.#history, this.#conversation(target), limit);
  }

  /** Load the page before the oldest message in the timeline. */
  loadOlder(target: MessageTargetInput, limit = 50): Promise<{ hasMore: boolean }> {
    return loadOlder(this.#history, this.#conversation(target), limit);
  }

  /** The conversation key of a target, from our side. */
  conversationKey(target: MessageTargetInput): string {
    return this.#conversation(target);
  }

  #conversation(target: MessageTargetInput): string {
    return this.state.conversationOf({ target: canonicalTarget(target), author: this.#requireMe() });
  }

  #requireMe(): string {
    const id = this.state.me?.id ?? this.#outboxOwner;
    if (!id) throw new LairError("unauthorized", { message: "Log in first" });
    return id;
  }

  async #loadOutbox(userId: string): Promise<void> {
    if (this.#outboxOwner === userId) return;
    this.#outboxOwner = userId;
    await this.#outbox.load(userId);
  }

  async #signOut(reason?: LairError): Promise<void> {
    this.#manager.stop();
    await this.#session.clear();
    this.#outboxOwner = undefined;
    this.state.clear();
    this.emit("signedOut", reason);
  }
}
