/**
 * The OpenAPI 3.1 document of the HTTP API, generated from the zod schemas of `HTTP_ROUTES`
 * and `HTTP_STREAM_ROUTES` with `z.toJSONSchema` (nothing hand-written). The server serves it
 * at `/api/v1/openapi.json`.
 */
import { z } from "zod";
import * as attachment from "../schemas/attachment.ts";
import * as admin from "../schemas/http/admin.ts";
import * as auth from "../schemas/http/auth.ts";
import * as common from "../schemas/http/common.ts";
import * as health from "../schemas/http/health.ts";
import * as invitations from "../schemas/http/invitations.ts";
import * as messages from "../schemas/http/messages.ts";
import * as rooms from "../schemas/http/rooms.ts";
import { HTTP_ROUTES, type HttpRoute } from "../schemas/http/routes.ts";
import * as streams from "../schemas/http/stream-routes.ts";
import { HTTP_STREAM_ROUTES, type HttpStreamRoute, hasJsonResponse } from "../schemas/http/stream-routes.ts";
import * as users from "../schemas/http/users.ts";
import { EnrichedInvitationSchema } from "../schemas/invitation.ts";
import { RoomMemberSchema, RoomMembershipSchema } from "../schemas/membership.ts";
import { MessageSchema } from "../schemas/message.ts";
import { WireErrorSchema } from "../schemas/primitives.ts";
import {
  RoomListItemSchema,
  RoomSchema,
  RoomSettingsRequestSchema,
  RoomSettingsSchema,
} from "../schemas/room.ts";
import { SessionInfoSchema } from "../schemas/session.ts";
import { MessageTargetSchema } from "../schemas/target.ts";
import { UserSchema, UserWithStatusSchema } from "../schemas/user.ts";

export interface OpenApiDocumentOptions {
  /** The server version, written to `info.version`. */
  version: string;
  /** @default "Lair Chat API" */
  title?: string;
  /** Base URLs written to `servers`. @default [] (same origin) */
  servers?: readonly string[];
}

/** A JSON object; the document is plain data, ready for `JSON.stringify`. */
export type JsonObject = { [key: string]: unknown };

const REF = "#/components/schemas/";

/** Shared shapes that become their own components, by io mode. */
const SHARED_OUTPUT: ReadonlyArray<readonly [z.ZodType, string]> = [
  [UserSchema, "User"],
  [UserWithStatusSchema, "UserWithStatus"],
  [SessionInfoSchema, "SessionInfo"],
  [RoomSchema, "Room"],
  [RoomSettingsSchema, "RoomSettings"],
  [RoomListItemSchema, "RoomListItem"],
  [RoomMembershipSchema, "RoomMembership"],
  [RoomMemberSchema, "RoomMember"],
  [MessageSchema, "Message"],
  [attachment.AttachmentSchema, "Attachment"],
  [MessageTargetSchema, "MessageTarget"],
  [EnrichedInvitationSchema, "Invitation"],
  [WireErrorSchema, "Error"],
];
const SHARED_INPUT: ReadonlyArray<readonly [z.ZodType, string]> = [
  [MessageTargetSchema, "MessageTargetInput"],
  [RoomSettingsRequestSchema, "RoomSettingsRequest"],
];

/** Component names of the exported HTTP schemas: `RegisterRequestSchema` → `RegisterRequest`. */
function exportedNames(): Map<z.ZodType, string> {
  const names = new Map<z.ZodType, string>();
  for (const mod of [admin, auth, common, health, invitations, messages, rooms, users, streams, attachment]) {
    for (const [name, value] of Object.entries(mod)) {
      if (value instanceof z.ZodType && name.endsWith("Schema") && !names.has(value)) {
        names.set(value, name.slice(0, -"Schema".length));
      }
    }
  }
  return names;
}

function componentsFor(
  io: "input" | "output",
  schemas: Iterable<z.ZodType>,
  shared: ReadonlyArray<readonly [z.ZodType, string]>,
  names: Map<z.ZodType, string>,
): { components: Record<string, JsonObject>; nameOf: Map<z.ZodType, string> } {
  const registry = z.registry<{ id: string }>();
  const nameOf = new Map<z.ZodType, string>();
  for (const [schema, id] of shared) {
    registry.add(schema, { id });
    nameOf.set(schema, id);
  }
  for (const schema of schemas) {
    if (nameOf.has(schema)) continue;
    const id = names.get(schema);
    if (id === undefined) throw new Error("HTTP route schema is not exported from schemas/http");
    registry.add(schema, { id });
    nameOf.set(schema, id);
  }
  const generated = z.toJSONSchema(registry, {
    io,
    target: "draft-2020-12",
    unrepresentable: "any",
    uri: (id) => `${REF}${id}`,
  }) as { schemas: Record<string, JsonObject> };
  const components: Record<string, JsonObject> = {};
  for (const [id, json] of Object.entries(generated.schemas)) {
    const { $id: _id, $schema: _schema, ...rest } = json;
    components[id] = rest;
  }
  return { components, nameOf };
}

