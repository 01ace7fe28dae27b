// The Kappa.NET web console: plain JavaScript over the server's JSON API and live events
// (GET /api/events). Served from the tool itself; fetches nothing from anywhere else.
"use strict";

const PAGE = 50;
const LIVE_ROWS = 100;
const token = new URLSearchParams(location.search).get("access_token");
const feeds = new Map();   // key -> {key, name, length, writable, row}
const views = new Map();   // name -> view
const peers = new Map();   // id -> peer
let selected = null;       // key of the feed shown in Entries
let pageStart = 0;
let hellos = 0;            // hello events seen: every one after the first is a reconnect

const $ = (id) => document.getElementById(id);
const el = (tag, cls, text) => { const e = document.createElement(tag); if (cls) e.className = cls; if (text !== undefined) e.textContent = text; return e; };
const withToken = (url) => token ? url + (url.includes("?") ? "&" : "?") + "access_token=" + encodeURIComponent(token) : url;
const short = (key) => key.slice(0, 8) + "…" + key.slice(-4);

async function api(path, init = {}) {
  const headers = Object.assign({ Accept: "application/json" }, init.headers || {});
  if (token) headers.Authorization = "Bearer " + token;
  const res = await fetch(path, Object.assign({}, init, { headers }));
  const body = res.status === 204 ? null : await res.json().catch(() => null);
  if (!res.ok) throw Object.assign(new Error((body && (body.detail || body.title)) || res.statusText), { code: body && body.code, status: res.status });
  return body;
}

// ---- feeds ----
function upsertFeed(f) {
  let feed = feeds.get(f.key);
  if (!feed) {
    const row = el("tr");
    row.dataset.key = f.key;
    row.addEventListener("click", () => select(f.key));
    feed = { key: f.key, name: f.name, length: 0, writable: f.writable, row };
    feeds.set(f.key, feed);
    $("feeds").tBodies[0].append(row);
  }
  feed.name = f.name;
  feed.writable = f.writable;
  feed.length = Math.max(feed.length, f.length);
  renderFeed(feed);
  return feed;
}

function renderFeed(feed) {
  const name = el("td");
  name.append(el("span", "name", feed.name), el("span", feed.writable ? "badge local" : "badge", feed.writable ? "local" : "remote"));
  const key = el("td", "key", short(feed.key));
  key.title = feed.key;
  feed.row.dataset.name = feed.name;
  feed.row.replaceChildren(name, key, el("td", "num length", String(feed.length)));
  feed.row.classList.toggle("selected", feed.key === selected);
  $("feed-count").textContent = `(${feeds.size})`;
  let total = 0;
  for (const f of feeds.values()) total += f.length;
  $("summary").textContent = `${feeds.size} feed${feeds.size === 1 ? "" : "s"}, ${total} entries`;
}

function flash(node) { node.classList.remove("flash"); void node.offsetWidth; node.classList.add("flash"); }

// ---- entries ----
async function select(key) {
  selected = key;
  for (const f of feeds.values()) f.row.classList.toggle("selected", f.key === key);
  const feed = feeds.get(key);
  $("entries-title").textContent = `— ${feed.name} (${short(key)})`;
  await showPage(0);
}

async function showPage(start) {
  const feed = feeds.get(selected);
  if (!feed) return;
  pageStart = Math.max(0, Math.min(start, lastPageStart(feed)));
  const rows = await api(`/api/feeds/${selected}/entries?start=${pageStart}&limit=${PAGE}`);
  if (feed.key !== selected) return;
  const body = $("entries").tBodies[0];
  body.replaceChildren(...rows.map(entryRow));
  renderPager();
}

function entryRow(e) {
  const tr = el("tr");
  tr.dataset.seq = e.seq;
  tr.append(el("td", "num", String(e.seq)), el("td", "value", JSON.stringify(e.value)));
  return tr;
}

const lastPageStart = (feed) => Math.max(0, Math.floor((feed.length - 1) / PAGE) * PAGE);

function renderPager() {
  const feed = feeds.get(selected);
  if (!feed) return;
  const end = Math.min(feed.length, pageStart + PAGE);
  $("range").textContent = feed.length === 0 ? "empty feed" : `seq ${pageStart}–${end - 1} of ${feed.length}`;
  $("first").disabled = $("prev").disabled = pageStart === 0;
  $("next").disabled = $("last").disabled = pageStart >= lastPageStart(feed);
}

