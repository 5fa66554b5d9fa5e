/**
 * Streaming decoder for length-prefixed frames (docs/protocol.md#framing; Lair TCP.md,
 * "Message Framing" and "Pseudocode: Reading a Message").
 *
 * Bytes may arrive in any chunking. Every input byte is copied at most once (a frame that
 * lies inside one chunk is returned as a view without copying), so decoding is linear.
 */
import { LairError } from "../errors/lair-error.ts";
import { MAX_FRAME_BYTES } from "../limits.ts";
import { checkMaxFrameBytes, FRAME_HEADER_BYTES } from "./encode-frame.ts";

export interface FrameDecoderOptions {
  /** Largest declared payload length accepted. @default MAX_FRAME_BYTES (1,048,576) */
  maxFrameBytes?: number;
}

/** What one `push` produced: the complete frames, and the error that poisoned the decoder. */
export interface FrameDecodeResult {
  frames: Uint8Array[];
  error?: LairError;
}

/**
 * Turns a byte stream into frame payloads. It never throws on stream content: a declared
 * length over the cap yields `frame_too_large` as soon as the 4 header bytes are in, before
 * any payload buffer is allocated. After an error the stream is desynchronised, so the decoder
 * is poisoned (every later `push` returns the same error) and the connection must be closed.
 *
 * A zero length is a valid, empty frame: it does not desynchronise the stream, and Lair's
 * server also reads it and then rejects the empty payload as malformed JSON — which is what
 * `decodeJsonFrame` does with it.
 */
export class FrameDecoder {
  readonly maxFrameBytes: number;
  #header = new Uint8Array(FRAME_HEADER_BYTES);
  #headerFilled = 0;
  /** Payload being assembled across chunks; undefined while reading a header. */
  #payload: Uint8Array | undefined;
  #payloadFilled = 0;
  #error: LairError | undefined;

  constructor(options: FrameDecoderOptions = {}) {
    this.maxFrameBytes = checkMaxFrameBytes(options.maxFrameBytes ?? MAX_FRAME_BYTES, "maxFrameBytes");
  }

  /** The error that poisoned this decoder, if any. */
  get error(): LairError | undefined {
    return this.#error;
  }

  /** Bytes received (header included) that do not yet form a whole frame. */
  get bufferedBytes(): number {
    return this.#payload === undefined ? this.#headerFilled : FRAME_HEADER_BYTES + this.#payloadFilled;
  }

  /** Feed the next bytes of the stream. */
  push(chunk: Uint8Array): FrameDecodeResult {
    if (!(chunk instanceof Uint8Array)) throw new TypeError("chunk must be a Uint8Array");
    const frames: Uint8Array[] = [];
    if (this.#error) return { frames, error: this.#error };
    let offset = 0;
    while (offset < chunk.length) {
      if (this.#payload === undefined) {
        // Fast path: a whole header (and maybe a whole frame) inside this chunk.
        if (this.#headerFilled === 0 && chunk.length - offset >= FRAME_HEADER_BYTES) {
          const length = readUint32(chunk, offset);
          offset += FRAME_HEADER_BYTES;
          if (length > this.maxFrameBytes) return this.#fail(frames, length);
          if (chunk.length - offset >= length) {
            frames.push(new Uint8Array(chunk.buffer, chunk.byteOffset + offset, length));
            offset += length;
            continue;
          }
          this.#startPayload(length);
        } else {
          const take = Math.min(FRAME_HEADER_BYTES - this.#headerFilled, chunk.length - offset);
          this.#header.set(chunk.subarray(offset, offset + take), this.#headerFilled);
          this.#headerFilled += take;
          offset += take;
          if (this.#headerFilled < FRAME_HEADER_BYTES) break;
          const length = readUint32(this.#header, 0);
          this.#headerFilled = 0;
          // The cap is checked here, before the payload buffer exists (TCP.md: "Validate length").
          if (length > this.maxFrameBytes) return this.#fail(frames, length);
          this.#startPayload(length);
        }
      }
      const payload = this.#payload!;
      const take = Math.min(payload.length - this.#payloadFilled, chunk.length - offset);
      payload.set(chunk.subarray(offset, offset + take), this.#payloadFilled);
      this.#payloadFilled += take;
      offset += take;
      if (this.#payloadFilled === payload.length) {
        frames.push(payload);
        this.#payload = undefined;
        this.#payloadFilled = 0;
      }
    }
    // An empty frame completes as soon as its header does.
    if (this.#payload !== undefined && this.#payload.length === 0) {
      frames.push(this.#payload);
      this.#payload = undefined;
    }
    return { frames };
  }

  /**
   * The stream has ended. Returns `invalid_message` when it stopped inside a frame (a
   * truncated frame), the poisoning error if there was one, else undefined.
   */
  end(): LairError | undefined {
    if (this.#error) return this.#error;
    if (this.#headerFilled > 0 || this.#payload !== undefined) {
      this.#error = new LairError("invalid_message", {
        message: "Connection closed in the middle of a frame",
        details: { reason: "truncated_frame", buffered: this.bufferedBytes },
      });
      return this.#error;
    }
    return undefined;
  }

  #startPayload(length: number): void {
    this.#payload = new Uint8Array(length);
    this.#payloadFilled = 0;
  }

  #fail(frames: Uint8Array[], length: number): FrameDecodeResult {
    this.#error = new LairError("frame_too_large", { details: { size: length, max: this.maxFrameBytes } });
    this.#payload = undefined;
    this.#headerFilled = 0;
    return { frames, error: this.#error };
  }
}

function readUint32(bytes: Uint8Array, offset: number): number {
  return (
    ((bytes[offset]! << 24) >>> 0) +
    (bytes[offset + 1]! << 16) +
    (bytes[offset + 2]! << 8) +
    bytes[offset + 3]!
  );
}
