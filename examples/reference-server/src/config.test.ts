import { describe, expect, it } from "vitest";
import { parseConfig } from "./config.ts";
import { helpText, SETTINGS } from "./settings.ts";

describe("parseConfig", () => {
  it("applies the documented defaults", () => {
    const r = parseConfig([], {});
    if (r.help) throw new Error("unexpected help");
    expect(r.config.httpPort).toBe(8082);
    expect(r.config.tcpPort).toBe(8080);
    expect(r.config.databaseUrl).toBe("sqlite:./data/lair-chat.db");
    expect(r.config.redisUrl).toBeUndefined();
    expect(r.config.rateLimitMessages).toBe(30);
    expect(r.config.allowedOrigins).toEqual([]);
    expect(r.config.attachmentsDir).toBeUndefined();
  });

  it("reads the environment and lets flags win", () => {
    const r = parseConfig(["--http-port", "9000"], {
      LAIR_HTTP_PORT: "8000",
      LAIR_TCP_PORT: "7000",
      LAIR_ALLOWED_ORIGINS: "https://a.example, https://b.example",
      LAIR_DATABASE_URL: "postgres://postgres@127.0.0.1:5432/test",
      LAIR_ATTACHMENTS_DIR: "/srv/lair/files",
    });
    if (r.help) throw new Error("unexpected help");
    expect(r.config.httpPort).toBe(9000);
    expect(r.config.tcpPort).toBe(7000);
    expect(r.config.allowedOrigins).toEqual(["https://a.example", "https://b.example"]);
    expect(r.config.databaseUrl).toMatch(/^postgres:/);
    expect(r.config.attachmentsDir).toBe("/srv/lair/files");
  });

  it("names every bad setting by flag and variable", () => {
    expect(() => parseConfig([], { LAIR_HTTP_PORT: "70000", LAIR_DATABASE_URL: "mysql://x" })).toThrow(
      /--http-port \/ LAIR_HTTP_PORT[\s\S]*--database-url \/ LAIR_DATABASE_URL/,
    );
    expect(() => parseConfig([], { LAIR_JWT_SECRET: "short" })).toThrow(/LAIR_JWT_SECRET/);
    expect(() => parseConfig([], { LAIR_TLS_CERT_PATH: "/c.pem" })).toThrow(/go together/);
    expect(() => parseConfig(["--no-such-flag"], {})).toThrow();
  });

  it("--help lists every setting", () => {
    expect(parseConfig(["--help"], {})).toEqual({ help: true });
    const text = helpText();
    for (const s of SETTINGS) {
      expect(text).toContain(`--${s.flag}`);
      expect(text).toContain(s.env);
    }
  });
});

describe("docs/configuration.md", () => {
  it("documents every setting", async () => {
    const { readFile } = await import("node:fs/promises");
    const doc = await readFile(new URL("../../../docs/configuration.md", import.meta.url), "utf8");
    for (const s of SETTINGS) {
      expect(doc, s.env).toContain(`\`${s.env}\``);
      expect(doc, s.flag).toContain(`\`--${s.flag}\``);
    }
  });
});
