"""bench/web.py's part 3: the web app in Chromium (Playwright, /usr/bin/chromium) on loopback."""

from __future__ import annotations

import gzip
import math
import statistics
import time
from datetime import timedelta

from web_setup import BROWSER_BASE, BUSY_WEEK, CHROMIUM, CLICK_TARGET, FORMAT, LCP_TARGET, MEMBER, PASSWORD

# Before a click: its instant (epoch ms, the browser's clock) kept in sessionStorage, which the
# next page of the tab still reads; after it, the next page's first paint on the same clock.
MARK_CLICK_JS = """() => document.addEventListener('click',
  e => sessionStorage.setItem('clickAt', String(performance.timeOrigin + e.timeStamp)), {capture: true, once: true})"""
SINCE_CLICK_JS = """() => new Promise(resolve => {
  const clicked = Number(sessionStorage.getItem('clickAt'));
  const nav = performance.getEntriesByType('navigation')[0];
  new PerformanceObserver(list => {
    const fcp = list.getEntriesByName('first-contentful-paint')[0];
    if (fcp) resolve({paint: performance.timeOrigin + fcp.startTime - clicked,
                      navigation: performance.timeOrigin - clicked, response: nav.responseEnd});
  }).observe({type: 'paint', buffered: true});
  setTimeout(() => resolve(null), 3000);
})"""
# A click answered in place (htmx swaps a region, no new document): from the click event to the
# first frame after the awaited element is in the page, on the page's own clock.
MARK_SWAP_JS = """selector => {
  window.benchClickAt = null; window.benchShownAt = null;
  document.addEventListener('click', e => { window.benchClickAt = e.timeStamp; }, {capture: true, once: true});
  new MutationObserver((changes, observer) => {
    if (!document.querySelector(selector)) return;
    observer.disconnect();
    requestAnimationFrame(() => { window.benchShownAt = performance.now(); });
  }).observe(document.body, {childList: true, subtree: true});
}"""
SINCE_SWAP_JS = """() => new Promise(resolve => {
  const wait = () => window.benchShownAt === undefined ? resolve(null)
    : window.benchShownAt !== null ? resolve({paint: window.benchShownAt - window.benchClickAt, navigation: null,
                                             response: null})
    : requestAnimationFrame(wait);
  wait();
})"""
# A timesheet cell: from the keystroke to the first frame showing the week's total that follows
# it (the page's own arithmetic), and from Enter to the first frame showing the server's "Saved".
CELL_JS = """([cellId, value]) => new Promise(resolve => {
  const cell = document.getElementById(cellId), total = document.getElementById('weektotal');
  const status = document.getElementById('sheet-status'), before = total.textContent;
  const frame = () => new Promise(done => requestAnimationFrame(() => done(performance.now())));
  const when = (test, node) => new Promise(done => {
    if (test()) return done();
    new MutationObserver((changes, observer) => { if (test()) { observer.disconnect(); done(); } })
      .observe(node, {childList: true, subtree: true, characterData: true});
  });
  cell.focus();
  const typed = performance.now();
  cell.value = value;
  cell.dispatchEvent(new InputEvent('input', {bubbles: true}));
  when(() => total.textContent !== before, total).then(frame).then(async shown => {
    const entered = performance.now();
    status.textContent = '';
    cell.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', bubbles: true, cancelable: true}));
    await when(() => /Saved/.test(status.textContent), status);
    resolve({arithmetic: shown - typed, saved: (await frame()) - entered});
  });
  setTimeout(() => resolve(null), 5000);
})"""
LCP_JS = """() => new Promise(resolve => {
  const nav = performance.getEntriesByType('navigation')[0];
  const done = lcp => {
    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
    resolve({lcp, fcp: fcp ? fcp.startTime : null, response: nav.responseEnd, dcl: nav.domContentLoadedEventEnd,
             load: nav.loadEventEnd});
  };
  new PerformanceObserver(list => { const all = list.getEntries(); done(all[all.length - 1].startTime); })
    .observe({type: 'largest-contentful-paint', buffered: true});
  setTimeout(() => done(null), 3000);
})"""


CELL_NOTE = (
    "A timesheet cell (the week before the full one, a new total typed into one of its empty cells each round): in "
    "the page, from the keystroke to the first frame showing the week's new total, and from Enter to the first frame "
    'showing the server\'s "Saved".'
)
BASELINE_CLICK = "a link to /login → its form shown (baseline: the smallest page)"
ADD_LINK_JS = """() => { const a = document.createElement('a'); a.href = '/login'; a.id = 'bench-baseline';
  a.textContent = 'baseline'; document.body.prepend(a); }"""
