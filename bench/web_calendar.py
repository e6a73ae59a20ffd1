"""bench/web.py's calendar and dashboard: their pages' server times, a move and a copy sent as
the calendar sends them, and a drag in Chromium from the pointer's release to the first frame
showing the calendar the server answered (the block where it was dropped, the status saying so)."""

from __future__ import annotations

import re
import statistics
from datetime import UTC, datetime, timedelta

from web_setup import BUSY_WEEK, CHROMIUM, CLICK_TARGET, MANUAL_BASE, MEMBER, PASSWORD, csrf_of, nearest_rank

BLOCK = re.compile(r'data-entry="(\d+)" data-version="([^"]+)"[^>]*data-start-ms="(\d+)" data-end-ms="(\d+)"')


def _iso(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _block(html: str, entry: int) -> tuple[str, int, int]:
    for found, version, start, end in BLOCK.findall(html):
        if int(found) == entry:
            return version, int(start), int(end)
    raise RuntimeError(f"entry {entry} is not on the calendar")


def calendar_server_rows(t, entry: int, reps: int) -> list[str]:
    """GET the calendar's busy week and day, the dashboard; POST a move (15 minutes down, then
    back) and a copy (to a day of 1981, where it clashes with nothing), as the page sends them."""
    week = f"/calendar?week={BUSY_WEEK}"
    csrf = csrf_of(t.web.get(week).text)
    html = t.web.get(week).text
    day = datetime.fromtimestamp(_block(html, entry)[1] / 1000, UTC).date().isoformat()
    for i in range(reps):
        html = t.request(f"GET {week} (a full week, 56 entries)", "GET", week, 200).text
        t.request(f"GET /calendar?view=day&day={day}", "GET", f"/calendar?view=day&day={day}", 200)
        t.request("GET /dashboard (this week, mine)", "GET", "/dashboard", 200)
        version, start, end = _block(html, entry)
        step = 15 * 60_000 * (1 if i % 2 == 0 else -1)
        t.request("POST /calendar/{id}/move (a drag or an arrow key: edit + the week again)", "POST",
                  f"/calendar/{entry}/move", 200,
                  data={"csrf": csrf, "start": _iso(start + step), "end": _iso(end + step), "version": version,
                        "view": "week", "week": BUSY_WEEK})  # fmt: skip
        copy_day = (MANUAL_BASE + timedelta(days=200 + i)).date().isoformat()
        t.request("POST /calendar/{id}/copy (Alt-drag: add + the week again)", "POST", f"/calendar/{entry}/copy", 200,
                  data={"csrf": csrf, "day": copy_day, "view": "week", "week": BUSY_WEEK})  # fmt: skip
    lines = []
    for label, (samples, ratios) in t.rows.items():
        if "calendar" in label or "dashboard" in label:
            lines.append(f"| `{label}` | {nearest_rank(samples, 0.5) * 1000:.1f} | {nearest_rank(samples, 0.95) * 1000:.1f} | "
                         f"{max(samples) * 1000:.1f} | {statistics.median(ratios):.1f}× |")  # fmt: skip
    return ["| request | p50 ms | p95 ms | max ms | ×GET /health |", "|---|---|---|---|---|", *lines]


# From the pointer's release: to the first frame after it (the block drawn where it was dropped,
# by the page at once), and to the first frame after the calendar the server answered is in the
# page (the block as stored), on the page's own clock.
DRAG_JS = """() => {
  let released = null;
  window.benchDrag = undefined;
  window.benchDropped = undefined;
  document.addEventListener('pointerup', e => {
    released = e.timeStamp;
    requestAnimationFrame(() => { window.benchDropped = performance.now() - released; });
  }, {capture: true, once: true});
  new MutationObserver((changes, observer) => {
    if (released === null || !changes.some(c => [...c.addedNodes].some(n => n.id === 'calendar'))) return;
    observer.disconnect();
    requestAnimationFrame(() => { window.benchDrag = performance.now() - released; });
  }).observe(document.querySelector('main'), {childList: true, subtree: true});
}"""


def calendar_drag_rows(root: str, entry: int, rounds: int, problems: list[str]) -> list[str]:
    """Drags entry's block a quarter hour down and back, `rounds` times after a warm-up."""
    from playwright.sync_api import sync_playwright

    took: list[float] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_context(viewport={"width": 1280, "height": 1700}).new_page()
        page.goto(root + "/login")
        page.fill("#who", MEMBER)
        page.fill("#password", PASSWORD)
        page.click("main button[type=submit]")
        page.wait_for_url("**/time")
        page.goto(root + f"/calendar?week={BUSY_WEEK}", wait_until="load")
        page.wait_for_selector("#calendar.drawn")
        for i in range(1 + rounds):
            box = page.locator(f'.cal-block[data-entry="{entry}"]').first.bounding_box()
            x, y = box["x"] + box["width"] / 2, box["y"] + min(box["height"] / 2, 20)
            page.evaluate(DRAG_JS)
            page.mouse.move(x, y)
            page.mouse.down()
            page.mouse.move(x, y + (12 if i % 2 == 0 else -12), steps=4)
            page.mouse.up()
            try:
                page.wait_for_function("() => window.benchDrag !== undefined", timeout=5000)
            except Exception:  # noqa: BLE001 - a drag not answered is a problem to report, not a crash
                problems.append(f"calendar drag {i}: the calendar did not come back within 5 s")
                continue
            if i:
                took.append(page.evaluate("() => [window.benchDropped, window.benchDrag]"))
        browser.close()
    if not took:
        return ["- calendar drag: not measured."]
    dropped, stored = [t[0] for t in took], [t[1] for t in took]
    met = "met" if max(dropped) <= CLICK_TARGET * 1000 else "**missed**"
    return [(f"- Calendar drag (a block of the full week {BUSY_WEEK} a quarter hour down or up, {rounds} drags): "
             f"release → the block drawn where it was dropped: median {statistics.median(dropped):.0f} ms, worst "
             f"{max(dropped):.0f} ms (target ≤ 100 ms: {met}); release → the calendar the server answered drawn "
             f"(saved, as stored): median {statistics.median(stored):.0f} ms, worst {max(stored):.0f} ms.")]  # fmt: skip
