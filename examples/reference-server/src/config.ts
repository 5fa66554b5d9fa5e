/**
 * Reads the reference server's configuration from flags and environment variables (flags win)
 * and validates it, so a typo fails at start with the setting's name instead of later.
 */
import { parseArgs } from "node:util";
import { z } from "zod";
import { SETTINGS } from "./settings.ts";

const port = z.coerce.number().int().min(0).max(65_535);
const perWindow = z.coerce.number().int().positive();
const list = z
  .string()
  .optional()
  .transform((v) =>
    v === undefined
      ? []
      : v
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean),
  );

const ConfigSchema = z
  .object({
    host: z.string().min(1),
    httpPort: port,
    tcpPort: port,
    dataDir: z.string().min(1),
    attachmentsDir: z.string().min(1).optional(),
    databaseUrl: z.string().regex(/^(sqlite:|postgres(ql)?:\/\/)/, "must start with sqlite: or postgres://"),
    databaseSchema: z.string().regex(/^[a-z_][a-z0-9_]*$/i, "must be a plain SQL identifier"),
    redisUrl: z
      .string()
      .regex(/^rediss?:\/\//, "must start with redis:// or rediss://")
      .optional(),
    redisPrefix: z.string().min(1).max(64),
    jwtSecret: z.string().min(32, "must be at least 32 characters").optional(),
    adminUser: z.string().optional(),
    adminPassword: z.string().optional(),
    adminEmail: z.string().optional(),
    allowedOrigins: list,
    trustProxy: list,
    tlsCertPath: z.string().optional(),
    tlsKeyPath: z.string().optional(),
    rateLimitAuth: perWindow,
    rateLimitMessages: perWindow,
    rateLimitRooms: perWindow,
    rateLimitGeneral: perWindow,
    webRoot: z.string().optional(),
    serverName: z.string().min(1).max(64),
    logLevel: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]),
  })
  .refine((c) => (c.tlsCertPath === undefined) === (c.tlsKeyPath === undefined), {
    message: "LAIR_TLS_CERT_PATH and LAIR_TLS_KEY_PATH go together",
    path: ["tlsCertPath"],
  });

export type ServerConfig = z.output<typeof ConfigSchema>;

export type ParseResult = { help: true } | { help: false; config: ServerConfig };

/**
 * Parse flags and environment. Throws a TypeError listing every bad setting by its flag and
 * environment variable name.
 */
export function parseConfig(argv: readonly string[], env: Record<string, string | undefined>): ParseResult {
  const options: Record<string, { type: "string" | "boolean" }> = { help: { type: "boolean" } };
  for (const s of SETTINGS) options[s.flag] = { type: "string" };
  const { values } = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false });
  if (values.help) return { help: true };

  const raw: Record<string, unknown> = {};
  for (const s of SETTINGS) {
    const fromFlag = values[s.flag];
    const fromEnv = env[s.env];
    const value = fromFlag ?? (fromEnv === "" ? undefined : fromEnv) ?? s.default;
    if (value !== undefined) raw[s.key] = value;
  }
  const parsed = ConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const spec = SETTINGS.find((s) => s.key === issue.path[0]);
      const name = spec ? `--${spec.flag} / ${spec.env}` : String(issue.path.join("."));
      return `  ${name}: ${issue.message}`;
    });
    throw new TypeError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  return { help: false, config: parsed.data };
}
