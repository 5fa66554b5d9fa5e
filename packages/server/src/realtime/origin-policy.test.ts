import { describe, expect, it } from "vitest";
import { isOriginAllowed, normalizeOrigin } from "./origin-policy.ts";

describe("isOriginAllowed", () => {
  const allowed = ["https://chat.example.com", "http://localhost:5173/"];

  it("lets non-browser clients (no Origin) through", () => {
    expect(isOriginAllowed(undefined, "api.example.com", [])).toBe(true);
  });

  it("allows the server's own origin", () => {
    expect(isOriginAllowed("http://api.example.com:8080", "api.example.com:8080", [])).toBe(true);
    expect(isOriginAllowed("http://API.example.com:8080", "api.example.com:8080", [])).toBe(true);
  });

  it("allows listed origins, compared in canonical form", () => {
    expect(isOriginAllowed("https://chat.example.com", "api.example.com", allowed)).toBe(true);
    expect(isOriginAllowed("https://chat.example.com:443", "api.example.com", allowed)).toBe(true);
    expect(isOriginAllowed("http://localhost:5173", "api.example.com", allowed)).toBe(true);
  });

  it("refuses everything else", () => {
    expect(isOriginAllowed("https://evil.example", "api.example.com", allowed)).toBe(false);
    expect(isOriginAllowed("http://chat.example.com", "api.example.com", allowed)).toBe(false);
    expect(isOriginAllowed("https://chat.example.com.evil.example", "api.example.com", allowed)).toBe(false);
    expect(isOriginAllowed("null", "api.example.com", allowed)).toBe(false);
    expect(isOriginAllowed("file://", "api.example.com", allowed)).toBe(false);
    expect(isOriginAllowed("not a url", "api.example.com", allowed)).toBe(false);
  });

  it('allows any origin with "*"', () => {
    expect(isOriginAllowed("https://evil.example", "api.example.com", "*")).toBe(true);
  });
});

describe("normalizeOrigin", () => {
  it("keeps scheme, host and a non-default port", () => {
    expect(normalizeOrigin("HTTPS://Chat.Example.com:443/path")).toBe("https://chat.example.com");
    expect(normalizeOrigin("http://x.test:8080")).toBe("http://x.test:8080");
    expect(normalizeOrigin("ws://x.test")).toBeUndefined();
  });
});
