/**
 * The main entry must bundle for browsers without Node built-ins (the TCP transport lives in
 * the `./node` subpath), and the Node entry must be the one that pulls node:net.
 */
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

async function bundle(entry: string, platform: "browser" | "node"): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL(entry, import.meta.url))],
    bundle: true,
    write: false,
    format: "esm",
    platform,
    conditions: ["source"],
    logLevel: "silent",
  });
  return result.outputFiles[0]!.text;
}

describe("entry points", () => {
  it("the main entry bundles for a browser with no Node built-in", async () => {
    const code = await bundle("../index.ts", "browser");
    expect(code).toContain("WebSocketTransport");
    expect(code).not.toMatch(/["']node:[a-z_]+["']/);
    expect(code).not.toMatch(/require\(["'](net|tls|stream)["']\)/);
  });

  it("the node entry is the one that imports node:net", async () => {
    const code = await bundle("../node.ts", "node");
    expect(code).toContain("node:net");
    expect(code).toContain("TcpTransport");
  });
});
