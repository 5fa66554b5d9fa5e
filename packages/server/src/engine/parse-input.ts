/**
 * Validate a command's input with the protocol's rules: a broken rule gives its own code
 * (`content_invalid`, `username_invalid`, …), anything else `validation_failed`, with the
 * failing fields in `details.issues`.
 */
import { parseHttpBody } from "@lair-chat/protocol";
import type { z } from "zod";

export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = parseHttpBody(schema, input ?? {});
  if (result.ok) return result.value;
  throw result.error;
}
