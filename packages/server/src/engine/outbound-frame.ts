/**
 * One server message serialised once and shared by every recipient. Its UTF-8 bytes and its
 * TCP frame (length prefix + bytes) live in one buffer, built on first use, so a fan-out to n
 * connections encodes the JSON once instead of n times. Nobody writes into the buffer after
 * it is built: the same bytes go to every socket.
 */
import { LairError, MAX_FRAME_BYTES } from "@lair-chat/protocol";

const HEADER = 4;

export class OutboundFrame {
  /** The JSON text. */
  readonly text: string;
  #frame: Buffer | undefined;
  #bytes: Buffer | undefined;

  constructor(text: string) {
    if (typeof text !== "string") throw new TypeError("text must be a string");
    this.text = text;
  }

  /** The UTF-8 bytes of `text` (for a WebSocket text frame). */
  get bytes(): Buffer {
    this.#bytes ??= this.#build().subarray(HEADER);
    return this.#bytes;
  }

  /**
   * The length-prefixed TCP frame of `text`, unencrypted. Throws LairError `frame_too_large`
   * beyond MAX_FRAME_BYTES, as the TCP transport does.
   */
  get tcpFrame(): Buffer {
    const frame = this.#build();
    const size = frame.length - HEADER;
    if (size > MAX_FRAME_BYTES) {
      throw new LairError("frame_too_large", { details: { size, max: MAX_FRAME_BYTES } });
    }
    return frame;
  }

  #build(): Buffer {
    if (this.#frame === undefined) {
      const size = Buffer.byteLength(this.text, "utf8");
      const frame = Buffer.allocUnsafe(HEADER + size);
      frame.writeUInt32BE(size, 0);
      frame.write(this.text, HEADER, "utf8");
      this.#frame = frame;
    }
    return this.#frame;
  }
}
