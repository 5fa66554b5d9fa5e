/**
 * Generates the message and route tables of docs/protocol.md from the zod schemas, so the
 * reference can never drift from the contract. Each table sits between
 * `<!-- BEGIN GENERATED: <name> -->` and `<!-- END GENERATED: <name> -->` markers.
 *
 *   npx tsx packages/protocol/scripts/gen-protocol-tables.ts          rewrite docs/protocol.md
 *   npx tsx packages/protocol/scripts/gen-protocol-tables.ts --check   exit 1 when it is stale
 *
 * test/contract-docs.test.ts runs the check.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { z } from "zod";
import * as protocol from "../src/index.ts";
import { QueryBoolSchema } from "../src/schemas/http/common.ts";

type Def = { type: string } & Record<string, unknown>;
const defOf = (schema: unknown): Def => (schema as { _zod: { def: Def } })._zod.def;

/** Names shown for shared shapes, in preference order (aliases resolve to the first). */
const PREFERRED: ReadonlyArray<readonly [string, z.ZodType]> = [
  ["Target", protocol.MessageTargetSchema],
  ["User", protocol.UserSchema],
  ["UserWithStatus", protocol.UserWithStatusSchema],
  ["SessionInfo", protocol.SessionInfoSchema],
  ["Room", protocol.RoomSchema],
  ["RoomSettings", protocol.RoomSettingsSchema],
  ["RoomSettingsRequest", protocol.RoomSettingsRequestSchema],
  ["RoomListItem", protocol.RoomListItemSchema],
  ["RoomMembership", protocol.RoomMembershipSchema],
  ["RoomMember", protocol.RoomMemberSchema],
  ["Message", protocol.MessageSchema],
  ["Attachment", protocol.AttachmentSchema],
  ["Invitation", protocol.EnrichedInvitationSchema],
  ["UnreadCounts", protocol.UnreadCountsSchema],
  ["RoomChange", protocol.RoomChangeSchema],
  ["ResumeResult", protocol.ResumeResultSchema],
];

/** Every exported `XSchema` of the package, by instance, as `X` (for HTTP body names). */
function exportedNames(): Map<unknown, string> {
  const names = new Map<unknown, string>(PREFERRED.map(([name, schema]) => [schema, name]));
  for (const [key, value] of Object.entries(protocol)) {
    if (key.endsWith("Schema") && typeof value === "object" && value !== null && "_zod" in value) {
      if (!names.has(value)) names.set(value, key.slice(0, -"Schema".length));
    }
  }
  return names;
}

const SHAPES = new Map<unknown, string>(PREFERRED.map(([name, schema]) => [schema, name]));

function isInteger(def: Def): boolean {
  const checks = (def.checks ?? []) as Array<{ _zod: { def: { format?: string } } }>;
  return checks.some((c) => c._zod.def.format?.includes("int") ?? false);
}

/** A compact type expression for a schema; `used` collects the shared shapes it names. */
export function describeType(schema: z.ZodType, used: Set<string>, top = false): string {
  const named = SHAPES.get(schema);
  if (named !== undefined && !top) {
    used.add(named);
    return named;
  }
  // A query-string boolean travels as text but means a boolean.
  if (schema === QueryBoolSchema) return "boolean";
  const def = defOf(schema);
  switch (def.type) {
    case "string":
      return def.format === "datetime" ? "timestamp" : "string";
    case "number":
      return isInteger(def) ? "integer" : "number";
    case "boolean":
      return "boolean";
    case "null":
      return "null";
    case "unknown":
    case "any":
      return "any";
    case "literal":
      return (def.values as unknown[]).map((v) => JSON.stringify(v)).join(" \\| ");
    case "enum":
      return Object.values(def.entries as Record<string, string>)
        .map((v) => JSON.stringify(v))
        .join(" \\| ");
    case "optional":
    case "default":
    case "prefault":
    case "readonly":
      return describeType(def.innerType as z.ZodType, used);
    case "nullable":
      return `${describeType(def.innerType as z.ZodType, used)} \\| null`;
    case "pipe":
      return describeType(def.in as z.ZodType, used);
    case "array": {
      const inner = describeType(def.element as z.ZodType, used);
      return inner.includes(" ") ? `(${inner})[]` : `${inner}[]`;
    }
    case "record":
      return `{[key]: ${describeType(def.valueType as z.ZodType, used)}}`;
    case "union":
      return (def.options as z.ZodType[]).map((o) => describeType(o, used)).join(" \\| ");
    case "object":
      return `{${describeFields(schema, used, [])}}`;
    default:
      return def.type;
  }
}

