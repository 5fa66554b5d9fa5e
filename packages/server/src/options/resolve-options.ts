/**
 * Validation of `createLairServer` options at construction, so that a misconfigured server
 * fails before it serves anything, and the defaults documented on LairServerOptions.
 */
import { Registry } from "prom-client";
import { z } from "zod";
import { resolveAttachmentOptions } from "../attachments/attachment-options.ts";
import type { LairBus } from "../bus/lair-bus.ts";
import type { RateLimiter } from "../rate-limit/rate-limiter.ts";
import type { Storage } from "../storage/storage.ts";
import { createSilentLogger, type Logger } from "./logger.ts";
import type { LairServerOptions, ResolvedOptions } from "./server-options.ts";

export const PACKAGE_VERSION = "0.1.0";

const DEFAULT_RATE_LIMITS = {
  auth: { limit: 10, windowMs: 60_000 },
  messages: { limit: 30, windowMs: 60_000 },
  roomCreation: { limit: 5, windowMs: 3_600_000 },
  general: { limit: 100, windowMs: 60_000 },
} as const;

const positiveInt = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const rule = z.union([z.literal(false), z.object({ limit: positiveInt, windowMs: positiveInt }).strict()]);
const hasMethods = (names: string[]) => (value: unknown) =>
  typeof value === "object" &&
  value !== null &&
  names.every((n) => typeof (value as Record<string, unknown>)[n] === "function");

const optionsSchema = z
  .object({
    storage: z.custom<Storage>(hasMethods(["init", "ping", "getUser", "createSession", "appendMessage"]), {
      message: "must be a Storage adapter",
    }),
    jwtSecret: z
      .union([z.string(), z.instanceof(Uint8Array)])
      .refine((s) => (typeof s === "string" ? Buffer.byteLength(s) : s.byteLength) >= 32, {
        message: "must be at least 32 bytes",
      }),
    tokenTtlMs: positiveInt.optional(),
    sessionTtlMs: positiveInt.optional(),
    admin: z.object({ username: z.string(), password: z.string(), email: z.string() }).strict().optional(),
    rateLimits: z
      .union([
        z.literal(false),
        z
          .object({
            auth: rule.optional(),
            messages: rule.optional(),
            roomCreation: rule.optional(),
            general: rule.optional(),
          })
          .strict(),
      ])
      .optional(),
    rateLimiter: z
      .custom<RateLimiter>(hasMethods(["consume"]), { message: "must be a RateLimiter" })
      .optional(),
    trustProxy: z.union([z.boolean(), z.array(z.string().min(1))]).optional(),
    allowedOrigins: z.union([z.literal("*"), z.array(z.string().min(1))]).optional(),
    maxConnections: positiveInt.optional(),
    maxConnectionsPerAddress: positiveInt.optional(),
    handshakeTimeoutMs: positiveInt.optional(),
    authTimeoutMs: positiveInt.optional(),
    idleTimeoutMs: positiveInt.optional(),
    maxOutboundBytes: positiveInt.optional(),
    coalesceWrites: z.boolean().optional(),
    tcpEncryptionRequired: z.boolean().optional(),
    hardenedStaticKey: z
      .instanceof(Uint8Array)
      .refine((k) => k.byteLength === 32, { message: "must be 32 bytes" })
      .optional(),
    maxBodyBytes: positiveInt.optional(),
    headersTimeoutMs: positiveInt.optional(),
    resumeWindow: positiveInt.optional(),
    invitationTtlMs: positiveInt.optional(),
    defaultMaxMembers: positiveInt.optional(),
    typingIntervalMs: z.number().int().min(0).optional(),
    eventHoldMs: z.number().int().min(0).max(60_000).optional(),
    maxHeldEvents: positiveInt.optional(),
    presenceGraceMs: z.number().int().min(0).max(600_000).optional(),
    presenceCountOnlyAbove: positiveInt.optional(),
    sessionExpiryNoticeMs: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
    logger: z
      .custom<Logger>(hasMethods(["debug", "info", "warn", "error", "child"]), {
        message: "must be a pino-compatible logger",
      })
      .optional(),
    metrics: z
      .custom<Registry>((v) => v instanceof Registry, { message: "must be a prom-client Registry" })
      .optional(),
    authenticate: z
      .custom<LairServerOptions["authenticate"]>((v) => typeof v === "function", {
        message: "must be a function",
      })
      .optional(),
    bus: z
      .custom<LairBus>(hasMethods(["start", "close", "broadcast", "onMessage"]), {
        message: "must be a LairBus",
      })
      .optional(),
    attachments: z.unknown().optional(),
    serverName: z.string().min(1).max(256).optional(),
    version: z.string().min(1).max(64).optional(),
    allowRegistration: z.boolean().optional(),
  })
  .strict();

