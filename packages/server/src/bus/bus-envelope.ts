/** The inter-node envelope of LairBus and its byte encoding (JSON, UTF-8). */

/** What crosses the bus. `v` lets a future format coexist with this one during a rolling upgrade. */
export interface BusEnvelope {
  v: 1;
  /** Sending node. */
  node: string;
  /** Message type; types starting with `__` belong to the base class. */
  type: string;
  payload?: unknown;
  /** Request id (on requests) or the id answered (on responses). */
  req?: string;
  /** Addressee node of a response. */
  to?: string;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function encodeEnvelope(envelope: BusEnvelope): Uint8Array {
  return encoder.encode(JSON.stringify(envelope));
}

export function decodeEnvelope(bytes: Uint8Array): BusEnvelope | null {
  try {
    const value = JSON.parse(decoder.decode(bytes)) as BusEnvelope;
    if (value?.v !== 1 || typeof value.node !== "string" || typeof value.type !== "string") return null;
    return value;
  } catch {
    return null;
  }
}
