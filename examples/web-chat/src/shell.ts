/**
 * The signed-in app: connection banner, sidebar, the open conversation and the members panel.
 * It listens to the client's `change` events and re-renders only the parts named, batched per
 * task; the open conversation lives in the URL hash so a reload returns to it.
 */
import type { LairClient, StateChange } from "@lair-chat/client";
import type { MessageTargetInput } from "@lair-chat/protocol";
import { Actions } from "./actions.ts";
import { DmDirectory } from "./dm-directory.ts";
import { h, replaceChildren } from "./dom.ts";
import { conversationFromHash, hashOf, roomOf, targetOf } from "./routes.ts";
import { ChatPane } from "./views/chat-pane.ts";
import { type BannerState, ConnectionBanner } from "./views/connection-banner.ts";
import { MembersPanel } from "./views/members-panel.ts";
import { Sidebar } from "./views/sidebar.ts";

export class Shell {
  readonly element: HTMLElement;
  readonly #client: LairClient;
  readonly #dms: DmDirectory;
  readonly #actions: Actions;
  readonly #banner: ConnectionBanner;
  readonly #sidebar: Sidebar;
  readonly #members: MembersPanel;
  #main: HTMLElement;
  readonly #grid: HTMLElement;
  #pane: ChatPane | undefined;
  readonly #dirty = new Set<string>();
  #scheduled = false;
  #markReadTimer: ReturnType<typeof setTimeout> | undefined;
  readonly #cleanup: Array<() => void> = [];

