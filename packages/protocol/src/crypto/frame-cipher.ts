/**
 * The contract between a TCP transport and transport encryption: once a key exchange has
 * finished, every frame payload goes through a FrameCipher (docs/protocol.md#tcp-encryption).
 */
export interface FrameCipher {
  /** Which key agreement produced this cipher. */
  readonly mode: "compat" | "hardened";
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
