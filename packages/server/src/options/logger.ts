/**
 * The logger the server writes to: the subset of pino's API it uses, so a pino instance (or
 * anything shaped like one) can be passed in without the kit importing pino.
 */

/** Pino-compatible logger. Each method takes an optional object of fields, then a message. */
export interface Logger {
  debug(obj: object | string, msg?: string): void;
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
  /** A logger that adds `bindings` to every line. */
  child(bindings: Record<string, unknown>): Logger;
}

/** A logger that drops everything: the default, so an embedded server is quiet unless asked. */
export function createSilentLogger(): Logger {
  const noop = (): void => {};
  const logger: Logger = { debug: noop, info: noop, warn: noop, error: noop, child: () => logger };
  return logger;
}
