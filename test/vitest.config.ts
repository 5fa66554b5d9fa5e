import { packageProject } from "../vitest.shared.ts";

// As in packages/storage-postgres: with "import" among the worker's --conditions, pg's
// require("pg-pool") loads pg-pool's ESM build and crashes ("Class extends value [object Module]").
const config = packageProject("integration", { include: ["**/*.test.ts"], testTimeout: 60_000 });
const ssrResolve = config.ssr?.resolve;
if (ssrResolve?.conditions) ssrResolve.conditions = ssrResolve.conditions.filter((c) => c !== "import");
export default config;
