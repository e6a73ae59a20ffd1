"""aostime on PostgreSQL: whole `aos` processes against baselines in the same run.

    python tools/pg_scratch.py -- python bench/postgres.py [--sizes 1000,1000000]

Needs a PostgreSQL server in AOS_TEST_POSTGRES (tools/pg_scratch.py starts a throwaway one). For
each size it copies bench/run.py's generated SQLite history into a fresh schema with
`aos db copy` (timed: the copy itself is a figure), then times, alternately with its baseline:
`aos report --by project --json` (all time) against a bare `SELECT project_id, sum(duration),
sum(amount_cents) ... GROUP BY project_id` through psycopg on the same schema (target <= 2x at
1M); `aos list --json` (all) with its peak RSS (target <= 64 MiB: a server-side cursor streams
the rows); `aos add`, `aos start` and `aos stop` at every size (flat from 1k to 1M). Writes
its own section of bench/results.md. Timing is reported, never asserted.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
import uuid
from urllib.parse import quote

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import generate
from harness import Command, Spawner, measure, pair_ratios, write_section

PY = sys.executable
GROUP_BY = "SELECT project_id, sum(duration), sum(amount_cents) FROM time_entries GROUP BY project_id"
ADD = ["add", "-p", "Project 07", "-t", "Task 03", "--hours", "0.5", "--date", "1991-06-03", "-d", "bench"]


def log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def aos(*args: str, db: str, check: bool = True) -> subprocess.CompletedProcess:
    env = dict(os.environ, AOS_DB=db, AOS_USER="u01", TZ="UTC")
    return subprocess.run([PY, "-m", "aostime", *args], env=env, capture_output=True, text=True, check=check,
                          stdin=subprocess.DEVNULL)  # fmt: skip


def fresh_schema(server: str) -> str:
    import psycopg

    name = f"bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {name}")
    separator = "&" if "?" in server else "?"
    return f"{server}{separator}options={quote(f'-csearch_path={name}')}"


def row(label: str, ra, rb, target: str = "") -> str:
    a = f"{ra.median():.3f} ({min(ra.walls):.3f}–{max(ra.walls):.3f})"
    if rb is None:
        return f"| {label} | {a} | {ra.peak():.1f} | — | — | — | {target} |"
    ratios = sorted(pair_ratios(ra, rb))
    ratio = f"{ratios[len(ratios) // 2]:.2f}× ({ratios[0]:.2f}–{ratios[-1]:.2f})"
    return f"| {label} | {a} | {ra.peak():.1f} | {rb.median():.3f} | {rb.peak():.1f} | {ratio} | {target} |"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,1000000")
    ap.add_argument("--repeats", type=int, default=7)
    ap.add_argument("--out", default=os.path.join(HERE, "results.md"), help="its PostgreSQL section is rewritten")
    a = ap.parse_args(argv)
    server = os.environ.get("AOS_TEST_POSTGRES")
    if not server:
        sys.exit("bench/postgres.py needs AOS_TEST_POSTGRES (python tools/pg_scratch.py -- python bench/postgres.py)")
    data = os.path.join(HERE, "data")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "AOS_DB")}
    env.update(TZ="UTC", NO_COLOR="1", AOS_USER="u01", COLUMNS="120", LC_ALL="C.UTF-8")
    spawner = Spawner(env, os.path.join(data, "scratch"))
    lines = []
    started = time.time()
    try:
        sizes = [int(x) for x in a.sizes.split(",")]
        first = sizes[0]
        for n in sizes:
            source = generate.ensure_aos_db(data, n, log=log)
            url = fresh_schema(server)
            t0 = time.perf_counter()
            aos("db", "copy", source, url, db=url)
            copy_s = time.perf_counter() - t0
            log(f"N={n:,}: copied into PostgreSQL in {copy_s:.1f} s")
            aos("cancel", db=url, check=False)  # the generated running timer: start/stop below own it
            lines.append(f"| **N = {n:,}** (aos db copy from SQLite: {copy_s:.1f} s) | | | | | | |")
            on = {"AOS_DB": url}
            bare = Command("bare GROUP BY", [PY, "-c", ("import psycopg, sys; c = psycopg.connect(sys.argv[1]); "
                                            f"print(len(c.execute({GROUP_BY!r}).fetchall()))"), url])  # fmt: skip
            report = Command("aos report", [PY, "-m", "aostime", "report", "--by", "project", "--json"], on)
            ra, rb = measure(spawner, report, bare, a.repeats, warmup=1)
            lines.append(row("`aos report --by project --json` (all time) vs bare `GROUP BY`", ra, rb, "≤ 2× at 1M"))
            listing = Command("aos list", [PY, "-m", "aostime", "list", "--json"], on, timeout=900)
            ra, _ = measure(spawner, listing, None, 3 if n >= 100_000 else a.repeats, warmup=0)
            lines.append(row("`aos list --json` (all)", ra, None, "peak ≤ 64 MiB"))
            status = Command("aos status", [PY, "-m", "aostime", "status", "--json"], on)
            sqlite = Command("import sqlite3", [PY, "-c", "import sqlite3"])
            ra, rb = measure(spawner, status, sqlite, a.repeats, warmup=1)
            lines.append(row("`aos status --json` vs `python -c 'import sqlite3'`", ra, rb, "≤ 4×"))
            if n == first:
                driver = Command("import psycopg", [PY, "-c", "import psycopg"])
                ra, rb = measure(spawner, driver, sqlite, a.repeats, warmup=1)
                lines.append(row("`python -c 'import psycopg'` (the driver alone) vs `import sqlite3`", ra, rb, "—"))
            add = Command("aos add", [PY, "-m", "aostime", *ADD], on)
            ra, _ = measure(spawner, add, None, a.repeats, warmup=1)
            lines.append(row("`aos add`", ra, None, "flat in N"))
            start = Command("aos start", [PY, "-m", "aostime", "start", "-p", "Project 07", "--at", "-2m", "-d", "b"],
                            on, after=[PY, "-m", "aostime", "stop"])  # fmt: skip
            ra, _ = measure(spawner, start, None, a.repeats, warmup=1)
            lines.append(row("`aos start` (then an untimed stop)", ra, None, "flat in N"))
            stop = Command("aos stop", [PY, "-m", "aostime", "stop"], on,
                           before=[PY, "-m", "aostime", "start", "-p", "Project 07", "--at", "-2m", "-d", "b"])  # fmt: skip
            ra, _ = measure(spawner, stop, None, a.repeats, warmup=1)
            lines.append(row("`aos stop` (after an untimed start)", ra, None, "flat in N"))
    finally:
        spawner.close()
    header = [
        "## aostime on PostgreSQL",
        "",
        f"- Date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; wall time {(time.time() - started) / 60:.1f} min",
        (
            "- Command: `python tools/pg_scratch.py -- python bench/postgres.py` (a throwaway PostgreSQL "
            "on loopback, fsync off)"
        ),
        (
            "- Data: bench/generate.py's histories, copied in with `aos db copy`; commands as in results.md "
            "(AOS_USER=u01, TZ=UTC); seconds are medians (min–max) of alternating runs, peak RSS in MiB."
        ),
        "",
        "| aos command | aos s | aos peak MiB | baseline s | baseline peak MiB | A/B | target |",
        "|---|---|---|---|---|---|---|",
    ]
    write_section(a.out, "postgres", "\n".join(header + lines))
    print("\n".join(header + lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
