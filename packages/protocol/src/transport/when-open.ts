import { LairError } from "../errors/lair-error.ts";
import type { Transport, TransportCloseInfo } from "./transport.ts";

/**
 * Resolves once `transport` is open (at once if it already is). Rejects with the transport's
 * first error, or `connection_closed` when it closes first.
 */
export function whenOpen(transport: Transport): Promise<void> {
  if (transport.readyState === "open") return Promise.resolve();
  if (transport.readyState !== "connecting") return Promise.reject(new LairError("connection_closed"));
  return new Promise((resolve, reject) => {
    let firstError: LairError | undefined;
    const cleanup = () => {
      transport.off("open", onOpen);
      transport.off("error", onError);
      transport.off("close", onClose);
    };
    const onOpen = () => {
      cleanup();
      resolve();
    };
    const onError = (error: LairError) => {
      firstError ??= error;
    };
    const onClose = (info: TransportCloseInfo) => {
      cleanup();
      reject(firstError ?? new LairError("connection_closed", { details: { ...info } }));
    };
    transport.on("open", onOpen);
    transport.on("error", onError);
    transport.on("close", onClose);
  });
}
