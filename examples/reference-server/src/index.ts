/**
 * The Lair Chat reference server as a library: `startReferenceServer(config)` starts what the
 * `lair-chat-server` binary starts, for tests and for hosts that want it in-process.
 */
export { type ParseResult, parseConfig, type ServerConfig } from "./config.ts";
export { loadOrCreateJwtSecret } from "./jwt-secret.ts";
export { openStorage } from "./open-storage.ts";
export {
  defaultWebRoot,
  type RunningServer,
  type StartOptions,
  startReferenceServer,
} from "./reference-server.ts";
export { helpText, SETTINGS, type SettingSpec } from "./settings.ts";
