/** `/api/v1/auth/*` bodies (Lair HTTP.md "Authentication Endpoints"; handlers/auth.rs wins). */
import { z } from "zod";
import { TOKEN_MAX_LENGTH } from "../../limits.ts";
import { TimestampSchema } from "../primitives.ts";
import { SessionInfoSchema } from "../session.ts";
import { EmailSchema, NewPasswordSchema, PasswordSchema, UsernameSchema, UserSchema } from "../user.ts";

/** `POST /auth/register`. */
export const RegisterRequestSchema = z.object({
  username: UsernameSchema,
  email: EmailSchema,
  password: NewPasswordSchema,
});
export type RegisterRequest = z.infer<typeof RegisterRequestSchema>;

/** `POST /auth/login`: `identifier` is a username or an email, matched case-insensitively. */
export const LoginRequestSchema = z.object({
  identifier: z.string().min(1).max(320),
  password: PasswordSchema,
});
export type LoginRequest = z.infer<typeof LoginRequestSchema>;

/** `POST /auth/change-password`. */
export const ChangePasswordRequestSchema = z.object({
  current_password: PasswordSchema,
  new_password: NewPasswordSchema,
});
export type ChangePasswordRequest = z.infer<typeof ChangePasswordRequestSchema>;

/** A bearer token (JWT). */
export const TokenSchema = z.string().min(1).max(TOKEN_MAX_LENGTH);

/** Register (201) and login (200): the user, the new session and its token. */
export const AuthResponseSchema = z.object({
  user: UserSchema,
  session: SessionInfoSchema,
  token: TokenSchema,
});
export type AuthResponse = z.infer<typeof AuthResponseSchema>;

/** `POST /auth/refresh`. */
export const TokenResponseSchema = z.object({ token: TokenSchema, expires_at: TimestampSchema });
export type TokenResponse = z.infer<typeof TokenResponseSchema>;
