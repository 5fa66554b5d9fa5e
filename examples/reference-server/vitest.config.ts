import { packageProject } from "../../vitest.shared.ts";

export default packageProject("reference-server", { testTimeout: 60_000 });
