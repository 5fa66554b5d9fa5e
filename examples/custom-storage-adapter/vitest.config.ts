import { packageProject } from "../../vitest.shared.ts";

export default packageProject("custom-storage-adapter", { testTimeout: 60_000 });
