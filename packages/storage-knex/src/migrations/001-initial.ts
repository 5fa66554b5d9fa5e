/**
 * 001_initial: every table of Lair Chat. Case-insensitive uniqueness uses lower-cased shadow
 * columns filled by the adapter (same rule on SQLite and Postgres, no collation surprises);
 * rules that only hold for some rows use partial unique indexes, which both databases have.
 */
import type { Knex } from "knex";
import type { Migration, MigrationContext } from "./migration.ts";

function createTables(trx: Knex.Transaction, { schema, tables: t }: MigrationContext) {
  const s = schema ? trx.schema.withSchema(schema) : trx.schema;
  return s
    .createTable("users", (table) => {
      table.text("id").primary();
      table.text("username").notNullable();
      table.text("username_lower").notNullable().unique({ indexName: "lair_users_username_uq" });
      table.text("email").notNullable();
      table.text("email_lower").notNullable().unique({ indexName: "lair_users_email_uq" });
      table.text("password_hash").notNullable();
      table.text("role").notNullable();
      table.bigInteger("created_at").notNullable();
      table.bigInteger("updated_at").notNullable();
      table.bigInteger("last_seen_at");
      table.bigInteger("banned_at");
      table.bigInteger("deleted_at");
    })
    .createTable("sessions", (table) => {
      table.text("id").primary();
      table.text("user_id").notNullable().references("id").inTable(t.users);
      table.bigInteger("created_at").notNullable();
      table.bigInteger("expires_at").notNullable();
      table.bigInteger("last_active_at").notNullable();
      table.bigInteger("revoked_at");
      table.text("revoked_reason");
      table.text("protocol").notNullable();
      table.text("ip_address");
      table.text("user_agent");
      table.index(["user_id"], "lair_sessions_user_idx");
    })
    .createTable("rooms", (table) => {
      table.text("id").primary();
      table.text("name").notNullable();
      table.text("name_lower").notNullable();
      table.text("description");
      table.text("owner_id").notNullable().references("id").inTable(t.users);
      table.boolean("is_private").notNullable();
      table.integer("max_members");
      table.bigInteger("created_at").notNullable();
      table.bigInteger("updated_at").notNullable();
      table.bigInteger("deleted_at");
      table.index(["created_at", "id"], "lair_rooms_created_idx");
    })
    .createTable("memberships", (table) => {
      table.text("room_id").notNullable().references("id").inTable(t.rooms);
      table.text("user_id").notNullable().references("id").inTable(t.users);
      table.text("role").notNullable();
      table.bigInteger("joined_at").notNullable();
      table.primary(["room_id", "user_id"], "lair_memberships_pk");
      table.index(["user_id"], "lair_memberships_user_idx");
    })
    .createTable("room_bans", (table) => {
      table.text("room_id").notNullable().references("id").inTable(t.rooms);
      table.text("user_id").notNullable().references("id").inTable(t.users);
      table.text("banned_by").notNullable();
      table.text("reason");
      table.bigInteger("created_at").notNullable();
      table.primary(["room_id", "user_id"], "lair_room_bans_pk");
    })
    .createTable("messages", (table) => {
      table.text("id").primary();
      table.text("conversation").notNullable();
      table.text("room_id");
      table.text("recipient_id");
      table.text("author_id").notNullable().references("id").inTable(t.users);
      table.text("content").notNullable();
      table.bigInteger("seq").notNullable();
      table.text("client_message_id");
      table.bigInteger("created_at").notNullable();
      table.bigInteger("edited_at");
      table.bigInteger("deleted_at");
      table.text("deleted_by");
      // History pages are keyset scans over (conversation, seq).
      table.unique(["conversation", "seq"], { indexName: "lair_messages_conversation_seq_uq" });
      // NULL client ids never clash (SQL NULLs are distinct in a unique index on both databases).
      table.unique(["author_id", "client_message_id"], { indexName: "lair_messages_client_id_uq" });
      table.index(["conversation", "created_at"], "lair_messages_conversation_created_idx");
      table.index(["recipient_id"], "lair_messages_recipient_idx");
    })
    .createTable("message_log", (table) => {
      table.text("conversation").notNullable();
      table.bigInteger("seq").notNullable();
      table.text("message_id").notNullable().references("id").inTable(t.messages);
      table.text("op").notNullable();
      table.bigInteger("at").notNullable();
      table.primary(["conversation", "seq"], "lair_message_log_pk");
    })
    .createTable("conversation_seqs", (table) => {
      table.text("conversation").primary();
      table.bigInteger("last_seq").notNullable();
    })
    .createTable("invitations", (table) => {
      table.text("id").primary();
      table.text("room_id").notNullable().references("id").inTable(t.rooms);
      table.text("inviter_id").notNullable().references("id").inTable(t.users);
      table.text("invitee_id").notNullable().references("id").inTable(t.users);
      table.text("status").notNullable();
      table.text("message");
      table.bigInteger("created_at").notNullable();
      table.bigInteger("responded_at");
      table.bigInteger("expires_at").notNullable();
      table.index(["invitee_id"], "lair_invitations_invitee_idx");
      table.index(["status", "expires_at"], "lair_invitations_status_expires_idx");
    })
    .createTable("read_markers", (table) => {
      table.text("user_id").notNullable().references("id").inTable(t.users);
      table.text("conversation").notNullable();
      table.bigInteger("last_read_seq").notNullable();
      table.bigInteger("updated_at").notNullable();
      table.primary(["user_id", "conversation"], "lair_read_markers_pk");
    });
}

export const initialMigration: Migration = {
  name: "001_initial",
  async up(trx, ctx) {
    await createTables(trx, ctx);
    const t = ctx.tables;
    // Room names are unique only among live rooms; a pending invitation is unique per room and invitee.
    await trx.raw("CREATE UNIQUE INDEX lair_rooms_name_uq ON ?? (name_lower) WHERE deleted_at IS NULL", [
      t.rooms,
    ]);
    await trx.raw(
      "CREATE UNIQUE INDEX lair_invitations_pending_uq ON ?? (room_id, invitee_id) WHERE status = 'pending'",
      [t.invitations],
    );
  },
};
