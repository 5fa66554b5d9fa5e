/**
 * Shared vitest settings. Tests run on sources through the "source" export condition;
 * LAIR_TEST_DIST=1 drops that condition so the same tests run against the built dist.
 */
import { defineProject } from "vitest/config";

const conditions = process.env.LAIR_TEST_DIST ? [] : ["source"];

export function packageProject(name: string, extra: { testTimeout?: number; include?: string[] } = {}) {
  return defineProject({
    resolve: { conditions: [...conditions, "module", "node", "import", "default"] },
    ssr: {
      resolve: { conditions: [...conditions, "node", "import", "default"], externalConditions: conditions },
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
