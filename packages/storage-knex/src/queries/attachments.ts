/** Attachment metadata (002_attachments): create, look up, bind to a message, collect garbage. */
import type { AttachmentRecord } from "@lair-chat/server";
import type { QueryContext } from "../context.ts";
import { num, numOrNull, type Row } from "../rows.ts";

const CHUNK = 200;

function toAttachment(r: Row): AttachmentRecord {
  return {
    id: String(r.id),
    uploaderId: String(r.uploader_id),
    name: String(r.name),
    mimeType: String(r.mime_type),
    size: num(r.size),
    sha256: String(r.sha256),
    width: numOrNull(r.width),
    height: numOrNull(r.height),
    blobKey: String(r.blob_key),
    createdAt: num(r.created_at),
    messageId: r.message_id === null || r.message_id === undefined ? null : String(r.message_id),
    conversation: r.conversation === null || r.conversation === undefined ? null : String(r.conversation),
  };
}

export async function createAttachment(ctx: QueryContext, a: AttachmentRecord): Promise<void> {
  await ctx.knex(ctx.t.attachments).insert({
    id: a.id,
    uploader_id: a.uploaderId,
    name: a.name,
    mime_type: a.mimeType,
    size: a.size,
    sha256: a.sha256,
    width: a.width,
    height: a.height,
    blob_key: a.blobKey,
    created_at: a.createdAt,
    message_id: a.messageId,
    conversation: a.conversation,
  });
}

export async function getAttachment(ctx: QueryContext, id: string): Promise<AttachmentRecord | null> {
  const row: Row | undefined = await ctx.knex(ctx.t.attachments).where({ id }).first();
  return row ? toAttachment(row) : null;
}

/** Thrown inside the claim transaction to roll back a partial claim. */
class PartialClaim extends Error {}

export async function claimAttachments(
  ctx: QueryContext,
  ids: string[],
  uploaderId: string,
  messageId: string,
  conversation: string,
): Promise<AttachmentRecord[] | null> {
  if (ids.length === 0 || new Set(ids).size !== ids.length) return null;
  try {
    return await ctx.write(async (trx) => {
      // Compare-and-set: on Postgres a concurrent claim waits for the row lock, then sees message_id set.
      const changed = await trx(ctx.t.attachments)
        .whereIn("id", ids)
        .where({ uploader_id: uploaderId })
        .whereNull("message_id")
        .update({ message_id: messageId, conversation });
      if (changed !== ids.length) throw new PartialClaim();
      const rows: Row[] = await trx(ctx.t.attachments).whereIn("id", ids);
      const byId = new Map(rows.map((r) => [String(r.id), toAttachment(r)]));
      return ids.map((id) => byId.get(id) as AttachmentRecord);
    });
  } catch (error) {
    if (error instanceof PartialClaim) return null;
    throw error;
  }
}

export async function releaseAttachments(ctx: QueryContext, messageId: string): Promise<number> {
  return ctx
    .knex(ctx.t.attachments)
    .where({ message_id: messageId })
    .update({ message_id: null, conversation: null });
}

export async function listMessageAttachments(
  ctx: QueryContext,
  messageId: string,
): Promise<AttachmentRecord[]> {
  const rows: Row[] = await ctx.knex(ctx.t.attachments).where({ message_id: messageId }).orderBy("id");
  return rows.map(toAttachment);
}

export async function listGarbageAttachments(
  ctx: QueryContext,
  createdBefore: number,
  limit: number,
): Promise<AttachmentRecord[]> {
  const rows: Row[] = await ctx
    .knex({ a: ctx.t.attachments })
    .leftJoin({ m: ctx.t.messages }, "m.id", "a.message_id")
    .where("a.created_at", "<", createdBefore)
    .andWhere((q) => q.whereNull("a.message_id").orWhereNull("m.id").orWhereNotNull("m.deleted_at"))
    .orderBy([{ column: "a.created_at" }, { column: "a.id" }])
    .limit(limit)
    .select("a.*");
  return rows.map(toAttachment);
}

export async function deleteAttachments(ctx: QueryContext, ids: string[]): Promise<number> {
  let n = 0;
  for (let i = 0; i < ids.length; i += CHUNK) {
    n += await ctx
      .knex(ctx.t.attachments)
      .whereIn("id", ids.slice(i, i + CHUNK))
      .delete();
  }
  return n;
}