CLICKS_NOTE = (
    "A click that loads a new document: from the click event to the next page's first paint, on the browser's "
    "clock (performance.timeOrigin); a click answered in place (htmx swaps the region: Start timer): from the click "
    "event to the first frame after the awaited element is in the page (no navigation, so that column is empty); the "
    "Playwright wall time adds its own round trips (actionability checks, the selector's polling)."
)
CLICKS_HEAD = (
    "| click → shown | in-page ms: click → first paint of the next page | of which click → its navigation starts | "
    "next page's response end ms (from its start) | Playwright wall ms: click() → selector visible | "
    "target ≤ 100 ms (in-page, worst) |"
)


def browser_rows(root: str, entry: int, rounds: int, problems: list[str]) -> list[str]:
    from playwright.sync_api import sync_playwright

    lines: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        version = browser.version
        js = {}
        context = browser.new_context()
        page = context.new_page()
        scripts: list = []
        page.on("response", lambda r: scripts.append(r) if r.request.resource_type == "script" else None)

        def js_of(path: str) -> None:
            scripts.clear()
            page.goto(root + path, wait_until="load")
            bodies = [(r.url, r.body(), r.headers.get("content-encoding", "")) for r in scripts]
            js[path] = (len(bodies), sum(len(b) for _, b, _ in bodies), sum(len(gzip.compress(b, 6)) for _, b, _ in bodies),
                        {e for *_, e in bodies} - {""})  # fmt: skip

        js_of("/login")
        page.fill("#who", MEMBER)
        page.fill("#password", PASSWORD)
        page.click("main button[type=submit]")
        page.wait_for_url("**/time")
        pages = {"`/login` (baseline: the smallest page)": "/login", "`/time` (this week)": "/time",
                 f"`/time?week={BUSY_WEEK}` (a full week)": f"/time?week={BUSY_WEEK}"}  # fmt: skip
        lcp: dict[str, list[dict]] = {key: [] for key in pages}
        clicks: dict[str, list[float]] = {BASELINE_CLICK: [], "Start timer → running timer shown": [],
                                          "Stop timer → review dialog shown": [],
                                          "Save entry → start form shown": []}  # fmt: skip
        landed: dict[str, list[dict]] = {key: [] for key in clicks}
        for i in range(1 + rounds):
            for key, path in pages.items():
                page.goto(root + path, wait_until="load")
                if i:
                    lcp[key].append(page.evaluate(LCP_JS))
            page.goto(root + "/time", wait_until="load")
            page.evaluate(ADD_LINK_JS)
            page.select_option("#timer-project", "1")
            steps = (
                (BASELINE_CLICK, "#bench-baseline", "#who"),
                ("Start timer → running timer shown", "section.timer button:has-text('Start timer')", "[role=timer]"),
                ("Stop timer → review dialog shown", "section.timer button:has-text('Stop timer')", "#review-title"),
                ("Save entry → start form shown", "dialog button:has-text('Save entry')", "#timer-project"),
            )
            for key, button, shown in steps:
                if key.startswith("Start"):
                    page.goto(root + "/time", wait_until="load")
                    page.select_option("#timer-project", "1")
                if key.startswith("Save"):
                    start = BROWSER_BASE + timedelta(minutes=2 * i)
                    page.fill("#review-start", start.strftime(FORMAT))
                    page.fill("#review-end", (start + timedelta(minutes=1)).strftime(FORMAT))
                page.evaluate(MARK_CLICK_JS)
                page.evaluate(MARK_SWAP_JS, shown)
                t0 = time.perf_counter()
                page.click(button)
                page.wait_for_selector(shown, state="visible")
                seconds = time.perf_counter() - t0
                if i:
                    clicks[key].append(seconds)
                    in_place = page.evaluate("() => window.benchClickAt !== undefined")  # the same document
                    landed[key].append(page.evaluate(SINCE_SWAP_JS if in_place else SINCE_CLICK_JS)
                                       or {"paint": None, "navigation": None, "response": None})  # fmt: skip
        js_of("/time")
        cells = timesheet_cells(page, root, rounds, problems)
        js_of(f"/time?week={BUSY_WEEK}")
        js_of(f"/time/{entry}/edit")
        js_of("/time/new")
        page.goto(root + "/time", wait_until="load")
        page.select_option("#timer-project", "1")
        page.click("section.timer button:has-text('Start timer')")
        page.wait_for_selector("[role=timer]")
        js_of("/timer/review")
        page.goto(root + "/timer/discard", wait_until="load")
        page.click("dialog button:has-text('Discard'), main button:has-text('Discard')")
        browser.close()

    def ms(values: list[float | None]) -> str:
        got = [v for v in values if v is not None]
        if not got:
            return "—"
        return f"{statistics.median(got):.0f} ({min(got):.0f}–{max(got):.0f})"

    lines += [f"Chromium {version} (headless, /usr/bin/chromium), {rounds} rounds after a warm-up round.", "",
              "| page | LCP ms | FCP ms | response end ms | DOMContentLoaded ms | load ms | target LCP ≤ 1,000 ms |",
              "|---|---|---|---|---|---|---|"]  # fmt: skip
    for key, runs in lcp.items():
        worst = max((r["lcp"] or math.inf) for r in runs)
        met = "—" if "baseline" in key else ("met" if worst <= LCP_TARGET * 1000 else "**missed**")
        lines.append(f"| {key} | {ms([r['lcp'] for r in runs])} | {ms([r['fcp'] for r in runs])} | "
                     f"{ms([r['response'] for r in runs])} | {ms([r['dcl'] for r in runs])} | "
                     f"{ms([r['load'] for r in runs])} | {met} |")  # fmt: skip
    lines += ["", CLICKS_NOTE, "", CLICKS_HEAD, "|---|---|---|---|---|---|"]
    floor = statistics.median([r["paint"] for r in landed[BASELINE_CLICK] if r["paint"] is not None] or [math.nan])
    for key, seconds in clicks.items():
        paints = [r["paint"] for r in landed[key] if r["paint"] is not None]
        met = "met" if paints and max(paints) <= CLICK_TARGET * 1000 else "**missed**"
        met = "—" if key == BASELINE_CLICK else met
        ratio = f" · {statistics.median(paints) / floor:.2f}× baseline" if paints and key != BASELINE_CLICK else ""
        lines.append(f"| {key} | {ms(paints)}{ratio} | {ms([r['navigation'] for r in landed[key]])} | "
                     f"{ms([r['response'] for r in landed[key]])} | {ms([s * 1000 for s in seconds])} | {met} |")  # fmt: skip
    lines += ["", CELL_NOTE, "", "| timesheet cell | in-page ms | target ≤ 100 ms (worst) |", "|---|---|---|"]  # fmt: skip
    for key, label in (
        ("arithmetic", "typed → totals follow (no server)"),
        ("saved", 'Enter → "Saved" (the server confirms)'),
    ):
        got = [c[key] for c in cells]
        met = "met" if got and max(got) <= CLICK_TARGET * 1000 else "**missed**"
        lines.append(f"| {label} | {ms(got)} | {met} |")
    lines += ["", "| page | scripts | JS bytes | JS bytes gzipped (level 6) | sent compressed by the server |",
              "|---|---|---|---|---|"]  # fmt: skip
    for path, (count, raw, packed, encodings) in js.items():
        lines.append(f"| `{path}` | {count} | {raw:,} | {packed:,} | {', '.join(sorted(encodings)) or 'no'} |")
    return lines


def timesheet_cells(page, root: str, rounds: int, problems: list[str]) -> list[dict]:
    """Each round: a total typed into an empty cell of the week before the busy one, then saved."""
    from web_setup import BUSY_WEEK as busy

    year, number = busy.split("-W")
    week = f"{year}-W{int(number) - 1:02d}"
    page.goto(f"{root}/timesheet?week={week}", wait_until="load")
    empty = page.eval_on_selector_all(
        "td.cell input:not([readonly])", "cells => cells.filter(c => !c.value).map(c => c.id)"
    )
    got = []
    for i, cell in enumerate(empty[: 1 + rounds]):
        result = page.evaluate(CELL_JS, [cell, f"0:{10 + i:02d}"])
        if result is None:
            problems.append(f'timesheet cell {cell}: no total or no "Saved" within 5 s')
        elif i:
            got.append(result)
    if len(empty) < 1 + rounds:
        problems.append(f"timesheet: only {len(empty)} empty cells in {week}")
    return got
