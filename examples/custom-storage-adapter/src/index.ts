/**
 * @lair-chat/example-custom-storage-adapter — a storage adapter for the Lair Chat server kit
 * that keeps everything in one JSON file, written from docs/storage-adapters.md.
 */
export { createJsonFileStorage, type JsonFileStorageOptions } from "./json-file-storage.ts";
