import { CLIENT_MESSAGE_SCHEMAS } from "@lair-chat/protocol";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { COMMAND_INPUTS, PROTOCOL_CHECKED_INPUTS } from "./command-inputs.ts";

type Shaped = z.ZodObject<z.ZodRawShape>;

describe("PROTOCOL_CHECKED_INPUTS", () => {
  it.each([...PROTOCOL_CHECKED_INPUTS])(
    "%s: the engine's input schema is the protocol request schema, field by field",
    (name) => {
      const wire = (CLIENT_MESSAGE_SCHEMAS as Record<string, Shaped>)[name];
      const input = COMMAND_INPUTS[name] as unknown as Shaped;
      expect(wire, `no protocol schema for ${name}`).toBeDefined();
      const wireFields = Object.keys(wire!.shape).filter((k) => k !== "type" && k !== "request_id");
      expect(wireFields.sort()).toEqual(Object.keys(input.shape).sort());
      for (const key of wireFields) expect(wire!.shape[key], `${name}.${key}`).toBe(input.shape[key]);
      // No object-level refinement that one of the two would run and the other not.
      expect(input._zod.def.checks ?? []).toHaveLength(0);
      expect(wire!._zod.def.checks ?? []).toHaveLength(0);
      expect(input._zod.def.catchall).toBe(wire!._zod.def.catchall);
    },
  );

  it("holds the hot path", () => {
    expect(PROTOCOL_CHECKED_INPUTS.has("send_message")).toBe(true);
  });
});
