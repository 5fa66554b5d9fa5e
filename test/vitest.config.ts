import { packageProject } from "../vitest.shared.ts";

export default packageProject("integration", { include: ["**/*.test.ts"], testTimeout: 60_000 });
