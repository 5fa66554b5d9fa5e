/**
 * Whatever ends the process — a normal exit, a signal, or a crash — the terminal is restored
 * first, so the user's shell never stays in raw mode on the alternate screen.
 */

export interface ExitGuardOptions {
  /** Restores the terminal; called once, synchronously. */
  restore(): void;
  /** Where a crash report goes after the terminal is restored. @default process.stderr */
  report?: (text: string) => void;
  /** The process to guard. @default process */
  process?: NodeJS.Process;
}

const SIGNALS = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 } as const;

/** Install the handlers; returns a function that removes them. */
export function guardExit(options: ExitGuardOptions): () => void {
  const proc = options.process ?? process;
  const report = options.report ?? ((text: string) => proc.stderr.write(text));
  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    options.restore();
  };
  const crash = (error: unknown) => {
    restore();
    report(
      `lair-chat-tui crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    proc.exit(1);
  };
  const signalHandlers = Object.entries(SIGNALS).map(([signal, number]) => {
    const handler = () => {
      restore();
      proc.exit(128 + number);
    };
    proc.on(signal, handler);
    return () => proc.off(signal, handler);
  });
  proc.on("exit", restore);
  proc.on("uncaughtException", crash);
  proc.on("unhandledRejection", crash);
  return () => {
    proc.off("exit", restore);
    proc.off("uncaughtException", crash);
    proc.off("unhandledRejection", crash);
    for (const remove of signalHandlers) remove();
  };
}
