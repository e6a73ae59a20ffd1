"""Time and peak memory of `aos import csv` for a large Toggl Track export, as whole processes.

    python bench/import_csv.py [N ...]      # default: 100000 1000000

Writes N rows of a Toggl detailed export (the real header, 5 users, 3 clients, 20 projects, 0-2
tags, 5 to 120 minutes each, back to back per user from 2020-01-01) to a temporary file, then
runs, each in a fresh process: the baseline (Python's csv module reading every row: the least
any CSV import must do) and `aos import csv` into a fresh database. Prints seconds and peak RSS
of both and the ratio; writes the table into bench/results.md (section "import-csv").
"""

from __future__ import annotations

import csv
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

HEADER = ["User", "Email", "Client", "Project", "Task", "Description", "Billable", "Start date", "Start time",
          "End date", "End time", "Duration", "Tags", "Amount (USD)"]  # fmt: skip
BASELINE = "import csv, sys\nn = sum(1 for _ in csv.reader(open(sys.argv[1], newline='', encoding='utf-8-sig')))\n"


def write_export(path: Path, count: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    users = [(f"User {i}", f"user{i}@example.com") for i in range(5)]
    clients = ["Acme Corp", "Globex", "Initech"]
    projects = [(clients[i % 3], f"Project {i}") for i in range(20)]
    tags = ["design", "review", "meeting", "backend", "ops"]
    clock = {user: datetime(2020, 1, 1, 8, tzinfo=UTC) for user, _ in users}
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(HEADER)
        for n in range(count):
            user, email = users[n % len(users)]
            start = clock[user] + timedelta(minutes=rng.randint(0, 30))
            end = start + timedelta(minutes=rng.randint(5, 120))
            clock[user] = end
            client, project = rng.choice(projects)
            seconds = int((end - start).total_seconds())
            writer.writerow([user, email, client, project, "", f"Work item {n}", "Yes", start.strftime("%Y-%m-%d"),
                             start.strftime("%H:%M:%S"), end.strftime("%Y-%m-%d"), end.strftime("%H:%M:%S"),
                             f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}",
                             ", ".join(rng.sample(tags, rng.randint(0, 2))), f"{seconds * 100 // 3600 / 100:.2f}"])  # fmt: skip


def measured(argv: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """(seconds, peak RSS in MiB, stdout) of one process, started from a small forking helper so
    that this script's own memory does not count (see harness.py)."""
    helper = ("import json, os, resource, subprocess, sys, time\n"
              "argv, env = json.loads(sys.argv[1]), json.loads(sys.argv[2])\n"
              "t = time.perf_counter(); p = subprocess.run(argv, env=env, capture_output=True, text=True)\n"
              "print(json.dumps([time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,"
              " p.returncode, p.stdout, p.stderr]))\n")  # fmt: skip
    out = subprocess.run([sys.executable, "-S", "-c", helper, json.dumps(argv), json.dumps(env)], capture_output=True,
                         text=True, check=True)  # fmt: skip
    seconds, rss_kib, code, stdout, stderr = json.loads(out.stdout)
    if code != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({code}): {stderr.strip()[-500:]}")
    return seconds, rss_kib / 1024, stdout


def run(count: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        export = Path(tmp) / "toggl.csv"
        write_export(export, count)
        env = dict(os.environ, AOS_DB=str(Path(tmp) / "bench.db"), AOS_USER="bench", TZ="UTC", NO_COLOR="1")
        base_s, base_rss, _ = measured([sys.executable, "-c", BASELINE, str(export)], env)
        aos_s, aos_rss, out = measured([sys.executable, "-m", "aostime", "import", "csv", str(export), "--json"], env)
        created = json.loads(out)["entries"]["created"]
        if created != count:
            raise SystemExit(f"expected {count} entries, aos created {created}")
        return {"rows": count, "mib": export.stat().st_size / 2**20, "base_s": base_s, "base_rss": base_rss,
                "aos_s": aos_s, "aos_rss": aos_rss}  # fmt: skip


def main(counts: list[int]) -> None:
    rows = []
    for count in counts:
        r = run(count)
        rows.append(r)
        print(f"{r['rows']:>9} rows ({r['mib']:.0f} MiB): baseline {r['base_s']:.2f} s {r['base_rss']:.0f} MiB; "
              f"aos import csv {r['aos_s']:.2f} s ({r['aos_s'] / r['base_s']:.1f}x) {r['aos_rss']:.0f} MiB")  # fmt: skip
    table = ["| rows | file | baseline (csv module) | `aos import csv` | ratio | peak RSS (baseline / aos) |",
             "|---:|---:|---:|---:|---:|---:|"]  # fmt: skip
    for r in rows:
        table.append(f"| {r['rows']:,} | {r['mib']:.0f} MiB | {r['base_s']:.2f} s | {r['aos_s']:.2f} s | "
                     f"{r['aos_s'] / r['base_s']:.1f}x | {r['base_rss']:.0f} / {r['aos_rss']:.0f} MiB |")  # fmt: skip
    from harness import write_section

    text = ("### `aos import csv` (Toggl detailed export, `python bench/import_csv.py`, "
            f"{time.strftime('%Y-%m-%d')})\n\n" + "\n".join(table))  # fmt: skip
    write_section(str(Path(__file__).resolve().parent / "results.md"), "import-csv", text)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [100_000, 1_000_000])
