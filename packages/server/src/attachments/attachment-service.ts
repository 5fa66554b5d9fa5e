/**
 * Attachments on one server: streamed uploads (hashed, size-capped and sniffed on the way to
 * the blob store), who may download what, binding uploads to messages, and the garbage
 * collection of uploads nobody sent and of files whose message was deleted.
 */
import { createHash } from "node:crypto";
import { LairError } from "@lair-chat/protocol";
import type { Logger } from "../options/logger.ts";
import type { AttachmentRecord } from "../storage/records.ts";
import type { Storage } from "../storage/storage.ts";
import type { ResolvedAttachmentOptions } from "./attachment-options.ts";
import type { BlobStore } from "./blob-store.ts";
import { sanitizeFileName } from "./file-name.ts";
import { IMAGE_HEAD_BYTES, imageSize } from "./image-size.ts";
import { sniffMimeType } from "./sniff-mime.ts";

/** The storage members attachments need (present when `capabilities.attachments`). */
type AttachmentStorage = Required<
  Pick<
    Storage,
    | "createAttachment"
    | "getAttachment"
    | "claimAttachments"
    | "releaseAttachments"
    | "listMessageAttachments"
    | "listGarbageAttachments"
    | "deleteAttachments"
  >
> &
  Storage;

export interface AttachmentServiceDeps {
  storage: Storage;
  options: ResolvedAttachmentOptions;
  logger: Logger;
  now(): number;
  newId(): string;
}

const GC_PAGE = 200;

/** Whether `storage` implements attachments. */
export function supportsAttachments(storage: Storage): storage is AttachmentStorage {
  return (
    storage.capabilities.attachments === true &&
    typeof storage.createAttachment === "function" &&
    typeof storage.getAttachment === "function" &&
    typeof storage.claimAttachments === "function" &&
    typeof storage.releaseAttachments === "function" &&
    typeof storage.listMessageAttachments === "function" &&
    typeof storage.listGarbageAttachments === "function" &&
    typeof storage.deleteAttachments === "function"
  );
}

export class AttachmentService {
  readonly blobs: BlobStore;
  readonly maxFileSize: number;
  private timer: ReturnType<typeof setInterval> | undefined;
  private collecting: Promise<number> | undefined;

  constructor(private readonly deps: AttachmentServiceDeps) {
    this.blobs = deps.options.blobStore;
    this.maxFileSize = deps.options.maxFileSize;
  }

  /** True when the storage adapter keeps attachments (otherwise every call is `attachments_unsupported`). */
  get enabled(): boolean {
    return supportsAttachments(this.deps.storage);
  }

  private get storage(): AttachmentStorage {
    const storage = this.deps.storage;
    if (!supportsAttachments(storage)) throw new LairError("attachments_unsupported");
    return storage;
  }

  private tooLarge(): LairError {
    return new LairError("payload_too_large", { details: { max_bytes: this.maxFileSize } });
  }

  /**
   * Store an upload of `uploaderId` from `source`, never holding more than the first
   * `IMAGE_HEAD_BYTES` in memory; refuses (413) as soon as it passes `maxFileSize`, whatever
   * `declaredLength` said.
   */
  async upload(
    uploaderId: string,
    name: string | null | undefined,
    source: AsyncIterable<Uint8Array>,
    declaredLength?: number,
  ): Promise<AttachmentRecord> {
    const storage = this.storage;
    if (declaredLength !== undefined && declaredLength > this.maxFileSize) throw this.tooLarge();
    const id = this.deps.newId();
    const hash = createHash("sha256");
    const head: Uint8Array[] = [];
    let headBytes = 0;
    let size = 0;
    const max = this.maxFileSize;
    const tooLarge = () => this.tooLarge();
    async function* metered() {
      for await (const chunk of source) {
        size += chunk.byteLength;
        if (size > max) throw tooLarge();
        hash.update(chunk);
        if (headBytes < IMAGE_HEAD_BYTES) {
          const part = chunk.subarray(0, IMAGE_HEAD_BYTES - headBytes);
          head.push(Uint8Array.from(part));
          headBytes += part.byteLength;
        }
        yield chunk;
      }
    }
    await this.blobs.put(id, metered());
    const headBuffer = Buffer.concat(head);
    const mimeType = sniffMimeType(headBuffer);
    const dims = imageSize(headBuffer, mimeType);
    const record: AttachmentRecord = {
      id,
      name: sanitizeFileName(name),
      mimeType,
      size,
      sha256: hash.digest("hex"),
      width: dims?.width ?? null,
      height: dims?.height ?? null,
      uploaderId,
      blobKey: id,
      createdAt: this.deps.now(),
      messageId: null,
      conversation: null,
    };
    try {
      await storage.createAttachment(record);
    } catch (error) {
      await this.blobs.delete(id).catch(() => {});
      throw error;
    }
    return record;
  }

