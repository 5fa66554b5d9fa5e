/**
 * The HTTP side of the server: `/api/v1/*` (Lair HTTP.md, routes from @lair-chat/protocol),
 * `/health`, `/ready`, `/metrics` and `/api/v1/openapi.json`. Every other path is left to the
 * host app untouched.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { API_PREFIX, buildOpenApiDocument, LairError, parseHttpBody, toLairError } from "@lair-chat/protocol";
import { handleAttachmentRequest, isAttachmentPath } from "../attachments/attachment-http.ts";
import type { HostAuthenticator } from "../auth/host-authenticator.ts";
import type { CallContext, Principal } from "../engine/engine-api.ts";
import { type LairEngine, rateLimitedError } from "../engine/lair-engine.ts";
import type { ResolvedOptions } from "../options/server-options.ts";
import type { RateDecision } from "../rate-limit/rate-limiter.ts";
import { bindRoutes, matchRoute } from "./http-routes.ts";
import { isOriginAllowed } from "./origin-check.ts";
import { readJsonBody } from "./read-body.ts";
import { sendError, sendJson } from "./send-json.ts";

export interface HttpHandlerDeps {
  engine: LairEngine;
  options: ResolvedOptions;
  clientAddress: (req: IncomingMessage) => string;
  hostAuth: HostAuthenticator | undefined;
  /** Resolves when the server has started; rejects when it could not. */
  ready: () => Promise<void>;
}

/** True for the paths this handler answers. */
export function isLairPath(path: string): boolean {
  return (
    path === "/health" ||
    path === "/ready" ||
    path === "/metrics" ||
    path === API_PREFIX ||
    path.startsWith(`${API_PREFIX}/`)
  );
}

