import { describe, expect, it } from "vitest";
import { parseCliOptions } from "./cli-options.ts";

describe("parseCliOptions", () => {
  it("defaults to TCP on 8080 with Lair's encryption, next to the HTTP server", () => {
    const result = parseCliOptions([], { XDG_STATE_HOME: "/state" });
    expect(result).toEqual({
      kind: "run",
      options: {
        url: "http://localhost:8082",
        transport: "tcp",
        tcpHost: "localhost",
        tcpPort: 8080,
        encryption: "compat",
        dataDir: "/state/lair-chat-tui",
      },
    });
  });

  it("reads every flag, in both --flag value and --flag=value forms", () => {
    const result = parseCliOptions([
      "--url=http://127.0.0.1:9000/",
      "--transport",
      "websocket",
      "--tcp-port",
      "9001",
      "--encryption=none",
      "--data-dir",
      "/tmp/x",
      "--user",
      "alice",
    ]);
    expect(result).toMatchObject({
      kind: "run",
      options: {
        url: "http://127.0.0.1:9000",
        transport: "websocket",
        tcpHost: "127.0.0.1",
        tcpPort: 9001,
        encryption: "none",
        dataDir: "/tmp/x",
        user: "alice",
      },
    });
  });

  it("answers --help", () => {
    expect(parseCliOptions(["--help"])).toEqual({ kind: "help" });
    expect(parseCliOptions(["-h"])).toEqual({ kind: "help" });
  });

  it("explains bad input", () => {
    expect(parseCliOptions(["--transport", "udp"])).toEqual({
      kind: "error",
      message: "--transport must be tcp or websocket",
    });
    expect(parseCliOptions(["--tcp-port", "70000"])).toMatchObject({ kind: "error" });
    expect(parseCliOptions(["--url", "ftp://x"])).toMatchObject({ kind: "error" });
    expect(parseCliOptions(["--url"])).toEqual({ kind: "error", message: "--url needs a value" });
    expect(parseCliOptions(["--nope"])).toEqual({ kind: "error", message: "unknown option --nope" });
    expect(parseCliOptions(["--encryption", "hardened"])).toMatchObject({ kind: "error" });
  });
});
