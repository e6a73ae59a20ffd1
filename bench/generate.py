"""Deterministic histories for the benchmark: an aostime database (through aostime's own store),
and, for the peers, Watson frames and Timewarrior data files.

aostime database, N entries (seed 7):
  10 clients, 50 projects (5 per client, rates 40-150/h in steps of 5), 10 tasks per project
  (500), 10 users u01..u10. Every user logs 8 entries a day, every day, ending on END_DAY:
  starts at 08:00 UTC, durations 15-90 min (5-min steps), gaps 0-30 min; projects Zipf-like;
  70 % billable; amount = aostime.domain.money.amount_cents(duration, rate) when billable, else 0;
  billable entries older than 60 days are marked invoiced (no invoice row, like
  `aos invoice mark`). Plus one running timer for u01 started at END_DAY 20:00 UTC.
  N = 1,000,000 spans 12,500 days (1992-09-04 .. 2026-11-24).

Peers (seed 42, as PERF-ANCHORS.md's gen_histories.py): one user, 8 entries a day from 08:00
UTC, 12 projects, 0-3 tags; Watson `frames` (+ `state` when tracking) and Timewarrior monthly
`data/YYYY-MM.data` + `tags.data`. Timewarrior refuses years before 1969, so a history that
does not fit before END_DAY starts on 1970-01-05 and runs on (1M entries reach 2312).
"""

from __future__ import annotations

import json
import os
import random
import shutil
from bisect import bisect
from datetime import UTC, date, datetime, timedelta
from itertools import accumulate

GEN_VERSION = 2  # 2: migration 2 has the time_entries_report index
END_DAY = date(2026, 11, 24)
USERS, PER_DAY, CLIENTS, PROJECTS, TASKS_PER_PROJECT = 10, 8, 10, 50, 10
ENTRY_COLUMNS = (
    "project_id", "task_id", "user_id", "start_time", "end_time", "duration", "description", "notes",
    "billable", "hourly_rate_cents", "amount_cents", "invoiced", "created_at", "updated_at",
)  # fmt: skip
DESCRIPTIONS = (
    "Homepage concepts", "Code review", "Client call", "Bug triage", "Sprint planning", "Design mockups",
    "API integration", "Copywriting", "Deploy", "Research", "Email", "Testing", "Refactoring", "Docs",
)  # fmt: skip


def aos_db_path(data_dir: str, n: int) -> str:
    from aostime.storage.sqlite.migrations import LATEST

    # a newer schema means a new file: the bench must never time a migration (or leave its backup)
    return os.path.join(data_dir, f"aos-{n}-g{GEN_VERSION}-s{LATEST}.db")


def ensure_aos_db(data_dir: str, n: int, log=print) -> str:
    """The cached database for N entries, generated first if missing."""
    path = aos_db_path(data_dir, n)
    if not os.path.exists(path):
        os.makedirs(data_dir, exist_ok=True)
        log(f"generating {path} ({n:,} entries) ...")
        generate_aos_db(path, n)
    return path


