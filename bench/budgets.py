"""How much does `aos budget` cost over what the database's own GROUP BY costs?

    python bench/budgets.py                       # 1,000,000 entries, 500 projects, 500 budgets
    python bench/budgets.py --entries 20000 --repeats 3   # a smoke test

The database is bench/generate.py's (10 users x 8 entries a day, 70 % billable, one running
timer), generated with 500 projects (5,000 tasks) in place of 50 and cached in bench/data/. Every
project gets a budget: the odd ones 100 hours over the project's life, the even ones 5,000.00 a
month (the month of the clock, AOS_NOW = 2026-11-25 12:00 UTC). Timed alternately A B A B after
one untimed warm-up of each, as whole processes (start-up included):

  A  aos budget --json
  B  python -c: the same figures by bare SQL, `SELECT project_id, sum(duration), sum(amount_cents)
     FROM time_entries GROUP BY project_id`, and the same over the month's rows

Also the in-process time of the use case (services.budgets.list_budgets) and of the web app's
badges (server.web.budget_badges: the use case and a badge per budget) against the two bare
queries on one connection, which leaves out the interpreter's start-up. Prints a Markdown table
and writes it to bench/results.md (section "budgets"). Timing is reported, never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import generate
from harness import write_section

NOW = "2026-11-25T12:00:00+00:00"
MONTH = ("2026-11-01 00:00:00", "2026-12-01 00:00:00")
PROJECTS = 500
BARE = f"""
import sqlite3, sys
con = sqlite3.connect(sys.argv[1])
total = con.execute("SELECT project_id, sum(duration), sum(amount_cents) FROM time_entries GROUP BY project_id").fetchall()
month = con.execute("SELECT project_id, sum(duration), sum(amount_cents) FROM time_entries "
                    "WHERE start_time >= ? AND start_time < ? GROUP BY project_id", {MONTH!r}).fetchall()
print(len(total), len(month))
"""


def db_path(n: int) -> str:
    from aostime.storage.sqlite.migrations import LATEST

    return os.path.join(HERE, "data", f"budgets-{n}-p{PROJECTS}-g{generate.GEN_VERSION}-s{LATEST}.db")


def ensure_db(n: int) -> str:
    """generate.py's database with 500 projects, and a budget on each."""
    path = db_path(n)
    if os.path.exists(path):
        return path
    os.makedirs(os.path.dirname(path), exist_ok=True)
    print(f"generating {path} ({n:,} entries, {PROJECTS} projects) ...", file=sys.stderr, flush=True)
    generate.PROJECTS = PROJECTS  # the generator's one knob for it
    generate.generate_aos_db(path + ".new", n)
    from datetime import UTC, datetime

    from aostime.storage.sqlite import open_store

    store = open_store(path + ".new")
    made = datetime(2026, 11, 24, 23, tzinfo=UTC)
    with store.transaction():
        for project in range(1, PROJECTS + 1):
            values = {"period": "total", "budget_seconds": 100 * 3600, "budget_cents": None, "alert_percent": 80}
            if project % 2 == 0:
                values.update(period="month", budget_seconds=None, budget_cents=500_000)
            store.save_budget(project, None, None, values, made)
    store.close()
    os.replace(path + ".new", path)
    return path


def timed(argv: list[str], env: dict[str, str]) -> float:
    began = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, env=env)
    return time.perf_counter() - began


