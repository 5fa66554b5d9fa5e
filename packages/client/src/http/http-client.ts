/**
 * The one place the client talks HTTP: builds `/api/v1` URLs, adds the bearer token, turns
 * `{"error":{code,message,details}}` bodies (and network failures) into LairError, and checks
 * every response against its route's protocol schema (see validation/validator.ts), so a type in
 * our API is a promise, not a hope. Response types come straight from the protocol's route table.
 */
import type { HTTP_ROUTES, HttpOperationId } from "@lair-chat/protocol";
import { fromWireError, LairError } from "@lair-chat/protocol";
import type { Validator } from "../validation/validator.ts";
import type { SchemaOutput } from "./schema-output.ts";

/** The success body of an HTTP operation, as the protocol's route table defines it. */
export type OperationResponse<Op extends HttpOperationId> = SchemaOutput<
  Extract<(typeof HTTP_ROUTES)[number], { operationId: Op }>["response"]
>;

export interface HttpRequest<Op extends HttpOperationId> {
  /** The route's operation id in the protocol's `HTTP_ROUTES` (names the response schema). */
  operation: Op;
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Path under the API prefix (e.g. `/rooms`), or an absolute path when `root` is set. */
  path: string;
  query?: Record<string, string | number | boolean | null | undefined>;
  body?: unknown;
  /** Send the bearer token. @default true */
  auth?: boolean;
  /** Path is relative to the server root, not `/api/v1` (health checks). @default false */
  root?: boolean;
}

export interface HttpClientOptions {
  /** Server origin, e.g. `https://chat.example.com`. */
  baseUrl: string;
  /** The fetch implementation. @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Current bearer token, if any. */
  getToken: () => string | null | undefined | Promise<string | null | undefined>;
  /** Checks response bodies. */
  validator: Validator;
  /**
   * A request was refused with `token_expired`: refresh the token and resolve true to send it
   * once more. Not called for `refreshToken` itself. @default none (no retry)
   */
  onTokenExpired?: () => Promise<boolean>;
  /** Abort a request after this many ms. @default 15000 */
  timeout?: number;
  /** API prefix. @default "/api/v1" */
  apiPrefix?: string;
}

/** HTTP statuses to the code a body-less error gets. */
const STATUS_CODES: Record<number, LairError["code"]> = {
  400: "invalid_message",
  401: "unauthorized",
  403: "permission_denied",
  404: "not_found",
  405: "method_not_allowed",
  409: "conflict",
  413: "payload_too_large",
  429: "rate_limited",
  500: "internal_error",
  503: "service_unavailable",
  504: "timeout",
};

export class HttpClient {
  readonly baseUrl: string;
  readonly #fetch: typeof fetch;
  readonly #getToken: HttpClientOptions["getToken"];
  readonly #validator: HttpClientOptions["validator"];
  readonly #onTokenExpired: HttpClientOptions["onTokenExpired"];
  readonly #timeout: number;
  readonly #apiPrefix: string;

  constructor(options: HttpClientOptions) {
    if (typeof options.baseUrl !== "string" || !/^https?:\/\//.test(options.baseUrl)) {
      throw new TypeError("baseUrl must be an http:// or https:// URL");
    }
    const fetchImpl = options.fetch ?? globalThis.fetch;
    if (typeof fetchImpl !== "function")
      throw new TypeError("fetch is required where globalThis.fetch does not exist");
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    // Unbound, a platform fetch throws "Illegal invocation" in browsers.
    this.#fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.#getToken = options.getToken;
    this.#validator = options.validator;
    this.#onTokenExpired = options.onTokenExpired;
    this.#timeout = options.timeout ?? 15_000;
    this.#apiPrefix = options.apiPrefix ?? "/api/v1";
  }

  /** Absolute URL of an API path, the bearer header and fetch: for streamed requests made outside `request` (uploads). */
  async raw(path: string): Promise<{ url: string; headers: Record<string, string>; fetch: typeof fetch }> {
    const token = await this.#getToken();
    return {
      url: `${this.baseUrl}${this.#apiPrefix}${path}`,
      headers: token ? { authorization: `Bearer ${token}` } : {},
      fetch: this.#fetch,
    };
  }

  async request<Op extends HttpOperationId>(req: HttpRequest<Op>): Promise<OperationResponse<Op>> {
    try {
      return await this.#send(req);
    } catch (error) {
      // A token that expired in flight (or while the tab slept) gets one refresh and one retry.
      const retry =
        error instanceof LairError &&
        error.code === "token_expired" &&
        req.auth !== false &&
        req.operation !== "refreshToken" &&
        (await this.#onTokenExpired?.().catch(() => false));
      if (!retry) throw error;
      return this.#send(req);
    }
  }

  async #send<Op extends HttpOperationId>(req: HttpRequest<Op>): Promise<OperationResponse<Op>> {
    const url = new URL(`${this.baseUrl}${req.root ? "" : this.#apiPrefix}${req.path}`);
    for (const [key, value] of Object.entries(req.query ?? {})) {
      if (value !== undefined && value !== null) url.searchParams.set(key, String(value));
    }
    const headers: Record<string, string> = { accept: "application/json" };
    if (req.body !== undefined) headers["content-type"] = "application/json";
    if (req.auth !== false) {
      const token = await this.#getToken();
      if (token) headers.authorization = `Bearer ${token}`;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.#timeout);
    let response: Response;
    let text: string;
    try {
      response = await this.#fetch(url, {
        method: req.method,
        headers,
        ...(req.body === undefined ? {} : { body: JSON.stringify(req.body) }),
        signal: controller.signal,
      });
      text = await response.text();
    } catch (cause) {
      throw controller.signal.aborted
        ? new LairError("timeout", {
            message: `${req.method} ${req.path} took over ${this.#timeout} ms`,
            cause,
          })
        : new LairError("network_error", {
            message: `${req.method} ${req.path} failed: network error`,
            cause,
          });
    } finally {
      clearTimeout(timer);
    }
    const body = parseBody(text);
    if (!response.ok) throw errorFromResponse(response, body);
    return this.#validator.httpResponse(req.operation, body) as OperationResponse<Op>;
  }
}

function parseBody(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function errorFromResponse(response: Response, body: unknown): LairError {
  const wire = (body as { error?: unknown } | undefined)?.error;
  let error: LairError;
  if (typeof wire === "object" && wire !== null && typeof (wire as { code?: unknown }).code === "string") {
    const { code, message, details } = wire as { code: string; message?: unknown; details?: unknown };
    error = fromWireError({
      code,
      message: typeof message === "string" ? message : code,
      ...(typeof details === "object" && details !== null
        ? { details: details as Record<string, unknown> }
        : {}),
    });
  } else {
    const code =
      STATUS_CODES[response.status] ?? (response.status >= 500 ? "internal_error" : "invalid_message");
    error = new LairError(code, { message: `HTTP ${response.status}`, details: { status: response.status } });
  }
  // Lair puts retry_after in the body; a proxy may only send the header.
  const retryAfter = Number(response.headers.get("retry-after"));
  if (
    error.code === "rate_limited" &&
    error.details?.retry_after === undefined &&
    Number.isFinite(retryAfter)
  ) {
    return new LairError("rate_limited", {
      message: error.message,
      details: { ...error.details, retry_after: retryAfter },
    });
  }
  return error;
}
