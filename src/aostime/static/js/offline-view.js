// What the page shows of the offline queue (static/js/offline.js): "N changes waiting", a change the
// server refused beside what the server has (keep the server's, or send mine again), the timer as
// the queued changes leave it, and the review of a timer stopped offline. The words come from the
// page (#offline's data-texts), where they are marked for translation.
import { changes, forget, instant, queue, refresh, retry, serverSide } from "./offline.js";

const words = () => JSON.parse(document.getElementById("offline")?.dataset.texts ?? "{}");
const say = (name, values = {}) => (words()[name] ?? name).replace(/\{(\w+)\}/g, (_, key) => values[key] ?? "");

function element(tag, attributes = {}, ...children) {
  const made = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) made.setAttribute(name, value);
  made.append(...children);
  return made;
}

const local = (iso) => instant(new Date(iso)).slice(0, 16).replace("T", " ");
const typed = (date) => instant(date).slice(0, 19).replace("T", " ");  // as the review's fields read it

export function summary(change) {
  const shown = change.shown;
  if (shown.what === "start") return say("start", { project: shown.project, at: local(shown.at) });
  if (shown.what === "stop") return say("stop", { start: local(shown.start), end: local(shown.end) });
  if (shown.what === "add") return say("add", shown);
  return say("edit", shown);
}

let shown = [];
export async function showQueue(all, note) {
  const status = document.getElementById("offline");
  if (!status) return;
  shown = all ?? shown;
  const count = shown.filter((c) => c.state === "waiting").length;
  const badge = count ? [element("p", { class: "badge" }, say(count === 1 ? "waiting_one" : "waiting_many", { n: count }),
    " ", element("span", { class: "hint" }, say("waiting_hint")))] : [];
  status.replaceChildren(...badge, ...(note ? [element("p", { class: "error" }, say(note))] : []));
  status.hidden = !status.childElementCount;  // a page's own status stays the one status shown
  if (all) await showConflicts(all.filter((c) => c.state === "conflict"));
}

async function showConflicts(refused) {
  const region = document.getElementById("offline-conflicts");
  if (!region) return;
  region.hidden = !refused.length;
  const heading = element("h2", { id: "offline-conflicts-title" }, say("refused_title"));
  const items = [];
  for (const change of refused) {
    const theirs = await serverSide(change);
    const yours = element("dd", {}, summary(change));
    const list = element("dl", {}, element("dt", {}, say("yours")), yours, element("dt", {}, say("said")),
      element("dd", {}, change.said || String(change.status)),
      element("dt", {}, say("theirs")), element("dd", {}, theirs === undefined ? say("unknown") : entryText(theirs)));
    const keep = element("button", { type: "button" }, say("keep_theirs"));
    const again = element("button", { type: "button" }, say("send_again"));
    keep.addEventListener("click", async () => { await forget(change.id); await showQueue(await changes()); await refresh(document); });
    again.addEventListener("click", () => retry(document, change));
    items.push(element("div", { class: "conflict" }, list, element("div", { class: "actions" }, keep, again)));
  }
  region.replaceChildren(heading, ...items);
}

function entryText(result) {
  const entry = result?.v;
  if (!entry) return say("nothing_there");
  const where = [entry.project_name, entry.task_name].filter(Boolean).join(" / ");
  const span = `${local(entry.start.v)}–${entry.end ? local(entry.end.v).slice(11) : say("now")}`;
  return [entry.description || "—", where, span, entry.invoiced ? say("invoiced") : ""].filter(Boolean).join(" · ");
}

// The timer as the queued changes leave it: started offline (shown running, "Stop timer" reviews
// it here), or stopped offline.
let original;
export function runningOffline(root, all) {
  const region = root.getElementById("timer");
  if (!region) return;
  original ??= region.cloneNode(true);
  let running, touched = false;
  for (const change of all.filter((c) => c.state === "waiting")) {
    if (change.use === "start-timer") [running, touched] = [change, true];
    if (change.use === "stop-timer") [running, touched] = [null, true];
  }
  if (!touched) return;
  if (running) {
    const stop = element("button", { type: "button" }, say("stop_timer"));
    stop.addEventListener("click", () => reviewOffline(root, (values) => queue("stop-timer", values.request, values.shown)));
    region.replaceChildren(element("p", {}, say("running_offline", { project: running.shown.project, at: local(running.shown.at) })), stop);
    region.dataset.state = "offline";
    region.dataset.start = running.request.at;
    for (const name of ["description", "notes"]) region.dataset[name] = running.request[name] ?? "";
    region.dataset.billable = running.request.billable ? "true" : "";
    return;
  }
  const fresh = original.dataset.state === "stopped" ? original.cloneNode(true) : element("section", { id: "timer", class: "timer", "aria-label": original.getAttribute("aria-label") ?? "Timer" }, element("p", {}, say("stopped_offline")));
  fresh.dataset.state = "offline-stopped";
  region.replaceWith(fresh);
  window.htmx?.process(fresh);
}

export function readTime(text) {
  const parts = text.trim().match(/^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/);
  return parts ? new Date(+parts[1], parts[2] - 1, +parts[3], +parts[4], +parts[5], +(parts[6] ?? 0)) : null;
}

// "Review time entry" without the server: the running timer's start (the page's, or the one
// queued), now as its end, its description, notes and billable, each changeable; saved to the queue.
export function reviewOffline(root, save) {
  const region = root.getElementById("timer");
  const data = region?.dataset ?? {};
  const start = data.start ? new Date(data.start) : new Date((data.state ?? "").split(" ")[2] ?? Date.now());
  const input = (name, value, tag = "input") => {
    const made = element(tag, { id: `offline-${name}`, name });
    if (tag === "textarea") made.textContent = value; else made.setAttribute("value", value);
    return [element("label", { for: `offline-${name}` }, say(name === "start" ? "start_field" : name)), made];
  };
  const billable = element("input", { type: "checkbox", name: "billable", value: "true" });
  billable.checked = data.billable === "true";
  const error = element("p", { class: "error", role: "alert", id: "offline-review-error" });
  const form = element("form", { method: "dialog", class: "stacked" },
    ...input("start", typed(start)), ...input("end", typed(new Date())),
    ...input("description", data.description ?? ""), ...input("notes", data.notes ?? "", "textarea"),
    element("label", { class: "check" }, billable, " ", say("billable")),
    error, element("button", { type: "submit" }, say("save")), " ",
    element("button", { type: "button", value: "cancel" }, say("cancel")));
  const dialog = element("dialog", { "aria-labelledby": "offline-review-title" },
    element("h2", { id: "offline-review-title" }, say("review_title")), form);
  form.querySelector("[value=cancel]").addEventListener("click", () => dialog.close());
  dialog.addEventListener("close", () => dialog.remove());
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const begun = readTime(form.elements.start.value), ended = readTime(form.elements.end.value);
    if (!begun || !ended) {
      error.textContent = say("bad_time");
      return (begun ? form.elements.end : form.elements.start).focus();
    }
    const request = { start: instant(begun), at: instant(ended), description: form.elements.description.value,
      notes: form.elements.notes.value, billable: billable.checked };
    dialog.close();
    await save({ request, shown: { what: "stop", start: request.start, end: request.at } });
    runningOffline(root, await changes());
  });
  root.body.append(dialog);
  dialog.showModal();
}
