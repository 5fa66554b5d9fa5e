/**
 * Carries out what the user typed: sends messages to the open conversation and runs the slash
 * commands against the client. Results and failures come back as notices on the status line.
 */
import type { LairClient } from "@lair-chat/client";
import { type ChatSession, errorText, type Target } from "./chat-session.ts";
import type { Command } from "./command-parser.ts";
import type { PeopleDirectory } from "./people-directory.ts";
import { sanitizeLine } from "./sanitize.ts";

export interface RunnerHooks {
  notify(text: string, kind: "info" | "error"): void;
  help(): void;
  quit(): void;
}

export class CommandRunner {
  readonly #client: LairClient;
  readonly #session: ChatSession;
  readonly #people: PeopleDirectory;
  readonly #hooks: RunnerHooks;

  constructor(client: LairClient, session: ChatSession, people: PeopleDirectory, hooks: RunnerHooks) {
    this.#client = client;
    this.#session = session;
    this.#people = people;
    this.#hooks = hooks;
  }

  /** Run a command; failures become error notices, never rejections. */
  async run(command: Command): Promise<void> {
    try {
      await this.#run(command);
    } catch (error) {
      this.#hooks.notify(errorText(error), "error");
    }
  }

  async #run(command: Command): Promise<void> {
    switch (command.kind) {
      case "message":
        return this.#send(command.text);
      case "join":
        return this.#join(command.room);
      case "leave":
        return this.#leave(command.room);
      case "create":
        return this.#create(command.room);
      case "dm":
        return this.#dm(command.user, command.text);
      case "invite":
        return this.#invite(command.user);
      case "help":
        return this.#hooks.help();
      case "quit":
        return this.#hooks.quit();
      case "invalid":
        return this.#hooks.notify(command.message, "error");
      default: {
        const exhaustive: never = command;
        throw new TypeError(`unknown command ${JSON.stringify(exhaustive)}`);
      }
    }
  }

  async #send(text: string, target = this.#session.current?.target): Promise<void> {
    if (!target) throw new Error("No conversation is open: /join a room or /dm someone first");
    if (target.type === "room" && !this.#client.state.room(target.room_id)?.isMember) {
      throw new Error("You are not in this room: /join it first");
    }
    this.#session.current?.scroll.toBottom();
    // `send` shows the message as pending at once and delivers it, retrying, exactly once.
    const receipt = await this.#client.send(target, text);
    const outcome = await receipt.delivered;
    if (outcome.status === "failed")
      this.#hooks.notify(`Not sent: ${outcome.error?.message ?? "refused"}`, "error");
  }

  async #join(name: string): Promise<void> {
    const { state } = this.#client;
    const wanted = name.toLowerCase();
    const known = state.joinedRooms.find(({ room }) => room.name.toLowerCase() === wanted);
    if (known) {
      this.#session.open({ type: "room", room_id: known.room.id });
      return;
    }
    const invitation = state.invitations.find(
      (i) => i.status === "pending" && i.room_name.toLowerCase() === wanted,
    );
    if (invitation) {
      const { room } = await this.#client.invitations.accept(invitation.id);
      this.#session.open({ type: "room", room_id: room.id });
      this.#hooks.notify(
        `Accepted ${sanitizeLine(invitation.inviter_name)}'s invitation to #${sanitizeLine(room.name)}`,
        "info",
      );
      return;
    }
    const { rooms } = await this.#client.rooms.list({ search: name, limit: 50 });
    const found = rooms.find(({ room }) => room.name.toLowerCase() === wanted);
    if (!found) throw new Error(`No room named "${name}"; /create ${name} makes one`);
    if (!found.is_member) await this.#client.rooms.join(found.room.id);
    this.#session.open({ type: "room", room_id: found.room.id });
    this.#hooks.notify(`Joined #${sanitizeLine(found.room.name)}`, "info");
  }

  async #leave(name: string | undefined): Promise<void> {
    const { state } = this.#client;
    let roomId: string | undefined;
    if (name === undefined) {
      const target = this.#session.current?.target;
      if (target?.type !== "room") throw new Error("Open a room to leave, or name one: /leave <room>");
      roomId = target.room_id;
    } else {
      roomId = state.joinedRooms.find(({ room }) => room.name.toLowerCase() === name.toLowerCase())?.room.id;
      if (!roomId) throw new Error(`You are not in a room named "${name}"`);
    }
    const roomName = state.room(roomId)?.room.name ?? "room";
    await this.#client.rooms.leave(roomId);
    this.#session.close(state.roomKey(roomId));
    this.#hooks.notify(`Left #${sanitizeLine(roomName)}`, "info");
  }

  async #create(name: string): Promise<void> {
    const { room } = await this.#client.rooms.create({ name });
    this.#session.open({ type: "room", room_id: room.id });
    this.#hooks.notify(`Created #${sanitizeLine(room.name)}`, "info");
  }

  async #dm(username: string, text: string | undefined): Promise<void> {
    const user = await this.#people.find(username);
    if (!user) throw new Error(`No user named "${username}"`);
    if (user.id === this.#client.state.me?.id) throw new Error("That's you; pick someone else");
    const target: Target = { type: "dm", recipient: user.id };
    this.#session.open(target);
    if (text !== undefined) await this.#send(text, target);
  }

  async #invite(username: string): Promise<void> {
    const target = this.#session.current?.target;
    if (target?.type !== "room") throw new Error("Open the room to invite to first");
    const user = await this.#people.find(username);
    if (!user) throw new Error(`No user named "${username}"`);
    await this.#client.invitations.create({ room_id: target.room_id, user_id: user.id });
    const roomName = this.#client.state.room(target.room_id)?.room.name ?? "the room";
    this.#hooks.notify(`Invited ${sanitizeLine(user.username)} to #${sanitizeLine(roomName)}`, "info");
  }
}
