/**
 * Attachment metadata of the memory adapter. Like the rest of it, every method runs to the end
 * synchronously, which makes `claim` an atomic all-or-nothing compare-and-set.
 */
import type { AttachmentRecord, MessageRecord } from "@lair-chat/server";

export class MemoryAttachments {
  readonly #records = new Map<string, AttachmentRecord>();

  constructor(private readonly messages: ReadonlyMap<string, MessageRecord>) {}

  create(record: AttachmentRecord): void {
    if (this.#records.has(record.id)) throw new Error(`attachment id already exists: ${record.id}`);
    this.#records.set(record.id, { ...record });
  }

  get(id: string): AttachmentRecord | null {
    const r = this.#records.get(id);
    return r ? { ...r } : null;
  }

  claim(
    ids: string[],
    uploaderId: string,
    messageId: string,
    conversation: string,
  ): AttachmentRecord[] | null {
    const found: AttachmentRecord[] = [];
    for (const id of ids) {
      const r = this.#records.get(id);
      if (!r || r.uploaderId !== uploaderId || r.messageId !== null || found.includes(r)) return null;
      found.push(r);
    }
    for (const r of found) {
      r.messageId = messageId;
      r.conversation = conversation;
    }
    return found.map((r) => ({ ...r }));
  }

  release(messageId: string): number {
    let n = 0;
    for (const r of this.#records.values()) {
      if (r.messageId !== messageId) continue;
      r.messageId = null;
      r.conversation = null;
      n++;
    }
    return n;
  }

  ofMessage(messageId: string): AttachmentRecord[] {
    return [...this.#records.values()].filter((r) => r.messageId === messageId).map((r) => ({ ...r }));
  }

  garbage(createdBefore: number, limit: number): AttachmentRecord[] {
    const out: AttachmentRecord[] = [];
    for (const r of this.#records.values()) {
      if (r.createdAt >= createdBefore) continue;
      const message = r.messageId === null ? undefined : this.messages.get(r.messageId);
      if (message && message.deletedAt === null) continue;
      out.push({ ...r });
    }
    return out.sort((a, b) => a.createdAt - b.createdAt).slice(0, limit);
  }

  delete(ids: string[]): number {
    let n = 0;
    for (const id of ids) if (this.#records.delete(id)) n++;
    return n;
  }
}
