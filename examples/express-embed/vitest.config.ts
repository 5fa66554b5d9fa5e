import { packageProject } from "../../vitest.shared.ts";

export default packageProject("express-embed", { testTimeout: 60_000 });