// ---- views and peers ----
function renderViews() {
  const list = $("views");
  if (views.size === 0) { list.replaceChildren(el("li", "empty", "no views")); return; }
  list.replaceChildren(...[...views.values()].map((v) => {
    const li = el("li");
    li.dataset.view = v.name;
    const head = el("div", "view-head");
    head.append(el("span", "", `${v.name} v${v.version}`), el("span", "state " + v.state, v.state));
    const bar = el("div", "bar"), fill = el("div");
    fill.style.width = (v.total ? Math.min(100, (100 * v.indexed) / v.total) : 100) + "%";
    bar.append(fill);
    li.append(head, bar, el("small", "", `${v.indexed} of ${v.total} entries indexed`));
    if (v.error) li.append(el("div", "view-error", v.error));
    return li;
  }));
}

function renderPeers() {
  $("peers-card").hidden = peers.size === 0;
  $("peer-count").textContent = `(${peers.size})`;
  $("peers").replaceChildren(...[...peers.values()].map((p) => {
    const li = el("li");
    li.dataset.peer = p.id;
    const head = el("div", "view-head");
    head.append(el("span", "key", p.address), el("span", "state idle", p.source));
    // The peer-id (hyperswarm/Cabal extension) names the node behind the address once it is sent.
    const who = p.remoteId ? `peer ${p.remoteId.slice(0, 8)} · ` : "";
    li.append(head, el("small", "", `${who}${p.initiator ? "we dialled" : "dialled us"} · ${p.blocksIn} blocks in, ${p.blocksOut} out`));
    return li;
  }));
}

// ---- key/value and sorted list ----
async function lookup(key) {
  const out = $("kv-heads");
  try {
    const r = await api(`/api/kv/${encodeURIComponent(key)}`);
    out.replaceChildren(...r.heads.map((h) => {
      const li = el("li");
      li.append(el("div", "key", h.id), el("div", "value", h.missing ? "(not replicated here yet)" : JSON.stringify(h.value)));
      return li;
    }));
    if (r.heads.length > 1) out.prepend(el("li", "fork", `${r.heads.length} heads: writers forked this key`));
  } catch (e) {
    out.replaceChildren(el("li", "empty", e.status === 404 ? `no value for "${key}"` : `${e.code}: ${e.message}`));
  }
}

let listTimer = null;
function listPath() {
  for (const name of views.keys()) if (name.startsWith("list-")) return decodeURIComponent(name.slice(5));
  return null;
}

async function refreshList() {
  listTimer = null;
  const by = listPath();
  $("list-card").hidden = by === null;
  if (by === null) return;
  $("list-title").textContent = `newest 10 by ${by}`;
  const rows = await api(`/api/list?by=${encodeURIComponent(by)}&reverse=true&limit=10`);
  $("list").tBodies[0].replaceChildren(...rows.map((e) => {
    const tr = el("tr");
    const where = el("td", "key", `${feeds.get(e.key)?.name ?? short(e.key)}@${e.seq}`);
    tr.append(el("td", "num", JSON.stringify(e.sort)), where, el("td", "value", JSON.stringify(e.value)));
    return tr;
  }));
}

const scheduleList = () => { if (!listTimer) listTimer = setTimeout(refreshList, 400); };

// ---- chat (when the store is a cabal: GET /api/chat answers) ----
const CHAT_PAGE = 50;
const chat = { on: false, local: null, channel: "default", channels: new Map(), more: false, loading: false, shown: new Set() };
const chatUrl = (channel) => `/api/chat/channels/${encodeURIComponent(channel)}/messages`;

async function initChat() {
  let info;
  try { info = await api("/api/chat"); } catch (e) { if (e.status === 404) return; throw e; }
  chat.on = true;
  chat.local = info.local;
  $("chat-card").hidden = false;
  $("chat-key").textContent = info.key;
  $("chat-nick").textContent = info.nick || short(info.local);
  await loadChannels();
  await openChannel(chat.channel);
}

async function loadChannels() {
  for (const c of await api("/api/chat/channels")) chat.channels.set(c.name, Object.assign(chat.channels.get(c.name) || {}, c));
  if (!chat.channels.has("default")) chat.channels.set("default", { name: "default", topic: null, members: 0 });
  renderChannels();
}

