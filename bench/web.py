"""The web app at 1,000,000 entries: server times of its pages and forms, what each page asks of
the database, and a browser's view (LCP, the timer's two clicks, JS bytes).

    python bench/web.py            # 1,000,000 entries; 40 timed requests a row; 8 browser rounds (<1 min)
    python bench/web.py --quick    # 1,000 entries, few repeats: a smoke test
    python bench/web.py --no-browser
    python bench/web.py --versus /tmp/aostime-C/src   # also the timer's forms against commit C's server
                                                      # (git archive C src | tar -x -C /tmp/aostime-C)

With the Python that has aostime[server], httpx and Playwright (.venv/bin/python). The history is
bench/generate.py's (cached in bench/data/, generated when missing, as run.py does); a COPY of it
in a temporary directory is served by one `python -m aostime serve --no-access-log` (one worker,
TZ=UTC) on loopback, with its clock fixed (AOS_NOW) on the Wednesday after the history's last day:
"this week" holds Monday's and Tuesday's entries, a past week is a full one (56 entries of u01).
u01, a member, gets a password and signs in by the login form (its CSRF token, same-origin
Origin), as a browser does.

1. Server: each row is one request (redirects not followed), time to the full response over one
   keep-alive httpx client, a bounded number of times after warm-ups; p50, p95 (nearest rank),
   max, and the median of per-pair ratios against GET /health timed just before each request
   (the baseline of the same run). Writes go where they clash with nothing: the timer is stopped
   with its start and end moved into 1980, one minute each; manual entries fall on days of 1981.
   Targets: p95 <= 200 ms, p50 <= 60 ms.
2. Queries: the same pages served in-process (the same app over the same copy), every SELECT a
   page issues traced (sqlite3 trace callback), then counted (rows it returns) and explained (a
   full SCAN of time_entries is flagged): no page may read more than a week or a page of entries.
3. Browser: Chromium (Playwright; /usr/bin/chromium, --no-sandbox) on loopback: LCP of /time
   (PerformanceObserver, buffered, read after load), click "Start timer" to the running timer
   shown, click "Stop timer" to the review dialog shown, "Save entry" to the start form back;
   JS bytes each page loads, raw and gzipped (level 6). Targets: LCP <= 1.0 s, clicks <= 100 ms.
4. A request's store (a fresh connection, as the server opens one) writing or reading one entry,
   with the server's idle connection to the file open beside it and without, in alternating blocks.
5. With --versus SRC: the timer's two forms as a browser sends them (each POST, then the page its
   redirect names) on a server of this tree and on one of SRC, each over its own copy, in turn.

Writes the "web" section of bench/results.md (--out). Figures are reported, never asserted; a
failed check is listed as a problem. Not part of the test suite: run by hand.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta

import httpx

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import generate
from harness import publish
from server import API, Server, revision
from web_setup import (
    ADMIN,
    BUSY_WEEK,
    FORMAT,
    MANUAL_BASE,
    MEMBER,
    NOW,
    P50_TARGET,
    P95_TARGET,
    STOP_BASE,
    THIS_WEEK,
    add_admin,
    add_draft_invoice,
    csrf_of,
    field_of,
    log,
    nearest_rank,
    prepare,
    sign_in,
)  # fmt: skip

# an admin's pages, the palette's records, and the team's week and month as a manager sees them
ADMIN_PAGES = ("/clients", "/team", "/settings", "/palette", "/dashboard?whose=team", "/reports?period=last-month",
               "/reports?period=last-month&by=user&then=day")  # fmt: skip

# -- 1. server times --------------------------------------------------------------------------


class Timings:
    """Rows of (label, samples, per-pair ratios to the baseline), in the order first timed."""

    def __init__(self, web: httpx.Client, health: httpx.Client, problems: list[str]):
        self.web, self.health, self.problems = web, health, problems
        self.rows: dict[str, tuple[list[float], list[float]]] = {}
        self.baseline: list[float] = []

    def request(self, label: str | None, method: str, path: str, expect: int, **kwargs) -> httpx.Response:
        """One request, timed against GET /health just before it when `label` (None: untimed)."""
        if label is not None:
            t0 = time.perf_counter()
            self.health.get("/health")
            base = time.perf_counter() - t0
        t0 = time.perf_counter()
        answer = self.web.request(method, path, **kwargs)
        seconds = time.perf_counter() - t0
        if answer.status_code != expect:
            self.problems.append(f"{method} {path} answered {answer.status_code}, not {expect}: {answer.text[:200]}")
            raise RuntimeError(self.problems[-1])
        if label is not None:
            samples, ratios = self.rows.setdefault(label, ([], []))
            samples.append(seconds)
            ratios.append(seconds / base)
            self.baseline.append(base)
        return answer


def server_rows(t: Timings, entry: int, reps: int, warmup: int) -> list[str]:
    csrf = csrf_of(t.web.get("/time").text)
    form = {"csrf": csrf}
    # the generated history's own running timer (started Tuesday 20:00), stopped an hour later: untimed
    t.request(None, "POST", "/timer/stop", 303,
              data={**form, "start": "2026-11-24 20:00:00", "end": "2026-11-24 21:00:00", "billable": "true"})  # fmt: skip
    for i in range(warmup + reps):
        label = (lambda name: name) if i >= warmup else (lambda name: None)
        t.request(label("GET /login (signed-out form)"), "GET", "/login", 200)
        t.request(label(f"GET /time (this week, {THIS_WEEK}; no timer)"), "GET", "/time", 200)
        t.request(label(f"GET /time?week={BUSY_WEEK} (a full week; no timer)"), "GET", f"/time?week={BUSY_WEEK}", 200)
        t.request(label("POST /timer/start"), "POST", "/timer/start", 303,
                  data={**form, "project": "1", "task": "1", "description": "bench", "billable": "true"})  # fmt: skip
        t.request(label("GET /time (this week; timer running)"), "GET", "/time", 200)
        t.request(label("GET /timer/review"), "GET", "/timer/review", 200)
        start = STOP_BASE + timedelta(minutes=2 * i)
        t.request(label("POST /timer/stop (review: Save entry)"), "POST", "/timer/stop", 303,
                  data={**form, "start": start.strftime(FORMAT), "end": (start + timedelta(minutes=1)).strftime(FORMAT),
                        "description": f"bench {i}", "notes": "", "billable": "true"})  # fmt: skip
        page = t.request(label("GET /time/{id}/edit"), "GET", f"/time/{entry}/edit", 200).text
        values = {name: field_of(page, name) for name in ("project", "task", "start", "end", "notes", "version")}
        t.request(label("POST /time/{id}/edit (save one entry)"), "POST", f"/time/{entry}/edit", 303,
                  data={**form, **values, "description": f"edited {i}", "billable": "true"})  # fmt: skip
        t.request(label("GET /time/new"), "GET", "/time/new", 200)
        for words in ("co", "homepage concepts", "zzz"):  # prefixes of 3 of 14 descriptions, one of 14, none
            t.request(label(f"GET /search?q={words} (the search box's answer)"), "GET", "/search", 200,
                      params={"q": words}, headers={"HX-Request": "true", "HX-Target": "search-results"})  # fmt: skip
        day = (MANUAL_BASE + timedelta(days=i)).date().isoformat()
        t.request(label("POST /time/new (manual entry)"), "POST", "/time/new", 303,
                  data={**form, "project": "1", "task": "", "date": day, "hours": "0:30", "description": "bench",
                        "billable": "true"})  # fmt: skip
    return table(t)


def page_rows(t: Timings, paths: list[str], reps: int, warmup: int) -> list[str]:
    """GET each page of `paths` in turn, `reps` times after `warmup` untimed rounds, as the person
    t's client is signed in as, and their table. A page's row is one path more: the calendar's
    week, say, page_rows(t, [..., f"/calendar?week={BUSY_WEEK}"], ...)."""
    for i in range(warmup + reps):
        for path in paths:
            t.request(f"GET {path}" if i >= warmup else None, "GET", path, 200)
    return table(t)


def table(t: Timings) -> list[str]:
    """t's rows with their baseline: p50, p95, max, the median ratio to GET /health, the targets."""
    base = t.baseline
    lines = [
        "| request | p50 ms | p95 ms | max ms | ×GET /health (median of per-pair ratios) | target p50 ≤ 60 · p95 ≤ 200 |",
        "|---|---|---|---|---|---|",
        (
            f"| `GET {API}/health` (baseline, just before each request below; {len(base)} requests) | "
            f"{nearest_rank(base, 0.5) * 1000:.1f} | {nearest_rank(base, 0.95) * 1000:.1f} | {max(base) * 1000:.1f} | 1 | — |"
        ),
    ]
    for label, (samples, ratios) in t.rows.items():
        p50, p95 = nearest_rank(samples, 0.5), nearest_rank(samples, 0.95)
        met = "met" if p50 <= P50_TARGET and p95 <= P95_TARGET else "**missed**"
        lines.append(f"| `{label}` | {p50 * 1000:.1f} | {p95 * 1000:.1f} | {max(samples) * 1000:.1f} | "
                     f"{statistics.median(ratios):.1f}× | {met} |")  # fmt: skip
    return lines


