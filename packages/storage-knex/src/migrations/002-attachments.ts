/**
 * 002_attachments: uploaded files (the `attachments` extension) and what a message carries.
 * `messages.attachments` is a JSON copy of the files' metadata, so history, logs and events
 * read a message in one row; `attachments` rows say who may read the bytes and when they are
 * garbage. `message_id` has no foreign key: an upload is bound to a message id just before
 * that message is stored.
 */
import type { Migration } from "./migration.ts";

export const attachmentsMigration: Migration = {
  name: "002_attachments",
  async up(trx, { schema, tables: t }) {
    // A fresh builder per statement: a knex schema builder re-runs everything queued on it.
    const s = () => (schema ? trx.schema.withSchema(schema) : trx.schema);
    await s().alterTable("messages", (table) => {
      table.text("kind");
      table.text("attachments");
    });
    await s().createTable("attachments", (table) => {
      table.text("id").primary();
      table.text("uploader_id").notNullable().references("id").inTable(t.users);
      table.text("name").notNullable();
      table.text("mime_type").notNullable();
      table.bigInteger("size").notNullable();
      table.text("sha256").notNullable();
      table.integer("width");
      table.integer("height");
      table.text("blob_key").notNullable();
      table.bigInteger("created_at").notNullable();
      table.text("message_id");
      table.text("conversation");
      table.index(["message_id"], "lair_attachments_message_idx");
      table.index(["created_at"], "lair_attachments_created_idx");
    });
  },
};
