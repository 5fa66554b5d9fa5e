/**
 * Who is where: users and rooms for scenarios A–C in one server process (each scenario has
 * its own users and rooms, so presence and membership never cross scenarios), and the client
 * plans and sender slots of each scenario.
 */

import type { ClientPlan } from "./client-pool.ts";
import type { LoadSizes } from "./load-sizes.ts";
import type { SetupReply, SetupRequest } from "./servers/child-ipc.ts";

export type MessageScenario = "A" | "B" | "C";

export interface ScenarioLayout {
  /** Users (indexes into the setup) of this scenario's clients, in client order. */
  users: number[];
  /** Room (index into the setup) of each client. */
  rooms: number[];
  /** Client index of each sender slot. */
  senderClients: number[];
  /** Members of each sender slot's room. */
  roomSizes: number[];
}

export interface Layout {
  setup: SetupRequest;
  scenarios: Partial<Record<MessageScenario, ScenarioLayout>>;
}

function range(from: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => from + i);
}

export function buildLayout(s: LoadSizes, which: MessageScenario[]): Layout {
  const roomsMembers: number[][] = [];
  const scenarios: Layout["scenarios"] = {};
  let nextUser = 0;
  const oneRoom = (clients: number, senders: number): ScenarioLayout => {
    const users = range(nextUser, clients);
    nextUser += clients;
    const room = roomsMembers.push(users) - 1;
    return {
      users,
      rooms: users.map(() => room),
      senderClients: range(0, Math.min(senders, clients)),
      roomSizes: range(0, Math.min(senders, clients)).map(() => clients),
    };
  };
  if (which.includes("A")) scenarios.A = oneRoom(s.aClients, s.aSenders);
  if (which.includes("B")) scenarios.B = oneRoom(s.bClients, s.bSenders);
  if (which.includes("C")) {
    const users: number[] = [];
    const rooms: number[] = [];
    for (let r = 0; r < s.cRooms; r++) {
      const members = range(nextUser, s.cPerRoom);
      nextUser += s.cPerRoom;
      const room = roomsMembers.push(members) - 1;
      users.push(...members);
      rooms.push(...members.map(() => room));
    }
    scenarios.C = {
      users,
      rooms,
      senderClients: range(0, users.length),
      roomSizes: users.map(() => s.cPerRoom),
    };
  }
  return { setup: { users: nextUser, rooms: roomsMembers }, scenarios };
}

export function clientPlans(layout: ScenarioLayout, reply: SetupReply): ClientPlan[] {
  return layout.users.map((u, i) => ({
    token: reply.tokens[u] ?? "",
    roomId: reply.roomIds[layout.rooms[i]!]!,
  }));
}
