/** User account shapes (Lair DOMAIN_MODEL.md "User"; the Rust `User` serialisation wins). */
import { z } from "zod";
import {
  EMAIL_MAX_BYTES,
  PASSWORD_MAX_BYTES,
  PASSWORD_MIN_BYTES,
  USERNAME_MAX_BYTES,
  USERNAME_MIN_BYTES,
} from "../limits.ts";
import { IdSchema, lairString, TimestampSchema, utf8ByteLength } from "./primitives.ts";

/** System-wide role. */
export const SystemRoleSchema = z.enum(["user", "moderator", "admin"]);
export type SystemRole = z.infer<typeof SystemRoleSchema>;

// Rust's `char::is_alphanumeric` is Unicode Alphabetic or Numeric, so "José" is a valid name.
const USERNAME_CHARS = /^[\p{Alphabetic}\p{N}_]+$/u;

/** Checks a username against Lair's rules; returns the reason it fails or `undefined`. */
export function usernameProblem(name: string): string | undefined {
  const bytes = utf8ByteLength(name);
  if (bytes < USERNAME_MIN_BYTES) return `must be at least ${USERNAME_MIN_BYTES} bytes`;
  if (bytes > USERNAME_MAX_BYTES) return `must be at most ${USERNAME_MAX_BYTES} bytes`;
  if (name.startsWith("_")) return "cannot start with an underscore";
  if (!USERNAME_CHARS.test(name)) return "must contain only letters, digits or underscores";
  return undefined;
}

/** Checks an email the way Lair does: one `@`, non-empty local part, a dot in the domain. */
export function emailProblem(email: string): string | undefined {
  if (utf8ByteLength(email) > EMAIL_MAX_BYTES) return `must be at most ${EMAIL_MAX_BYTES} bytes`;
  const parts = email.split("@");
  if (parts.length !== 2) return "must contain exactly one @";
  const [local, domain] = parts as [string, string];
  if (local.length === 0) return "local part cannot be empty";
  if (domain.length === 0) return "domain cannot be empty";
  if (!domain.includes(".")) return "domain must contain a dot";
  return undefined;
}

/** A new username (register). Violations map to `username_invalid`. */
export const UsernameSchema = lairString(
  "username_invalid",
  usernameProblem,
  `${USERNAME_MIN_BYTES}-${USERNAME_MAX_BYTES} bytes of letters, digits and '_', not starting with '_'`,
);

/** A new email (register, profile update). Violations map to `email_invalid`; stored lower-cased. */
export const EmailSchema = lairString("email_invalid", emailProblem, "email address, at most 254 bytes");

/** A new password. Too short maps to `password_too_weak`; too long to `validation_failed`. */
export const NewPasswordSchema = z
  .string()
  .check((ctx) => {
    const bytes = utf8ByteLength(ctx.value);
    if (bytes < PASSWORD_MIN_BYTES) {
      ctx.issues.push({
        code: "custom",
        message: `password must be at least ${PASSWORD_MIN_BYTES} characters`,
        input: ctx.value,
        params: { lair_code: "password_too_weak" },
      });
    } else if (bytes > PASSWORD_MAX_BYTES) {
      ctx.issues.push({
        code: "custom",
        message: `password must be at most ${PASSWORD_MAX_BYTES} bytes`,
        input: ctx.value,
        params: { lair_code: "validation_failed" },
      });
    }
  })
  .describe(`${PASSWORD_MIN_BYTES}-${PASSWORD_MAX_BYTES} bytes`);

/** An existing password (login, change-password): only the upper bound is checked. */
export const PasswordSchema = lairString(
  "validation_failed",
  (v) => (utf8ByteLength(v) > PASSWORD_MAX_BYTES ? `must be at most ${PASSWORD_MAX_BYTES} bytes` : undefined),
  `at most ${PASSWORD_MAX_BYTES} bytes`,
);

/** A user as every response and event carries it. */
export const UserSchema = z.object({
  id: IdSchema,
  username: z.string(),
  email: z.string(),
  role: SystemRoleSchema,
  created_at: TimestampSchema,
  updated_at: TimestampSchema,
  last_seen_at: TimestampSchema.nullable(),
});
export type User = z.infer<typeof UserSchema>;

/** `{user, online}`: HTTP user lookups and lists. */
export const UserWithStatusSchema = z.object({ user: UserSchema, online: z.boolean() });
export type UserWithStatus = z.infer<typeof UserWithStatusSchema>;
