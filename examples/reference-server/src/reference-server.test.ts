import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { connectWebSocket, whenOpen } from "@lair-chat/protocol";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { parseConfig, type ServerConfig } from "./config.ts";
import { type RunningServer, startReferenceServer } from "./reference-server.ts";

const silent = pino({ level: "silent" });
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "lair-ref-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

function configFor(dir: string, extra: Record<string, string> = {}): ServerConfig {
  const parsed = parseConfig([], {
    LAIR_HOST: "127.0.0.1",
    LAIR_HTTP_PORT: "0",
    LAIR_TCP_PORT: "0",
    LAIR_DATA_DIR: join(dir, "data"),
    LAIR_DATABASE_URL: `sqlite:${join(dir, "data", "chat.db")}`,
    LAIR_WEB_ROOT: join(dir, "web"),
    ...extra,
  });
  if (parsed.help) throw new Error("unexpected --help");
  return parsed.config;
}

async function start(config: ServerConfig): Promise<RunningServer> {
  const server = await startReferenceServer(config, { logger: silent });
  cleanups.push(() => server.close());
  return server;
}

async function json(url: string, init?: RequestInit): Promise<{ status: number; body: any }> {
  const res = await fetch(url, {
    ...init,
    headers: { "content-type": "application/json", ...init?.headers },
  });
  return { status: res.status, body: await res.json() };
}

