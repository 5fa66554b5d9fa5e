/** Ask for a username: to invite someone to a room, or to start a direct conversation. */
import { h } from "../dom.ts";
import { dialogForm, openDialog, textField } from "./dialog.ts";

export function inviteDialog(roomName: string, invite: (username: string) => Promise<void>): void {
  openDialog("invite-dialog", (close) => [
    h("h3", null, `Invite to #${roomName}`),
    h("p", { class: "muted" }, "They get an invitation they can accept or decline."),
    dialogForm([textField("Username", "username", { required: true })], "Send invitation", close, (data) =>
      invite(String(data.get("username") ?? "").trim()),
    ),
  ]);
}

export function newDmDialog(start: (username: string) => Promise<void>): void {
  openDialog("new-dm-dialog", (close) => [
    h("h3", null, "New direct message"),
    dialogForm([textField("Username", "username", { required: true })], "Start", close, (data) =>
      start(String(data.get("username") ?? "").trim()),
    ),
  ]);
}
