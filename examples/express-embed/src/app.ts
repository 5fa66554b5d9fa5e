/**
 * "My Notes", an Express app with its own accounts, session cookie and routes, that mounts the
 * Lair Chat server kit beside them. The lines that matter for chat are marked "Lair:"; see the
 * README for why each is there.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { createLairServer, type LairServer, type LairServerOptions, type Storage } from "@lair-chat/server";
import express, { type Express, type Request, type Response } from "express";
import { renderHomePage } from "./home-page.ts";
import { createHostAccounts, type HostAccounts } from "./host-accounts.ts";
import { createHostSessions } from "./host-session.ts";

export interface AppOptions {
  /** Where Lair keeps the chat (users, rooms, messages). The caller opens and closes it. */
  storage: Storage;
  /** Key for Lair's HS256 tokens, at least 32 bytes. */
  jwtSecret: string;
  /** Key that signs the app's own session cookie, at least 32 characters. */
  sessionSecret: string;
  /** Lifetime of the app's session cookie. @default 86_400_000 (24 h) */
  sessionTtlMs?: number;
  /** Where the app keeps its own accounts. @default undefined (in memory) */
  accountsFile?: string;
  /** Lair's rate limits (tests turn them off). @default the Lair tiers */
  rateLimits?: LairServerOptions["rateLimits"];
}

export interface NotesApp {
  app: Express;
  server: Server;
  lair: LairServer;
  accounts: HostAccounts;
  /** Listen and resolve with the base URL (`http://host:port`). */
  listen(port: number, host?: string): Promise<string>;
  /** Close chat connections, then the HTTP server. The storage stays open. */
  close(): Promise<void>;
}

export function createApp(options: AppOptions): NotesApp {
  const accounts = createHostAccounts(options.accountsFile);
  const sessions = createHostSessions(options.sessionSecret, options.sessionTtlMs ?? 86_400_000);
  const currentUser = (req: IncomingMessage) => {
    const username = sessions.read(req);
    return username === null ? undefined : accounts.get(username);
  };

  // Lair: one chat server, with the app's logged-in user as the chat user.
  const lair = createLairServer({
    storage: options.storage,
    jwtSecret: options.jwtSecret,
    ...(options.rateLimits === undefined ? {} : { rateLimits: options.rateLimits }),
    authenticate: async (req) => {
      const account = currentUser(req);
      return account ? { username: account.username, email: account.email } : null;
    },
  });

  const app = express();
  app.use(express.json()); // the app's own body parser; Lair reuses what it parsed
  const form = express.urlencoded({ extended: false });

  // Lair: accounts come from this app only. Lair's own sign-up would let a stranger claim a
  // username before its owner first opens the chat (the hook finds users by name).
  app.all(["/api/v1/auth/register", "/api/v1/auth/login"], (_req, res) => {
    res.status(403).json({ error: { code: "permission_denied", message: "Sign in at /login" } });
  });
  // Lair: /api/v1/*, /health, /ready, /metrics; next() for every other path.
  app.use(lair.handleRequest);

  app.get("/", (req, res) => {
    res.type("html").send(renderHomePage(currentUser(req)));
  });
  app.post("/signup", form, async (req, res) => {
    const { username, email, password } = fields(req);
    const problem = await accounts.signUp(username, email, password);
    if (problem) return void reply(req, res, 400, { error: problem });
    res.setHeader("Set-Cookie", sessions.issue(username));
    reply(req, res, 201, { username });
  });
  app.post("/login", form, async (req, res) => {
    const { username, password } = fields(req);
    const account = await accounts.verify(username, password);
    if (!account) return void reply(req, res, 401, { error: "wrong username or password" });
    res.setHeader("Set-Cookie", sessions.issue(account.username));
    reply(req, res, 200, { username: account.username });
  });
  app.post("/logout", (req, res) => {
    res.setHeader("Set-Cookie", sessions.clear());
    reply(req, res, 200, {});
  });
  app.get("/notes", (req, res) => {
    const account = currentUser(req);
    if (!account) return void res.status(401).json({ error: "log in first" });
    res.json({ notes: account.notes });
  });
  app.post("/notes", (req, res) => {
    const account = currentUser(req);
    if (!account) return void res.status(401).json({ error: "log in first" });
    const text = typeof req.body?.text === "string" ? req.body.text.trim() : "";
    if (text === "") return void res.status(400).json({ error: "text is required" });
    accounts.addNote(account.username, text);
    res.status(201).json({ notes: account.notes });
  });
  app.use((_req: Request, res: Response) => {
    res.status(404).type("text").send("My Notes: no such page");
  });

  const server = createServer(app);
  // Lair: the WebSocket endpoint on the same server. Only the app's logged-in users may open
  // it, so nobody can use Lair's socket-level register/login either.
  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (currentUser(req) && lair.handleUpgrade(req, socket, head)) return;
    socket.end("HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
  });

  return {
    app,
    server,
    lair,
    accounts,
    async listen(port, host = "127.0.0.1") {
      await lair.ready();
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => resolve());
      });
      const address = server.address() as AddressInfo;
      const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
      return `http://${shownHost}:${address.port}`;
    },
    async close() {
      await lair.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function fields(req: Request): { username: string; email: string; password: string } {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === "string" ? v.trim() : "");
  return { username: text(body.username), email: text(body.email), password: String(body.password ?? "") };
}

/** JSON for API callers, a redirect home for the page's forms. */
function reply(req: Request, res: Response, status: number, body: object): void {
  if (req.is("application/json")) res.status(status).json(body);
  else if (status >= 400)
    res
      .status(status)
      .type("text")
      .send(`${Object.values(body).join(" ")}`);
  else res.redirect(303, "/");
}
