/** `/health` and `/ready` at the server root (Lair handlers/health.rs). */
import { z } from "zod";

/** `GET /health`. */
export const HealthResponseSchema = z.object({
  status: z.literal("healthy"),
  version: z.string(),
  uptime_seconds: z.number().int().min(0).optional(),
});
export type HealthResponse = z.infer<typeof HealthResponseSchema>;

/** `GET /ready`: 200 `{ready: true, database: "connected"}`, or 503 with `ready: false`. */
export const ReadyResponseSchema = z.object({ ready: z.boolean(), database: z.string() });
export type ReadyResponse = z.infer<typeof ReadyResponseSchema>;

/** `GET /api/v1/openapi.json`: the generated OpenAPI 3.1 document. */
export const OpenApiJsonSchema = z.record(z.string(), z.unknown()).describe("OpenAPI 3.1 document");
