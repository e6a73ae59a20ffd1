// The timesheet's arithmetic in the page: as a cell is typed, its row, its day and the week
// show their new totals at once; Enter, or leaving the changed cell, saves the cell alone (htmx
// posts it, the server answers with the cell and the totals as saved); Esc puts back what the
// cell held. The server reads the
// hours with the CLI's grammar and has the last word: a total it refuses comes back marked.
const UNITS = { s: 1, sec: 1, secs: 1, second: 1, seconds: 1, m: 60, min: 60, mins: 60, minute: 60,
  minutes: 60, h: 3600, hr: 3600, hrs: 3600, hour: 3600, hours: 3600 };

// Seconds in a cell's text (1:30, 1:30:15, 1.5, 1.5h, 90m, 1h30m; empty or 0 is 0), or null.
export function seconds(text) {
  const raw = text.trim().toLowerCase();
  if (raw === "" || (raw.includes("0") && /^0*(?:[.:]0*)*\s*[hm]?$/.test(raw))) return 0;
  let found = raw.match(/^(\d{1,6}):([0-5]\d)(?::([0-5]\d))?$/);
  if (found) return Number(found[1]) * 3600 + Number(found[2]) * 60 + Number(found[3] || 0);
  if (/^(\d{1,9}(\.\d{1,9})?|\.\d{1,9})$/.test(raw)) return Math.round(Number(raw) * 3600);
  let total = 0;
  const part = /(\d+(?:\.\d+)?)\s*([a-z]+)\s*/y;
  while (part.lastIndex < raw.length) {
    const start = part.lastIndex;
    found = part.exec(raw);
    if (!found || found.index !== start || !(found[2] in UNITS)) return null;
    total += Number(found[1]) * UNITS[found[2]];
  }
  return Math.round(total);
}

// As the server shows a total: H:MM, with :SS only when there are seconds.
export function shown(total) {
  const pad = (n) => String(n).padStart(2, "0");
  const text = `${Math.floor(total / 3600)}:${pad(Math.floor(total / 60) % 60)}`;
  return total % 60 ? `${text}:${pad(total % 60)}` : text;
}

function recompute(table) {
  const days = new Array(7).fill(0);
  let week = 0;
  for (const row of table.tBodies[0].rows) {
    const inputs = row.querySelectorAll("td.cell input");
    if (!inputs.length) continue;
    let sum = 0;
    inputs.forEach((input, day) => {
      const typed = seconds(input.value);
      const value = typed === null ? (seconds(input.dataset.saved) ?? 0) : typed;
      days[day] += value;
      sum += value;
    });
    week += sum;
    const total = row.querySelector(".total-cell");
    if (total) total.textContent = shown(sum);
  }
  days.forEach((sum, day) => {
    const cell = table.querySelector(`#daytotal-${day}`);
    if (cell) cell.textContent = shown(sum);
  });
  const all = table.querySelector("#weektotal");
  if (all) all.textContent = shown(week);
}

const enhanced = new WeakSet();

export function startTimesheets(root) {
  const tables = root.matches?.("table[data-timesheet]") ? [root] : [];
  for (const table of [...tables, ...root.querySelectorAll("table[data-timesheet]")]) {
    if (enhanced.has(table)) continue;
    enhanced.add(table);
    table.addEventListener("input", (event) => {
      if (event.target.matches("td.cell input")) recompute(table);
    });
    // leaving a changed cell saves it, as Enter does (the browser fires change only then)
    table.addEventListener("change", (event) => {
      const input = event.target;
      if (input.matches("td.cell input") && !input.readOnly && input.value.trim() !== input.dataset.saved) {
        input.dispatchEvent(new CustomEvent("ts-save", { bubbles: true }));
      }
    });
    table.addEventListener("keydown", (event) => {
      const input = event.target;
      if (!input.matches("td.cell input")) return;
      if (event.key === "Enter") {
        event.preventDefault(); // this cell alone, not the whole grid's form
        if (!input.readOnly && input.value.trim() !== input.dataset.saved) {
          input.dispatchEvent(new CustomEvent("ts-save", { bubbles: true }));
        }
      } else if (event.key === "Escape" && !input.readOnly) {
        input.value = input.dataset.saved;
        input.removeAttribute("aria-invalid");
        if (input.getAttribute("aria-describedby") === `error-${input.id}`) input.removeAttribute("aria-describedby");
        input.closest("td").querySelector(".cell-error")?.remove();
        recompute(table);
      }
    });
  }
}
