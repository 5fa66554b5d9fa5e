/** The right panel: who is in the room, online first, with a presence dot and role mark. */
import type { Rect } from "../layout.ts";
import { sanitizeLine } from "../sanitize.ts";
import type { ScreenBuffer } from "../screen-buffer.ts";
import { theme } from "../theme.ts";
import { truncate } from "../wrap.ts";
import { clearRect } from "./draw.ts";

export interface MemberEntry {
  userId: string;
  username: string;
  online: boolean;
  role: "owner" | "moderator" | "member";
}

const ROLE_MARK = { owner: "@", moderator: "+", member: "" } as const;
const ROLE_ORDER = { owner: 0, moderator: 1, member: 2 } as const;

/** Online first, then owners and moderators, then by name. */
export function sortMembers(members: readonly MemberEntry[]): MemberEntry[] {
  return [...members].sort(
    (a, b) =>
      Number(b.online) - Number(a.online) ||
      ROLE_ORDER[a.role] - ROLE_ORDER[b.role] ||
      a.username.localeCompare(b.username),
  );
}

export function drawMembers(
  buffer: ScreenBuffer,
  rect: Rect,
  members: readonly MemberEntry[],
  selfId: string | undefined,
): void {
  clearRect(buffer, rect);
  const sorted = sortMembers(members);
  const online = sorted.filter((m) => m.online).length;
  buffer.write(rect.y, rect.x, truncate(`Members ${online}/${sorted.length}`, rect.width), theme.heading);
  const visible = rect.height - 1;
  sorted.slice(0, visible).forEach((member, index) => {
    const y = rect.y + 1 + index;
    const overflow = index === visible - 1 && sorted.length > visible;
    if (overflow) {
      buffer.write(y, rect.x, truncate(` … ${sorted.length - index} more`, rect.width), theme.dim);
      return;
    }
    buffer.write(y, rect.x + 1, member.online ? "●" : "○", member.online ? theme.online : theme.offline);
    const you = member.userId === selfId ? " (you)" : "";
    const name = `${ROLE_MARK[member.role]}${sanitizeLine(member.username)}`;
    buffer.write(y, rect.x + 3, truncate(name + you, rect.width - 3), member.online ? "" : theme.dim);
  });
}
