/**
 * Every setting of the reference server: its flag, its environment variable, its default and
 * what it does. `--help` prints this table, so it is the one place a setting is described.
 */
export interface SettingSpec {
  /** Key in the parsed config. */
  key: string;
  flag: string;
  env: string;
  /** Shown in --help; undefined means unset by default. */
  default?: string;
  description: string;
}

export const SETTINGS: readonly SettingSpec[] = [
  {
    key: "host",
    flag: "host",
    env: "LAIR_HOST",
    default: "0.0.0.0",
    description: "Address the HTTP and TCP listeners bind to",
  },
  {
    key: "httpPort",
    flag: "http-port",
    env: "LAIR_HTTP_PORT",
    default: "8082",
    description: "HTTP port: /api/v1, /ws, /health, /metrics and the web chat",
  },
  {
    key: "tcpPort",
    flag: "tcp-port",
    env: "LAIR_TCP_PORT",
    default: "8080",
    description: "TCP port (length-prefixed JSON); 0 picks a free port",
  },
  {
    key: "dataDir",
    flag: "data-dir",
    env: "LAIR_DATA_DIR",
    default: "./data",
    description: "Folder for the SQLite database and the generated JWT secret",
  },
  {
    key: "attachmentsDir",
    flag: "attachments-dir",
    env: "LAIR_ATTACHMENTS_DIR",
    description:
      "Folder for uploaded files (default <data-dir>/attachments); every node of a cluster must share it",
  },
  {
    key: "databaseUrl",
    flag: "database-url",
    env: "LAIR_DATABASE_URL",
    default: "sqlite:./data/lair-chat.db",
    description: "Storage: sqlite:<file> or postgres://user@host:port/db",
  },
  {
    key: "databaseSchema",
    flag: "database-schema",
    env: "LAIR_DATABASE_SCHEMA",
    default: "lair_chat",
    description: "Postgres schema the tables live in",
  },
  {
    key: "redisUrl",
    flag: "redis-url",
    env: "LAIR_REDIS_URL",
    description: "Redis URL; when set, nodes share events, presence and limits (multi-node)",
  },
  {
    key: "redisPrefix",
    flag: "redis-prefix",
    env: "LAIR_REDIS_PREFIX",
    default: "lair:",
    description: "Prefix of every Redis key and channel, so several clusters can share one Redis",
  },
  {
    key: "jwtSecret",
    flag: "jwt-secret",
    env: "LAIR_JWT_SECRET",
    description: "Token signing secret (>= 32 bytes); generated and kept in the data folder when unset",
  },
  {
    key: "adminUser",
    flag: "admin-user",
    env: "LAIR_ADMIN_USER",
    description: "Username of the first admin, created or promoted at start",
  },
  {
    key: "adminPassword",
    flag: "admin-password",
    env: "LAIR_ADMIN_PASSWORD",
    description: "Password of the first admin (required with --admin-user when the user is new)",
  },
  {
    key: "adminEmail",
    flag: "admin-email",
    env: "LAIR_ADMIN_EMAIL",
    description: "Email of the first admin (default <admin-user>@localhost)",
  },
  {
    key: "allowedOrigins",
    flag: "allowed-origins",
    env: "LAIR_ALLOWED_ORIGINS",
    description: "Comma-separated Origins allowed to open /ws (unset: same host only)",
  },
  {
    key: "trustProxy",
    flag: "trust-proxy",
    env: "LAIR_TRUST_PROXY",
    description: "Comma-separated proxy addresses/CIDRs whose X-Forwarded-For is believed",
  },
  {
    key: "tlsCertPath",
    flag: "tls-cert-path",
    env: "LAIR_TLS_CERT_PATH",
    description: "PEM certificate: serve HTTPS/WSS instead of HTTP",
  },
  {
    key: "tlsKeyPath",
    flag: "tls-key-path",
    env: "LAIR_TLS_KEY_PATH",
    description: "PEM private key for --tls-cert-path",
  },
  {
    key: "rateLimitAuth",
    flag: "rate-limit-auth",
    env: "LAIR_RATE_LIMIT_AUTH",
    default: "10",
    description: "Auth requests per minute per client",
  },
  {
    key: "rateLimitMessages",
    flag: "rate-limit-messages",
    env: "LAIR_RATE_LIMIT_MESSAGES",
    default: "30",
    description: "Messages per minute per user",
  },
  {
    key: "rateLimitRooms",
    flag: "rate-limit-rooms",
    env: "LAIR_RATE_LIMIT_ROOMS",
    default: "5",
    description: "Room creations per hour per user",
  },
  {
    key: "rateLimitGeneral",
    flag: "rate-limit-general",
    env: "LAIR_RATE_LIMIT_GENERAL",
    default: "100",
    description: "Other requests per minute per client",
  },
  {
    key: "webRoot",
    flag: "web-root",
    env: "LAIR_WEB_ROOT",
    description: "Folder of static files served at / (default: the built web chat, if present)",
  },
  {
    key: "serverName",
    flag: "server-name",
    env: "LAIR_SERVER_NAME",
    default: "Lair Chat",
    description: "Name sent in server_hello",
  },
  {
    key: "logLevel",
    flag: "log-level",
    env: "LAIR_LOG_LEVEL",
    default: "info",
    description: "pino log level: trace, debug, info, warn, error, fatal, silent",
  },
];

/** The --help text. */
export function helpText(): string {
  const rows = SETTINGS.map((s) => {
    const flag = `--${s.flag} <value>`;
    const def = s.default === undefined ? "" : ` (default: ${s.default})`;
    return `  ${flag.padEnd(30)} ${s.env.padEnd(26)} ${s.description}${def}`;
  });
  return [
    "Usage: lair-chat-server [options]",
    "",
    "Every option can also be set through its environment variable; a flag wins over the variable.",
    "",
    `  ${"flag".padEnd(30)} ${"environment".padEnd(26)} meaning`,
    ...rows,
    `  ${"--help".padEnd(30)} ${"".padEnd(26)} Print this help and exit`,
    "",
  ].join("\n");
}
