/** `/auth/*`: register, login, logout, refresh, change password. */
import type {
  AuthResponse,
  ChangePasswordRequest,
  LoginRequest,
  RegisterRequest,
  SuccessResponse,
  TokenResponse,
} from "@lair-chat/protocol";
import type { HttpClient } from "./http-client.ts";

/** What the auth calls tell their owner, so the token and the current user stay in one place. */
export interface AuthHooks {
  signedIn(response: AuthResponse): Promise<void>;
  tokenRefreshed(response: TokenResponse): Promise<void>;
  signedOut(): Promise<void>;
}

export interface AuthApi {
  /** Create an account and sign in with it. */
  register(input: RegisterRequest): Promise<AuthResponse>;
  /** Sign in with a username or email (`identifier`) and password. */
  login(input: LoginRequest): Promise<AuthResponse>;
  /** End the session on the server (all its connections close) and forget the token. */
  logout(): Promise<SuccessResponse>;
  /** Swap the token for a fresh one (the client also does this by itself before expiry). */
  refresh(): Promise<TokenResponse>;
  changePassword(input: ChangePasswordRequest): Promise<SuccessResponse>;
}

export function createAuthApi(http: HttpClient, hooks: AuthHooks): AuthApi {
  return {
    async register(input) {
      const res = await http.request({
        method: "POST",
        path: "/auth/register",
        body: input,
        operation: "register",
        auth: false,
      });
      await hooks.signedIn(res);
      return res;
    },
    async login(input) {
      const res = await http.request({
        method: "POST",
        path: "/auth/login",
        body: input,
        operation: "login",
        auth: false,
      });
      await hooks.signedIn(res);
      return res;
    },
    async logout() {
      try {
        return await http.request({ method: "POST", path: "/auth/logout", operation: "logout" });
      } finally {
        // Even if the server is unreachable, this device is signed out.
        await hooks.signedOut();
      }
    },
    async refresh() {
      const res = await http.request({ method: "POST", path: "/auth/refresh", operation: "refreshToken" });
      await hooks.tokenRefreshed(res);
      return res;
    },
    changePassword(input) {
      return http.request({
        method: "POST",
        path: "/auth/change-password",
        body: input,
        operation: "changePassword",
      });
    },
  };
}