def timesheet_row(t: Timings, reps: int) -> list[str]:
    """/timesheet when this build has it; a note when it does not."""
    probe = t.web.get("/timesheet")
    if probe.status_code == 404:
        return ["- `GET /timesheet`: 404 in this build (no such page yet): not measured."]
    if probe.status_code != 200:
        return [f"- `GET /timesheet`: answered {probe.status_code}: not measured."]
    for _ in range(reps):
        t.request("GET /timesheet", "GET", "/timesheet", 200)
    samples, ratios = t.rows["GET /timesheet"]
    return [(f"- `GET /timesheet`: p50 {nearest_rank(samples, 0.5) * 1000:.1f} ms, p95 "
             f"{nearest_rank(samples, 0.95) * 1000:.1f} ms, {statistics.median(ratios):.1f}× GET /health")]  # fmt: skip


# -- 2. what each page asks of the database ---------------------------------------------------


def query_rows(db: str, entry: int) -> tuple[list[str], list[str]]:
    """Every SELECT of each page, served in-process over the same copy: rows returned and plan."""
    import warnings

    os.environ["AOS_NOW"] = NOW  # this process's clock, as the server's
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # starlette's note on its httpx, beside the point here
        from starlette.testclient import TestClient

    from aostime.server.app import create_app

    app = create_app(db, access_log=False)
    traced: list[str] = []
    member_pages = ("/time", f"/time?week={BUSY_WEEK}", "/timer/review", f"/time/{entry}/edit", "/time/new")
    lines = ["| page | SELECTs | most rows one returns | entries read (largest) | full scans of time_entries |",
             "|---|---|---|---|---|"]  # fmt: skip
    worst: list[str] = []
    with TestClient(
        app, base_url="http://testserver", headers={"Origin": "http://testserver"}, follow_redirects=False
    ) as client:
        stores = app.state.stores
        acquire = stores.acquire

        def traced_acquire():
            held = acquire()
            held.thing.conn.set_trace_callback(traced.append)  # contextlib.closing(store)
            return held

        stores.acquire = traced_acquire
        sign_in(client)
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as check:
            for path in (*member_pages, *ADMIN_PAGES):
                if path == ADMIN_PAGES[0]:
                    if (csrf := csrf_of(client.get("/time").text)) and "Stop timer" in client.get("/time").text:
                        client.post("/timer/discard", data={"csrf": csrf})
                    client.cookies.clear()
                    sign_in(client, ADMIN)  # the admin's pages, as the admin
                if path == "/timer/review":
                    csrf = csrf_of(client.get("/time").text)
                    client.post("/timer/start", data={"csrf": csrf, "project": "1", "description": "q"})
                traced.clear()
                answer = client.get(path)
                if answer.status_code != 200:
                    worst.append(f"{path} answered {answer.status_code} in-process")
                    continue
                selects = [s for s in traced if s.lstrip().upper().startswith("SELECT")]
                most, entries_read, scans = 0, 0, []
                for sql in selects:
                    rows = check.execute(f"SELECT count(*) FROM ({sql})").fetchone()[0]
                    most = max(most, rows)
                    if "time_entries" in sql:
                        entries_read = max(entries_read, rows)
                    plan = [r[-1] for r in check.execute("EXPLAIN QUERY PLAN " + sql)]
                    if "time_entries" in sql and any(p.startswith("SCAN") and "USING" not in p and
                                                     ("e" == p.split()[1] or "time_entries" in p) for p in plan):  # fmt: skip
                        scans.append(" ".join(sql.split())[:100])
                lines.append(f"| `GET {path}` | {len(selects)} | {most:,} | {entries_read:,} | "
                             f"{'; '.join(scans) or 'none'} |")  # fmt: skip
                if entries_read > 100 or scans:
                    worst.append(f"`GET {path}` reads {entries_read:,} entries in one query; scans: {scans or 'none'}")
    del os.environ["AOS_NOW"]
    return lines, worst