def generate_aos_db(path: str, n: int, seed: int = 7) -> None:
    from aostime.domain.money import amount_cents
    from aostime.storage.sqlite import open_store

    tmp = path + ".tmp"
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(tmp + suffix):
            os.remove(tmp + suffix)
    rng = random.Random(seed)
    made_at = datetime(END_DAY.year, END_DAY.month, END_DAY.day, 23, 0, tzinfo=UTC)
    store = open_store(tmp)
    rate_of = {p: rng.randrange(40, 151, 5) * 100 for p in range(1, PROJECTS + 1)}
    with store.transaction():
        for c in range(1, CLIENTS + 1):
            store.insert_record("client", {"name": f"Client {c:02d}", "currency": "USD"}, made_at)
        for p in range(1, PROJECTS + 1):
            client_id = (p - 1) % CLIENTS + 1
            values = {"client_id": client_id, "name": f"Project {p:02d}", "hourly_rate_cents": rate_of[p]}
            store.insert_record("project", values, made_at)
            for t in range(1, TASKS_PER_PROJECT + 1):
                store.insert_record("task", {"project_id": p, "name": f"Task {t:02d}"}, made_at)
        for u in range(1, USERS + 1):
            store.insert_record("user", {"name": f"u{u:02d}"}, made_at)
    cum = list(accumulate(1 / i for i in range(1, PROJECTS + 1)))
    total_weight = cum[-1]

    def rows():
        days = -(-n // (USERS * PER_DAY))
        day = END_DAY - timedelta(days=days - 1)
        made = 0
        while made < n:
            base = datetime(day.year, day.month, day.day, 8, tzinfo=UTC)
            old = (END_DAY - day).days > 60
            for user in range(1, USERS + 1):
                t = base
                for _ in range(PER_DAY):
                    if made >= n:
                        return
                    seconds = rng.randrange(15, 91, 5) * 60
                    project = bisect(cum, rng.random() * total_weight) + 1
                    task = (project - 1) * TASKS_PER_PROJECT + rng.randrange(TASKS_PER_PROJECT) + 1
                    billable = rng.random() < 0.7
                    end = t + timedelta(seconds=seconds)
                    rate = rate_of[project]
                    stamp_end = end.strftime("%Y-%m-%d %H:%M:%S")
                    yield (
                        project, task, user, t.strftime("%Y-%m-%d %H:%M:%S"), stamp_end, seconds,
                        DESCRIPTIONS[rng.randrange(len(DESCRIPTIONS))], "", int(billable), rate,
                        amount_cents(seconds, rate) if billable else 0, int(old and billable), stamp_end, stamp_end,
                    )  # fmt: skip
                    made += 1
                    t = end + timedelta(minutes=rng.randrange(0, 31, 5))
            day += timedelta(days=1)

    with store.transaction():
        inserted = store.insert_entries_many(ENTRY_COLUMNS, rows())
        running_start = datetime(END_DAY.year, END_DAY.month, END_DAY.day, 20, tzinfo=UTC)
        store.insert_entry(
            {"project_id": 1, "task_id": 1, "user_id": 1, "start_time": running_start.strftime("%Y-%m-%d %H:%M:%S"),
             "description": "Benchmark timer", "billable": 1, "hourly_rate_cents": rate_of[1]},
            made_at,
        )  # fmt: skip
    assert inserted == n, (inserted, n)
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    os.replace(tmp, path)


# -- peers ------------------------------------------------------------------------------------

PEER_PROJECTS = ["acme-web", "acme-api", "internal", "billing", "mobile-app", "research",
                 "support", "ops", "docs", "hiring", "sales-demo", "oss"]  # fmt: skip
PEER_TAGS = ["meeting", "review", "bugfix", "feature", "planning", "email", "call", "deploy", "design",
             "testing", "refactor", "ci", "oncall", "writing", "pairing", "infra", "ux", "security",
             "perf", "admin"]  # fmt: skip
FLOOR_DAY = date(1970, 1, 5)
EPOCH = date(1970, 1, 1)


def peer_dir(data_dir: str, n: int, tracking: bool, watson: bool = True) -> str:
    kind = ("-tracking" if tracking else "") + ("" if watson else "-timew")
    return os.path.join(data_dir, f"peers-{n}{kind}-g{GEN_VERSION}")


def ensure_peer_history(data_dir: str, n: int, tracking: bool, watson: bool = True, log=print) -> str:
    """OUT/watson (WATSON_DIR, unless watson=False) and OUT/timew (TIMEWARRIORDB) for N entries,
    generated if missing."""
    out = peer_dir(data_dir, n, tracking, watson)
    if not os.path.exists(os.path.join(out, "expected.json")):
        log(f"generating Watson and Timewarrior histories in {out} ({n:,} entries) ...")
        tmp = out + ".tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        generate_peer_history(tmp, n, tracking, watson=watson)
        shutil.rmtree(out, ignore_errors=True)
        os.replace(tmp, out)
    return out


def _tw(ts: int) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y%m%dT%H%M%SZ")


def generate_peer_history(out: str, n: int, tracking: bool, seed: int = 42, watson: bool = True) -> None:
    rng = random.Random(seed)
    weights = [1 / (i + 1) for i in range(len(PEER_PROJECTS))]
    ndays = -(-n // PER_DAY)
    first = max(END_DAY - timedelta(days=ndays - 1), FLOOR_DAY)
    os.makedirs(f"{out}/watson")
    os.makedirs(f"{out}/timew/data")
    open(f"{out}/timew/timewarrior.cfg", "w").close()
    frames, months, tag_counts = [], {}, {}
    total = made = 0
    day, last_end = first, 0
    while made < n:
        t = (day - EPOCH).days * 86400 + 8 * 3600
        for _ in range(PER_DAY):
            if made >= n:
                break
            seconds = rng.randrange(15, 91, 5) * 60
            project = rng.choices(PEER_PROJECTS, weights)[0]
            tags = rng.sample(PEER_TAGS, rng.choice((0, 1, 1, 2, 2, 3)))
            start, end = t, t + seconds
            uid = f"{rng.getrandbits(128):032x}"
            if watson:
                frames.append([start, end, project, uid, tags, end])
            months.setdefault(day.strftime("%Y-%m"), []).append(
                f"inc {_tw(start)} - {_tw(end)} # {' '.join([project, *tags])}\n"
            )
            for tag in [project, *tags]:
                tag_counts[tag] = tag_counts.get(tag, 0) + 1
            total += seconds
            made += 1
            last_end = end
            t = end + rng.randrange(0, 31, 5) * 60
        day += timedelta(days=1)
    if tracking:
        start = last_end + 3600
        with open(f"{out}/watson/state", "w") as f:
            json.dump({"project": "acme-web", "start": start, "tags": ["feature"]}, f)
        key = datetime.fromtimestamp(start, UTC).strftime("%Y-%m")
        months.setdefault(key, []).append(f"inc {_tw(start)} # acme-web feature\n")
        for tag in ("acme-web", "feature"):
            tag_counts[tag] = tag_counts.get(tag, 0) + 1
    if watson:
        with open(f"{out}/watson/frames", "w") as f:
            f.write(json.dumps(frames, indent=1, ensure_ascii=False))
    for key, lines in months.items():
        with open(f"{out}/timew/data/{key}.data", "w") as f:
            f.writelines(lines)
    with open(f"{out}/timew/data/tags.data", "w") as f:
        f.write("{\n" + ",\n".join(f'  "{k}":{{"count":{v}}}' for k, v in sorted(tag_counts.items())) + "\n}")
    with open(f"{out}/expected.json", "w") as f:
        json.dump({"n": made, "total_seconds": total, "first_day": first.isoformat(), "tracking": tracking}, f)
