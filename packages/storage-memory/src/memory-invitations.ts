/** Invitations of the memory adapter; synchronous so resolution is a true compare-and-set. */

import { LairError } from "@lair-chat/protocol";
import type { InvitationRecord, InvitationStatus, ListInvitationsQuery } from "@lair-chat/server";
import { compareStrings } from "./memory-accounts.ts";

export class MemoryInvitations {
  readonly invitations = new Map<string, InvitationRecord>();
  /** `roomId \0 inviteeId` → id of the pending invitation. */
  readonly #pending = new Map<string, string>();

  createInvitation(invitation: InvitationRecord): void {
    if (this.invitations.has(invitation.id)) {
      throw new LairError("conflict", { message: "Invitation id already exists" });
    }
    const key = pendingKey(invitation.roomId, invitation.inviteeId);
    if (invitation.status === "pending" && this.#pending.has(key)) throw new LairError("already_invited");
    this.invitations.set(invitation.id, { ...invitation });
    if (invitation.status === "pending") this.#pending.set(key, invitation.id);
  }

  getInvitation(id: string): InvitationRecord | null {
    const invitation = this.invitations.get(id);
    return invitation ? { ...invitation } : null;
  }

  resolveInvitation(
    id: string,
    status: Exclude<InvitationStatus, "pending">,
    at: number,
  ): InvitationRecord | null {
    const invitation = this.invitations.get(id);
    if (invitation?.status !== "pending") return null;
    invitation.status = status;
    invitation.respondedAt = at;
    this.#pending.delete(pendingKey(invitation.roomId, invitation.inviteeId));
    return { ...invitation };
  }

  listInvitations(query: ListInvitationsQuery): InvitationRecord[] {
    const rows: InvitationRecord[] = [];
    for (const inv of this.invitations.values()) {
      if (query.inviteeId !== undefined && inv.inviteeId !== query.inviteeId) continue;
      if (query.inviterId !== undefined && inv.inviterId !== query.inviterId) continue;
      if (query.roomId !== undefined && inv.roomId !== query.roomId) continue;
      if (query.status !== undefined && inv.status !== query.status) continue;
      rows.push({ ...inv });
    }
    return rows.sort((a, b) => b.createdAt - a.createdAt || compareStrings(b.id, a.id));
  }

  expireInvitations(now: number): InvitationRecord[] {
    const expired: InvitationRecord[] = [];
    for (const id of Array.from(this.#pending.values())) {
      const invitation = this.invitations.get(id)!;
      if (invitation.expiresAt <= now) expired.push(this.resolveInvitation(id, "expired", now)!);
    }
    return expired;
  }

  /** Drop a deleted room's pending invitations (answered ones stay as history). */
  removePendingOfRoom(roomId: string): void {
    for (const [key, id] of Array.from(this.#pending)) {
      if (this.invitations.get(id)!.roomId !== roomId) continue;
      this.#pending.delete(key);
      this.invitations.delete(id);
    }
  }
}

function pendingKey(roomId: string, inviteeId: string): string {
  return `${roomId}\u0000${inviteeId}`;
}
