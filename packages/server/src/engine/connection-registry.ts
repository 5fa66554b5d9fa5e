/** The live WebSocket/TCP connections of this node, indexed for event delivery and revocation. */
import type { ConnectionHandle } from "./engine-api.ts";

export class ConnectionRegistry {
  private readonly byId = new Map<string, ConnectionHandle>();
  private readonly byUser = new Map<string, Set<ConnectionHandle>>();
  private readonly bySession = new Map<string, Set<ConnectionHandle>>();

  /** Returns false when the connection was already registered. */
  add(c: ConnectionHandle): boolean {
    if (this.byId.has(c.id)) return false;
    this.byId.set(c.id, c);
    addTo(this.byUser, c.principal.userId, c);
    addTo(this.bySession, c.principal.sessionId, c);
    return true;
  }

  /** Returns false when the connection was not registered. */
  remove(c: ConnectionHandle): boolean {
    const known = this.byId.get(c.id);
    if (!known) return false;
    this.byId.delete(c.id);
    removeFrom(this.byUser, known.principal.userId, known);
    removeFrom(this.bySession, known.principal.sessionId, known);
    return true;
  }

  forUser(userId: string): ReadonlySet<ConnectionHandle> {
    return this.byUser.get(userId) ?? EMPTY;
  }

  forSession(sessionId: string): ReadonlySet<ConnectionHandle> {
    return this.bySession.get(sessionId) ?? EMPTY;
  }

  all(): IterableIterator<ConnectionHandle> {
    return this.byId.values();
  }

  get size(): number {
    return this.byId.size;
  }

  countByTransport(): { websocket: number; tcp: number } {
    let websocket = 0;
    let tcp = 0;
    for (const c of this.byId.values()) {
      if (c.transport === "websocket") websocket++;
      else tcp++;
    }
    return { websocket, tcp };
  }
}

const EMPTY: ReadonlySet<ConnectionHandle> = new Set();

function addTo(map: Map<string, Set<ConnectionHandle>>, key: string, c: ConnectionHandle): void {
  let set = map.get(key);
  if (!set) {
    set = new Set();
    map.set(key, set);
  }
  set.add(c);
}

function removeFrom(map: Map<string, Set<ConnectionHandle>>, key: string, c: ConnectionHandle): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(c);
  if (set.size === 0) map.delete(key);
}