describe("reference server", () => {
  it("serves the API, the web chat and health on one port, with SQLite and a kept JWT secret", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, "web-index.html"), "");
    const { mkdir } = await import("node:fs/promises");
    await mkdir(join(dir, "web"), { recursive: true });
    await writeFile(join(dir, "web", "index.html"), "<!doctype html><title>Lair web chat</title>");
    const config = configFor(dir);
    const first = await start(config);

    expect((await json(`${first.httpUrl}/health`)).body.status).toBe("healthy");
    expect((await json(`${first.httpUrl}/ready`)).body).toEqual({ ready: true, database: "connected" });
    const page = await fetch(`${first.httpUrl}/`);
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(await page.text()).toContain("Lair web chat");
    expect(await (await fetch(`${first.httpUrl}/rooms/some-client-route`)).text()).toContain("Lair web chat");
    expect(await (await fetch(`${first.httpUrl}/%2e%2e/%2e%2e/%2e%2e/etc/passwd`)).text()).not.toContain(
      "root:",
    );

    const reg = await json(`${first.httpUrl}/api/v1/auth/register`, {
      method: "POST",
      body: JSON.stringify({ username: "alice", email: "Alice@Example.com", password: "correct horse" }),
    });
    expect(reg.status).toBe(201);
    const secret = (await readFile(join(dir, "data", "jwt-secret"), "utf8")).trim();
    expect(secret.length).toBeGreaterThanOrEqual(32);

    const ws = connectWebSocket(`${first.httpUrl.replace("http", "ws")}/ws?token=${reg.body.token}`);
    const frames: any[] = [];
    ws.on("message", (m) => frames.push(JSON.parse(m)));
    await whenOpen(ws);
    await expect.poll(() => frames.map((f) => f.type)).toEqual(["server_hello", "authenticate_response"]);
    expect(frames[1].success).toBe(true);
    ws.close();
    await first.close();

    // Same data folder: the generated secret and the SQLite file survive a restart.
    const second = await start(configFor(dir));
    const me = await json(`${second.httpUrl}/api/v1/users/me`, {
      headers: { authorization: `Bearer ${reg.body.token}` },
    });
    expect(me.status).toBe(200);
    expect(me.body.user?.username ?? me.body.username).toBe("alice");
  });

  it("keeps uploads in LAIR_ATTACHMENTS_DIR when set, else in <data-dir>/attachments", async () => {
    const { readdir } = await import("node:fs/promises");
    const filesUnder = async (root: string): Promise<string[]> =>
      (await readdir(root, { recursive: true, withFileTypes: true }))
        .filter((e) => e.isFile() && e.parentPath !== join(root, "tmp"))
        .map((e) => e.name);
    const upload = async (server: RunningServer, username: string) => {
      const reg = await json(`${server.httpUrl}/api/v1/auth/register`, {
        method: "POST",
        body: JSON.stringify({ username, email: `${username}@example.com`, password: "correct horse" }),
      });
      const res = await fetch(`${server.httpUrl}/api/v1/attachments?name=a.txt`, {
        method: "POST",
        headers: { authorization: `Bearer ${reg.body.token}`, "content-type": "application/octet-stream" },
        body: "some words\n",
      });
      expect(res.status).toBe(201);
      return ((await res.json()) as { attachment: { id: string } }).attachment.id;
    };
    const dir = await tempDir();
    const shared = join(dir, "shared-files");
    const custom = await start(configFor(dir, { LAIR_ATTACHMENTS_DIR: shared }));
    const id = await upload(custom, "carol");
    expect(await filesUnder(shared)).toContain(id);
    await custom.close();

    const other = await tempDir();
    const plain = await start(configFor(other));
    const id2 = await upload(plain, "dave");
    expect(await filesUnder(join(other, "data", "attachments"))).toContain(id2);
  });

  it("runs as a process, logs, and stops cleanly on SIGTERM", async () => {
    const dir = await tempDir();
    const main = fileURLToPath(new URL("./main.ts", import.meta.url));
    const child = spawn(process.execPath, ["--conditions=source", "--import", "tsx", main], {
      env: {
        ...process.env,
        LAIR_HOST: "127.0.0.1",
        LAIR_HTTP_PORT: "0",
        LAIR_TCP_PORT: "0",
        LAIR_DATA_DIR: join(dir, "data"),
        LAIR_DATABASE_URL: `sqlite:${join(dir, "data", "chat.db")}`,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    cleanups.push(async () => {
      if (child.exitCode === null) child.kill("SIGKILL");
    });
    let out = "";
    child.stdout.on("data", (c) => {
      out += c;
    });
    child.stderr.on("data", (c) => {
      out += c;
    });
    await expect.poll(() => out, { timeout: 30_000 }).toContain("Lair Chat is up");
    const lines = out
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    expect(lines.some((l) => l.msg === "migration" && l.status === "applied")).toBe(true);
    const up = lines.find((l) => String(l.msg).startsWith("Lair Chat is up"));
    const health = await json(`${up.http}/health`);
    expect(health.body.status).toBe("healthy");
    const exit = new Promise<number | null>((done) => child.on("exit", (code) => done(code)));
    child.kill("SIGTERM");
    expect(await exit).toBe(0);
  });

  it("--help lists every setting and bad settings exit with status 2", async () => {
    const main = fileURLToPath(new URL("./main.ts", import.meta.url));
    const run = (args: string[], env: Record<string, string> = {}) =>
      new Promise<{ code: number | null; out: string }>((done) => {
        const child = spawn(process.execPath, ["--conditions=source", "--import", "tsx", main, ...args], {
          env: { ...process.env, ...env },
        });
        let out = "";
        child.stdout.on("data", (c) => {
          out += c;
        });
        child.stderr.on("data", (c) => {
          out += c;
        });
        child.on("exit", (code) => done({ code, out }));
      });
    const help = await run(["--help"]);
    expect(help.code).toBe(0);
    for (const name of [
      "LAIR_HTTP_PORT",
      "LAIR_TCP_PORT",
      "LAIR_DATABASE_URL",
      "LAIR_REDIS_URL",
      "LAIR_JWT_SECRET",
      "LAIR_TRUST_PROXY",
    ]) {
      expect(help.out).toContain(name);
    }
    const bad = await run([], { LAIR_HTTP_PORT: "99999" });
    expect(bad.code).toBe(2);
    expect(bad.out).toContain("LAIR_HTTP_PORT");
  });
});
