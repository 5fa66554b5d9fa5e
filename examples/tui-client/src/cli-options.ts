/** The command line of `lair-chat-tui`: flags, their defaults, and `--help`. */
import { homedir } from "node:os";
import { join } from "node:path";

export interface TuiOptions {
  /** Server origin (HTTP API, and WebSocket at /ws). @default "http://localhost:8082" */
  url: string;
  /** Real-time transport. @default "tcp" (as the Lair TUI) */
  transport: "tcp" | "websocket";
  /** TCP host. @default the host of `url` */
  tcpHost: string;
  /** TCP port. @default 8080 */
  tcpPort: number;
  /** TCP frame encryption. @default "compat" (Lair's X25519 + AES-GCM) */
  encryption: "none" | "compat" | "hardened";
  /** Pinned server key for `hardened` encryption. @default none */
  serverKey?: string;
  /** Where the outbox file lives, so unsent messages survive a restart. @default ~/.local/state/lair-chat-tui */
  dataDir: string;
  /** Username to put in the login form. @default none */
  user?: string;
}

export type CliResult =
  | { kind: "run"; options: TuiOptions }
  | { kind: "help" }
  | { kind: "error"; message: string };

export const HELP_TEXT = `lair-chat-tui — Lair Chat in the terminal

Usage: lair-chat-tui [options]

  --url <url>             server origin (HTTP API; WebSocket at /ws)   [http://localhost:8082]
  --transport <kind>      tcp or websocket                             [tcp]
  --tcp-host <host>       TCP host                                     [host of --url]
  --tcp-port <port>       TCP port                                     [8080]
  --encryption <mode>     TCP encryption: none, compat or hardened     [compat]
  --server-key <base64>   pinned server key (hardened encryption)
  --data-dir <dir>        where unsent messages are kept               [~/.local/state/lair-chat-tui]
  --user <name>           username to fill in on the login screen
  -h, --help              show this help

In the chat: /join <room>, /leave, /create <room>, /dm <user>, /invite <user>, /help, /quit.
PageUp/PageDown scroll, Ctrl-N/Ctrl-P switch conversations, Ctrl-C quits.
`;

const FLAGS = new Set([
  "url",
  "transport",
  "tcp-host",
  "tcp-port",
  "encryption",
  "server-key",
  "data-dir",
  "user",
]);

function defaultDataDir(env: NodeJS.ProcessEnv): string {
  const state = env.XDG_STATE_HOME || join(homedir(), ".local", "state");
  return join(state, "lair-chat-tui");
}

/** Parse argv (without the node and script paths). */
export function parseCliOptions(argv: readonly string[], env: NodeJS.ProcessEnv = {}): CliResult {
  const given = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "-h" || arg === "--help") return { kind: "help" };
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    const name = match?.[1];
    if (!match || name === undefined || !FLAGS.has(name))
      return { kind: "error", message: `unknown option ${arg}` };
    const value = match[2] ?? argv[++i];
    if (value === undefined) return { kind: "error", message: `--${name} needs a value` };
    given.set(name, value);
  }
  const url = given.get("url") ?? "http://localhost:8082";
  let parsedUrl: URL;
  try {
    parsedUrl = new URL(url);
  } catch {
    return { kind: "error", message: `--url is not a URL: ${url}` };
  }
  if (parsedUrl.protocol !== "http:" && parsedUrl.protocol !== "https:") {
    return { kind: "error", message: "--url must start with http:// or https://" };
  }
  const transport = given.get("transport") ?? "tcp";
  if (transport !== "tcp" && transport !== "websocket") {
    return { kind: "error", message: "--transport must be tcp or websocket" };
  }
  const portText = given.get("tcp-port") ?? "8080";
  const tcpPort = Number(portText);
  if (!/^\d+$/.test(portText) || tcpPort < 1 || tcpPort > 65_535) {
    return { kind: "error", message: "--tcp-port must be 1-65535" };
  }
  const encryption = given.get("encryption") ?? "compat";
  if (encryption !== "none" && encryption !== "compat" && encryption !== "hardened") {
    return { kind: "error", message: "--encryption must be none, compat or hardened" };
  }
  const serverKey = given.get("server-key");
  if (encryption === "hardened" && serverKey === undefined) {
    return { kind: "error", message: "--encryption hardened needs --server-key" };
  }
  const user = given.get("user");
  return {
    kind: "run",
    options: {
      url: parsedUrl.origin,
      transport,
      tcpHost: given.get("tcp-host") ?? parsedUrl.hostname.replace(/^\[(.*)\]$/, "$1"),
      tcpPort,
      encryption,
      ...(serverKey === undefined ? {} : { serverKey }),
      dataDir: given.get("data-dir") ?? defaultDataDir(env),
      ...(user === undefined ? {} : { user }),
    },
  };
}
