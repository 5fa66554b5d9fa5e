/**
 * Protocol limits (docs/protocol.md#limits). Lengths that Lair 1.1 defines are counted the way
 * the Rust server counts them: in UTF-8 bytes (`str::len`). The limits Lair leaves open are ours,
 * chosen so that a server can refuse oversized input before doing work on it.
 */

/** The protocol version we speak; any `1.x` peer is accepted (Lair TCP.md, "Version Negotiation"). */
export const PROTOCOL_VERSION = "1.1";

/** Largest frame payload in bytes (Lair TCP.md, "Message Framing"). */
export const MAX_FRAME_BYTES = 1_048_576;

/** Deepest nesting of objects and arrays accepted in a JSON payload (`{}` is depth 1). */
export const MAX_JSON_NESTING_DEPTH = 32;

/** Username length in UTF-8 bytes (Lair `Username::MIN_LENGTH`/`MAX_LENGTH`). */
export const USERNAME_MIN_BYTES = 3;
export const USERNAME_MAX_BYTES = 32;

/** Minimum password length in UTF-8 bytes (Lair `validate_password`). */
export const PASSWORD_MIN_BYTES = 8;
/** Ours: a password longer than this is refused before it reaches the hasher. */
export const PASSWORD_MAX_BYTES = 1024;

/** Email length in UTF-8 bytes (Lair `Email::MAX_LENGTH`, RFC 5321 path limit). */
export const EMAIL_MAX_BYTES = 254;

/** Room name length in UTF-8 bytes after trimming (Lair `RoomName::MAX_LENGTH`; at least 1). */
export const ROOM_NAME_MAX_BYTES = 64;
/** Ours: Lair sets no bound on room descriptions. */
export const ROOM_DESCRIPTION_MAX_BYTES = 1024;
/** Ours: largest `max_members` a room may ask for (Lair: any u32). */
export const ROOM_MAX_MEMBERS_LIMIT = 4_294_967_295;

/** Message content length in UTF-8 bytes (Lair `MessageContent::MAX_LENGTH`); blank content is refused. */
export const MESSAGE_CONTENT_MAX_BYTES = 4096;

/** Ours: invitation note length in UTF-8 bytes. */
export const INVITATION_MESSAGE_MAX_BYTES = 1024;
/** Ours: ban / admin reason length in UTF-8 bytes. */
export const REASON_MAX_BYTES = 1024;
/** Ours: search filter length in characters. */
export const SEARCH_MAX_LENGTH = 100;

/** Page size when a list request gives none (Lair `Pagination::DEFAULT_LIMIT`). */
export const PAGE_SIZE_DEFAULT = 50;
/** Larger page sizes are clamped to this (Lair `Pagination::MAX_LIMIT`), not refused. */
export const PAGE_SIZE_MAX = 100;

/** `client_message_id` length in characters (idempotency extension). */
export const CLIENT_MESSAGE_ID_MAX_LENGTH = 64;
/** Ours: `request_id` length in characters. */
export const REQUEST_ID_MAX_LENGTH = 128;
/** Ours: entity id length; Lair ids are 36-character UUIDs. */
export const ID_MAX_LENGTH = 128;
/** Ours: bearer token length in characters. */
export const TOKEN_MAX_LENGTH = 8192;
/** Ours: client/server name and version string length in characters. */
export const NAME_MAX_LENGTH = 256;
/** Ours: entries in a `features` list. */
export const FEATURES_MAX = 64;
/** Ours: conversations in one `resume` request. */
export const RESUME_MAX_CONVERSATIONS = 1000;
