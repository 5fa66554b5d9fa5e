/**
 * @lair-chat/protocol — Lair Chat protocol 1.1 for TypeScript: wire schemas (zod), framing,
 * crypto and transports. Nothing here depends on Node built-ins; Node-only pieces (the TCP
 * transport) live in `@lair-chat/protocol/node`.
 */
export {
  ERROR_CODE_LIST,
  ERROR_CODES,
  type ErrorCode,
  fromWireError,
  httpStatusOf,
  isErrorCode,
  isLairError,
  LairError,
  type LairErrorOptions,
  toLairError,
  type WireError,
} from "./errors/index.ts";
