/** The logger the client writes through: pino's call shape (`logger.warn({ ...context }, "message")`). */
export interface Logger {
  debug(context: object, message?: string): void;
  info(context: object, message?: string): void;
  warn(context: object, message?: string): void;
  error(context: object, message?: string): void;
}

/** Any subset of a logger; missing levels are dropped. */
export type LoggerLike = Partial<Logger>;

const noop = () => {};

/** Fill the missing levels of `logger` with no-ops. @default a logger that drops everything */
export function resolveLogger(logger: LoggerLike | undefined): Logger {
  const bind = (level: keyof Logger) => (logger?.[level] ? logger[level].bind(logger) : noop);
  return { debug: bind("debug"), info: bind("info"), warn: bind("warn"), error: bind("error") };
}
