/**
 * Our protocol extensions and their negotiation (docs/protocol.md#extensions). The server lists
 * what it supports in `server_hello.features`, the client asks in `client_hello.features`; an
 * extension is on for a connection only when both name it.
 */
/** Extension names, as they appear in `features`. */
export const FEATURES = ["seq", "idempotency", "resume", "cursor", "hardened", "attachments"] as const;
export type Feature = (typeof FEATURES)[number];

/** The feature Lair 1.1 servers announce for TCP encryption (lair-compatible mode). */
export const LAIR_ENCRYPTION_FEATURE = "encryption";

/** True for one of our extension names. */
export function isFeature(name: unknown): name is Feature {
  return typeof name === "string" && (FEATURES as readonly string[]).includes(name);
}

/**
 * The extensions in force for a connection: those both sides name, in `FEATURES` order.
 * Unknown names (another implementation's features, `encryption`) are ignored.
 */
export function negotiateFeatures(
  serverFeatures: readonly string[] | undefined,
  clientFeatures: readonly string[] | undefined,
): Feature[] {
  if (serverFeatures !== undefined && !Array.isArray(serverFeatures)) {
    throw new TypeError("serverFeatures must be an array of strings");
  }
  if (clientFeatures !== undefined && !Array.isArray(clientFeatures)) {
    throw new TypeError("clientFeatures must be an array of strings");
  }
  const server = new Set(serverFeatures ?? []);
  const client = new Set(clientFeatures ?? []);
  return FEATURES.filter((f) => server.has(f) && client.has(f));
}

/** True when `features` (a negotiated list) includes `feature`. */
export function hasFeature(features: readonly string[], feature: Feature): boolean {
  return features.includes(feature);
}

/**
 * True for a protocol version we talk to (ours is `PROTOCOL_VERSION`): anything starting `1.`,
 * exactly as the Rust server checks it. Another major version gets `version_mismatch` and close.
 */
export function isCompatibleVersion(version: unknown): boolean {
  return typeof version === "string" && version.startsWith("1.");
}
