"""The team server under a team's load: 30 members at once, each as the team client works.

    python bench/server_load.py                                     # SQLite, one worker, 60 s
    python tools/pg_scratch.py -- python bench/server_load.py --backend postgres --workers 2
    python bench/server_load.py --src /tmp/old/src --label before   # another tree's server

A real `aos serve` (`--workers N`) on a free loopback port over a fresh database (SQLite file, or
a new schema of the PostgreSQL server in AOS_TEST_POSTGRES) with Acme / Site and members
m01..m30, a token each. Every member is a thread with its own keep-alive client that, until the
time is up, waits a think time (50-350 ms: far busier than a person) and then does one of:
add an entry (25 %), start a timer as a switch (20 %), stop the timer (15 %), list entries (25 %),
a report (15 %), each as the team client sends it (POST /uses/<name>; writes with an
Idempotency-Key). The load generator runs on the same machine as the server.

Afterwards every write is checked against the database by its own description: acknowledged
(2xx) = stored exactly once; not acknowledged (a 503, a timeout) = not stored, or stored once and
replayed with its first answer when its key is sent again; refused (4xx) = not stored. Reported:
requests, answers by status, p50/p99 latency of writes and reads, and every broken check. Writes
its own section of bench/results.md (--label names the run). Figures are reported, never asserted.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from urllib.parse import quote

import httpx

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from harness import write_section

PY = sys.executable
API = "/wp-json/agency-os-ai/v1"
MIX = [("add", 25), ("switch", 20), ("stop", 15), ("list", 25), ("report", 15)]
WRITES = ("add", "switch", "stop")


def log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


class Bench:
    def __init__(self, args) -> None:
        self.args = args
        self.env = dict(os.environ, TZ="UTC", NO_COLOR="1")
        if args.src:
            self.env["PYTHONPATH"] = os.path.abspath(args.src)
        self.schema = None
        if args.backend == "postgres":
            import psycopg

            server = os.environ["AOS_TEST_POSTGRES"]
            self.schema = f"aos_load_{os.getpid()}"
            with psycopg.connect(server, autocommit=True) as conn:
                conn.execute(f"DROP SCHEMA IF EXISTS {self.schema} CASCADE")
                conn.execute(f"CREATE SCHEMA {self.schema}")
            separator = "&" if "?" in server else "?"
            self.db = f"{server}{separator}options={quote(f'-csearch_path={self.schema}')}"
        else:
            self.db = os.path.join(args.workdir, "load.db")
        self.env["AOS_DB"] = self.db

    def aos(self, *argv: str) -> str:
        return subprocess.run([PY, "-m", "aostime", *argv], env=self.env, capture_output=True, text=True,
                              check=True, stdin=subprocess.DEVNULL, timeout=120).stdout  # fmt: skip

    def prepare(self) -> dict[str, str]:
        self.aos("client", "add", "Acme", "--rate", "100")
        self.aos("project", "add", "Site", "-c", "Acme")
        tokens = {}
        for n in range(1, self.args.members + 1):
            name = f"m{n:02d}"
            self.aos("user", "add", name)
            tokens[name] = self.aos("token", "create", "--user", name).splitlines()[-1]
        return tokens

    def stored(self) -> Counter:
        """Entries by description."""
        sql = "SELECT description, count(*) FROM time_entries GROUP BY description"
        if self.schema:
            import psycopg

            with psycopg.connect(self.db) as conn:
                return Counter(dict(conn.execute(sql).fetchall()))
        with sqlite3.connect(self.db) as conn:
            return Counter(dict(conn.execute(sql).fetchall()))

    def drop(self) -> None:
        if self.schema:
            import psycopg

            with psycopg.connect(os.environ["AOS_TEST_POSTGRES"], autocommit=True) as conn:
                conn.execute(f"DROP SCHEMA IF EXISTS {self.schema} CASCADE")


def member(url: str, token: str, name: str, until: float, seed: int, results: list) -> None:
    rng = random.Random(seed)
    ops, weights = zip(*MIX, strict=True)
    headers = {"Authorization": f"Bearer {token}", "Time-Zone": "UTC"}
    with httpx.Client(base_url=url + API, headers=headers, timeout=30) as client:
        n = 0
        while time.monotonic() < until:
            time.sleep(rng.uniform(0.05, 0.35))
            op = rng.choices(ops, weights)[0]
            n += 1
            mark = f"{name}-{n}"
            if op == "add":
                day = f"2025-{n % 12 + 1:02d}-{n // 12 % 28 + 1:02d}"  # 0.25 h each: a day never fills
                path, request = "/uses/add-entry", {"project": "Site", "hours": "0.25", "date": day,
                                                    "description": mark}  # fmt: skip
            elif op == "switch":
                path, request = "/uses/start-timer", {"project": "Site", "description": mark, "switch": True}
            elif op == "stop":
                path, request = "/uses/stop-timer", {}
            elif op == "list":
                path, request = "/uses/list-entries", {"limit": 50}
            else:
                path, request = "/uses/make-report", {"by": "project"}
            body = {"request": request, "acting_as": None}
            key = os.urandom(16).hex() if op in WRITES else None
            began = time.monotonic()
            try:
                answer = client.post(path, json=body, headers={"Idempotency-Key": key} if key else {})
                status, text = answer.status_code, answer.text
                if status < 300 and op == "switch":  # the entry it made, and any it replaced (see check)
                    text = (re.search(r'"id": ?(\d+)', text) or [None, "?"])[1]
                    text += " " + " ".join(re.findall(r"timer started this second \(entry \d+", answer.text))
                text = text[:300]
            except httpx.HTTPError as exc:
                status, text = 0, type(exc).__name__
            results.append((op, status, time.monotonic() - began, mark, key, path, body, token, text))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(args) -> str:
    bench = Bench(args)
    try:
        tokens = bench.prepare()
        port = free_port()
        server_log = os.path.join(args.workdir, "server.log")
        with open(server_log, "wb") as out:
            proc = subprocess.Popen([PY, "-m", "aostime", "serve", "--port", str(port), "--no-access-log",
                                     "--workers", str(args.workers)], env=bench.env, stdout=out,
                                    stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)  # fmt: skip
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if httpx.get(url + API + "/health", timeout=2).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if proc.poll() is not None or time.monotonic() > deadline:
                    with open(server_log) as f:
                        raise RuntimeError(f.read()[-2000:])
                time.sleep(0.1)
            results: list = []
            until = time.monotonic() + args.seconds
            threads = [threading.Thread(target=member, args=(url, token, name, until, args.seed + i, results))
                       for i, (name, token) in enumerate(tokens.items())]  # fmt: skip
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            problems = check(bench, url, results)
        finally:
            proc.terminate()
            proc.wait(timeout=30)
        return report(args, results, problems)
    finally:
        bench.drop()


def check(bench: Bench, url: str, results: list) -> list[str]:
    """Every write against the database, by its description."""
    stored = bench.stored()
    # a switch within the same second as the start it stops replaces that timer (services.timers)
    replaced = {n for r in results if r[0] == "switch" and r[1] < 300
                for n in re.findall(r"timer started this second \(entry (\d+)", r[8])}  # fmt: skip
    problems = []
    for op, status, _, mark, key, path, body, token, text in results:
        if op not in ("add", "switch"):
            continue
        count = stored.get(mark, 0)
        if 200 <= status < 300 and op == "switch" and count == 0 and text.split(" ")[0] in replaced:
            continue
        if 200 <= status < 300 and count != 1:
            problems.append(f"{op} {mark}: acknowledged, stored {count} times")
        elif 400 <= status < 500 and status != 409 and count:
            problems.append(f"{op} {mark}: refused ({status}), stored {count} times")
        elif (status == 0 or status >= 500 or status == 409) and count:
            again = httpx.post(url + API + path, json=body, timeout=30,
                               headers={"Authorization": f"Bearer {token}", "Idempotency-Key": key})  # fmt: skip
            if count != 1 or again.headers.get("idempotent-replayed") != "true":
                problems.append(f"{op} {mark}: not acknowledged ({status}), stored {count} times, "
                                f"sent again: {again.status_code} {again.text[:120]}")  # fmt: skip
    return problems


def report(args, results: list, problems: list[str]) -> str:
    statuses = Counter(r[1] for r in results)
    still = sum(1 for r in results if r[1] == 409 and "still being answered" in r[8])
    busy = sorted({r[8][:160] for r in results if r[1] == 503})[:3]
    writes = [r[2] for r in results if r[0] in WRITES]
    reads = [r[2] for r in results if r[0] not in WRITES]
    ms = lambda values, p: f"{percentile(values, p) * 1000:.0f}"
    lines = [
        f"### {args.label}: {args.backend}, `--workers {args.workers}`, {args.members} members, {args.seconds} s",
        "",
        f"- requests: {len(results):,} ({len(results) / args.seconds:.0f}/s); answers: "
        + ", ".join(f"{s or 'no answer'} × {n}" for s, n in sorted(statuses.items())),
        f"- 503: {statuses.get(503, 0)}; 409 'still being answered': {still}",
        f"- writes ({len(writes):,}): p50 {ms(writes, 50)} ms, p99 {ms(writes, 99)} ms, max {ms(writes, 100)} ms",
        f"- reads ({len(reads):,}): p50 {ms(reads, 50)} ms, p99 {ms(reads, 99)} ms, max {ms(reads, 100)} ms",
        f"- every write against the database: {'all hold' if not problems else f'{len(problems)} broken'}",
    ]
    lines += [f"  - {p}" for p in problems[:10]]
    lines += [f"  - 503 said: {text}" for text in busy]
    refusals = Counter((r[0], r[1], _message(r[8])) for r in results if 400 <= r[1] < 500)
    lines += [f"- refused (the books as they stood): {n} × {op} {status} '{said}'"
              for (op, status, said), n in refusals.most_common(4)]  # fmt: skip
    return "\n".join(lines) + "\n"


def _message(text: str) -> str:
    """The gist of a WordPress error's message: its words before any number or time."""
    found = re.search(r'"message": "([^"]*)', text)
    return re.split(r"[0-9(]", found[1])[0].strip()[:60] if found else text[:60]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--backend", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--members", type=int, default=30)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--src", help="the aostime sources the server runs (default: this checkout's)")
    parser.add_argument("--label", default="after")
    parser.add_argument("--out", default=os.path.join(HERE, "results.md"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        args.workdir = workdir
        text = run(args)
    print(text)
    write_section(args.out, f"server-load {args.label} {args.backend} w{args.workers}", text)


if __name__ == "__main__":
    main()
