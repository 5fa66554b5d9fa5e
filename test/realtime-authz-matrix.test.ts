/**
 * The authorization matrix over WebSocket and TCP: the rows of ./authz-cases.ts (the HTTP matrix's
 * table) sent as real-time requests, each cell on a fresh room, and each outcome held to the HTTP
 * expectation of that cell: a 2xx there is `success: true` here, `[status, code]` is
 * `success: false` with the same `error.code`. The server-banned and the deleted user cannot get
 * that far: their token is refused at `authenticate` with the code HTTP gives for every row.
 * Message ids from another room, invitations that are not the caller's and `typing` (which has
 * no HTTP route) follow; for the first two, each case also runs over HTTP and must agree.
 */
import { createMemoryStorage } from "@lair-chat/storage-memory";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACTORS, type Actor, type CaseUser, type Cell, ROWS, realtimeOutcome } from "./authz-cases.ts";
import type { Msg, TestClient } from "./realtime-client.ts";
import { type Harness, PASSWORD, startHarness, within } from "./realtime-harness.ts";

type Kind = "ws" | "tcp";
type Who = Actor | "invitee";
const KINDS = ["ws", "tcp"] as const;
/** Refused at authentication; every other caller holds a live connection per transport. */
const TOKEN_REFUSED: readonly Actor[] = ["serverBanned", "deleted"];
const LIVE = [...ACTORS.filter((a) => !TOKEN_REFUSED.includes(a)), "invitee"] as const;

const storage = createMemoryStorage();
let h: Harness;
let users: Record<Who, CaseUser>;
const conns: Record<Kind, Partial<Record<Who, TestClient>>> = { ws: {}, tcp: {} };
let counter = 0;

beforeAll(async () => {
  h = await startHarness({
    storage,
    admin: { username: "rt_matrix_admin", password: PASSWORD, email: "rtma@example.com" },
  });
  const u: Partial<Record<Who, CaseUser>> = {};
  for (const who of [...ACTORS, "invitee"] as const) {
    const account =
      who === "admin" ? await h.login("rt_matrix_admin") : await h.register(`rt_${who}_${++counter}`);
    u[who] = { id: account.user.id, token: account.token };
  }
  users = u as Record<Who, CaseUser>;
  await newRoom(users.otherOwner, false);
  for (const kind of KINDS) {
    for (const who of LIVE) {
      const c = kind === "ws" ? await h.ws() : await h.tcp();
      await c.authenticate(users[who].token);
      conns[kind][who] = c;
    }
  }
  // Banned server-wide / deleted directly in storage: the token stays signed and its session live.
  await storage.updateUser(users.serverBanned.id, { bannedAt: Date.now() });
  await storage.updateUser(users.deleted.id, { deletedAt: Date.now() });
});
afterAll(() => h.close());

