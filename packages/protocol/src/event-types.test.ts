import { describe, expect, it } from "vitest";
import { isEventType, SERVER_EVENT_TYPES } from "./event-types.ts";
import { EVENT_SCHEMAS } from "./schemas/events.ts";
import { SERVER_MESSAGE_TYPES } from "./schemas/server-messages.ts";

describe("SERVER_EVENT_TYPES", () => {
  it("names the schema map's events, in its order", () => {
    expect([...SERVER_EVENT_TYPES]).toEqual(Object.keys(EVENT_SCHEMAS));
  });

  it("isEventType accepts exactly the event names", () => {
    for (const type of SERVER_EVENT_TYPES) expect(isEventType(type)).toBe(true);
    const others = SERVER_MESSAGE_TYPES.filter(
      (type) => !(SERVER_EVENT_TYPES as readonly string[]).includes(type),
    );
    expect(others).toContain("pong");
    for (const type of others) expect(isEventType(type)).toBe(false);
    for (const value of ["", "toString", "hasOwnProperty", "__proto__", 1, null, undefined, {}]) {
      expect(isEventType(value)).toBe(false);
    }
  });
});
