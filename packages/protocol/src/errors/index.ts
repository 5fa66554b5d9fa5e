export { ERROR_CODE_LIST, ERROR_CODES, type ErrorCode, httpStatusOf, isErrorCode } from "./codes.ts";
export {
  fromWireError,
  isLairError,
  LairError,
  type LairErrorOptions,
  toLairError,
  type WireError,
} from "./lair-error.ts";