export function pathOf(req: IncomingMessage): string {
  const raw = (req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? "/";
  const q = raw.indexOf("?");
  return q === -1 ? raw : raw.slice(0, q);
}

function rateHeaders(d: RateDecision | null): Record<string, string> {
  if (!d) return {};
  return {
    "X-RateLimit-Limit": String(d.limit),
    "X-RateLimit-Remaining": String(d.remaining),
    "X-RateLimit-Reset": String(Math.ceil(d.resetAt / 1000)),
  };
}

function queryObject(req: IncomingMessage): Record<string, string> {
  const raw = req.url ?? "";
  const q = raw.indexOf("?");
  const out: Record<string, string> = Object.create(null);
  if (q === -1) return out;
  for (const [k, v] of new URLSearchParams(raw.slice(q + 1))) if (!(k in out)) out[k] = v;
  return out;
}

export function createHttpHandler(
  deps: HttpHandlerDeps,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const { engine, options } = deps;
  const routes = bindRoutes();
  const metrics = engine.core.metrics;
  let openApi: string | undefined;

  const authenticate = async (
    req: IncomingMessage,
    address: string,
  ): Promise<{ principal: Principal; viaHost: boolean }> => {
    const header = req.headers.authorization;
    if (header === undefined || header === "") {
      const principal = deps.hostAuth ? await deps.hostAuth(req, address) : null;
      if (!principal) throw new LairError("missing_token");
      return { principal, viaHost: true };
    }
    const m = /^Bearer ([^\s]+)$/.exec(header);
    if (!m?.[1]) throw new LairError("invalid_format");
    return { principal: await engine.verifyToken(m[1]), viaHost: false };
  };

  const api = async (
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    address: string,
  ): Promise<string> => {
    const method = (req.method ?? "GET").toUpperCase();
    if (path === `${API_PREFIX}/openapi.json` && (method === "GET" || method === "HEAD")) {
      openApi ??= JSON.stringify(
        buildOpenApiDocument({ version: options.version, title: `${options.serverName} API` }),
      );
      sendJson(res, 200, JSON.parse(openApi));
      return "openapi";
    }
    if (isAttachmentPath(path)) {
      await deps.ready();
      return handleAttachmentRequest(req, res, path, {
        engine,
        allowedOrigins: options.allowedOrigins,
        authenticate: () => authenticate(req, address),
        clientAddress: address,
      });
    }
    const found = matchRoute(routes, method, path);
    if (!found) throw new LairError("not_found", { message: `No route for ${method} ${path.slice(0, 200)}` });
    if ("allowed" in found) {
      sendError(res, new LairError("method_not_allowed"), { Allow: [...new Set(found.allowed)].join(", ") });
      return "405";
    }
    const { bound, params } = found.match;
    const route = bound.route;
    if (route.operationId === "health") {
      sendJson(res, 200, {
        status: "healthy",
        version: options.version,
        uptime_seconds: Math.floor((Date.now() - engine.core.startedAt) / 1000),
      });
      return route.path;
    }
    if (route.operationId === "ready") {
      try {
        await options.storage.ping();
        sendJson(res, 200, { ready: true, database: "connected" });
      } catch {
        sendJson(res, 503, { ready: false, database: "disconnected" });
      }
      return route.path;
    }
    await deps.ready();
    const command = bound.command;
    if (!command) throw new LairError("not_found");
    let principal: Principal | null = null;
    if (route.auth) {
      const auth = await authenticate(req, address);
      principal = auth.principal;
      // Cookie-style auth is what CSRF abuses: refuse cross-site writes that ride on it.
      if (
        auth.viaHost &&
        method !== "GET" &&
        method !== "HEAD" &&
        !isOriginAllowed(req, options.allowedOrigins)
      ) {
        throw new LairError("origin_not_allowed");
      }
    }
    const ctx: CallContext = {
      principal,
      transport: "http",
      clientAddress: address,
      userAgent:
        typeof req.headers["user-agent"] === "string" ? req.headers["user-agent"].slice(0, 512) : null,
      features: new Set(engine.features),
    };
    const limits = await engine.checkRateLimits(command, ctx);
    const headers = rateHeaders(limits.decision);
    if (limits.refused) {
      sendError(res, rateLimitedError(limits.refused), headers);
      return route.path;
    }
    const parse = <T>(schema: unknown, value: unknown): T => {
      if (!schema) return {} as T;
      const r = parseHttpBody(schema as never, value);
      if (!r.ok) throw r.error;
      return r.value as T;
    };
    const parsedParams = parse<Record<string, unknown>>(route.params, params);
    const parsedQuery = parse<Record<string, unknown>>(route.query, queryObject(req));
    let body: unknown;
    if (route.body) {
      body = await readJsonBody(req, options.maxBodyBytes);
      if (body === undefined) body = {};
    } else {
      req.resume();
    }
    const parsedBody = parse<Record<string, unknown>>(route.body, body);
    const input = bound.toInput({ params: parsedParams, query: parsedQuery, body: parsedBody });
    try {
      const result = await engine.run(command, ctx, input);
      sendJson(res, route.status, result, headers);
    } catch (error) {
      sendError(res, error, headers);
    }
    return route.path;
  };

  return async (req, res) => {
    const started = performance.now();
    const path = pathOf(req);
    let label = "other";
    try {
      if (path === "/metrics") {
        label = "/metrics";
        const text = await options.metrics.metrics();
        res.writeHead(200, { "Content-Type": options.metrics.contentType, "Cache-Control": "no-store" });
        res.end(text);
      } else {
        const address = deps.clientAddress(req);
        label = await api(req, res, path, address);
      }
    } catch (error) {
      const e = toLairError(error);
      if (e.code === "internal_error") options.logger.error({ err: error, path }, "request failed");
      sendError(res, e);
      if (!req.readableEnded) req.resume();
    } finally {
      metrics.httpRequests.observe(
        { method: req.method ?? "GET", route: label, status: String(res.statusCode) },
        (performance.now() - started) / 1000,
      );
    }
  };
}
