/**
 * The strict Validator: the protocol's zod schemas (`parseServerMessage`, and the response schema
 * of each route in `HTTP_ROUTES`). Default in the Node entry; in browsers, import it from
 * `@lair-chat/client/validate` (it brings zod along).
 */
import { formatZodIssues, HTTP_ROUTES, LairError, parseServerMessage } from "@lair-chat/protocol";
import type { Validator } from "./validator.ts";

const responses = new Map<string, (typeof HTTP_ROUTES)[number]["response"]>(
  HTTP_ROUTES.map((route) => [route.operationId, route.response]),
);

export const schemaValidator: Validator = {
  serverMessage: parseServerMessage,
  httpResponse(operation, body) {
    const schema = responses.get(operation);
    if (!schema) throw new TypeError(`unknown operation ${operation}`);
    const parsed = schema.safeParse(body);
    if (parsed.success) return parsed.data;
    throw new LairError("invalid_message", {
      message: `${operation}: response does not match the protocol`,
      details: { issues: formatZodIssues(parsed.error.issues) },
    });
  },
};
