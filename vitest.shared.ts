/**
 * Shared vitest settings. Tests run on sources through the "source" export condition;
 * LAIR_TEST_DIST=1 drops that condition so the same tests run against the built dist.
 */
import { defineProject } from "vitest/config";

const conditions = process.env.LAIR_TEST_DIST ? [] : ["source"];

export function packageProject(name: string, extra: { testTimeout?: number; include?: string[] } = {}) {
  return defineProject({
    resolve: { conditions: [...conditions, "module", "node", "import", "default"] },
    // No "import" here: vitest hands these to its workers as node --conditions, which also steer
    // require(); with "import", pg's require("pg-pool") gets pg-pool's ESM build and crashes.
    ssr: {
      resolve: { conditions: [...conditions, "node", "default"], externalConditions: conditions },
    },
    test: {
      name,
      include: extra.include ?? ["src/**/*.test.ts"],
      testTimeout: extra.testTimeout ?? 20_000,
      hookTimeout: 30_000,
      environment: "node",
    },
  });
}
