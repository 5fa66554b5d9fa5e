/**
 * What the user can do outside a message: create, browse, join and leave rooms, invite people,
 * answer invitations, start direct conversations, sign out. Each opens its dialog and calls the
 * client; the client's state updates the views.
 */
import type { LairClient } from "@lair-chat/client";
import type { EnrichedInvitation, User } from "@lair-chat/protocol";
import type { DmDirectory } from "./dm-directory.ts";
import { errorText } from "./format.ts";
import { inviteDialog, newDmDialog } from "./views/people-dialogs.ts";
import { createRoomDialog, roomDirectoryDialog } from "./views/room-dialogs.ts";
import { showToast } from "./views/toast.ts";

export interface ActionHooks {
  open(conversation: string): void;
  closeIfOpen(conversation: string): void;
  signOut(): void;
}

export class Actions {
  readonly #client: LairClient;
  readonly #dms: DmDirectory;
  readonly #hooks: ActionHooks;
  /** Names being fetched, so each unknown user is looked up once. */
  readonly #lookups = new Set<string>();

  constructor(client: LairClient, dms: DmDirectory, hooks: ActionHooks) {
    this.#client = client;
    this.#dms = dms;
    this.#hooks = hooks;
  }

  /** A user's name; unknown ones are fetched once and the views re-render when it arrives. */
  username(userId: string): string {
    const { state } = this.#client;
    const known = state.username(userId);
    if (known !== undefined) return known;
    if (!this.#lookups.has(userId)) {
      this.#lookups.add(userId);
      this.#client.users.get(userId).then(
        ({ user, online }) => {
          state.people.rememberUsername(user.id, user.username);
          state.people.setOnline(user.id, online, user.username);
          state.changed({ kind: "presence", userId });
        },
        () => {},
      );
    }
    return "…";
  }

  createRoom(): void {
    createRoomDialog(async ({ name, description, isPrivate }) => {
      const { room } = await this.#client.rooms.create({
        name,
        description: description === "" ? null : description,
        settings: { public: !isPrivate },
      });
      this.#hooks.open(this.#client.state.roomKey(room.id));
    });
  }

  browseRooms(): void {
    roomDirectoryDialog({
      list: async (search) => {
        const res = await this.#client.rooms.list({
          publicOnly: true,
          limit: 50,
          ...(search ? { search } : {}),
        });
        return res.rooms;
      },
      join: async (roomId) => {
        await this.#client.rooms.join(roomId);
      },
      open: (roomId) => this.#hooks.open(this.#client.state.roomKey(roomId)),
    });
  }

  newDm(): void {
    newDmDialog(async (username) => {
      const user = await this.#findUser(username);
      if (user.id === this.#client.state.me?.id) throw new Error("That's you. Pick someone else.");
      this.#dms.touch(user.id);
      this.#hooks.open(this.#client.state.dmKey(user.id));
    });
  }

  invite(roomId: string): void {
    const name = this.#client.state.room(roomId)?.room.name ?? "room";
    inviteDialog(name, async (username) => {
      const user = await this.#findUser(username);
      await this.#client.invitations.create({ room_id: roomId, user_id: user.id });
      showToast(`Invitation sent to ${user.username}.`);
    });
  }

  leave(roomId: string): void {
    const name = this.#client.state.room(roomId)?.room.name ?? "this room";
    if (!confirm(`Leave #${name}?`)) return;
    this.#client.rooms.leave(roomId).then(
      () => this.#hooks.closeIfOpen(this.#client.state.roomKey(roomId)),
      (error: unknown) => showToast(errorText(error)),
    );
  }

  accept(invitation: EnrichedInvitation): void {
    this.#client.invitations.accept(invitation.id).then(
      ({ room }) => this.#hooks.open(this.#client.state.roomKey(room.id)),
      (error: unknown) => showToast(errorText(error)),
    );
  }

  decline(invitation: EnrichedInvitation): void {
    this.#client.invitations.decline(invitation.id).catch((error: unknown) => showToast(errorText(error)));
  }

  logout(): void {
    // The client forgets the token even when the server cannot be reached.
    this.#client.auth.logout().catch(() => {});
    this.#hooks.signOut();
  }

  async #findUser(username: string): Promise<User> {
    const wanted = username.replace(/^@/, "").toLowerCase();
    const res = await this.#client.users.list({ search: wanted, limit: 50 });
    const found = res.users.find(({ user }) => user.username.toLowerCase() === wanted);
    if (!found) throw new Error(`No user named "${username}".`);
    this.#client.state.people.rememberUsername(found.user.id, found.user.username);
    return found.user;
  }
}
