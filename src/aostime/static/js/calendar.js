// The calendar's blocks on a time grid (48 px an hour of elapsed time, so a day the clocks change
// is as long as it is), moved by pointer or by keys. Every drag has its keys (WCAG 2.2, 2.5.7):
// arrows move by the snap (← → a day), Shift+↑ ↓ move the end, Alt+Shift+↑ ↓ the start, Alt+arrows
// copy, Enter edits (the block is the link to its edit page). A change is one POST with the version
// the block showed; the calendar the server answers replaces this one, so what is drawn is what
// is stored, a refusal included (the block goes back, the CLI's words in the status).

const PX = 0.8; // pixels per minute
const MINUTE = 60000;
const EDGE = 6; // pixels of a block's top or bottom edge that resize it
let drag = null;
let swallowClick = false;
let pending = null;
let timer = 0;

function clock(cal, ms) {
  const format = new Intl.DateTimeFormat("en-GB", { timeZone: cal.dataset.zone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  return format.format(new Date(ms));
}

function iso(ms) {
  return new Date(ms).toISOString().replace(".000Z", "Z");
}

function dayOf(block) {
  return block.closest(".cal-day");
}

function place(block, day, startMs, endMs) {
  const begin = Number(day.dataset.startMs);
  const minutes = Number(day.dataset.minutes);
  const top = Math.max((startMs - begin) / MINUTE, 0);
  const bottom = Math.min((endMs - begin) / MINUTE, minutes);
  block.style.top = `${top * PX}px`;
  block.style.height = `${Math.max(bottom - top, 1) * PX}px`;
}

export function draw(cal, scrolled = null) {
  cal.classList.add("drawn");
  for (const hour of cal.querySelectorAll(".cal-hour")) hour.style.top = `${Number(hour.dataset.minute) * PX}px`;
  for (const track of cal.querySelectorAll(".cal-track, .cal-hours")) track.style.height = `${Number(track.dataset.minutes) * PX}px`;
  for (const block of cal.querySelectorAll(".cal-block")) {
    const lanes = Number(block.dataset.lanes);
    block.style.top = `${Number(block.dataset.top) * PX}px`;
    block.style.height = `${Math.max(Number(block.dataset.length), 1) * PX}px`;
    block.style.left = `${(Number(block.dataset.lane) * 100) / lanes}%`;
    block.style.width = `${100 / lanes}%`;
    block.draggable = false;
  }
  if (scrolled) {
    cal.scrollTop = scrolled.top; // the same hours in sight after a change
    cal.scrollLeft = scrolled.left;
  } else {
    // the working day in sight: from an hour before the first entry shown, or from 08:00
    const tops = [...cal.querySelectorAll(".cal-block")].map((b) => Number(b.dataset.top));
    cal.scrollTop = Math.max(Math.min(8 * 60, ...tops) - 60, 0) * PX;
  }
}

function say(doc, text) {
  const status = doc.getElementById("status");
  const line = doc.createElement("p");
  line.textContent = text;
  status.replaceChildren(line);
}

async function send(cal, path, fields, entry) {
  const doc = cal.ownerDocument;
  const form = new FormData(doc.getElementById("calendar-form"));
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  cal.setAttribute("aria-busy", "true");
  let response;
  try {
    response = await fetch(path, { method: "POST", body: form, credentials: "same-origin" });
  } catch {
    cal.removeAttribute("aria-busy");
    say(doc, cal.dataset.unreachable || "The server cannot be reached: nothing was saved.");
    draw(cal, { top: cal.scrollTop, left: cal.scrollLeft });
    return;
  }
  if (new URL(response.url).pathname === "/login") {
    location.assign(response.url); // signed out meanwhile (archived, password changed)
    return;
  }
  const answer = new DOMParser().parseFromString(await response.text(), "text/html");
  const fresh = answer.getElementById("calendar");
  if (!fresh) {
    doc.documentElement.replaceWith(doc.adoptNode(answer.documentElement)); // an error page
    return;
  }
  const hadFocus = cal.contains(doc.activeElement) || doc.activeElement === doc.body;
  const scrolled = { top: cal.scrollTop, left: cal.scrollLeft };
  cal.replaceWith(doc.adoptNode(fresh));
  doc.getElementById("status").replaceChildren(...[...answer.getElementById("status").childNodes].map((n) => doc.adoptNode(n)));
  draw(fresh, scrolled);
  const focused = fresh.dataset.focus || entry;
  if (hadFocus) fresh.querySelector(`.cal-block[data-entry="${focused}"]`)?.focus();
}

function post(block, action, fields) {
  const cal = block.closest("#calendar");
  return send(cal, `/calendar/${block.dataset.entry}/${action}`, { version: block.dataset.version, ...fields }, block.dataset.entry);
}

// -- keys ----------------------------------------------------------------------------------

function stepped(ms, origin, snap, direction) {
  const minutes = (ms - origin) / MINUTE;
  const next = direction > 0 ? Math.floor(minutes / snap) * snap + snap : Math.ceil(minutes / snap) * snap - snap;
  return origin + next * MINUTE;
}

function flush() {
  clearTimeout(timer);
  if (!pending) return Promise.resolve();
  const { block, startMs, endMs } = pending;
  pending = null;
  return post(block, "move", { start: iso(startMs), end: iso(endMs) });
}

function nudge(block, event) {
  const cal = block.closest("#calendar");
  const snap = Number(cal.dataset.snap);
  const day = dayOf(block);
  const origin = Number(day.dataset.startMs);
  const direction = event.key === "ArrowDown" ? 1 : -1;
  const current = pending?.block === block ? pending : { block, startMs: Number(block.dataset.startMs), endMs: Number(block.dataset.endMs) };
  let { startMs, endMs } = current;
  const length = endMs - startMs;
  if (event.shiftKey && event.altKey) startMs = Math.min(stepped(startMs, origin, snap, direction), endMs - snap * MINUTE);
  else if (event.shiftKey) endMs = Math.max(stepped(endMs, origin, snap, direction), startMs + snap * MINUTE);
  else {
    startMs = stepped(startMs, origin, snap, direction);
    endMs = startMs + length;
  }
  pending = { block, startMs, endMs };
  place(block, day, startMs, endMs);
  say(block.ownerDocument, `${clock(cal, startMs)}–${clock(cal, endMs)}, not saved yet`);
  clearTimeout(timer);
  timer = setTimeout(flush, 600);
}

function neighbourDay(block, offset) {
  const date = new Date(`${dayOf(block).dataset.day}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + offset);
  return date.toISOString().slice(0, 10);
}

async function onKey(event) {
  const block = event.target.closest?.("#calendar .cal-block");
  if (!block || !event.key.startsWith("Arrow") || event.ctrlKey || event.metaKey) return;
  event.preventDefault();
  event.stopPropagation();
  if (block.dataset.locked) {
    say(block.ownerDocument, `This entry does not move: ${block.dataset.locked}.`);
    return;
  }
  const vertical = event.key === "ArrowUp" || event.key === "ArrowDown";
  if (vertical && !(event.altKey && !event.shiftKey)) {
    nudge(block, event);
    return;
  }
  await flush();
  const fresh = block.isConnected ? block : document.querySelector(`#calendar .cal-block[data-entry="${block.dataset.entry}"]`);
  if (!fresh) return;
  if (vertical) {
    const startMs = Number(fresh.dataset.startMs);
    const endMs = Number(fresh.dataset.endMs);
    const length = endMs - startMs;
    const at = event.key === "ArrowDown" ? endMs : startMs - length; // a copy right after, or right before
    await post(fresh, "copy", { start: iso(at), end: iso(at + length) });
    return;
  }
  const day = neighbourDay(fresh, event.key === "ArrowRight" ? 1 : -1);
  await post(fresh, event.altKey ? "copy" : "move", { day });
}

// -- pointer -------------------------------------------------------------------------------

function minuteAt(track, y) {
  return (y - track.getBoundingClientRect().top) / PX;
}

function dayUnder(cal, x) {
  for (const day of cal.querySelectorAll(".cal-day")) {
    const box = day.getBoundingClientRect();
    if (x >= box.left && x < box.right) return day;
  }
  return null;
}

function ghost(track) {
  const shape = track.ownerDocument.createElement("div");
  shape.className = "cal-ghost";
  shape.setAttribute("aria-hidden", "true");
  track.append(shape);
  return shape;
}

function onPointerDown(event) {
  if (event.button !== 0) return;
  const cal = event.target.closest?.("#calendar.drawn");
  if (!cal) return;
  const block = event.target.closest(".cal-block");
  const track = event.target.closest(".cal-track");
  if (!track) return;
  const snap = Number(cal.dataset.snap);
  if (block) {
    if (block.dataset.locked) return;
    const box = block.getBoundingClientRect();
    const mode = event.clientY - box.top < EDGE ? "start" : box.bottom - event.clientY < EDGE ? "end" : event.altKey ? "copy" : "move";
    const startMs = Number(block.dataset.startMs);
    const grab = minuteAt(track, event.clientY) - (startMs - Number(dayOf(block).dataset.startMs)) / MINUTE;
    drag = { cal, block, track, snap, mode, grab, x: event.clientX, y: event.clientY, startMs, endMs: Number(block.dataset.endMs) };
  } else {
    const minute = Math.floor(minuteAt(track, event.clientY) / snap) * snap;
    drag = { cal, track, snap, mode: "create", x: event.clientX, y: event.clientY, from: minute, to: minute + 60 };
  }
  event.target.setPointerCapture?.(event.pointerId);
}

function onPointerMove(event) {
  if (!drag) return;
  if (!drag.moved && Math.abs(event.clientX - drag.x) + Math.abs(event.clientY - drag.y) < 4) return;
  drag.moved = true;
  const { cal, snap } = drag;
  const snapped = (minutes) => Math.round(minutes / snap) * snap;
  if (drag.mode === "create") {
    const at = snapped(minuteAt(drag.track, event.clientY));
    drag.to = Math.max(at, drag.from + snap);
    drag.shape ??= ghost(drag.track);
    place(drag.shape, drag.track.closest(".cal-day"), Number(drag.track.closest(".cal-day").dataset.startMs) + drag.from * MINUTE,
      Number(drag.track.closest(".cal-day").dataset.startMs) + drag.to * MINUTE);
    return;
  }
  const day = drag.mode === "move" || drag.mode === "copy" ? dayUnder(cal, event.clientX) || dayOf(drag.block) : dayOf(drag.block);
  const track = day.querySelector(".cal-track");
  const origin = Number(day.dataset.startMs);
  const length = drag.endMs - drag.startMs;
  let { startMs, endMs } = drag;
  if (drag.mode === "end") endMs = Math.max(origin + snapped(minuteAt(track, event.clientY)) * MINUTE, startMs + snap * MINUTE);
  else if (drag.mode === "start") startMs = Math.min(origin + snapped(minuteAt(track, event.clientY)) * MINUTE, endMs - snap * MINUTE);
  else {
    startMs = origin + snapped(minuteAt(track, event.clientY) - drag.grab) * MINUTE;
    endMs = startMs + length;
  }
  drag.to = { startMs, endMs, day };
  if (!drag.shape || drag.shape.parentElement !== track) {
    drag.shape?.remove();
    drag.shape = ghost(track);
  }
  drag.shape.textContent = `${clock(cal, startMs)}–${clock(cal, endMs)}`;
  place(drag.shape, day, startMs, endMs);
  if (drag.mode !== "copy") drag.block.classList.add("cal-dragged");
}

function onPointerUp(event) {
  if (!drag) return;
  const done = drag;
  drag = null;
  if (done.mode !== "copy") done.shape?.remove(); // a copy's shape stays until the server's answer
  if (done.mode === "create") {
    const day = done.track.closest(".cal-day");
    const origin = Number(day.dataset.startMs);
    const query = `${done.cal.dataset.query}&start=${iso(origin + done.from * MINUTE)}&end=${iso(origin + done.to * MINUTE)}`;
    location.assign(`${done.cal.dataset.new}?${query}`);
    return;
  }
  if (!done.moved || !done.to) return; // a click: the link opens the entry's edit page
  swallowClick = true;
  const { startMs, endMs } = done.to;
  done.block.classList.remove("cal-dragged");
  if (startMs === done.startMs && endMs === done.endMs) {
    done.shape?.remove();
    return;
  }
  if (done.mode !== "copy") {
    // drawn where it was dropped at once; the server's answer then draws it as stored
    const track = done.to.day.querySelector(".cal-track");
    if (done.block.closest(".cal-track") !== track) track.append(done.block.parentElement);
    place(done.block, done.to.day, startMs, endMs);
  }
  post(done.block, done.mode === "copy" ? "copy" : "move", { start: iso(startMs), end: iso(endMs) });
}

function onClick(event) {
  if (swallowClick && event.target.closest?.("#calendar .cal-block")) event.preventDefault();
  swallowClick = false;
}

let listening = false;

export function startCalendar(doc) {
  const cal = doc.getElementById("calendar");
  if (!cal) return;
  draw(cal);
  if (cal.dataset.focus) cal.querySelector(`.cal-block[data-entry="${cal.dataset.focus}"]`)?.focus();
  if (listening) return;
  listening = true;
  doc.addEventListener("keydown", onKey, true);
  doc.addEventListener("pointerdown", onPointerDown);
  doc.addEventListener("pointermove", onPointerMove);
  doc.addEventListener("pointerup", onPointerUp);
  doc.addEventListener("click", onClick, true);
  doc.defaultView.addEventListener("pagehide", () => flush());
}