/** True when a key may be left out. */
function isOptional(schema: z.ZodType): boolean {
  const def = defOf(schema);
  if (def.type === "optional" || def.type === "default" || def.type === "prefault") return true;
  if (def.type === "pipe") return isOptional(def.in as z.ZodType);
  return (schema as { _zod: { optin?: string } })._zod.optin === "optional";
}

/** `a: T, b?: U` for an object schema's keys, leaving out `skip`. */
export function describeFields(schema: z.ZodType, used: Set<string>, skip: readonly string[]): string {
  const shape = defOf(schema).shape as Record<string, z.ZodType>;
  const parts = Object.entries(shape)
    .filter(([key]) => !skip.includes(key))
    .map(([key, field]) => `\`${key}\`${isOptional(field) ? "?" : ""}: ${describeType(field, used)}`);
  return parts.length === 0 ? "—" : parts.join(", ");
}

function table(head: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(head), line(head.map(() => "---")), ...rows.map(line)].join("\n");
}

/** The success branch of a `<type>_response` schema. */
function successBranch(schema: z.ZodType): z.ZodType {
  const options = defOf(schema).options as z.ZodType[];
  const success = options.find((o) => {
    const shape = defOf(o).shape as Record<string, z.ZodType>;
    return (defOf(shape.success).values as unknown[])?.[0] === true;
  });
  if (!success) throw new Error("response schema without a success branch");
  return success;
}