# -- 4. the server's idle connection (storage/sqlite RequestStores.keeper) -----------------------


KEEPER_NOTE = (
    "The server holds one idle connection to the file while it runs (storage/sqlite RequestStores): without it "
    "each request's connection is the file's last when it closes, and SQLite then checkpoints the whole WAL into "
    "the database, fsyncs it and deletes the WAL. Alternating blocks, with and without."
)


def keeper_rows(db: str, entry: int, blocks: int, per_block: int) -> list[str]:
    """A request's store as the server opens it (a fresh connection, closed after), writing one
    entry's description in a transaction or reading it, with the server's idle connection open
    beside it and without (the last connection closing checkpoints the whole WAL), in
    alternating blocks."""
    import threading

    from aostime.storage.sqlite.opening import open_store

    writers = threading.Lock()
    now = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)

    def write(i: int) -> None:
        store = open_store(db, migrate=False, check_file=False)
        store.writers = writers
        try:
            with store.transaction():
                store.update_entry(entry, {"description": f"keeper {i}"}, now)
        finally:
            store.close()

    def read(i: int) -> None:
        store = open_store(db, migrate=False, check_file=False)
        try:
            store.get_entry(entry)
        finally:
            store.close()

    runs: dict[tuple[str, str], list[float]] = {}
    for _ in range(blocks):
        for beside in ("with", "without"):
            keeper = open_store(db, migrate=False, check_file=False) if beside == "with" else None
            for kind, action in (("write", write), ("read", read)):
                for i in range(per_block):
                    t0 = time.perf_counter()
                    action(i)
                    runs.setdefault((kind, beside), []).append(time.perf_counter() - t0)
            if keeper is not None:
                keeper.close()
    lines = ["| a request's store: open, then | idle connection beside it | p50 ms | p95 ms | samples |",
             "|---|---|---|---|---|"]  # fmt: skip
    for (kind, beside), samples in runs.items():
        what = "one entry's description updated in a transaction" if kind == "write" else "one entry read"
        lines.append(f"| {what}, closed | {beside} | {nearest_rank(samples, 0.5) * 1000:.2f} | "
                     f"{nearest_rank(samples, 0.95) * 1000:.2f} | {len(samples)} |")  # fmt: skip
    return lines


