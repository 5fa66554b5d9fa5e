import { describe, expect, it } from "vitest";
import { COMMANDS, parseCommand } from "./command-parser.ts";

describe("parseCommand", () => {
  it("treats plain text as a message, and a blank line as nothing", () => {
    expect(parseCommand("hello there")).toEqual({ kind: "message", text: "hello there" });
    expect(parseCommand("   ")).toBeUndefined();
    expect(parseCommand("")).toBeUndefined();
  });

  it("sends //text as a message starting with /", () => {
    expect(parseCommand("//shrug")).toEqual({ kind: "message", text: "/shrug" });
  });

  it("parses /join and /create with the room name, without a leading #", () => {
    expect(parseCommand("/join general")).toEqual({ kind: "join", room: "general" });
    expect(parseCommand("/join #general")).toEqual({ kind: "join", room: "general" });
    expect(parseCommand("/create  book club ")).toEqual({ kind: "create", room: "book club" });
    expect(parseCommand("/j lobby")).toEqual({ kind: "join", room: "lobby" });
  });

  it("parses /leave with or without a room", () => {
    expect(parseCommand("/leave")).toEqual({ kind: "leave" });
    expect(parseCommand("/part #lobby")).toEqual({ kind: "leave", room: "lobby" });
  });

  it("parses /dm with a user and an optional first message", () => {
    expect(parseCommand("/dm bob")).toEqual({ kind: "dm", user: "bob" });
    expect(parseCommand("/dm @bob hi there")).toEqual({ kind: "dm", user: "bob", text: "hi there" });
    expect(parseCommand("/msg bob  hi")).toEqual({ kind: "dm", user: "bob", text: "hi" });
  });

  it("parses /invite with exactly one user", () => {
    expect(parseCommand("/invite @carol")).toEqual({ kind: "invite", user: "carol" });
    expect(parseCommand("/invite carol dave")).toEqual({ kind: "invalid", message: "Usage: /invite <user>" });
  });

  it("parses /help and /quit and their aliases, in any case", () => {
    expect(parseCommand("/help")).toEqual({ kind: "help" });
    expect(parseCommand("/?")).toEqual({ kind: "help" });
    expect(parseCommand("/QUIT")).toEqual({ kind: "quit" });
    expect(parseCommand("/q")).toEqual({ kind: "quit" });
    expect(parseCommand("/exit")).toEqual({ kind: "quit" });
  });

  it("explains a missing argument with the command's usage", () => {
    expect(parseCommand("/join")).toEqual({ kind: "invalid", message: "Usage: /join <room>" });
    expect(parseCommand("/create #")).toEqual({ kind: "invalid", message: "Usage: /create <room>" });
    expect(parseCommand("/dm")).toEqual({ kind: "invalid", message: "Usage: /dm <user> [message]" });
    expect(parseCommand("/invite")).toEqual({ kind: "invalid", message: "Usage: /invite <user>" });
  });

  it("reports an unknown command", () => {
    expect(parseCommand("/frobnicate now")).toEqual({
      kind: "invalid",
      message: "Unknown command /frobnicate; try /help",
    });
    expect(parseCommand("/")).toEqual({ kind: "invalid", message: "Type a command after /, or /help" });
  });

  it("lists every command the brief names in /help", () => {
    expect(COMMANDS.map((c) => c.name)).toEqual(["join", "leave", "create", "dm", "invite", "help", "quit"]);
  });

  it("rejects a non-string", () => {
    expect(() => parseCommand(42 as unknown as string)).toThrow(TypeError);
  });
});
