// Keyboard-first: a command palette (Ctrl/Cmd+K or "/") and single-key shortcuts (n, s, c, g t,
// g s, g c, g e, ?). Every command is something the page already offers (a link of the navigation
// "Main", the timer's own buttons and forms), found when the palette opens, so the palette can
// never offer what the role or the timer's state does not allow, and an htmx swap of the timer
// needs no bookkeeping here. The commands that name records (create a project for a client, show
// a member's time) are links the server renders for the role that may follow them (GET /palette),
// read once, when the palette first opens.

const TYPING = "input, textarea, select, [contenteditable]";

// A member's time on the page that shows it: the timesheet stays the timesheet, with its week;
// /time keeps its week; anywhere else, her week on /time.
function memberHref(link) {
  const here = new URL(location.href);
  const onWeek = here.pathname === "/time" || here.pathname === "/timesheet";
  const to = new URL(onWeek ? here.pathname : "/time", location.origin);
  const week = onWeek && here.searchParams.get("week");
  if (week) to.searchParams.set("week", week);
  to.searchParams.set("member", link.dataset.member);
  return to.pathname + to.search;
}

function recordCommands(links) {
  return links.map((link) => ({
    label: link.textContent.trim(),
    run: () => { location.href = "member" in link.dataset ? memberHref(link) : link.getAttribute("href"); },
  }));
}

// The palette's own words in the page's language (data-words on the dialog, rendered by the
// server from its catalogs); English where a page carries none. "%s" stands for what a command names.
const ENGLISH = {
  go: "Go to %s", stop: "Stop timer", start: "Start timer", last: "Continue last: %s",
  manual: "Add manual entry", shortcuts: "Keyboard shortcuts", search: "Search for “%s”",
};

function words(doc) {
  const given = doc.getElementById("palette")?.dataset.words;
  return { ...ENGLISH, ...(given ? JSON.parse(given) : {}) };
}

function commands(doc, records = []) {
  const found = [];
  const say = words(doc);
  for (const link of doc.querySelectorAll('nav[data-nav="main"] a[href], header a[href="/profile"]')) {
    found.push({ key: "go", label: say.go.replace("%s", link.textContent.trim()), run: () => link.click() });
  }
  const timer = doc.getElementById("timer");
  // found by what it does, not by its words (the page may be German or French)
  const stop = timer?.querySelector('form[action="/timer/review"] button');
  if (stop) found.push({ key: "stop", label: say.stop, run: () => stop.click() });
  const project = doc.getElementById("timer-project");
  if (project) found.push({ key: "start", label: say.start, run: () => project.focus() });
  const last = timer?.querySelector('form[action="/timer/restart"]');
  if (last) {
    const what = last.dataset.what;
    found.push({ key: "last", label: say.last.replace("%s", what), run: () => last.requestSubmit() });
  }
  found.push({ key: "manual", label: say.manual, run: () => { location.href = "/time/new"; } });
  found.push({ key: "shortcuts", label: say.shortcuts, run: () => doc.getElementById("shortcuts")?.showModal() });
  return found.concat(recordCommands(records));
}

function matches(label, text) {
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  const lower = label.toLowerCase();
  return words.every((word) => lower.includes(word));
}

export function commandPalette(doc) {
  const dialog = doc.getElementById("palette");
  if (!dialog) return;
  const input = dialog.querySelector("input");
  const list = dialog.querySelector('[role="listbox"]');
  let shown = [];
  let active = 0;
  let records = []; // the server's links (GET /palette), once read
  let reading = null;
  let read = false;

  function readRecords() {
    reading ??= fetch("/palette", { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then((answer) => (answer.ok ? answer.text() : ""))
      .then((html) => {
        const holder = doc.createElement("template");
        holder.innerHTML = html;
        records = [...holder.content.querySelectorAll("#palette-records a[href]")];
        if (dialog.open) render();
      })
      .catch(() => {}) // none read: the page's own commands remain
      .finally(() => { read = true; });
    return reading;
  }

  function render() {
    const text = input.value.trim();
    shown = commands(doc, records).filter((c) => matches(c.label, text));
    if (text) {
      shown.push({ label: words(doc).search.replace("%s", text), run: () => { location.href = `/search?q=${encodeURIComponent(text)}`; } });
    }
    active = Math.min(active, Math.max(shown.length - 1, 0));
    list.replaceChildren(...shown.map((command, i) => {
      const option = doc.createElement("li");
      option.id = `palette-option-${i}`;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", String(i === active));
      option.textContent = command.label;
      option.addEventListener("click", () => choose(i));
      return option;
    }));
    if (shown.length) input.setAttribute("aria-activedescendant", `palette-option-${active}`);
    else input.removeAttribute("aria-activedescendant");
    list.children[active]?.scrollIntoView({ block: "nearest" });
  }

  async function choose(i, keyed = false) {
    if (!read && reading) {
      // chosen before the server's commands arrived: Enter chooses among them all, as now shown;
      // a click, what was clicked
      const label = shown[i]?.label;
      await reading;
      render();
      i = keyed ? active : shown.findIndex((c) => c.label === label);
    }
    const command = shown[i];
    if (!command) return;
    dialog.close();
    command.run();
  }

  function open() {
    input.value = "";
    active = 0;
    render();
    dialog.showModal();
    input.focus();
    readRecords();
  }

  input.addEventListener("input", () => { active = 0; render(); });
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      active = (active + step + shown.length) % Math.max(shown.length, 1);
      render();
    } else if (event.key === "Enter") {
      event.preventDefault();
      choose(active, true);
    }
  });

  let pending = null; // "g", waiting for its second key
  doc.addEventListener("keydown", (event) => {
    const typing = event.target.closest?.(TYPING);
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "k") {
      event.preventDefault();
      open();
      return;
    }
    if (typing || event.ctrlKey || event.metaKey || event.altKey || doc.querySelector("dialog[open]:modal")) return;
    const key = event.key;
    if (pending === "g") {
      pending = null;
      const to = { t: "/time", s: "/timesheet", c: "/calendar", e: "/settings" }[key];
      const link = to && doc.querySelector(`nav[data-nav="main"] a[href="${to}"]`);
      if (link) { event.preventDefault(); link.click(); }
      return;
    }
    const run = (key) => commands(doc).find((c) => c.key === key)?.run();
    const actions = {
      "/": open,
      "?": () => doc.getElementById("shortcuts")?.showModal(),
      n: () => run("manual"),
      s: () => run("stop"),
      c: () => run("last"),
      g: () => { pending = "g"; },
    };
    if (actions[key]) {
      event.preventDefault();
      actions[key]();
    }
  });
}
