"""The team server under load: a real `aos serve` on a free loopback port, driven with httpx.

    python bench/server.py            # 100,000 entries; 1,600 POSTs; 70,000 unbilled (under a minute)
    python bench/server.py --quick    # 1,000 entries, few requests: a smoke test

With the Python that has aostime[server] and httpx (.venv/bin/python). `python -m aostime serve
--port P --no-access-log` (one worker, TZ=UTC) runs on a COPY, in a temporary directory, of
bench/generate.py's history (cached in bench/data/, generated when missing, as run.py does);
there u01 is made a manager (sees every entry) and u01..u10 get a token each.

1. GET /time-entries?per_page=100: page 1 and the last page in turn over one client after a
   warm-up pair; median (min-max) of each, median of per-pair ratios last/first (target: within
   2x), X-WP-Total against the rows in the file.
2. POST /time-entries from 16 threads (each its own client and a member's token, u01..u10 in
   turn), a bounded total of 60 s entries on project 1, each at its own minute of 1980 (before
   any generated entry: no overlaps): requests/s, p50/p99 latency, 201 answers = rows stored.
3. GET /time-entries/unbilled (default per_page) on a copy where an UPDATE made 70,000 finished
   entries billable and unbilled (later billable ones invoiced): server VmRSS before, peak
   (VmHWM, /proc/<pid>/status) after, median latency (target: peak under 128 MiB).

Writes the "server" section of bench/results.md (--out). Figures are reported, never asserted;
failed checks are listed as problems. Standard library + aostime + httpx only.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Self

import httpx

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import generate
from harness import publish

PY = sys.executable
API = "/wp-json/agency-os-ai/v1"
POST_BASE = datetime(1980, 1, 1, tzinfo=UTC)  # generated entries start in 1991 or later
FIRST_FINISHED = "SELECT id FROM time_entries WHERE end_time IS NOT NULL ORDER BY id LIMIT ?"
UNBILLED_SQL = f"""UPDATE time_entries SET billable = 1, invoiced = 0, invoice_id = NULL,
    amount_cents = (duration * hourly_rate_cents * 2 + 3600) / 7200 WHERE id IN ({FIRST_FINISHED})"""
REST_INVOICED_SQL = f"""UPDATE time_entries SET invoiced = 1 WHERE billable = 1 AND end_time IS NOT NULL
    AND id > (SELECT max(id) FROM ({FIRST_FINISHED}))"""
UNBILLED_COUNT = "SELECT count(*) FROM time_entries WHERE billable = 1 AND invoiced = 0 AND end_time IS NOT NULL"


def log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def aos(db: str, *args: str) -> str:
    """The CLI on a copy; its stdout."""
    env = dict(os.environ, AOS_DB=db, TZ="UTC", NO_COLOR="1")
    return subprocess.run([PY, "-m", "aostime", *args], env=env, capture_output=True, text=True, check=True,
                          stdin=subprocess.DEVNULL, timeout=120).stdout  # fmt: skip


def prepare_copy(source: str, workdir: str, name: str) -> tuple[str, dict[str, str]]:
    """A copy of the cached history (bench/data is only read), u01 a manager, a token per user."""
    db = os.path.join(workdir, name)
    shutil.copyfile(source, db)
    aos(db, "user", "edit", "u01", "--role", "manager")
    tokens = {f"u{u:02d}": aos(db, "token", "create", "--user", f"u{u:02d}").splitlines()[-1] for u in range(1, 11)}
    return db, tokens


def git(*args: str) -> str:
    """A read-only git question about this checkout; "" when git cannot answer."""
    try:
        return subprocess.run(["git", "-C", HERE, *args], check=False, capture_output=True, text=True).stdout.strip()
    except OSError:
        return ""


def revision() -> str:
    dirty = " + uncommitted changes in src/" if git("status", "--porcelain", "--", "../src") else ""
    return f"commit {git('rev-parse', '--short', 'HEAD') or '?'}{dirty}"


def count(db: str, sql: str = "SELECT count(*) FROM time_entries") -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchone()[0]


class Server:
    """`python -m aostime serve` on a free loopback port over `db` (`env`: more of its environment,
    e.g. AOS_NOW): a context manager that always terminates it on leaving (and kills it if it lingers)."""

    def __init__(self, db: str, workdir: str, env: dict[str, str] | None = None):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        self.root = f"http://127.0.0.1:{port}"  # the web app's pages
        self.url = self.root + API
        self.log_path = os.path.join(workdir, f"server-{port}.log")
        env = dict(os.environ, AOS_DB=db, TZ="UTC", NO_COLOR="1", **(env or {}))
        with open(self.log_path, "wb") as out:
            self.proc = subprocess.Popen([PY, "-m", "aostime", "serve", "--port", str(port), "--no-access-log"],
                                         stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env)  # fmt: skip

    def __enter__(self) -> Self:
        deadline = time.monotonic() + 60
        while self.proc.poll() is None and time.monotonic() < deadline:
            try:
                if httpx.get(self.url + "/health", timeout=2).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            time.sleep(0.05)
        self.__exit__()
        raise RuntimeError(f"aos serve did not come up:\n{self.log()[-2000:]}")

    def __exit__(self, *exc) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=15)

    def client(self, token: str) -> httpx.Client:
        return httpx.Client(base_url=self.url, headers={"Authorization": f"Bearer {token}"}, timeout=60)

    def memory_mib(self, field: str) -> float:
        """VmRSS or VmHWM of the server process, in MiB."""
        with open(f"/proc/{self.proc.pid}/status") as f:
            kib = next(line.split()[1] for line in f if line.startswith(field + ":"))
        return int(kib) / 1024

    def log(self) -> str:
        with open(self.log_path, errors="replace") as f:
            return f.read()

    def check_log(self, problems: list[str]) -> None:
        text = self.log()
        if "Traceback" in text:
            problems.append("server traceback: " + text[text.index("Traceback") :][:300].replace("\n", " "))


def ms(seconds: list[float]) -> str:
    """median (min–max) in milliseconds."""
    return f"{statistics.median(seconds) * 1000:.1f} ms ({min(seconds) * 1000:.1f}–{max(seconds) * 1000:.1f})"


def percentile(values: list[float], q: float) -> str:
    """The nearest-rank percentile, in milliseconds."""
    ordered = sorted(values)
    return f"{ordered[min(len(ordered), max(1, math.ceil(q * len(ordered)))) - 1] * 1000:.1f} ms"


def timed_get(api: httpx.Client, path: str, **params) -> tuple[float, httpx.Response]:
    t0 = time.perf_counter()
    response = api.get(path, params=params)
    return time.perf_counter() - t0, response


def bench_pages(server: Server, token: str, entries: int, pairs: int, problems: list[str]) -> list[str]:
    """1. Page 1 against the last page, in turn, after a warm-up pair."""
    first_s, last_s = [], []
    with server.client(token) as api:
        _, probe = timed_get(api, "/time-entries", per_page=100)
        if probe.status_code != 200:
            problems.append(f"GET /time-entries answered {probe.status_code}: {probe.text[:200]}")
            return []
        total, pages = int(probe.headers["x-wp-total"]), int(probe.headers["x-wp-totalpages"])
        for i in range(1 + pairs):
            a, first = timed_get(api, "/time-entries", per_page=100, page=1)
            b, last = timed_get(api, "/time-entries", per_page=100, page=pages)
            for response, expected in ((first, min(100, total)), (last, total - (pages - 1) * 100)):
                got = len(response.json()) if response.status_code == 200 else None
                if got != expected:
                    problems.append(f"page answer {response.status_code}: {got} entries, expected {expected}")
            if i:  # the first pair warms up
                first_s.append(a)
                last_s.append(b)
    ratios = [b / a for a, b in zip(first_s, last_s, strict=True)]
    ratio = statistics.median(ratios)
    if total != entries:
        problems.append(f"X-WP-Total {total:,} but the database holds {entries:,} entries")
    return [
        f"### 1. `GET /time-entries?per_page=100`: page 1 vs the last page ({pages:,}), manager's token",
        "",
        f"- X-WP-Total: {total:,} (rows in the database: {entries:,}); {pages:,} pages",
        f"- page 1: {ms(first_s)}; last page: {ms(last_s)}; {len(first_s)} pairs after a warm-up pair",
        f"- last/first: median of per-pair ratios {ratio:.2f}× ({min(ratios):.2f}–{max(ratios):.2f})",
        f"- target: last page within 2× the first — {'met' if ratio <= 2 else '**missed**'}",
    ]


def bench_posts(server: Server, db: str, tokens: dict[str, str], threads: int, total: int,
                problems: list[str]) -> list[str]:  # fmt: skip
    """2. Concurrent POST /time-entries: threads, each with its own client and a member's token."""
    per_thread = total // threads
    users = list(tokens)
    latencies: list[list[float]] = [[] for _ in range(threads)]
    codes: list[Counter] = [Counter() for _ in range(threads)]
    failures: list[str] = []
    ready = threading.Barrier(threads + 1, timeout=120)

    def worker(k: int) -> None:
        with server.client(tokens[users[k % len(users)]]) as api:
            api.get("/me")  # connected, token used once, before the clock starts
            ready.wait()
            for j in range(per_thread):
                start = POST_BASE + timedelta(minutes=k * per_thread + j)
                body = {"project_id": 1, "start_time": start.isoformat(), "duration": 60, "description": "bench"}
                t0 = time.perf_counter()
                try:
                    response = api.post("/time-entries", json=body)
                except httpx.HTTPError as exc:
                    failures.append(f"{type(exc).__name__}: {exc}")
                    continue
                latencies[k].append(time.perf_counter() - t0)
                codes[k][response.status_code] += 1
                if response.status_code != 201:
                    failures.append(f"{response.status_code}: {response.text[:200]}")

    before = count(db)
    pool = [threading.Thread(target=worker, args=(k,), daemon=True) for k in range(threads)]
    for thread in pool:
        thread.start()
    ready.wait()
    t0 = time.perf_counter()
    for thread in pool:
        thread.join(timeout=900)
    wall = time.perf_counter() - t0
    stored = count(db) - before
    every = [x for per in latencies for x in per] or [math.nan]
    answers = sum(codes, Counter())
    created, sent = answers[201], per_thread * threads
    if not created == stored == sent:
        problems.append(f"POST: {sent:,} sent, {created:,} answered 201, {stored:,} rows stored; {dict(answers)}")
    problems.extend(f"POST failed: {f}" for f in failures[:5])
    speed = f"{sent / wall:.0f} requests/s ({wall:.2f} s in all)"
    return [
        f"### 2. `POST /time-entries`: {threads} concurrent clients, {sent:,} requests",
        "",
        f"- {speed}; latency p50 {percentile(every, 0.5)}, p99 {percentile(every, 0.99)}, max {max(every) * 1000:.1f} ms",
        f"- 201 answers: {created:,}; rows stored (count after − before): {stored:,}"
        + ("" if created == stored == sent else " — **mismatch**"),
        "- each thread: its own httpx.Client, a member's token (u01..u10 in turn); 60 s on project 1, own minute",
    ]


