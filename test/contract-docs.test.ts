/**
 * docs/protocol.md carries tables generated from the protocol schemas
 * (packages/protocol/scripts/gen-protocol-tables.ts); this fails when a schema changed and the
 * doc was not regenerated.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { PROTOCOL_DOC, renderTables, updateDoc } from "../packages/protocol/scripts/gen-protocol-tables.ts";

describe("docs/protocol.md", () => {
  it("has every generated table up to date with the schemas", () => {
    const doc = readFileSync(PROTOCOL_DOC, "utf8");
    expect(updateDoc(doc) === doc, "run: npx tsx packages/protocol/scripts/gen-protocol-tables.ts").toBe(
      true,
    );
  });

  it("documents every client message, response, event and route", () => {
    const tables = renderTables();
    expect(tables["client-messages"]).toContain("`resume`");
    expect(tables.responses).toContain("`resume_response`");
    expect(tables.events).toContain("`session_expiring`");
    expect(tables["http-routes"]).toContain("`/api/v1/admin/users/{user_id}/revoke-sessions`");
    expect(tables["server-messages"]).toMatch(/`confirm`\?/);
  });
});
