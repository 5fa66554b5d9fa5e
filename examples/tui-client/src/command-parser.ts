/**
 * What a line typed in the chat means: a message, or one of the slash commands. `//text` sends
 * "/text" as a message. Parsing only; the CommandRunner carries commands out.
 */

export type Command =
  | { kind: "message"; text: string }
  | { kind: "join"; room: string }
  | { kind: "leave"; room?: string }
  | { kind: "create"; room: string }
  | { kind: "dm"; user: string; text?: string }
  | { kind: "invite"; user: string }
  | { kind: "help" }
  | { kind: "quit" }
  | { kind: "invalid"; message: string };

export interface CommandHelp {
  name: string;
  usage: string;
  summary: string;
  aliases: readonly string[];
}

/** The commands, in the order `/help` lists them. */
export const COMMANDS: readonly CommandHelp[] = [
  {
    name: "join",
    usage: "/join <room>",
    summary: "join a room (or accept its invitation) and open it",
    aliases: ["j"],
  },
  {
    name: "leave",
    usage: "/leave [room]",
    summary: "leave the open room (or the one named)",
    aliases: ["part"],
  },
  { name: "create", usage: "/create <room>", summary: "create a public room and open it", aliases: [] },
  {
    name: "dm",
    usage: "/dm <user> [message]",
    summary: "open a direct conversation",
    aliases: ["msg", "query"],
  },
  { name: "invite", usage: "/invite <user>", summary: "invite someone to the open room", aliases: [] },
  { name: "help", usage: "/help", summary: "show commands and keys", aliases: ["h", "?"] },
  { name: "quit", usage: "/quit", summary: "leave the client", aliases: ["q", "exit"] },
];

function canonicalName(name: string): string | undefined {
  const lower = name.toLowerCase();
  return COMMANDS.find((c) => c.name === lower || c.aliases.includes(lower))?.name;
}

function usage(name: string): string {
  return `Usage: ${COMMANDS.find((c) => c.name === name)?.usage ?? `/${name}`}`;
}

/** A room argument: the rest of the line, without a leading `#`. */
function roomArg(rest: string): string {
  return rest.trim().replace(/^#/, "").trim();
}

/** A user argument: one word, without a leading `@`. */
function splitUser(rest: string): { user: string; tail: string } {
  const trimmed = rest.trim();
  const space = trimmed.search(/\s/);
  const word = space === -1 ? trimmed : trimmed.slice(0, space);
  return { user: word.replace(/^@/, ""), tail: space === -1 ? "" : trimmed.slice(space).trim() };
}

/** Parse one submitted line; undefined for a blank line. */
export function parseCommand(line: string): Command | undefined {
  if (typeof line !== "string") throw new TypeError("line must be a string");
  if (line.trim() === "") return undefined;
  if (!line.startsWith("/")) return { kind: "message", text: line };
  if (line.startsWith("//")) return { kind: "message", text: line.slice(1) };
  const match = /^\/(\S*)\s*([\s\S]*)$/.exec(line);
  const typed = match?.[1] ?? "";
  const rest = match?.[2] ?? "";
  const name = canonicalName(typed);
  switch (name) {
    case "join":
    case "create": {
      const room = roomArg(rest);
      return room === "" ? { kind: "invalid", message: usage(name) } : { kind: name, room };
    }
    case "leave": {
      const room = roomArg(rest);
      return room === "" ? { kind: "leave" } : { kind: "leave", room };
    }
    case "dm": {
      const { user, tail } = splitUser(rest);
      if (user === "") return { kind: "invalid", message: usage(name) };
      return tail === "" ? { kind: "dm", user } : { kind: "dm", user, text: tail };
    }
    case "invite": {
      const { user, tail } = splitUser(rest);
      return user === "" || tail !== ""
        ? { kind: "invalid", message: usage(name) }
        : { kind: "invite", user };
    }
    case "help":
      return { kind: "help" };
    case "quit":
      return { kind: "quit" };
    case undefined:
      return {
        kind: "invalid",
        message: typed === "" ? "Type a command after /, or /help" : `Unknown command /${typed}; try /help`,
      };
    default:
      throw new TypeError(`unhandled command ${name}`);
  }
}
