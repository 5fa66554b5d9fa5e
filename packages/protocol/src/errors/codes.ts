/**
 * The one error table of Lair Chat for TypeScript. Every error any package raises has a code
 * from here; the code is also its wire name (protocol 1.1 uses snake_case codes, see
 * docs/protocol.md#errors) and maps to exactly one HTTP status.
 *
 * Codes that Lair 1.1 defines keep their Lair status; the rest are ours.
 */
export const ERROR_CODES = {
  // Authentication (401)
  missing_token: { status: 401, message: "Authorization header is missing" },
  invalid_format: { status: 401, message: "Authorization header must be 'Bearer <token>'" },
  invalid_token: { status: 401, message: "Token is invalid" },
  token_expired: { status: 401, message: "Token has expired" },
  session_not_found: { status: 401, message: "Session not found or revoked" },
  session_expired: { status: 401, message: "Session has expired" },
  invalid_credentials: { status: 401, message: "Invalid credentials" },
  unauthorized: { status: 401, message: "Not authenticated" },
  // Authorization (403)
  account_locked: { status: 403, message: "Account is locked" },
  account_banned: { status: 403, message: "Account is banned" },
  permission_denied: { status: 403, message: "Permission denied" },
  not_room_member: { status: 403, message: "Not a member of this room" },
  not_message_author: { status: 403, message: "Not the author of this message" },
  user_banned_from_room: { status: 403, message: "Banned from this room" },
  origin_not_allowed: { status: 403, message: "Origin is not allowed" },
  // Validation (400)
  validation_failed: { status: 400, message: "Validation failed" },
  username_invalid: { status: 400, message: "Username is invalid" },
  email_invalid: { status: 400, message: "Email is invalid" },
  password_too_weak: { status: 400, message: "Password is too weak" },
  incorrect_password: { status: 400, message: "Current password is incorrect" },
  room_name_invalid: { status: 400, message: "Room name is invalid" },
  content_invalid: { status: 400, message: "Content is invalid" },
  content_empty: { status: 400, message: "Content is empty" },
  content_too_long: { status: 400, message: "Content is too long" },
  invalid_id: { status: 400, message: "Identifier is invalid" },
  invalid_message: { status: 400, message: "Malformed message" },
  invalid_json: { status: 400, message: "Body is not valid JSON" },
  unknown_message_type: { status: 400, message: "Unknown message type" },
  version_mismatch: { status: 400, message: "Protocol version not supported" },
  // Not found (404)
  not_found: { status: 404, message: "Not found" },
  user_not_found: { status: 404, message: "User not found" },
  room_not_found: { status: 404, message: "Room not found" },
  message_not_found: { status: 404, message: "Message not found" },
  invitation_not_found: { status: 404, message: "Invitation not found" },
  attachment_not_found: { status: 404, message: "Attachment not found" },
  // Method (405)
  method_not_allowed: { status: 405, message: "Method not allowed" },
  // Conflict / state (409)
  conflict: { status: 409, message: "Conflict with the current state" },
  username_taken: { status: 409, message: "Username is already taken" },
  email_taken: { status: 409, message: "Email is already registered" },
  already_member: { status: 409, message: "Already a member of this room" },
  not_invitee: { status: 409, message: "Not the invitee of this invitation" },
  room_name_taken: { status: 409, message: "Room name is already taken" },
  already_invited: { status: 409, message: "Invitation already sent" },
  invitation_used: { status: 409, message: "Invitation has already been used" },
  invitation_expired: { status: 409, message: "Invitation has expired or was already used" },
  room_full: { status: 409, message: "Room is full" },
  room_private: { status: 409, message: "Room requires an invitation" },
  last_owner: { status: 409, message: "The only owner cannot leave the room" },
  message_deleted: { status: 409, message: "Message has been deleted" },
  user_blocked: { status: 409, message: "User is blocked" },
  invalid_state: { status: 409, message: "Not allowed in the current connection state" },
  // Size (413)
  frame_too_large: { status: 413, message: "Frame exceeds the maximum size" },
  payload_too_large: { status: 413, message: "Payload exceeds the maximum size" },
  // Range (416)
  range_not_satisfiable: { status: 416, message: "Requested range is not satisfiable" },
  // Rate limiting (429)
  rate_limited: { status: 429, message: "Too many requests" },
  // Transport / crypto (400-class, reported on the connection)
  decrypt_failed: { status: 400, message: "Frame could not be decrypted" },
  handshake_failed: { status: 400, message: "Key exchange failed" },
  replay_detected: { status: 400, message: "Frame was replayed or reordered" },
  // Server side (5xx)
  internal_error: { status: 500, message: "Internal server error" },
  config_error: { status: 500, message: "Configuration error" },
  database_error: { status: 500, message: "Database error" },
  storage_unavailable: { status: 503, message: "Storage is unavailable" },
  service_unavailable: { status: 503, message: "Service is unavailable" },
  attachments_unsupported: { status: 501, message: "Attachments are not enabled on this server" },
  server_shutting_down: { status: 503, message: "Server is shutting down" },
  connection_limit: { status: 503, message: "Too many connections" },
  slow_consumer: { status: 503, message: "Connection could not keep up with its messages" },
  timeout: { status: 504, message: "Operation timed out" },
  // Client side (never sent by a server; raised by the client SDK)
  connection_closed: { status: 503, message: "Connection closed" },
  network_error: { status: 503, message: "Network error" },
} as const satisfies Record<string, { status: number; message: string }>;

/** A Lair error code; also the string that crosses the wire. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** Every error code, in table order. */
export const ERROR_CODE_LIST = Object.keys(ERROR_CODES) as ErrorCode[];

/** True when `code` is a code from the table. */
export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === "string" && Object.hasOwn(ERROR_CODES, code);
}

/** The HTTP status a code maps to. */
export function httpStatusOf(code: ErrorCode): number {
  return ERROR_CODES[code].status;
}
