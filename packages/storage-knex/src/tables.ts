/**
 * Table names, qualified with the schema when one is set. A knex instance passed in by a host
 * app may have any search_path, so queries never rely on it.
 */

/** Every table of the Lair Chat schema, as knex identifiers. */
export interface TableNames {
  migrations: string;
  users: string;
  sessions: string;
  rooms: string;
  memberships: string;
  roomBans: string;
  messages: string;
  messageLog: string;
  conversationSeqs: string;
  invitations: string;
  readMarkers: string;
  /** 002_attachments. */
  attachments: string;
}

/** Table names inside `schema` (none: unqualified). */
export function tableNames(schema?: string): TableNames {
  const q = (name: string) => (schema ? `${schema}.${name}` : name);
  return {
    migrations: q("lair_migrations"),
    users: q("users"),
    sessions: q("sessions"),
    rooms: q("rooms"),
    memberships: q("memberships"),
    roomBans: q("room_bans"),
    messages: q("messages"),
    messageLog: q("message_log"),
    conversationSeqs: q("conversation_seqs"),
    invitations: q("invitations"),
    readMarkers: q("read_markers"),
    attachments: q("attachments"),
  };
}

/** Throw unless `schema` is a plain SQL identifier (it ends up in DDL). */
export function checkSchemaName(schema: string | undefined): void {
  if (schema !== undefined && !/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) {
    throw new TypeError(`schema: "${schema}" is not a plain identifier ([A-Za-z_][A-Za-z0-9_]*)`);
  }
}