/** Every generated table, by marker name. */
export function renderTables(): Record<string, string> {
  const used = new Set<string>();
  const lair = new Set<string>(protocol.LAIR_CLIENT_MESSAGE_TYPES);
  const clientRows = protocol.CLIENT_MESSAGE_TYPES.map((type) => [
    `\`${type}\``,
    describeFields(protocol.CLIENT_MESSAGE_SCHEMAS[type] as z.ZodType, used, ["type", "request_id"]),
    lair.has(type) ? "yes" : "ours",
  ]);
  const responseRows = protocol.RESPONSE_TYPES.map((type) => [
    `\`${type}\``,
    describeFields(successBranch(protocol.RESPONSE_SCHEMAS[type] as z.ZodType), used, [
      "type",
      "request_id",
      "success",
    ]),
  ]);
  const others = ["server_hello", "pong", "key_exchange_response", "error"] as const;
  const otherRows = others.map((type) => [
    `\`${type}\``,
    describeFields(protocol.SERVER_MESSAGE_SCHEMAS[type] as z.ZodType, used, ["type"]),
  ]);
  const eventRows = protocol.SERVER_EVENT_TYPES.map((type) => [
    `\`${type}\``,
    describeFields(protocol.EVENT_SCHEMAS[type] as z.ZodType, used, ["type", "id", "timestamp"]),
  ]);
  const names = exportedNames();
  const routeRows = (protocol.HTTP_ROUTES as readonly protocol.HttpRoute[]).map((r) => {
    const query = r.query ? Object.keys(defOf(r.query).shape as object).join(", ") : "—";
    const body = r.body ? `${names.get(r.body) ?? "?"}${r.bodyOptional ? " (optional)" : ""}` : "—";
    const auth = r.admin ? "admin" : r.auth ? "yes" : "no";
    const response = `${r.status} ${names.get(r.response) ?? "?"}${r.extension ? " (ours)" : ""}`;
    return [r.method, `\`${r.path}\``, auth, query, body, response];
  });
  for (const r of protocol.HTTP_STREAM_ROUTES as readonly protocol.HttpStreamRoute[]) {
    const query = r.query ? Object.keys(defOf(r.query).shape as object).join(", ") : "—";
    const body = r.rawBody ? `raw bytes (\`${r.rawBody.contentType}\`)` : "—";
    const answer = r.response;
    const shown =
      "contentType" in answer ? `raw bytes (\`${answer.contentType}\`)` : (names.get(answer) ?? "?");
    routeRows.push([
      r.method,
      `\`${r.path}\``,
      r.auth ? "yes" : "no",
      query,
      body,
      `${r.status} ${shown}${r.extension ? " (ours)" : ""}`,
    ]);
  }
  const httpRows: string[][] = [];
  const listed = new Set<unknown>();
  const streamSchemas = (protocol.HTTP_STREAM_ROUTES as readonly protocol.HttpStreamRoute[]).map((r) => ({
    query: r.query,
    body: undefined,
    response: protocol.hasJsonResponse(r) ? r.response : undefined,
  }));
  for (const r of [...(protocol.HTTP_ROUTES as readonly protocol.HttpRoute[]), ...streamSchemas]) {
    for (const schema of [r.query, r.body, r.response]) {
      if (schema === undefined || listed.has(schema)) continue;
      listed.add(schema);
      httpRows.push([`**${names.get(schema) ?? "?"}**`, describeType(schema, used, true)]);
    }
  }
  // Shapes may name further shapes: describe until nothing new appears.
  const shapeRows: string[][] = [];
  const done = new Set<string>();
  for (let pending = [...used]; pending.length > 0; pending = [...used].filter((n) => !done.has(n))) {
    for (const name of pending) {
      done.add(name);
      const schema = PREFERRED.find(([n]) => n === name)?.[1] as z.ZodType;
      shapeRows.push([`**${name}**`, describeType(schema, used, true)]);
    }
  }
  shapeRows.sort((a, b) => (a[0] as string).localeCompare(b[0] as string));
  return {
    "client-messages": table(["type", "fields (besides `type`, `request_id?`)", "Lair 1.1"], clientRows),
    responses: table(["response", "success payload"], responseRows),
    "server-messages": table(["type", "fields"], otherRows),
    events: table(["event", "fields (besides `type`, `id?`, `timestamp?`)"], eventRows),
    shapes: table(["shape", "fields"], shapeRows),
    "http-routes": table(["method", "path", "auth", "query", "body", "success"], routeRows),
    "http-bodies": table(["schema", "fields"], httpRows),
  };
}

/** `doc` with every generated section replaced by its fresh table. */
export function updateDoc(doc: string, tables: Record<string, string> = renderTables()): string {
  let out = doc;
  for (const [name, body] of Object.entries(tables)) {
    const begin = `<!-- BEGIN GENERATED: ${name} -->`;
    const end = `<!-- END GENERATED: ${name} -->`;
    const from = out.indexOf(begin);
    const to = out.indexOf(end);
    if (from < 0 || to < from) throw new Error(`docs/protocol.md has no ${begin} … ${end} section`);
    out = `${out.slice(0, from + begin.length)}\n${body}\n${out.slice(to)}`;
  }
  return out;
}

/** Path of docs/protocol.md from this script. */
export const PROTOCOL_DOC = fileURLToPath(new URL("../../../docs/protocol.md", import.meta.url));

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const current = readFileSync(PROTOCOL_DOC, "utf8");
  const fresh = updateDoc(current);
  if (process.argv.includes("--check")) {
    if (fresh !== current) {
      console.error(
        "docs/protocol.md is stale: run npx tsx packages/protocol/scripts/gen-protocol-tables.ts",
      );
      process.exit(1);
    }
  } else if (fresh !== current) {
    writeFileSync(PROTOCOL_DOC, fresh);
  }
}
