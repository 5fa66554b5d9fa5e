/**
 * The client keeps schema-free copies of a few protocol helpers (so browser bundles stay small);
 * these properties pin them to the protocol package's own definitions.
 */
import {
  conversationKey,
  dmConversationKey,
  parseConversationKey,
  contentProblem as protocolContentProblem,
  roomConversationKey,
  SERVER_EVENT_TYPES,
  toHttpTarget,
} from "@lair-chat/protocol";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { httpTarget } from "../target.ts";
import { contentProblem } from "./content-problem.ts";
import { dmKey, keyOfTarget, parseKey, roomKey } from "./conversation-key.ts";
import { isEventType } from "./event-types.ts";

const id = fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/);

describe("schema-free wire helpers agree with @lair-chat/protocol", () => {
  it("conversation keys", () => {
    fc.assert(
      fc.property(id, id, (a, b) => {
        expect(roomKey(a)).toBe(roomConversationKey(a));
        expect(dmKey(a, b)).toBe(dmConversationKey(a, b));
        expect(keyOfTarget({ type: "dm", recipient: b }, a)).toBe(
          conversationKey({ type: "dm", recipient: b }, a),
        );
        expect(keyOfTarget({ type: "direct_message", recipient: b }, a)).toBe(
          conversationKey({ type: "direct_message", recipient: b }, a),
        );
        expect(keyOfTarget({ type: "room", room_id: a }, b)).toBe(
          conversationKey({ type: "room", room_id: a }, b),
        );
        for (const key of [roomKey(a), dmKey(a, b)]) expect(parseKey(key)).toEqual(parseConversationKey(key));
      }),
    );
  });

  it("content rule", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 5000 }), fc.string({ unit: "grapheme", maxLength: 1500 })),
        (text) => {
          expect(contentProblem(text) === undefined).toBe(protocolContentProblem(text) === undefined);
        },
      ),
    );
    expect(contentProblem("é".repeat(2049))).toBeDefined();
    expect(contentProblem("é".repeat(2048))).toBeUndefined();
  });

  it("HTTP target spelling and event names", () => {
    for (const target of [
      { type: "room", room_id: "r" },
      { type: "dm", recipient: "u" },
      { type: "direct_message", recipient: "u" },
    ] as const) {
      expect(httpTarget(target)).toEqual(toHttpTarget(target));
    }
    for (const type of SERVER_EVENT_TYPES) expect(isEventType(type)).toBe(true);
    expect(isEventType("pong")).toBe(false);
  });
});
