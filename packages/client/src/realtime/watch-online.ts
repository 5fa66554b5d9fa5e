/** Browsers report regaining the network with an `online` event; skip the backoff wait then. */

/** Call `wake` on every `online` event of the global scope (if it has events); returns the unsubscribe. */
export function watchOnline(wake: () => void): () => void {
  const scope = globalThis as {
    addEventListener?: (type: string, listener: () => void) => void;
    removeEventListener?: (type: string, listener: () => void) => void;
  };
  if (typeof scope.addEventListener !== "function") return () => {};
  scope.addEventListener("online", wake);
  return () => scope.removeEventListener?.("online", wake);
}
