import { describe, expect, it } from "vitest";
import { parseHttpBody } from "../parse.ts";
import { HistoryQuerySchema } from "./messages.ts";
import { CreateRoomRequestSchema, ListRoomsQuerySchema } from "./rooms.ts";
import { HTTP_ROUTES } from "./routes.ts";
import { HTTP_STREAM_ROUTES, hasJsonResponse, UploadAttachmentQuerySchema } from "./stream-routes.ts";
import { ListUsersQuerySchema } from "./users.ts";

describe("HTTP query strings", () => {
  it("coerce numbers and true/false, with Lair's defaults", () => {
    expect(ListRoomsQuerySchema.parse({})).toEqual({
      joined_only: false,
      public_only: false,
      limit: 50,
      offset: 0,
    });
    expect(
      ListRoomsQuerySchema.parse({
        search: "gen",
        joined_only: "true",
        public_only: "false",
        limit: "20",
        offset: "40",
      }),
    ).toEqual({ search: "gen", joined_only: true, public_only: false, limit: 20, offset: 40 });
    expect(ListUsersQuerySchema.parse({ online_only: "1", limit: "1000" })).toMatchObject({
      online_only: true,
      limit: 100,
    });
  });

  it("refuses what does not coerce", () => {
    for (const query of [
      { limit: "ten" },
      { limit: "0" },
      { joined_only: "yes" },
      { offset: "-1" },
      { limit: "1.5" },
    ]) {
      const r = parseHttpBody(ListRoomsQuerySchema, query);
      expect(r.ok || r.error.code).toBe("validation_failed");
    }
  });

  it("history accepts both DM spellings and the cursor fields", () => {
    const q = HistoryQuerySchema.parse({
      target_type: "direct_message",
      target_id: "u1",
      before_seq: "12",
      cursor: "true",
    });
    expect(q).toEqual({ target_type: "dm", target_id: "u1", limit: 50, before_seq: 12, cursor: true });
    expect(HistoryQuerySchema.safeParse({ target_type: "group", target_id: "x" }).success).toBe(false);
    expect(
      HistoryQuerySchema.safeParse({ target_type: "room", target_id: "x", before: "yesterday" }).success,
    ).toBe(false);
  });
});

describe("HTTP bodies", () => {
  it("room creation takes name, description, settings.public and max_members", () => {
    const body = CreateRoomRequestSchema.parse({
      name: "General",
      description: "talk",
      settings: { public: false, max_members: 10 },
      max_members: 5,
    });
    expect(body).toEqual({
      name: "General",
      description: "talk",
      settings: { public: false, max_members: 10 },
      max_members: 5,
    });
  });

  it("route table has unique operation ids and method+path pairs", () => {
    const ids = new Set(HTTP_ROUTES.map((r) => r.operationId));
    const pairs = new Set(HTTP_ROUTES.map((r) => `${r.method} ${r.path}`));
    expect(ids.size).toBe(HTTP_ROUTES.length);
    expect(pairs.size).toBe(HTTP_ROUTES.length);
    for (const route of HTTP_ROUTES) {
      const placeholders = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const params = "params" in route ? Object.keys(route.params.shape) : [];
      expect(params.sort()).toEqual(placeholders.sort());
    }
  });

  it("stream routes clash with no JSON route and name their path parameters", () => {
    const all = [...HTTP_ROUTES, ...HTTP_STREAM_ROUTES];
    expect(new Set(all.map((r) => r.operationId)).size).toBe(all.length);
    expect(new Set(all.map((r) => `${r.method} ${r.path}`)).size).toBe(all.length);
    for (const route of HTTP_STREAM_ROUTES) {
      const placeholders = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const params = "params" in route ? Object.keys(route.params.shape) : [];
      expect(params.sort()).toEqual(placeholders.sort());
    }
    expect(HTTP_STREAM_ROUTES.map((r) => hasJsonResponse(r))).toEqual([true, false]);
    expect(UploadAttachmentQuerySchema.safeParse({ name: "" }).success).toBe(false);
    expect(UploadAttachmentQuerySchema.parse({})).toEqual({});
  });
});
