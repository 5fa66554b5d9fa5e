import type { LairError } from "../errors/lair-error.ts";

/** Outcome of decoding untrusted input: never a throw, always a value or a typed error. */
export type DecodeResult<T> = { ok: true; value: T } | { ok: false; error: LairError };