# -- 5. against another source tree (--versus) ------------------------------------------------


def versus_rows(source: str, workdir: str, other: str, rounds: int, problems: list[str]) -> list[str]:
    """The timer's two forms as a browser sends them (the POST, then the page its redirect names),
    on a server of this tree and on one of `other` (a src directory, put first on its
    PYTHONPATH), each over its own copy, in turn, a round of each at a time."""
    servers = {"this tree": {}, f"`{other}`": {"PYTHONPATH": other}}
    steps = ("POST /timer/start", "GET /time after it", "POST /timer/stop", "GET /time after it ")
    samples: dict[tuple[str, str], list[float]] = {}
    with contextlib.ExitStack() as stack:
        clients = {}
        for k, (side, env) in enumerate(servers.items()):
            folder = os.path.join(workdir, f"versus-{k}")
            os.makedirs(folder)
            db, _ = prepare(source, folder)
            server = stack.enter_context(Server(db, folder, env={"AOS_NOW": NOW, **env}))
            web = stack.enter_context(httpx.Client(base_url=server.root, headers={"Origin": server.root}, timeout=60))
            csrf = csrf_of(sign_in(web).get("/time").text)
            web.post("/timer/stop", data={"csrf": csrf, "start": "2026-11-24 20:00:00", "end": "2026-11-24 21:00:00"})
            clients[side] = (web, csrf)
        for i in range(3 + rounds):
            for side, (web, csrf) in clients.items():
                start = STOP_BASE + timedelta(minutes=2 * i)
                sent = (
                    ("POST", "/timer/start", {"project": "1", "task": "1", "description": "versus", "billable": "true"}),
                    ("GET", "/time", None),
                    ("POST", "/timer/stop", {"start": start.strftime(FORMAT), "billable": "true",
                                             "end": (start + timedelta(minutes=1)).strftime(FORMAT)}),
                    ("GET", "/time", None),
                )  # fmt: skip
                for step, (method, path, form) in zip(steps, sent, strict=True):
                    t0 = time.perf_counter()
                    answer = web.request(method, path, data=form and {"csrf": csrf, **form})
                    if i >= 3:  # three rounds warm up
                        samples.setdefault((step, side), []).append(time.perf_counter() - t0)
                    if answer.status_code not in (200, 303):
                        problems.append(f"versus {side}: {method} {path} answered {answer.status_code}")
                        return []
                time.sleep(0.05)  # a person's pace between rounds: the last request's teardown is over
    sides = list(servers)
    head = f"| request ({rounds} rounds after 3) | {sides[0]} p50 ms | p95 ms | {sides[1]} p50 ms | p95 ms | p50 ratio this/other |"
    lines = [head, "|---|---|---|---|---|---|"]
    for step in steps:
        a, b = samples[(step, sides[0])], samples[(step, sides[1])]
        lines.append(f"| `{step.strip()}` | {nearest_rank(a, 0.5) * 1000:.1f} | {nearest_rank(a, 0.95) * 1000:.1f} | "
                     f"{nearest_rank(b, 0.5) * 1000:.1f} | {nearest_rank(b, 0.95) * 1000:.1f} | "
                     f"{nearest_rank(a, 0.5) / nearest_rank(b, 0.5):.2f} |")  # fmt: skip
    for pair, (first, second) in (("start", steps[:2]), ("stop", steps[2:])):
        a = [x + y for x, y in zip(samples[(first, sides[0])], samples[(second, sides[0])], strict=True)]
        b = [x + y for x, y in zip(samples[(first, sides[1])], samples[(second, sides[1])], strict=True)]
        lines.append(f"| the {pair} form and its redirect, together | {nearest_rank(a, 0.5) * 1000:.1f} | "
                     f"{nearest_rank(a, 0.95) * 1000:.1f} | {nearest_rank(b, 0.5) * 1000:.1f} | "
                     f"{nearest_rank(b, 0.95) * 1000:.1f} | {nearest_rank(a, 0.5) / nearest_rank(b, 0.5):.2f} |")  # fmt: skip
    return lines


