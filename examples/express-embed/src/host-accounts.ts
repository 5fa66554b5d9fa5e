/**
 * The app's own user accounts (scrypt-hashed passwords), in memory or in a JSON file. Lair
 * never reads this store: the `authenticate` hook hands Lair a username and email, and Lair
 * keeps its own user row, created the first time it sees that user. Keep this store as durable
 * as Lair's: a username that came back after a reset would inherit the old chat account.
 */
import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { promisify } from "node:util";

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, keylen: number) => Promise<Buffer>;

/** Lair's username rule, so that every account can become a Lair user. */
const USERNAME = /^[A-Za-z0-9][A-Za-z0-9_]{2,31}$/;

export interface HostAccount {
  username: string;
  email: string;
  notes: string[];
}

interface StoredAccount extends HostAccount {
  salt: string;
  hash: string;
}

export interface HostAccounts {
  /** Create an account; returns what is wrong, or null on success. */
  signUp(username: string, email: string, password: string): Promise<string | null>;
  /** The account when the password matches, else null. */
  verify(username: string, password: string): Promise<HostAccount | null>;
  get(username: string): HostAccount | undefined;
  addNote(username: string, text: string): void;
}

/** `file`: where accounts are kept between runs. @default undefined (memory only) */
export function createHostAccounts(file?: string): HostAccounts {
  const accounts = new Map<string, StoredAccount>();
  const key = (username: string) => username.toLowerCase();
  if (file && existsSync(file)) {
    for (const a of JSON.parse(readFileSync(file, "utf8")) as StoredAccount[])
      accounts.set(key(a.username), a);
  }
  const save = () => {
    if (!file) return;
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify([...accounts.values()], null, 2));
  };

  return {
    async signUp(username, email, password) {
      if (!USERNAME.test(username)) return "username: 3 to 32 letters, digits or _, not starting with _";
      if (!/^[^\s@]+@[^\s@]+$/.test(email)) return "email is not valid";
      if (password.length < 8) return "password: at least 8 characters";
      if (accounts.has(key(username))) return "username is taken";
      const salt = randomBytes(16);
      const hash = await scryptAsync(password, salt, 32);
      if (accounts.has(key(username))) return "username is taken";
      const account = {
        username,
        email: email.toLowerCase(),
        notes: [],
        salt: salt.toString("base64"),
        hash: hash.toString("base64"),
      };
      accounts.set(key(username), account);
      save();
      return null;
    },
    async verify(username, password) {
      const account = accounts.get(key(username));
      if (!account) return null;
      const hash = await scryptAsync(password, Buffer.from(account.salt, "base64"), 32);
      return timingSafeEqual(hash, Buffer.from(account.hash, "base64")) ? account : null;
    },
    get(username) {
      return accounts.get(key(username));
    },
    addNote(username, text) {
      accounts.get(key(username))?.notes.push(text);
      save();
    },
  };
}