  /**
   * The attachment if `userId` may download it: its uploader before it is sent, afterwards the
   * members of the conversation it was sent to. Anyone else gets 404 `attachment_not_found`.
   */
  async authorizeDownload(userId: string, id: string): Promise<AttachmentRecord> {
    const storage = this.storage;
    const att = await storage.getAttachment(id);
    if (!att) throw new LairError("attachment_not_found");
    if (att.messageId === null) {
      if (att.uploaderId === userId) return att;
      throw new LairError("attachment_not_found");
    }
    const message = await storage.getMessage(att.messageId);
    if (!message || message.deletedAt !== null) throw new LairError("attachment_not_found");
    const allowed =
      message.roomId !== null
        ? (await storage.getMembership(message.roomId, userId)) !== null
        : message.authorId === userId || message.recipientId === userId;
    if (!allowed) throw new LairError("attachment_not_found");
    return att;
  }

  /** Bind unsent uploads of `uploaderId` to a message about to be stored; null when any is not claimable. */
  claim(ids: string[], uploaderId: string, messageId: string, conversation: string) {
    return this.storage.claimAttachments(ids, uploaderId, messageId, conversation);
  }

  /** Undo `claim` for a message that was not stored. */
  release(messageId: string): Promise<number> {
    return this.storage.releaseAttachments(messageId);
  }

  /** The attachment with this id, or null. */
  get(id: string): Promise<AttachmentRecord | null> {
    return this.storage.getAttachment(id);
  }

  /** Delete the files of a deleted message (blob, then metadata). */
  async deleteForMessage(messageId: string): Promise<number> {
    if (!this.enabled) return 0;
    return this.remove(await this.storage.listMessageAttachments(messageId));
  }

  /**
   * Delete the files of every message of a conversation (blob, then metadata), for a deleted
   * room whose messages stay in storage. Returns how many went.
   */
  async deleteForConversation(conversation: string): Promise<number> {
    if (!this.enabled) return 0;
    let total = 0;
    let beforeSeq: number | undefined;
    for (;;) {
      const page = await this.storage.listMessages(conversation, {
        limit: GC_PAGE,
        includeDeleted: true,
        ...(beforeSeq === undefined ? {} : { beforeSeq }),
      });
      for (const m of page) {
        if (m.attachments?.length) total += await this.deleteForMessage(m.id);
      }
      if (page.length < GC_PAGE) return total;
      beforeSeq = page[page.length - 1]!.seq;
    }
  }

  private async remove(records: AttachmentRecord[]): Promise<number> {
    if (records.length === 0) return 0;
    // Blob first: metadata without a blob is harmless garbage the next run deletes again.
    for (const r of records) await this.blobs.delete(r.blobKey);
    return this.storage.deleteAttachments(records.map((r) => r.id));
  }

  /**
   * Delete uploads older than `orphanTtlMs` (as of `now`) that no stored message carries, and
   * files of deleted messages. Returns how many went. Runs one collection at a time.
   */
  collectGarbage(now: number = this.deps.now()): Promise<number> {
    if (!this.enabled) return Promise.resolve(0);
    this.collecting ??= (async () => {
      let total = 0;
      try {
        const before = now - this.deps.options.orphanTtlMs;
        for (;;) {
          const page = await this.storage.listGarbageAttachments(before, GC_PAGE);
          total += await this.remove(page);
          if (page.length < GC_PAGE) break;
        }
      } finally {
        this.collecting = undefined;
      }
      return total;
    })();
    return this.collecting;
  }

  /** Start the collection timer (`gcIntervalMs`; none when 0). */
  start(): void {
    const every = this.deps.options.gcIntervalMs;
    if (every <= 0 || this.timer || !this.enabled) return;
    this.timer = setInterval(() => {
      this.collectGarbage().catch((error: unknown) =>
        this.deps.logger.warn({ err: error }, "attachment garbage collection failed"),
      );
    }, every);
    this.timer.unref?.();
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
