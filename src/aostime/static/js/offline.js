// Working without a connection. The service worker (/sw.js) keeps /time and the shell; this module
// keeps the changes made meanwhile: a start, a stop (with the review's values), a manual entry, an
// edit each go into a queue in IndexedDB with an Idempotency-Key made when the change is made, and
// are sent in order when the network is back, through the API the team client's journal uses
// (POST /uses/<use case>, the page's session and CSRF token instead of a bearer token). A change
// sent twice (its answer lost) is written once: the server answers the key's first answer again.
// One the server refuses stays, beside what the server has, until the person chooses.
import { readTime, showQueue, reviewOffline, runningOffline } from "./offline-view.js";

const API = "/wp-json/agency-os-ai/v1/uses/";
const HOLD = ["/timer/start", "/timer/stop", "/time/new"];  // a form posting here is queued offline
let database;
// Whose changes these are: a change is shown and sent only on its own member's page (a device shared).
const member = () => document.getElementById("offline")?.dataset.member;

function store(mode) {
  database ??= new Promise((resolve, reject) => {
    const opening = indexedDB.open("aostime-offline", 1);
    opening.onupgradeneeded = () => opening.result.createObjectStore("changes", { keyPath: "id", autoIncrement: true });
    opening.onsuccess = () => resolve(opening.result);
    opening.onerror = () => reject(opening.error);
  });
  return database.then((db) => db.transaction("changes", mode).objectStore("changes"));
}

const done = (request) => new Promise((resolve, reject) => {
  request.onsuccess = () => resolve(request.result);
  request.onerror = () => reject(request.error);
});

export async function changes() {
  const all = (await done((await store("readonly")).getAll())).filter((c) => c.member === member());
  waitingCount = all.filter((c) => c.state === "waiting").length;
  return all;
}
export const forget = async (id) => done((await store("readwrite")).delete(id));
const put = async (change) => done((await store("readwrite")).put(change));

function newKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// An instant as the API reads it: ISO 8601 with this device's offset, whole seconds.
export function instant(date) {
  const pad = (n) => String(Math.abs(n)).padStart(2, "0");
  const offset = -date.getTimezoneOffset();
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:`
    + `${pad(date.getMinutes())}:${pad(date.getSeconds())}${offset < 0 ? "-" : "+"}${pad(offset / 60 | 0)}:${pad(offset % 60)}`;
}

// A change is queued, with its key, as it is made; `shown` is what the person reads of it.
export async function queue(use, request, shown) {
  await put({ key: newKey(), use, request, shown, made: instant(new Date()), state: "waiting", member: member() });
  await showQueue(await changes());
  if (navigator.onLine) send(document);
}

let waitingCount = 0;  // known at once: a submit is held or not before the browser sends it
const field = (form, name) => form.elements[name]?.value ?? "";
const chosen = (select) => select?.selectedOptions[0]?.textContent ?? "";

export function offlineForms(root) {
  const status = root.getElementById("offline");
  if (!status) return;  // signed out: nothing to keep
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js").then(() => navigator.serviceWorker.ready).then((ready) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => root.documentElement.setAttribute("data-offline-ready", "");
      ready.active.postMessage("keep", [channel.port2]);
    }).catch(() => {});
  }
  root.addEventListener("submit", (event) => held(event, root), true);  // before htmx sees it
  root.querySelector("form[action='/logout']")?.addEventListener("submit", () => {
    navigator.serviceWorker?.controller?.postMessage("forget");
  });
  window.addEventListener("online", () => send(root));
  changes().then(async (all) => {
    await showQueue(all);
    runningOffline(root, all);
    if (navigator.onLine) send(root);
  });
}

function held(event, root) {
  const form = event.target;
  const action = new URL(form.action, location.href).pathname;
  const stop = action === "/timer/review";
  const edit = /^\/time\/\d+\/edit$/.test(action);
  if (navigator.onLine && !waitingCount) return;  // as usual (changes waiting go first: queued behind them)
  if (!((HOLD.includes(action) && form.method === "post") || stop || edit)) {
    if (navigator.onLine || form.method !== "post") return;
    event.preventDefault();  // a change the queue does not keep: said, not lost in an error page
    event.stopImmediatePropagation();
    return showQueue(null, "needs_connection");
  }
  event.preventDefault();
  event.stopImmediatePropagation();
  if (edit && form.method === "get") return location.assign(action);  // the edit page, as kept
  keep(form, root, action, stop, edit);
}

async function keep(form, root, action, stop, edit) {
  if (stop) return reviewOffline(root, (values) => queue("stop-timer", values.request, values.shown));
  if (action === "/timer/stop") {  // the server's own review page, submitted while changes wait
    const [start, end] = ["start", "end"].map((name) => readTime(field(form, name)));
    if (!start || !end) return refuse(form, start ? "end" : "start", "bad_time");
    const request = { start: instant(start), at: instant(end), description: field(form, "description"),
      notes: field(form, "notes"), billable: form.elements.billable.checked };
    await queue("stop-timer", request, { what: "stop", start: request.start, end: request.at });
    return location.assign("/time");
  }
  if (action === "/timer/start") {
    const project = form.elements.project;
    const request = { project: project.value, task: field(form, "task") || null, description: field(form, "description"),
      billable: form.elements.billable.checked, at: instant(new Date()), tags: pieces(field(form, "tags")) };
    await queue("start-timer", request, { what: "start", project: chosen(project), at: request.at });
    return runningOffline(root, await changes());
  }
  if (action === "/time/new") {
    const day = dayOf(field(form, "date"));
    if (!field(form, "project")) return refuse(form, "project", "choose_project");
    if (!field(form, "hours").trim()) return refuse(form, "hours", "give_hours");
    if (!day) return refuse(form, "date", "date_offline");
    const request = { project: field(form, "project"), task: field(form, "task") || null, hours: field(form, "hours"),
      date: day, description: field(form, "description"), billable: form.elements.billable.checked,
      tags: pieces(field(form, "tags")) };
    await queue("add-entry", request, { what: "add", project: chosen(form.elements.project), hours: request.hours, day });
    return location.assign("/time");
  }
  const ref = action.split("/")[2];
  const notes = form.elements.notes ? form.elements.notes.value : null;  // a row edited in place has none: kept
  const request = { ref, description: field(form, "description"), notes, project: field(form, "project"),
    task: field(form, "task") || null, start: field(form, "start") || null, end: field(form, "end") || null,
    billable: form.elements.billable.checked, if_version: field(form, "version") || null, ...tagChanges(form) };
  await queue("edit-entry", request, { what: "edit", ref, description: request.description });
  location.assign("/time");
}

// Tags typed as "a, b" (domain.tags.split_tags); the server cleans and refuses them.
const pieces = (text) => text.split(",").map((piece) => piece.trim()).filter(Boolean);
// What the "Tags" field of an edit adds and removes (domain.tags.tag_changes: the tags as shown
// are its default value). Names compare nearly as the server folds them; where they differ (ß
// and ss), the server refuses a tag both added and removed, and the change waits, said.
function tagChanges(form) {
  const input = form.elements.tags;
  if (!input || input.value === input.defaultValue) return {};
  const fold = (name) => name.normalize("NFKC").toLowerCase().normalize("NFKC").split(/\s+/).filter(Boolean).join(" ");
  const wanted = pieces(input.value), kept = new Set(wanted.map(fold));
  return { tags: wanted, untag: pieces(input.defaultValue).filter((name) => !kept.has(fold(name))) };
}

// A day typed while offline: a date, today or yesterday (the CLI's other words need the server's "today").
function dayOf(text) {
  const word = text.trim().toLowerCase();
  if (/^\d{4}-\d{2}-\d{2}$/.test(word)) return word;
  const day = new Date();
  if (word === "yesterday") day.setDate(day.getDate() - 1);
  else if (word !== "today" && word !== "") return null;
  return instant(day).slice(0, 10);
}

function refuse(form, name, words) {
  const input = form.elements[name];
  input.setAttribute("aria-invalid", "true");
  input.setCustomValidity(JSON.parse(document.getElementById("offline").dataset.texts)[words]);
  input.reportValidity();
  input.addEventListener("input", () => input.setCustomValidity(""), { once: true });
}

let sending = false, retrying;
const RETRY_MS = 15000;  // the server unreachable or failing though the device is online: again in a while

// Sends what waits, in order, with a fresh CSRF token; stops at the first change that cannot be
// sent now (no network, signed out, the server failing), which stays queued with all after it.
export async function send(root, only) {
  if (sending) return;
  sending = true;
  let sent = 0, note, again = false;
  try {
    const token = await csrfToken();
    if (token === SIGNED_OUT) note = "signed_out";
    if (typeof token !== "string") return void (again = token === null);
    for (const change of await changes()) {
      if (change.state !== "waiting" || (only && change.id !== only)) continue;
      const answer = await post(change, token);
      if (answer?.status === 401) note = "signed_out";
      else if (answer?.kind === "clock_skew") note = answer.message;
      else if (answer === null || answer.status >= 500 || answer.kind === "in_progress") again = true;
      if (note || again) break;
      if (answer.ok) {
        await forget(change.id);
        sent += 1;
      } else {
        await put({ ...change, state: "conflict", said: answer.message, status: answer.status });
      }
    }
  } finally {
    sending = false;
    await showQueue(await changes(), note);
    clearTimeout(retrying);
    if (again && navigator.onLine) retrying = setTimeout(() => send(root), RETRY_MS);
  }
  if (sent) await refresh(root);
}

async function post(change, token) {
  try {
    const answer = await fetch(API + change.use, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Idempotency-Key": change.key, "X-CSRF-Token": token,
        "X-Aos-Client-Time": instant(new Date()) },
      body: JSON.stringify({ request: change.request }),
    });
    const body = await answer.json().catch(() => ({}));
    return { ok: answer.ok, status: answer.status, message: body.message ?? "", kind: body.data?.error, result: body.result };
  } catch {
    return null;  // no network
  }
}

// The session's CSRF token as it is now (the page may come from the cache); SIGNED_OUT, or null
// when the server cannot be reached.
const SIGNED_OUT = {};
async function csrfToken() {
  try {
    const answer = await fetch("/timer/region", { credentials: "same-origin", headers: { "HX-Request": "true" } });
    if (answer.redirected || answer.status === 401) return SIGNED_OUT;
    if (!answer.ok) return null;
    return new DOMParser().parseFromString(await answer.text(), "text/html").querySelector("input[name=csrf]")?.value ?? null;
  } catch {
    return null;
  }
}

// What the server holds now of a refused change: the entry edited, or the timer.
export async function serverSide(change) {
  const token = await csrfToken();
  if (typeof token !== "string") return undefined;  // not known now (offline, signed out)
  const reading = change.use === "edit-entry" ? ["get-entry", { ref: change.request.ref }]
    : change.use === "add-entry" ? null : ["current-timer", {}];
  if (!reading) return null;
  const answer = await post({ use: reading[0], request: reading[1], key: newKey() }, token);
  return answer === null ? undefined : answer.ok ? answer.result : null;
}

// "Send mine again": a new key; an edit without the version it was made on, a start stopping the
// timer running meanwhile (the later start wins, as the team client's journal does).
export async function retry(root, change) {
  const request = { ...change.request };
  if (change.use === "edit-entry") request.if_version = null;
  if (change.use === "start-timer") request.switch = true;
  await put({ ...change, request, key: newKey(), state: "waiting", said: undefined });
  await send(root, change.id);
}

export async function refresh(root) {
  const answer = await fetch(location.pathname === "/time" ? location.href : "/time", { credentials: "same-origin" });
  if (!answer.ok || answer.redirected || location.pathname !== "/time") return;
  const fresh = new DOMParser().parseFromString(await answer.text(), "text/html");
  for (const id of ["timer", "week"]) {
    const now = fresh.getElementById(id), here = root.getElementById(id);
    if (!now || !here) continue;
    here.replaceWith(now);
    window.htmx?.process(now);
    now.dispatchEvent(new CustomEvent("htmx:afterSwap", { bubbles: true }));
  }
}