function renderChannels() {
  const names = [...chat.channels.keys()].sort();
  $("channels").replaceChildren(...names.map((name) => {
    const c = chat.channels.get(name);
    const li = el("li", name === chat.channel ? "selected" : "");
    li.dataset.channel = name;
    li.append(el("span", "channel-name", "#" + name));
    if (c.topic) li.append(el("small", "channel-topic", c.topic));
    if (c.unread) li.append(el("span", "badge unread", String(c.unread)));
    li.addEventListener("click", () => openChannel(name));
    return li;
  }));
  const current = chat.channels.get(chat.channel);
  $("chat-channel").textContent = "#" + chat.channel;
  $("chat-topic").textContent = current && current.topic ? current.topic : "(no topic)";
}

async function openChannel(name) {
  chat.channel = name;
  chat.shown.clear();
  if (!chat.channels.has(name)) chat.channels.set(name, { name, topic: null, members: 0 });
  chat.channels.get(name).unread = 0;
  renderChannels();
  $("chat-list").replaceChildren();
  const page = await api(`${chatUrl(name)}?limit=${CHAT_PAGE}`);
  if (chat.channel !== name) return;
  page.forEach(insertMessage);
  chat.more = page.length === CHAT_PAGE;
  $("chat-older").hidden = !chat.more;
  const box = $("chat-messages");
  box.scrollTop = box.scrollHeight;
}

// A channel is ordered by (timestamp as claimed, feed, seq), as the server's list: a message
// replicated late may belong above others, so each goes in at its place.
const before = (a, b) => a.timestamp !== b.timestamp ? a.timestamp < b.timestamp : a.key !== b.key ? a.key < b.key : a.seq < b.seq;

function insertMessage(m) {
  if (chat.shown.has(m.cursor)) return null;
  chat.shown.add(m.cursor);
  const li = el("li", m.type === "chat/emote" ? "emote" : m.type === "chat/topic" ? "topic-change" : "");
  if (m.key === chat.local) li.classList.add("mine");
  li.dataset.cursor = m.cursor;
  li.dataset.key = m.key;
  li._message = m;
  const time = el("span", "time", new Date(m.timestamp).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }));
  time.title = new Date(m.timestamp).toISOString();
  const nick = el("span", "nick", m.name || short(m.key));
  nick.title = m.key;
  const text = m.type === "chat/emote" ? m.text : m.type === "chat/topic" ? `set the topic: ${m.text}` : m.text;
  li.append(time, nick, el("span", "text", text));
  const list = $("chat-list");
  let next = null;
  for (let node = list.lastElementChild; node && before(m, node._message); node = node.previousElementSibling) next = node;
  list.insertBefore(li, next);
  return li;
}

async function loadOlder() {
  const first = $("chat-list").firstElementChild;
  if (chat.loading || !chat.more || !first) return;
  chat.loading = true;
  const name = chat.channel, box = $("chat-messages"), height = box.scrollHeight;
  try {
    const page = await api(`${chatUrl(name)}?limit=${CHAT_PAGE}&before=${encodeURIComponent(first.dataset.cursor)}`);
    if (chat.channel !== name) return;
    page.forEach(insertMessage);
    chat.more = page.length === CHAT_PAGE;
    box.scrollTop += box.scrollHeight - height; // keep what was on screen in place
  } finally {
    chat.loading = false;
    $("chat-older").hidden = !chat.more;
  }
}

function onChat(m) {
  if (!chat.on) return;
  let c = chat.channels.get(m.channel);
  if (!c) chat.channels.set(m.channel, c = { name: m.channel, topic: null, members: 0 });
  if (m.type === "chat/topic") c.topic = m.text;
  if (m.channel === chat.channel) {
    const box = $("chat-messages");
    const atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 40;
    const li = insertMessage(m);
    if (li) flash(li);
    if (atBottom || m.key === chat.local) box.scrollTop = box.scrollHeight;
  } else c.unread = (c.unread || 0) + 1;
  renderChannels();
}

async function sendChat(input) {
  const result = $("chat-result");
  const command = /^\/(\w+)\s+(.*)$/s.exec(input);
  try {
    if (command && command[1] === "join") { await openChannel(command[2].trim()); result.textContent = ""; return true; }
    if (command && command[1] === "nick") {
      const info = await api("/api/chat/nick", { method: "PUT", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ name: command[2] }) });
      $("chat-nick").textContent = info.nick;
    } else {
      const type = command && command[1] === "me" ? "chat/emote" : command && command[1] === "topic" ? "chat/topic" : "chat/text";
      const text = type === "chat/text" ? input : command[2];
      await api(chatUrl(chat.channel), { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ text, type }) });
    }
    result.className = "result";
    result.textContent = "";
    return true;
  } catch (e) {
    result.className = "result error";
    result.textContent = `${e.code || e.status}: ${e.message}`;
    return false;
  }
}

