/**
 * The app controller: which screen shows (login or chat), the client's events turned into
 * redraws and notices, and one render per burst of changes. Owns nothing global: the client,
 * the terminal and how to exit are passed in.
 */
import type { LairClient, StateChange } from "@lair-chat/client";
import { ChatScreen } from "./chat-screen.ts";
import { ChatSession, errorText } from "./chat-session.ts";
import { CommandRunner } from "./command-runner.ts";
import { LoginForm, type LoginSubmission } from "./login-form.ts";
import { PeopleDirectory } from "./people-directory.ts";
import { Renderer } from "./renderer.ts";
import { sanitizeLine } from "./sanitize.ts";
import { ScreenBuffer } from "./screen-buffer.ts";
import type { Terminal } from "./terminal.ts";
import { drawLogin } from "./views/login-view.ts";

export interface AppOptions {
  client: LairClient;
  terminal: Terminal;
  /** How the client reaches the server, for the status line, e.g. `tcp 127.0.0.1:8080`. */
  via: string;
  /** Shown under the login box. */
  server: string;
  /** Username to fill in. @default none */
  user?: string;
  /** Called once the user quits and the terminal is restored. */
  exit(code: number): void;
}

export class App {
  readonly #client: LairClient;
  readonly #terminal: Terminal;
  readonly #options: AppOptions;
  readonly #renderer = new Renderer();
  readonly #people: PeopleDirectory;
  readonly #session: ChatSession;
  readonly #chat: ChatScreen;
  #form: LoginForm;
  #screen: "login" | "chat" = "login";
  #scheduled = false;
  #quitting = false;

  constructor(options: AppOptions) {
    this.#options = options;
    this.#client = options.client;
    this.#terminal = options.terminal;
    this.#form = new LoginForm(options.user);
    this.#people = new PeopleDirectory(this.#client);
    const notify = (text: string, kind: "info" | "error") => this.notify(text, kind);
    this.#session = new ChatSession(this.#client, this.#people, { changed: () => this.invalidate(), notify });
    const runner = new CommandRunner(this.#client, this.#session, this.#people, {
      notify,
      help: () => {
        this.#chat.helpVisible = true;
        this.invalidate();
      },
      quit: () => this.quit(),
    });
    this.#chat = new ChatScreen({
      session: this.#session,
      runner,
      connectionState: () => this.#client.connectionState,
      username: () => this.#client.state.me?.username,
      selfId: () => this.#client.state.me?.id,
      via: options.via,
      changed: () => this.invalidate(),
      quit: () => this.quit(),
      typing: () => {
        const target = this.#session.current?.target;
        if (target && this.#client.connectionState === "connected") this.#client.typing(target);
      },
    });
  }

  start(): void {
    this.#listen();
    this.#terminal.start({
      key: (input, key) => {
        if (key.ctrl && key.name === "l") this.#renderer.invalidate();
        if (this.#screen === "login") this.#loginKey(input, key);
        else this.#chat.handleKey(input, key);
        this.invalidate();
      },
      resize: () => {
        this.#renderer.invalidate();
        this.invalidate();
      },
    });
    this.invalidate();
  }

  /** Show a notice on the status line. */
  notify(text: string, kind: "info" | "error"): void {
    this.#chat.notice = { text, kind };
    this.invalidate();
  }

  /** Draw soon, once for every change made until then. */
  invalidate(): void {
    if (this.#scheduled || this.#quitting) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      if (!this.#quitting) this.#render();
    });
  }

  /** Close the connection, give the terminal back, and exit. */
  quit(): void {
    if (this.#quitting) return;
    this.#quitting = true;
    this.#client.close();
    this.#terminal.restore();
    this.#options.exit(0);
  }

  #render(): void {
    const buffer = new ScreenBuffer(this.#terminal.columns, this.#terminal.rows);
    const cursor =
      this.#screen === "login"
        ? drawLogin(buffer, this.#form, this.#options.server)
        : this.#chat.draw(buffer);
    this.#terminal.write(this.#renderer.frame(buffer, cursor));
  }

  #loginKey(input: string | undefined, key: Parameters<LoginForm["handleKey"]>[1]): void {
    const action = this.#form.handleKey(input, key);
    if (action.kind === "quit") this.quit();
    else if (action.kind === "submit") void this.#signIn(action.submission);
  }

  async #signIn(submission: LoginSubmission): Promise<void> {
    const form = this.#form;
    form.busy = true;
    form.message = {
      text: submission.mode === "login" ? "Signing in…" : "Creating your account…",
      kind: "info",
    };
    this.invalidate();
    try {
      if (submission.mode === "login") {
        await this.#client.auth.login({ identifier: submission.identifier, password: submission.password });
      } else {
        const { username, email, password } = submission;
        await this.#client.auth.register({ username, email, password });
      }
    } catch (error) {
      form.busy = false;
      form.message = { text: errorText(error), kind: "error" };
      this.invalidate();
      return;
    }
    form.busy = false;
    form.message = undefined;
    form.fields.password.clear();
    this.#screen = "chat";
    this.#chat.notice = {
      text: `Signed in as ${this.#client.state.me?.username ?? ""}. /help for commands`,
      kind: "info",
    };
    this.invalidate();
    this.#client
      .connect()
      .catch((error: unknown) => this.notify(`Could not connect: ${errorText(error)}`, "error"));
  }

  #listen(): void {
    const client = this.#client;
    client.on("change", (change) => this.#changed(change));
    client.on("connectionState", () => this.invalidate());
    client.on("resumed", () => {
      this.#session.refreshMembers();
      const first = this.#session.entries()[0];
      if (!this.#session.current && first) this.#session.open(this.#session.targetOf(first));
    });
    client.on("user_joined_room", (event) => {
      const target = this.#session.current?.target;
      if (target?.type === "room" && target.room_id === event.room_id) this.#session.refreshMembers();
    });
    client.on("invitation_received", ({ invitation }) => {
      const room = sanitizeLine(invitation.room_name);
      this.notify(
        `${sanitizeLine(invitation.inviter_name)} invited you to #${room}: /join ${room} to accept`,
        "info",
      );
    });
    client.on("server_notice", (event) => this.notify(`Server: ${sanitizeLine(event.message)}`, "info"));
    client.on("signedOut", (reason) => {
      if (this.#quitting) return;
      client.disconnect();
      this.#session.reset();
      this.#people.clear();
      this.#form = new LoginForm(this.#form.fields.username.value);
      this.#form.message = { text: `Signed out${reason ? `: ${reason.message}` : ""}`, kind: "error" };
      this.#screen = "login";
      this.invalidate();
    });
  }

  #changed(change: StateChange): void {
    const current = this.#session.current;
    if (change.kind === "timeline" && change.conversation === current?.key) this.#session.markReadSoon();
    if (
      change.kind === "rooms" &&
      current?.target.type === "room" &&
      change.roomId === current.target.room_id
    ) {
      // Kicked, banned, left elsewhere, or the room was deleted: close it.
      if (!this.#client.state.room(current.target.room_id)?.isMember) {
        this.#session.close(current.key);
        this.notify("You are no longer in that room", "info");
      }
    }
    this.invalidate();
  }
}
