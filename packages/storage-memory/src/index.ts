/**
 * @lair-chat/storage-memory — the Lair Chat storage interface kept in process memory. For
 * tests, demos and single-process servers that can lose their data on restart.
 */
export { createMemoryStorage, type MemoryStorageOptions } from "./memory-storage.ts";