  constructor(client: LairClient, signOut: () => void) {
    this.#client = client;
    const { state } = client;
    this.#dms = new DmDirectory(state);
    if (state.me) this.#dms.load(state.me.id);
    this.#actions = new Actions(client, this.#dms, {
      open: (conversation) => this.open(conversation),
      closeIfOpen: (conversation) => {
        if (this.#pane?.conversation === conversation) this.open(undefined);
      },
      signOut,
    });
    this.#banner = new ConnectionBanner(() => void client.connect().catch(() => {}));
    this.#sidebar = new Sidebar({
      state,
      connected: () => client.connectionState === "connected",
      current: () => this.#pane?.conversation,
      open: (conversation) => this.open(conversation),
      dmPartners: () => this.#dms.partners(),
      username: (id) => this.#actions.username(id),
      createRoom: () => this.#actions.createRoom(),
      browseRooms: () => this.#actions.browseRooms(),
      newDm: () => this.#actions.newDm(),
      logout: () => this.#actions.logout(),
      accept: (invitation) => this.#actions.accept(invitation),
      decline: (invitation) => this.#actions.decline(invitation),
    });
    this.#members = new MembersPanel({ state, message: (userId) => this.open(state.dmKey(userId)) });
    this.#main = h("main", { class: "chat" }, placeholder());
    this.#grid = h("div", { class: "shell" }, this.#sidebar.element, this.#main, this.#members.element);
    // On a phone the sidebar is a drawer: a tap outside it closes it.
    this.#grid.addEventListener("click", (event) => {
      const target = event.target as Element;
      if (!target.closest(".sidebar") && !target.closest(".menu-btn"))
        this.#grid.classList.remove("drawer-open");
    });
    this.element = h("div", { class: "app", data: { view: "chat" } }, this.#banner.element, this.#grid);

    this.#listen();
    this.#updateBanner();
    const fromHash = conversationFromHash(location.hash, state.me?.id);
    if (fromHash) this.open(fromHash);
  }

  /** Open a conversation (or none). */
  open(conversation: string | undefined): void {
    this.#grid.classList.remove("drawer-open");
    if (conversation !== undefined && conversation === this.#pane?.conversation) return;
    this.#pane?.dispose();
    this.#pane = undefined;
    const target = conversation ? this.#target(conversation) : undefined;
    if (!conversation || !target) {
      replaceChildren(this.#main, placeholder());
      this.#members.show(undefined);
      this.#members.element.hidden = true;
      history.replaceState(null, "", location.pathname);
      this.#sidebar.render();
      return;
    }
    if (target.type === "dm") this.#dms.touch(target.recipient);
    this.#pane = new ChatPane({
      client: this.#client,
      conversation,
      target,
      username: (id) => this.#actions.username(id),
      toggleMembers: () => {
        this.#members.element.hidden = !this.#members.element.hidden;
      },
      invite: (roomId) => this.#actions.invite(roomId),
      leave: (roomId) => this.#actions.leave(roomId),
      openDrawer: () => this.#grid.classList.add("drawer-open"),
    });
    this.#main.replaceWith(this.#pane.element);
    this.#main = this.#pane.element;
    this.#members.show(target.type === "room" ? target.room_id : undefined);
    if (target.type !== "room") this.#members.element.hidden = true;
    else if (window.matchMedia("(min-width: 961px)").matches) this.#members.element.hidden = false;
    history.replaceState(null, "", hashOf(conversation, this.#client.state.me?.id));
    this.#sidebar.render();
    this.#scheduleMarkRead();
  }

  dispose(): void {
    document.title = "Lair Chat";
    for (const undo of this.#cleanup) undo();
    clearTimeout(this.#markReadTimer);
    this.#pane?.dispose();
  }

  #listen(): void {
    const client = this.#client;
    const onChange = (change: StateChange) => this.#invalidate(change);
    const onState = () => {
      this.#updateBanner();
      this.#sidebar.render();
    };
    const onNetwork = () => this.#updateBanner();
    const onVisible = () => this.#scheduleMarkRead();
    // A join event says who joined, not whether they are online: ask for the fresh list.
    const onJoined = (event: { room_id: string }) => {
      if (this.#members.roomId === event.room_id) client.rooms.members(event.room_id).catch(() => {});
    };
    client.on("change", onChange);
    client.on("user_joined_room", onJoined);
    client.on("connectionState", onState);
    window.addEventListener("online", onNetwork);
    window.addEventListener("offline", onNetwork);
    document.addEventListener("visibilitychange", onVisible);
    window.addEventListener("focus", onVisible);
    this.#cleanup.push(
      () => client.off("change", onChange),
      () => client.off("connectionState", onState),
      () => client.off("user_joined_room", onJoined),
      () => window.removeEventListener("online", onNetwork),
      () => window.removeEventListener("offline", onNetwork),
      () => document.removeEventListener("visibilitychange", onVisible),
      () => window.removeEventListener("focus", onVisible),
    );
  }

  #updateBanner(): void {
    const state = this.#client.connectionState;
    const banner: BannerState = !navigator.onLine && state !== "connected" ? "offline" : state;
    this.#banner.set(banner);
  }

  /** Note what changed; render once after the current task. */
  #invalidate(change: StateChange): void {
    const current = this.#pane?.conversation;
    const roomId = current ? roomOf(current) : undefined;
    switch (change.kind) {
      case "session":
      case "invitations":
      case "unread":
        this.#dirty.add("sidebar");
        break;
      case "rooms":
        this.#dirty.add("sidebar");
        if (change.roomId === roomId) this.#dirty.add(this.#client.state.room(roomId) ? "header" : "gone");
        break;
      case "members":
        if (change.roomId === roomId) this.#dirty.add("members").add("header");
        break;
      case "presence":
        this.#dirty.add("sidebar").add("members").add("header");
        break;
      case "typing":
        if (change.conversation === current) this.#dirty.add("typing");
        break;
      case "timeline":
        if (change.conversation === current) this.#dirty.add("timeline");
        if (change.conversation.startsWith("dm:")) this.#dirty.add("sidebar");
        break;
      default: {
        const exhaustive: never = change;
        throw new TypeError(`unknown change ${JSON.stringify(exhaustive)}`);
      }
    }
    if (this.#scheduled) return;
    this.#scheduled = true;
    setTimeout(() => this.#flush(), 0);
  }

  #flush(): void {
    this.#scheduled = false;
    const dirty = new Set(this.#dirty);
    this.#dirty.clear();
    const pane = this.#pane;
    // The room we were in was deleted: close it.
    if (dirty.has("gone")) {
      this.open(undefined);
      return;
    }
    if (dirty.has("sidebar")) {
      this.#sidebar.render();
      const unread = Object.values(this.#client.state.unreadCounts).reduce((sum, n) => sum + n, 0);
      document.title = unread > 0 ? `(${unread}) Lair Chat` : "Lair Chat";
    }
    if (dirty.has("members")) this.#members.render();
    if (pane) {
      if (dirty.has("header")) pane.renderHeader();
      if (dirty.has("typing")) pane.renderTyping();
      if (dirty.has("timeline")) {
        pane.renderTimeline();
        this.#scheduleMarkRead();
      }
    }
  }

  /** Mark the open conversation read when it has unread messages the reader can see. */
  #scheduleMarkRead(): void {
    clearTimeout(this.#markReadTimer);
    this.#markReadTimer = setTimeout(() => {
      const pane = this.#pane;
      if (!pane || document.visibilityState !== "visible") return;
      const { state } = this.#client;
      if (state.unread(pane.conversation) === 0) return;
      const target = this.#target(pane.conversation);
      if (target) this.#client.markRead(target).catch(() => {});
    }, 400);
  }

  #target(conversation: string): MessageTargetInput | undefined {
    return targetOf(conversation, this.#client.state.me?.id);
  }
}

function placeholder(): HTMLElement {
  return h(
    "div",
    { class: "placeholder", data: { testid: "placeholder" } },
    h(
      "div",
      null,
      h("h2", null, "Welcome to Lair Chat"),
      h("p", null, "Pick a conversation on the left, browse public rooms, or create your own."),
    ),
  );
}
