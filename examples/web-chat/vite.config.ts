/**
 * Builds the web chat into `dist/`, which the reference server serves at `/`. The workspace
 * packages resolve to their TypeScript sources, so the app builds without building them first
 * and without the workspace link; the browser conditions keep Node built-ins out of the bundle.
 */
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const packageSource = (name: string) =>
  fileURLToPath(new URL(`../../packages/${name}/src/index.ts`, import.meta.url));

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "/",
  resolve: {
    alias: [
      { find: /^@lair-chat\/client$/, replacement: packageSource("client") },
      { find: /^@lair-chat\/protocol$/, replacement: packageSource("protocol") },
    ],
    conditions: ["source", "browser", "module", "import", "default"],
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    sourcemap: true,
  },
  server: {
    // `npm run dev` next to a reference server on its default port.
    proxy: {
      "/api": "http://localhost:8082",
      "/ws": { target: "ws://localhost:8082", ws: true },
    },
  },
});
