/**
 * Strict schema checks for the contract tests: a value must parse with the protocol schema
 * (so every required key is there) AND carry no key the schema does not list, at any depth.
 * zod's own objects strip unknown keys silently, which is right for a client talking to a
 * newer server but would hide a server that sends fields the protocol does not define.
 */
import { parseServerMessage, SERVER_MESSAGE_SCHEMAS, type ServerMessageType } from "@lair-chat/protocol";
import type { z } from "zod";

type Def = { type: string } & Record<string, unknown>;

function defOf(schema: unknown): Def {
  return (schema as { _zod: { def: Def } })._zod.def;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Paths of keys in `value` that `schema` does not describe. */
export function unknownKeys(schema: z.ZodType, value: unknown, path = "$"): string[] {
  const def = defOf(schema);
  switch (def.type) {
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
    case "readonly":
    case "catch":
    case "nonoptional":
      if (value === undefined || value === null) return [];
      return unknownKeys(def.innerType as z.ZodType, value, path);
    case "pipe":
      // The input side is what travels on the wire (e.g. `direct_message` targets).
      return unknownKeys(def.in as z.ZodType, value, path);
    case "lazy":
      return unknownKeys((def.getter as () => z.ZodType)(), value, path);
    case "object": {
      if (!isPlainObject(value)) return [];
      const shape = def.shape as Record<string, z.ZodType>;
      const out: string[] = [];
      for (const key of Object.keys(value)) {
        if (!Object.hasOwn(shape, key)) out.push(`${path}.${key}`);
        else out.push(...unknownKeys(shape[key] as z.ZodType, value[key], `${path}.${key}`));
      }
      return out;
    }
    case "array":
      if (!Array.isArray(value)) return [];
      return value.flatMap((v, i) => unknownKeys(def.element as z.ZodType, v, `${path}[${i}]`));
    case "record":
      if (!isPlainObject(value)) return [];
      return Object.entries(value).flatMap(([k, v]) =>
        unknownKeys(def.valueType as z.ZodType, v, `${path}.${k}`),
      );
    case "union": {
      const options = (def.options as z.ZodType[]).filter((o) => o.safeParse(value).success);
      if (options.length === 0) return [];
      const candidates = options.map((o) => unknownKeys(o, value, path));
      return candidates.reduce((a, b) => (b.length < a.length ? b : a));
    }
    default:
      return [];
  }
}

/** Problems of `value` against `schema` in strict mode; empty when it conforms. */
export function strictProblems(schema: z.ZodType, value: unknown, label: string): string[] {
  const result = schema.safeParse(value);
  const problems: string[] = [];
  if (!result.success) {
    for (const issue of result.error.issues.slice(0, 5)) {
      problems.push(`${label}: ${issue.path.join(".") || "$"}: ${issue.message}`);
    }
  }
  for (const key of unknownKeys(schema, value)) problems.push(`${label}: unknown key ${key}`);
  return problems;
}

/**
 * Problems of one frame a server sent: it must be a known server message (`parseServerMessage`)
 * and match its type's schema strictly; events must carry our `id` and `timestamp`.
 */
export function frameProblems(frame: unknown): string[] {
  const parsed = parseServerMessage(frame);
  const record = frame as Record<string, unknown>;
  const type = String(record?.type);
  const label = `${type} ${JSON.stringify(frame).slice(0, 300)}`;
  if (!parsed.ok) return [`${label}: parseServerMessage: ${parsed.error.message}`];
  const schema = SERVER_MESSAGE_SCHEMAS[type as ServerMessageType] as z.ZodType;
  const problems = strictProblems(schema, frame, label);
  if (isEvent(type) && (typeof record.id !== "string" || typeof record.timestamp !== "string")) {
    problems.push(`${label}: event without id/timestamp`);
  }
  return problems;
}

function isEvent(type: string): boolean {
  return (
    !type.endsWith("_response") && !["server_hello", "pong", "error", "key_exchange_response"].includes(type)
  );
}
