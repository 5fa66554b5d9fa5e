import { normalizeTarget, toHttpTarget } from "@lair-chat/protocol";
import { describe, expect, it } from "vitest";
import { canonicalTarget, httpTarget } from "./target.ts";

describe("target spellings", () => {
  const targets = [
    { type: "room", room_id: "r" },
    { type: "dm", recipient: "u" },
    { type: "direct_message", recipient: "u" },
  ] as const;

  it("agree with the protocol's normalizeTarget and toHttpTarget", () => {
    for (const target of targets) {
      expect(canonicalTarget(target)).toEqual(normalizeTarget(target));
      expect(httpTarget(target)).toEqual(toHttpTarget(target));
    }
  });

  it("refuse what is not a target", () => {
    expect(() => canonicalTarget(null as never)).toThrow(TypeError);
    expect(() => canonicalTarget({ type: "group", id: "g" } as never)).toThrow(TypeError);
  });
});
