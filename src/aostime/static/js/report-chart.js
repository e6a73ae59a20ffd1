// The reports page's chart: a bar of hours per row of the table under it, drawn with uPlot
// (vendored, loaded by that page only). The table stays the accessible version of the same
// figures; the chart is aria-hidden and, without scripts, never shown. Colours follow the theme.
const LABEL = 26; // characters of a row's name under its bar

export function reportCharts(root) {
  for (const holder of root.querySelectorAll(".report-chart")) {
    const table = holder.parentElement.querySelector("table");
    if (table) whenLoaded(() => draw(holder, table));
  }
}

function whenLoaded(run) {
  if (window.uPlot) run();
  else window.addEventListener("load", () => window.uPlot && run(), { once: true });
}

function rowsOf(table) {
  return [...table.tBodies[0].rows].map((row) => ({
    name: row.dataset.name,
    hours: Number(row.dataset.seconds) / 3600,
  }));
}

function short(name) {
  return name.length > LABEL ? name.slice(0, LABEL - 1) + "…" : name;
}

function options(holder, rows) {
  // app.css gives the holder the theme's colours: text (fg), bars (accent) and grid (muted)
  const style = getComputedStyle(holder);
  const fg = style.color;
  const accent = style.caretColor;
  const grid = style.outlineColor;
  // one label per 30 pixels at most: with many rows, every n-th bar is named (the table names all)
  const every = Math.max(1, Math.ceil(rows.length / Math.max(1, (holder.clientWidth - 150) / 30)));
  const indices = rows.map((_, i) => i).filter((i) => i % every === 0);
  const tilted = rows.length > 6 || holder.clientWidth < 600;
  return {
    width: holder.clientWidth,
    height: 260,
    padding: [12, tilted ? 90 : 12, 0, 0], // tilted labels run right of their bar: room for the last
    legend: { show: false },
    cursor: { show: false },
    scales: { x: { time: false, range: () => [-0.5, rows.length - 0.5] }, y: { range: (u, min, max) => [0, Math.max(1, Math.ceil(max * 1.1))] } },
    axes: [
      {
        stroke: fg, grid: { show: false }, ticks: { show: false }, rotate: tilted ? -45 : 0,
        size: tilted ? 110 : 40, gap: 4, font: "12px system-ui, sans-serif",
        splits: () => indices, values: (u, splits) => splits.map((i) => (rows[i] ? short(rows[i].name) : "")),
      },
      {
        stroke: fg, grid: { stroke: grid, width: 0.5 }, ticks: { stroke: grid }, size: 56,
        font: "12px system-ui, sans-serif", values: (u, values) => values.map((v) => `${v} h`),
      },
    ],
    series: [
      {},
      { stroke: accent, fill: accent, width: 0, paths: window.uPlot.paths.bars({ size: [0.6, 60] }), points: { show: false } },
    ],
  };
}

function draw(holder, table) {
  const rows = rowsOf(table);
  holder.hidden = false;
  holder.replaceChildren();
  const data = [rows.map((_, i) => i), rows.map((r) => r.hours)];
  let chart = new window.uPlot(options(holder, rows), data, holder);
  let width = holder.clientWidth;
  const redraw = () => {
    if (holder.clientWidth === width) return;
    width = holder.clientWidth;
    chart.destroy();
    chart = new window.uPlot(options(holder, rows), data, holder);
  };
  const again = () => {
    chart.destroy();
    chart = new window.uPlot(options(holder, rows), data, holder);
  };
  window.addEventListener("resize", redraw);
  window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", again);
  new MutationObserver(again).observe(document.documentElement, { attributeFilter: ["data-theme"] });
  holder.classList.add("drawn");
}