def bench_unbilled(source: str, workdir: str, unbilled: int, requests: int, problems: list[str]) -> list[str]:
    """3. The server's memory while it answers GET /time-entries/unbilled."""
    db, tokens = prepare_copy(source, workdir, "unbilled.db")
    with sqlite3.connect(db) as conn:  # the copy only
        conn.execute(UNBILLED_SQL, (unbilled,))
        conn.execute(REST_INVOICED_SQL, (unbilled,))
    if (stored := count(db, UNBILLED_COUNT)) != unbilled:
        problems.append(f"the unbilled copy holds {stored:,} unbilled entries, not {unbilled:,}")
    times = []
    with Server(db, workdir) as server, server.client(tokens["u01"]) as api:
        rss_before = server.memory_mib("VmRSS")
        for i in range(1 + requests):
            seconds, response = timed_get(api, "/time-entries/unbilled")
            if response.status_code != 200:
                problems.append(f"GET /time-entries/unbilled answered {response.status_code}: {response.text[:200]}")
                return []
            if i:  # the first warms up
                times.append(seconds)
        peak, rss_after = server.memory_mib("VmHWM"), server.memory_mib("VmRSS")
        server.check_log(problems)
    total, shown = int(response.headers["x-wp-total"]), len(response.json()["entries"])
    if total != unbilled:
        problems.append(f"unbilled X-WP-Total {total:,}, expected {unbilled:,}")
    return [
        f"### 3. `GET /time-entries/unbilled` (default per_page) at {unbilled:,} unbilled entries",
        "",
        f"- X-WP-Total: {total:,}; {shown} entries a page; latency {ms(times)}, {len(times)} requests after a warm-up",
        f"- server RSS: {rss_before:.1f} MiB before the requests, {rss_after:.1f} MiB after; peak (VmHWM) {peak:.1f} MiB",
        f"- target: peak server RSS under 128 MiB — {'met' if peak < 128 else '**missed**'}",
    ]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="1,000 entries and few requests: a smoke test")
    ap.add_argument("--out", default=os.path.join(HERE, "results.md"), help="its server section is rewritten")
    a = ap.parse_args(argv)
    load = os.getloadavg()[0]  # other work on the machine shows in every figure
    n, pairs, posts, unbilled, gets = (1_000, 3, 160, 700, 5) if a.quick else (100_000, 15, 1_600, 70_000, 20)
    source = generate.ensure_aos_db(os.path.join(HERE, "data"), n, log=log)
    started = time.time()
    problems: list[str] = []
    body: list[str] = []
    with tempfile.TemporaryDirectory(prefix="aos-bench-server-") as workdir:
        db, tokens = prepare_copy(source, workdir, "entries.db")
        entries = count(db)
        with Server(db, workdir) as server:
            log(f"1. pages at {entries:,} entries ...")
            body += [*bench_pages(server, tokens["u01"], entries, pairs, problems), ""]
            log(f"2. {posts:,} POSTs from 16 threads ...")
            body += [*bench_posts(server, db, tokens, 16, posts, problems), ""]
            server.check_log(problems)
        log(f"3. unbilled at {unbilled:,} ...")
        body += bench_unbilled(source, workdir, unbilled, gets, problems)
    date = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    command = "python bench/server.py" + (" --quick (a smoke test: figures not meaningful)" if a.quick else "")
    header = [
        "## The team server (`aos serve`)",
        "",
        f"- Date: {date}; {(time.time() - started) / 60:.1f} min; `{command}`; {revision()}",
        f"- Machine: {os.cpu_count()} CPUs, {platform.platform()}; Python {platform.python_version()}; httpx "
        + f"{httpx.__version__}; load average {load:.2f} at the start",
        (
            f"- Data: a copy of {os.path.basename(source)} (bench/generate.py: {n:,} entries + a running timer) in a"
            " temporary directory; one `python -m aostime serve --no-access-log` (one worker) on loopback, TZ=UTC;"
            " the client on the same machine. Times: median (min–max) of sequential requests unless said."
        ),
        "",
    ]
    return publish(a.out, "server", header, body, problems)


if __name__ == "__main__":
    sys.exit(main())
