import { defineConfig } from "tsup";
import { packageBuild } from "../../tsup.config.base.ts";

export default defineConfig(packageBuild({ main: "src/main.ts" }, { platform: "node", dts: false }));
