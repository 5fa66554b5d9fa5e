/**
 * The app's one HTML page: sign-up and login forms, or the user's notes and a small chat in the
 * "lobby" room. The chat script uses nothing but the app's cookie: Lair's `authenticate` hook
 * turns it into a Lair user for `/api/v1` calls and for the `/ws` socket alike.
 */
import type { HostAccount } from "./host-accounts.ts";

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const STYLE = `body{font:15px system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;color:#222}
form{margin:.5rem 0}input{margin:.2rem;padding:.3rem}#log{border:1px solid #ccc;height:14rem;overflow:auto;padding:.5rem}
#log b{color:#246}.muted{color:#777}`;

// Plain browser JavaScript: find or create the lobby over /api/v1, then chat over /ws.
const CHAT_SCRIPT = `
const log = document.getElementById("log");
const show = (who, text) => { const p = document.createElement("div"); const b = document.createElement("b");
  b.textContent = who + ": "; p.append(b, text); log.append(p); log.scrollTop = log.scrollHeight; };
const api = (method, path, body) => fetch("/api/v1" + path, { method,
  headers: body ? { "content-type": "application/json" } : {}, body: body && JSON.stringify(body) })
  .then((r) => r.json());
(async () => {
  const found = await api("GET", "/rooms?search=lobby");
  let room = (found.rooms || []).map((r) => r.room).find((r) => r.name === "lobby");
  if (room) await api("POST", "/rooms/" + room.id + "/join");
  else room = (await api("POST", "/rooms", { name: "lobby" })).room;
  const history = await api("GET", "/messages?target_type=room&target_id=" + room.id + "&limit=20");
  for (const m of (history.messages || []).reverse()) show(m.author_username || "someone", m.content);
  const ws = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/ws");
  ws.onmessage = (e) => { const m = JSON.parse(e.data);
    if (m.type === "message_received") show(m.author_username, m.message.content); };
  ws.onclose = () => show("chat", "disconnected; reload the page");
  document.getElementById("say").onsubmit = (e) => { e.preventDefault(); const input = e.target.text;
    ws.send(JSON.stringify({ type: "send_message", target: { type: "room", room_id: room.id }, content: input.value }));
    input.value = ""; };
})();`;

const NOTE_SCRIPT = `
document.getElementById("note").onsubmit = async (e) => { e.preventDefault();
  await fetch("/notes", { method: "POST", headers: { "content-type": "application/json" },
    body: JSON.stringify({ text: e.target.text.value }) }); location.reload(); };`;

export function renderHomePage(account: HostAccount | undefined): string {
  const head = `<!doctype html><meta charset="utf-8"><title>My Notes</title><style>${STYLE}</style>`;
  if (!account) {
    return `${head}<h1>My Notes</h1>
<h2>Log in</h2><form method="post" action="/login"><input name="username" placeholder="username" autocomplete="username" required>
<input name="password" type="password" placeholder="password" autocomplete="current-password" required><button>Log in</button></form>
<h2>Sign up</h2><form method="post" action="/signup"><input name="username" placeholder="username" required>
<input name="email" type="email" placeholder="email" required>
<input name="password" type="password" placeholder="password (8+)" autocomplete="new-password" required><button>Sign up</button></form>`;
  }
  const notes =
    account.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join("") || `<li class="muted">none yet</li>`;
  return `${head}<h1>My Notes</h1><p>Logged in as <b>${escapeHtml(account.username)}</b>
<form method="post" action="/logout" style="display:inline"><button>Log out</button></form></p>
<h2>Notes</h2><ul>${notes}</ul><form id="note"><input name="text" placeholder="a note" required><button>Add</button></form>
<h2>Lobby chat</h2><div id="log"></div>
<form id="say"><input name="text" placeholder="say something" required autocomplete="off"><button>Send</button></form>
<script>${NOTE_SCRIPT}${CHAT_SCRIPT}</script>`;
}