def in_process(path: str, repeats: int) -> tuple[list[float], list[float], list[float]]:
    """In-process seconds of the use case, of the web app's badges (the use case and a badge per
    budget, as a page gets them) and of the bare queries, the three taken in turn."""
    from aostime.server.web.budget_badges import budget_badges
    from aostime.services import Session
    from aostime.services.budgets import list_budgets
    from aostime.storage.sqlite import open_store

    store = open_store(path)
    session = Session(store)
    con = sqlite3.connect(path)
    use_case, badges, bare = [], [], []
    for _ in range(repeats + 1):
        began = time.perf_counter()
        found = list_budgets(session)
        use_case.append(time.perf_counter() - began)
        began = time.perf_counter()
        shown = budget_badges(session)
        badges.append(time.perf_counter() - began)
        began = time.perf_counter()
        con.execute(
            "SELECT project_id, sum(duration), sum(amount_cents) FROM time_entries GROUP BY project_id"
        ).fetchall()
        con.execute("SELECT project_id, sum(duration), sum(amount_cents) FROM time_entries "
                    "WHERE start_time >= ? AND start_time < ? GROUP BY project_id", MONTH).fetchall()  # fmt: skip
        bare.append(time.perf_counter() - began)
    assert len(found) == len(shown) == PROJECTS
    return use_case[1:], badges[1:], bare[1:]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--out", default=os.path.join(HERE, "results.md"))
    args = parser.parse_args()
    path = ensure_db(args.entries)
    env = dict(os.environ, AOS_DB=path, AOS_NOW=NOW, TZ="UTC", AOS_USER="u01")
    a_argv = [sys.executable, "-m", "aostime", "budget", "--json"]
    b_argv = [sys.executable, "-c", BARE, path]
    doc = json.loads(subprocess.run(a_argv, check=True, capture_output=True, text=True, env=env).stdout)
    assert len(doc["budgets"]) == PROJECTS, len(doc["budgets"])
    timed(b_argv, env)
    walls_a, walls_b = [], []
    for _ in range(args.repeats):
        walls_a.append(timed(a_argv, env))
        walls_b.append(timed(b_argv, env))
    ratios = [a / b for a, b in zip(walls_a, walls_b, strict=True)]
    inside_a, inside_badges, inside_b = in_process(path, args.repeats)
    inside_ratios = [a / b for a, b in zip(inside_a, inside_b, strict=True)]
    badge_ratios = [a / b for a, b in zip(inside_badges, inside_b, strict=True)]

    def span(values: list[float], unit: str = "s") -> str:
        return f"{statistics.median(values):.3f} {unit} ({min(values):.3f}–{max(values):.3f})"

    over = sum(1 for b in doc["budgets"] if b["percent"] >= 100)
    data = (
        f"- Data: bench/generate.py's history, {args.entries:,} entries, with {PROJECTS} projects (5,000 tasks) "
        f"and a budget on each: odd projects 100 h in total, even ones 5,000.00 a month; AOS_NOW={NOW} "
        f"({over} of them at or past 100 %). Python {sys.version.split()[0]}, SQLite {sqlite3.sqlite_version}; "
        f"{os.cpu_count()} CPUs shared with other work, load average {os.getloadavg()[0]:.1f} at the end."
    )
    method = (
        "- A: `aos budget --json` (a whole process); B: `python -c` running the bare SQL of the same figures "
        "(`SELECT project_id, sum(duration), sum(amount_cents) FROM time_entries GROUP BY project_id`, and "
        "the same over the month's rows). In process: `services.budgets.list_budgets`, and the web app's "
        "badges (`server.web.budget_badges.budget_badges`: the use case and a badge per budget, what a page "
        f"showing every project computes), against the two bare queries on one connection. Median (min–max) of {args.repeats} runs after a warm-up; ratio = median "
        "of the per-pair ratios."
    )
    whole = (
        f"| whole processes | {span(walls_a)} | {span(walls_b)} | {statistics.median(ratios):.2f}× "
        f"({min(ratios):.2f}–{max(ratios):.2f}) | ≤ 2× |"
    )
    inside = (
        f"| in process (no start-up) | {span(inside_a)} | {span(inside_b)} | "
        f"{statistics.median(inside_ratios):.2f}× ({min(inside_ratios):.2f}–{max(inside_ratios):.2f}) | ≤ 2× |"
    )
    web = (
        f"| web app's badges, in process | {span(inside_badges)} | {span(inside_b)} | "
        f"{statistics.median(badge_ratios):.2f}× ({min(badge_ratios):.2f}–{max(badge_ratios):.2f}) | ≤ 2× |"
    )
    lines = [
        "## Budgets (`python bench/budgets.py`)",
        "",
        data,
        method,
        "",
        "| measured | A | B | A/B | target |",
        "|---|---|---|---|---|",
        whole,
        inside,
        web,
    ]
    text = "\n".join(lines)
    write_section(args.out, "budgets", text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
