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
    li.append(head, el("small", "", `${p.initiator ? "we dialled" : "dialled us"} · ${p.blocksIn} blocks in, ${p.blocksOut} out`));
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
  });
  source.addEventListener("feed", (m) => upsertFeed(JSON.parse(m.data)));
  source.addEventListener("entry", (m) => onEntry(JSON.parse(m.data)));
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

connect();