# -- the run ----------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="1,000 entries and few repeats: a smoke test")
    ap.add_argument("--no-browser", action="store_true", help="skip the Chromium part")
    ap.add_argument(
        "--versus",
        metavar="SRC",
        help="also time the timer's forms against a server of another "
        "source tree (its src directory), in turn with this one's",
    )
    ap.add_argument("--out", default=os.path.join(HERE, "results.md"), help="its web section is rewritten")
    a = ap.parse_args(argv)
    load = os.getloadavg()[0]
    n, reps, warmup, rounds = (1_000, 5, 1, 2) if a.quick else (1_000_000, 40, 3, 8)
    t_gen = time.perf_counter()
    had = os.path.exists(generate.aos_db_path(os.path.join(HERE, "data"), n))
    source = generate.ensure_aos_db(os.path.join(HERE, "data"), n, log=log)
    generated = "" if had else f" (generated in this run: {time.perf_counter() - t_gen:.0f} s)"
    started = time.time()
    problems: list[str] = []
    body: list[str] = []
    with tempfile.TemporaryDirectory(prefix="aos-bench-web-") as workdir:
        db, entry = prepare(source, workdir)
        add_admin(db)
        invoice, lines = add_draft_invoice(db)
        with Server(db, workdir, env={"AOS_NOW": NOW}) as server:
            log(f"1. server times at {n:,} entries, {reps} requests a row ...")
            web = httpx.Client(base_url=server.root, headers={"Origin": server.root}, timeout=60)
            with web, httpx.Client(base_url=server.url, timeout=60) as health:
                timings = Timings(sign_in(web), health, problems)
                body += ["### 1. Server: time to the full response (one keep-alive client, loopback)", ""]
                body += server_rows(timings, entry, reps, warmup)
                body += ["", *timesheet_row(timings, reps), ""]
                admin_pages = [*ADMIN_PAGES, "/invoices", f"/invoices/{invoice}", f"/invoices/{invoice}/preview"]
                log(
                    f"1b. an admin's pages ({', '.join(admin_pages)}; invoice {invoice} is a draft of {lines} lines) ..."
                )
                with httpx.Client(base_url=server.root, headers={"Origin": server.root}, timeout=60) as admin:
                    admin_times = Timings(sign_in(admin, ADMIN), health, problems)
                    title = (
                        f"#### An admin's pages ({ADMIN} signed in by the login form; a baseline of their own; "
                        f"invoice {invoice}: a draft of {lines} lines, one per entry; an invoice's target is p95 ≤ 300 ms)"
                    )
                    body += [title, "", *page_rows(admin_times, admin_pages, reps, warmup), ""]
                log("1c. the calendar and the dashboard ...")
                from web_calendar import calendar_server_rows

                member_times = Timings(web, health, problems)
                body += [f"#### The calendar and the dashboard ({MEMBER}; a baseline of their own)", "",
                         *calendar_server_rows(member_times, entry, reps), ""]  # fmt: skip
            if not a.no_browser:
                log("3. the browser ...")
                from web_browser import browser_rows

                try:
                    browser = browser_rows(server.root, entry, rounds, problems)
                    from web_calendar import calendar_drag_rows

                    browser += ["", *calendar_drag_rows(server.root, entry, rounds, problems)]
                except Exception as exc:  # noqa: BLE001 - a browser that cannot start is a note, not a crash
                    browser = [f"not measured: {type(exc).__name__}: {str(exc)[:300]}"]
                    problems.append(browser[0])
            server.check_log(problems)
        log("4. a request's store with and without the server's idle connection ...")
        keeper = keeper_rows(db, entry, 3 if a.quick else 6, 5 if a.quick else 25)
        log("2. queries of each page ...")
        queries, worst = query_rows(db, entry)
        body += ["### 2. What each page asks of the database (in-process, same copy; every SELECT traced)", "",
                 *queries, ""]  # fmt: skip
        problems += worst
        if not a.no_browser:
            body += ["### 3. Chromium on loopback", "", *browser, ""]
        body += ["### 4. A request's store with and without the server's idle connection (in-process, same copy)", "",
                 KEEPER_NOTE, "", *keeper, ""]  # fmt: skip
        if a.versus:
            log(f"5. this tree against {a.versus} ...")
            body += [f"### 5. The timer's forms and their redirects: this tree against {a.versus} (`--versus`)", "",
                     *versus_rows(source, workdir, os.path.abspath(a.versus), 20 if a.quick else 80, problems), ""]  # fmt: skip
    date = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    command = (
        "python bench/web.py"
        + (f" --versus {a.versus}" if a.versus else "")
        + (" --quick (a smoke test: figures not meaningful)" if a.quick else "")
    )
    from importlib.metadata import version

    header = [
        "## The web app (`aos serve`: /login, /time, the timer, edit, manual entry, the catalog, team, settings)",
        "",
        f"- Date: {date}; {(time.time() - started) / 60:.1f} min; `{command}`; {revision()}",
        (
            f"- Machine: {os.cpu_count()} CPUs, {platform.platform()}; Python {platform.python_version()}; httpx "
            f"{httpx.__version__}; Playwright {version('playwright')}; load average {load:.2f} at the start"
        ),
        (
            f"- Data: a copy of {os.path.basename(source)} (bench/generate.py: {n:,} entries + a running timer"
            f"{generated}); one `python -m aostime serve --no-access-log` (one worker) on loopback, TZ=UTC, "
            f"AOS_NOW={NOW} (this week {THIS_WEEK} holds Monday's and Tuesday's entries; {BUSY_WEEK} is a full "
            f"week, 56 entries of u01); u01 a member signed in by the login form; {ADMIN} an admin added to the copy "
            "(the catalog: 10 clients, 50 projects, 500 tasks; the team: 11 members)."
        ),
        "",
    ]
    return publish(a.out, "web", header, body, problems)


if __name__ == "__main__":
    sys.exit(main())
