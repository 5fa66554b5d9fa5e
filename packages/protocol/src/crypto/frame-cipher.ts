/**
 * The contract between a TCP transport and transport encryption: once a key exchange has
 * finished, every frame payload goes through a FrameCipher (docs/protocol.md#tcp-encryption).
 */
export interface FrameCipher {
  /** Which key agreement produced this cipher. */
  readonly mode: "compat" | "hardened";
  /**
   * Bytes `encrypt` adds to a payload. When present, the TCP transport refuses an oversized
   * message before sealing it; without it, it seals first and, if the result is over the frame
   * cap, closes the connection (the cipher has advanced past a frame the peer will never see).
   */
  readonly overhead?: number;
  /** Seal one outbound frame payload; returns the bytes that follow the length prefix. */
  encrypt(plaintext: Uint8Array): Uint8Array;
  /**
   * Open one inbound frame payload. Throws a LairError (`decrypt_failed`, `replay_detected`)
   * when the frame is not authentic or out of order; the caller closes the connection.
   */
  decrypt(sealed: Uint8Array): Uint8Array;
  /** Forget key material (best effort: zeroes the key bytes held by this object). */
  destroy(): void;
}
