/**
 * Password hashing: argon2id with at least the OWASP minimum cost (m = 19 MiB, t = 2, p = 1).
 * `verifyOrBurn` hashes against a fixed dummy hash when the user does not exist, so an unknown
 * user and a wrong password cost the same time and give the same answer.
 */

import { PASSWORD_MAX_BYTES } from "@lair-chat/protocol";
import { hash, verify } from "@node-rs/argon2";

export interface PasswordHasherOptions {
  /** Memory cost in KiB. @default 19456 */
  memoryCost?: number;
  /** Iterations. @default 2 */
  timeCost?: number;
}

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** Verify `password` against `storedHash`, or against a dummy hash when it is null (always false then). */
  verifyOrBurn(storedHash: string | null, password: string): Promise<boolean>;
}

// argon2id is @node-rs/argon2's default algorithm; its const enum cannot be imported (TS2748).
const ARGON2ID = 2;

export function createPasswordHasher(options: PasswordHasherOptions = {}): PasswordHasher {
  const memoryCost = options.memoryCost ?? 19_456;
  const timeCost = options.timeCost ?? 2;
  if (memoryCost < 19_456) throw new RangeError("memoryCost must be at least 19456 KiB");
  if (timeCost < 2) throw new RangeError("timeCost must be at least 2");
  const params = { algorithm: ARGON2ID, memoryCost, timeCost, parallelism: 1 } as const;
  let dummy: Promise<string> | undefined;

  const checkLength = (password: string): void => {
    // Refuse before hashing: a megabyte password must not buy a megabyte of argon2 work.
    if (Buffer.byteLength(password) > PASSWORD_MAX_BYTES) {
      throw new RangeError(`password must be at most ${PASSWORD_MAX_BYTES} bytes`);
    }
  };

  return {
    async hash(password) {
      checkLength(password);
      return hash(password, params);
    },
    async verifyOrBurn(storedHash, password) {
      checkLength(password);
      if (storedHash === null || storedHash === "") {
        dummy ??= hash("lair-chat-dummy-password", params);
        await verify(await dummy, password).catch(() => false);
        return false;
      }
      return verify(storedHash, password).catch(() => false);
    },
  };
}