function parametersOf(schema: z.ZodType | undefined, location: "path" | "query"): JsonObject[] {
  if (schema === undefined) return [];
  const json = z.toJSONSchema(schema, { io: "input", target: "draft-2020-12", unrepresentable: "any" }) as {
    properties?: Record<string, JsonObject>;
    required?: string[];
  };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: location,
    required: location === "path" || (json.required ?? []).includes(name),
    schema: property,
  }));
}

function jsonContent(ref: string): JsonObject {
  return { "application/json": { schema: { $ref: `${REF}${ref}` } } };
}

function rawContent(contentType: string): JsonObject {
  return { [contentType]: { schema: { type: "string", format: "binary" } } };
}

/** The operation of a raw-bytes route; `jsonRef` names the component of a JSON answer. */
function streamOperation(route: HttpStreamRoute, jsonRef: string | undefined, errorRef: string): JsonObject {
  const answer = route.response;
  const success: JsonObject =
    answer instanceof z.ZodType
      ? { description: "Success", content: jsonContent(jsonRef!) }
      : { description: answer.description, content: rawContent(answer.contentType) };
  if (route.responseHeaders) {
    success.headers = Object.fromEntries(
      Object.entries(route.responseHeaders).map(([name, description]) => [
        name,
        { description, schema: { type: "string" } },
      ]),
    );
  }
  const operation: JsonObject = {
    operationId: route.operationId,
    summary: route.summary,
    tags: [route.tag],
    parameters: [...parametersOf(route.params, "path"), ...parametersOf(route.query, "query")],
    responses: {
      [String(route.status)]: success,
      ...(hasJsonResponse(route) ? {} : { "206": { ...success, description: "The requested byte range" } }),
      default: { description: "Error", content: jsonContent(errorRef) },
    },
  };
  if (route.rawBody) {
    operation.requestBody = {
      required: true,
      description: route.rawBody.description,
      content: rawContent(route.rawBody.contentType),
    };
  }
  if (route.auth) operation.security = [{ bearerAuth: [] }];
  if (route.extension) operation["x-lair-extension"] = true;
  return operation;
}

/** Build the OpenAPI 3.1 document for every route in `HTTP_ROUTES` and `HTTP_STREAM_ROUTES`. */
export function buildOpenApiDocument(options: OpenApiDocumentOptions): JsonObject {
  if (options === null || typeof options !== "object" || typeof options.version !== "string") {
    throw new TypeError("options.version must be a string");
  }
  const routes: readonly HttpRoute[] = HTTP_ROUTES;
  const names = exportedNames();
  const input = componentsFor(
    "input",
    routes.flatMap((r) => (r.body ? [r.body] : [])),
    SHARED_INPUT,
    names,
  );
  const output = componentsFor(
    "output",
    [
      ...routes.map((r) => r.response),
      ...HTTP_STREAM_ROUTES.flatMap((r: HttpStreamRoute) => (hasJsonResponse(r) ? [r.response] : [])),
      common.ErrorBodySchema,
    ],
    SHARED_OUTPUT,
    names,
  );
  for (const id of Object.keys(input.components)) {
    if (Object.hasOwn(output.components, id))
      throw new Error(`Component ${id} is both a request and a response`);
  }
  const errorRef = output.nameOf.get(common.ErrorBodySchema)!;

  const paths: Record<string, Record<string, JsonObject>> = {};
  for (const route of routes) {
    const operation: JsonObject = {
      operationId: route.operationId,
      summary: route.summary,
      tags: [route.tag],
      parameters: [...parametersOf(route.params, "path"), ...parametersOf(route.query, "query")],
      responses: {
        [String(route.status)]: {
          description: "Success",
          content: jsonContent(output.nameOf.get(route.response)!),
        },
        default: { description: "Error", content: jsonContent(errorRef) },
      },
    };
    if (route.body) {
      operation.requestBody = {
        required: !route.bodyOptional,
        content: jsonContent(input.nameOf.get(route.body)!),
      };
    }
    if (route.auth) operation.security = [{ bearerAuth: [] }];
    if (route.extension) operation["x-lair-extension"] = true;
    paths[route.path] ??= {};
    paths[route.path]![route.method.toLowerCase()] = operation;
  }
  for (const route of HTTP_STREAM_ROUTES as readonly HttpStreamRoute[]) {
    const jsonRef = hasJsonResponse(route) ? output.nameOf.get(route.response) : undefined;
    paths[route.path] ??= {};
    paths[route.path]![route.method.toLowerCase()] = streamOperation(route, jsonRef, errorRef);
  }

  return {
    openapi: "3.1.0",
    info: { title: options.title ?? "Lair Chat API", version: options.version },
    ...(options.servers && options.servers.length > 0
      ? { servers: options.servers.map((url) => ({ url })) }
      : {}),
    paths,
    components: {
      schemas: { ...input.components, ...output.components },
      securitySchemes: { bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "JWT" } },
    },
  };
}