// ---- live events ----
function onEntry(e) {
  const feed = feeds.get(e.key) || upsertFeed({ key: e.key, name: "…", length: 0, writable: false });
  if (e.seq + 1 > feed.length) { feed.length = e.seq + 1; renderFeed(feed); flash(feed.row); }
  if (e.key === selected) {
    const body = $("entries").tBodies[0];
    if (e.seq >= pageStart && e.seq < pageStart + PAGE && !body.querySelector(`tr[data-seq="${e.seq}"]`)) {
      const row = entryRow(e);
      body.append(row);
      flash(row);
    }
    renderPager();
  }
  scheduleList();
  const live = $("live");
  const li = el("li");
  li.append(el("span", "where", `${feed.name} #${e.seq}`), el("span", "value", JSON.stringify(e.value)));
  live.prepend(li);
  while (live.children.length > LIVE_ROWS) live.lastChild.remove();
}

function connect() {
  const source = new EventSource(withToken("/api/events"));
  const status = $("status");
  source.addEventListener("open", () => { status.className = "status live"; status.textContent = "live"; });
  source.addEventListener("error", () => { status.className = "status down"; status.textContent = "reconnecting…"; });
  source.addEventListener("hello", (m) => {
    const hello = JSON.parse(m.data);
    hello.feeds.forEach(upsertFeed);
    hello.views.forEach((v) => views.set(v.name, v));
    (hello.peers || []).forEach((p) => peers.set(p.id, p));
    renderViews();
    renderPeers();
    scheduleList();
    if (!selected && hello.feeds.length) select(hello.feeds[0].key);
    else if (selected) showPage(pageStart);
    // After a reconnect, catch up on what was missed.
    if (hellos++ > 0 && chat.on) loadChannels().then(() => openChannel(chat.channel));
  });
  source.addEventListener("feed", (m) => upsertFeed(JSON.parse(m.data)));
  source.addEventListener("entry", (m) => onEntry(JSON.parse(m.data)));
  source.addEventListener("chat", (m) => onChat(JSON.parse(m.data)));
  source.addEventListener("view", (m) => { const v = JSON.parse(m.data); views.set(v.name, v); renderViews(); });
  source.addEventListener("peer", (m) => {
    const p = JSON.parse(m.data);
    if (p.state === "gone") peers.delete(p.id); else peers.set(p.id, p);
    renderPeers();
  });
  source.addEventListener("overflow", () => { source.close(); setTimeout(connect, 1000); });
}

// ---- wiring ----
$("append-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const result = $("append-result");
  const text = $("append-value").value;
  try {
    JSON.parse(text);
  } catch (e) {
    result.className = "result error";
    result.textContent = "not JSON: " + e.message;
    return;
  }
  try {
    const writer = encodeURIComponent($("append-writer").value);
    const r = await api(`/api/entries?writer=${writer}`, { method: "POST", headers: { "Content-Type": "application/json" }, body: text });
    result.className = "result ok";
    result.textContent = `appended: ${short(r.key)} seq ${r.seq}`;
    $("append-value").value = "";
    if (!selected) select(r.key);
  } catch (e) {
    result.className = "result error";
    result.textContent = `${e.code || e.status}: ${e.message}`;
  }
});
$("kv-form").addEventListener("submit", (ev) => { ev.preventDefault(); lookup($("kv-key").value); });
$("first").addEventListener("click", () => showPage(0));
$("prev").addEventListener("click", () => showPage(pageStart - PAGE));
$("next").addEventListener("click", () => showPage(pageStart + PAGE));
$("last").addEventListener("click", () => { const f = feeds.get(selected); if (f) showPage(lastPageStart(f)); });
$("goto").addEventListener("change", (ev) => {
  const seq = Number(ev.target.value);
  if (Number.isInteger(seq) && seq >= 0) showPage(Math.floor(seq / PAGE) * PAGE);
});

$("chat-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const input = $("chat-text");
  if (input.value.trim() && await sendChat(input.value)) input.value = "";
});
$("chat-older").addEventListener("click", loadOlder);
$("chat-messages").addEventListener("scroll", (ev) => { if (ev.target.scrollTop < 30) loadOlder(); });

connect();
initChat();
