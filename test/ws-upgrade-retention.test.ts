/**
 * Regression: a listener the WebSocket endpoint put on the upgraded socket closed over the
 * upgrade request, so every open connection kept its IncomingMessage (headers, raw headers,
 * stream state: about 1 KB) alive. Measured in a child with --expose-gc.
 */
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const CHILD = fileURLToPath(new URL("./ws-upgrade-retention-child.ts", import.meta.url));

it("an open WebSocket connection does not keep its upgrade request alive", () => {
  const conditions = process.env.LAIR_TEST_DIST ? [] : ["--conditions=source"];
  const out = execFileSync(process.execPath, [...conditions, "--expose-gc", "--import", "tsx", CHILD], {
    encoding: "utf8",
    timeout: 60_000,
  });
  const line = out.trim().split("\n").at(-1) ?? "";
  const result = JSON.parse(line) as { upgrades: number; retained: number; open: number };
  expect(result.upgrades).toBe(20);
  expect(result.open).toBe(20);
  expect(result.retained).toBe(0);
});