/**
 * Validate options and apply defaults. Throws TypeError naming the bad option, or RangeError
 * when a number is out of range.
 */
export function resolveOptions(input: unknown): ResolvedOptions {
  if (typeof input !== "object" || input === null) throw new TypeError("options must be an object");
  const parsed = optionsSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `options.${issue.path.join(".")}` : "options";
    const keys = issue?.code === "unrecognized_keys" ? ` (${issue.keys.join(", ")})` : "";
    const message = `${where}${keys}: ${issue?.message ?? "invalid"}`;
    if (issue && (issue.code === "too_small" || issue.code === "too_big")) throw new RangeError(message);
    throw new TypeError(message);
  }
  const o = parsed.data;
  if (o.admin && (!o.admin.username || !o.admin.password || !o.admin.email)) {
    throw new TypeError("options.admin: username, password and email are required");
  }
  const limits = o.rateLimits;
  return {
    storage: o.storage,
    jwtSecret:
      typeof o.jwtSecret === "string" ? new TextEncoder().encode(o.jwtSecret) : new Uint8Array(o.jwtSecret),
    tokenTtlMs: o.tokenTtlMs ?? 86_400_000,
    sessionTtlMs: o.sessionTtlMs ?? 86_400_000,
    admin: o.admin,
    rateLimits:
      limits === false
        ? { auth: false, messages: false, roomCreation: false, general: false }
        : {
            auth: limits?.auth ?? DEFAULT_RATE_LIMITS.auth,
            messages: limits?.messages ?? DEFAULT_RATE_LIMITS.messages,
            roomCreation: limits?.roomCreation ?? DEFAULT_RATE_LIMITS.roomCreation,
            general: limits?.general ?? DEFAULT_RATE_LIMITS.general,
          },
    rateLimiter: o.rateLimiter,
    trustProxy: o.trustProxy ?? [],
    allowedOrigins: o.allowedOrigins ?? [],
    maxConnections: o.maxConnections ?? 10_000,
    maxConnectionsPerAddress: o.maxConnectionsPerAddress ?? 50,
    handshakeTimeoutMs: o.handshakeTimeoutMs ?? 30_000,
    authTimeoutMs: o.authTimeoutMs ?? 60_000,
    idleTimeoutMs: o.idleTimeoutMs ?? 90_000,
    maxOutboundBytes: o.maxOutboundBytes ?? 1_048_576,
    coalesceWrites: o.coalesceWrites ?? true,
    tcpEncryptionRequired: o.tcpEncryptionRequired ?? false,
    hardenedStaticKey: o.hardenedStaticKey === undefined ? undefined : new Uint8Array(o.hardenedStaticKey),
    maxBodyBytes: o.maxBodyBytes ?? 1_048_576,
    attachments: resolveAttachmentOptions(o.attachments),
    headersTimeoutMs: o.headersTimeoutMs ?? 10_000,
    resumeWindow: o.resumeWindow ?? 1000,
    invitationTtlMs: o.invitationTtlMs ?? 604_800_000,
    defaultMaxMembers: o.defaultMaxMembers ?? 10_000,
    typingIntervalMs: o.typingIntervalMs ?? 3000,
    eventHoldMs: o.eventHoldMs ?? 250,
    maxHeldEvents: o.maxHeldEvents ?? 1000,
    presenceGraceMs: o.presenceGraceMs ?? 2000,
    presenceCountOnlyAbove: o.presenceCountOnlyAbove ?? 1000,
    sessionExpiryNoticeMs: o.sessionExpiryNoticeMs ?? 300_000,
    logger: o.logger ?? createSilentLogger(),
    metrics: o.metrics ?? (new Registry() as Registry),
    authenticate: o.authenticate,
    bus: o.bus,
    serverName: o.serverName ?? "Lair Chat",
    version: o.version ?? PACKAGE_VERSION,
    allowRegistration: o.allowRegistration ?? true,
  };
}