async function api(method: string, path: string, who: CaseUser, body?: unknown): Promise<Msg> {
  const r = await h.api(method, path, who.token, body);
  if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

async function newRoom(owner: CaseUser, isPrivate: boolean): Promise<string> {
  const name = `rt-room-${++counter}`;
  const r = await api("POST", "/api/v1/rooms", owner, { name, settings: { public: !isPrivate } });
  return String((r.room as Msg).id);
}

async function postMessage(author: CaseUser, roomId: string): Promise<string> {
  const body = { target: { type: "room", room_id: roomId }, content: "the member's message" };
  return String(((await api("POST", "/api/v1/messages", author, body)).message as Msg).id);
}

/** As in the HTTP matrix: owner, moderator, member, a room-banned user and one message. */
async function freshCell(isPrivate: boolean): Promise<Cell> {
  const roomId = await newRoom(users.owner, isPrivate);
  for (const who of [users.moderator, users.member]) {
    if (isPrivate) {
      const inv = await api("POST", "/api/v1/invitations", users.owner, { room_id: roomId, user_id: who.id });
      await api("POST", `/api/v1/invitations/${(inv.invitation as Msg).id}/accept`, who);
    } else await api("POST", `/api/v1/rooms/${roomId}/join`, who);
  }
  await api("PUT", `/api/v1/rooms/${roomId}/members/${users.moderator.id}/role`, users.owner, {
    role: "moderator",
  });
  await api("POST", `/api/v1/rooms/${roomId}/members/${users.roomBanned.id}/ban`, users.owner);
  return { roomId, messageId: await postMessage(users.member, roomId), users };
}

/** Send a request and wait (bounded) for its response or error frame. */
function ask(c: TestClient, type: string, body: Msg = {}): Promise<Msg> {
  return within(5000, c.request(type, body), `answer to ${type}`);
}

/** `{type, success, code}` of a response (or of a protocol `error` frame). */
function outcomeOf(res: Msg) {
  if (res.type === "error") return { type: "error", success: false, code: res.code };
  return { type: res.type, success: res.success, code: (res.error as Msg | undefined)?.code };
}

async function httpCode(method: string, path: string, who: CaseUser, body?: unknown): Promise<unknown> {
  const r = await h.api(method, path, who.token, body);
  return r.status < 300 ? r.status : (r.body.error as Msg).code;
}

describe.each(KINDS)("authorization matrix over %s", (kind) => {
  for (const row of ROWS) {
    describe(row.name, () => {
      for (const actor of ACTORS) {
        const want = realtimeOutcome(row.expect[actor]);
        it(`${actor} → ${want.success ? "success" : want.code}`, async () => {
          const cell = await freshCell(row.private === true);
          const req = row.realtime(cell);
          if (TOKEN_REFUSED.includes(actor)) {
            const c = kind === "ws" ? await h.ws() : await h.tcp();
            await within(5000, c.waitForType("server_hello"), "server_hello");
            c.send({ type: "client_hello", version: "1.1" });
            const auth = await ask(c, "authenticate", { token: users[actor].token });
            expect(outcomeOf(auth)).toEqual({ type: "authenticate_response", ...want });
            // The command cannot run on the refused connection.
            expect(outcomeOf(await ask(c, req.type, req.body))).toMatchObject({ code: "unauthorized" });
            c.close();
            return;
          }
          const res = await ask(conns[kind][actor]!, req.type, req.body);
          expect(outcomeOf(res)).toEqual({ type: `${req.type}_response`, ...want });
        });
      }
    });
  }
});

describe.each(KINDS)("over %s, ids that are not the caller's", (kind) => {
  it("refuses invitations to others exactly as HTTP does", async () => {
    const cell = await freshCell(true);
    const invite = async () => {
      const body = { room_id: cell.roomId, user_id: users.invitee.id };
      return String(((await api("POST", "/api/v1/invitations", users.owner, body)).invitation as Msg).id);
    };
    const id = await invite();
    const refusals: Array<[Who, string, string]> = [];
    for (const who of ["outsider", "member", "owner", "admin"] as const) {
      refusals.push([who, "accept", "not_invitee"], [who, "decline", "not_invitee"]);
    }
    refusals.push(["outsider", "cancel", "invitation_not_found"]);
    refusals.push(["member", "cancel", "invitation_not_found"]);
    refusals.push(["invitee", "cancel", "permission_denied"]);
    for (const [who, action, code] of refusals) {
      const res = await ask(conns[kind][who]!, `${action}_invitation`, { invitation_id: id });
      const overHttp = await httpCode("POST", `/api/v1/invitations/${id}/${action}`, users[who]);
      expect([who, action, outcomeOf(res).code, overHttp]).toEqual([who, action, code, code]);
    }
    const unknown = await ask(conns[kind].invitee!, "accept_invitation", {
      invitation_id: "no-such-invitation",
    });
    expect(outcomeOf(unknown).code).toBe("invitation_not_found");
    const listed = await ask(conns[kind].outsider!, "list_invitations");
    expect(listed).toMatchObject({ success: true, invitations: [] });
    // Still pending after all that: the moderator may cancel it, and only then is it gone.
    expect(outcomeOf(await ask(conns[kind].moderator!, "cancel_invitation", { invitation_id: id }))).toEqual({
      type: "cancel_invitation_response",
      success: true,
      code: undefined,
    });
    const after = await ask(conns[kind].invitee!, "accept_invitation", { invitation_id: id });
    expect(outcomeOf(after).success).toBe(false);
  });

  it("keeps message ids of one room out of another room's reach, as HTTP does", async () => {
    const cell = await freshCell(false);
    const other = await newRoom(users.otherOwner, false);
    const foreign = await postMessage(users.otherOwner, other);
    const target = { type: "room", room_id: cell.roomId };
    for (const who of ["owner", "moderator", "member"] as const) {
      const c = conns[kind][who]!;
      const edit = await ask(c, "edit_message", { message_id: foreign, content: "x" });
      const del = await ask(c, "delete_message", { message_id: foreign });
      const read = await ask(c, "mark_read", { target, up_to: foreign });
      const overHttp = [
        await httpCode("PATCH", `/api/v1/messages/${foreign}`, users[who], { content: "x" }),
        await httpCode("DELETE", `/api/v1/messages/${foreign}`, users[who]),
        await httpCode("POST", "/api/v1/messages/read", users[who], { target, up_to: foreign }),
      ];
      const codes = [edit, del, read].map((r) => outcomeOf(r).code);
      const notFound = Array(3).fill("message_not_found");
      expect({ who, realtime: codes, http: overHttp }).toEqual({ who, realtime: notFound, http: notFound });
    }
    const untouched = await api(
      "GET",
      `/api/v1/messages?target_type=room&target_id=${other}`,
      users.otherOwner,
    );
    expect((untouched.messages as Msg[]).map((m) => [m.id, m.content])).toEqual([
      [foreign, "the member's message"],
    ]);
  });

  it("delivers typing exactly where send_message is allowed", async () => {
    const allowed = ROWS.find((r) => r.name === "send_message")!.expect;
    const cell = await freshCell(false);
    const target = { type: "room", room_id: cell.roomId };
    const ok = (w: Actor) => realtimeOutcome(allowed[w]).success;
    // Refused typists first, each followed by a ping so its typing (if any) was published before
    // the next; the allowed ones last, so once their events reach the observer (a member, on the
    // other transport) any wrongly delivered one would have arrived too.
    const typists = LIVE.filter((w): w is Actor => w !== "invitee" && w !== "member");
    typists.sort((a, b) => Number(ok(a)) - Number(ok(b)));
    const observer = conns[kind === "ws" ? "tcp" : "ws"].member!;
    const mark = observer.received.length;
    const typingHere = (m: Msg) => m.type === "user_typing" && (m.target as Msg).room_id === cell.roomId;
    for (const who of typists) {
      conns[kind][who]!.send({ type: "typing", target });
      expect((await ask(conns[kind][who]!, "ping")).type).toBe("pong");
    }
    const expected = typists.filter(ok).map((w) => users[w].id);
    for (const id of expected) {
      await within(
        5000,
        observer.waitFor((m) => typingHere(m) && m.user_id === id),
        "typing event",
      );
    }
    const seen = observer.received
      .slice(mark)
      .filter(typingHere)
      .map((m) => m.user_id);
    expect(new Set(seen)).toEqual(new Set(expected));
  });
});
