"""Does `aos invoice create -c CLIENT --dry-run` grow linearly with the unbilled entries?

    python bench/invoice_create.py                                # 10,000, 100,000 and 200,000 entries
    python bench/invoice_create.py --sizes 2000,5000 --repeats 1  # a smoke test

For each size N a database is generated through aostime's own store (cached in bench/data/,
named by N, generator and schema version; regenerated when missing): one client "Acme" (USD),
4 projects (60-120/h), one user "bench", and N finished, billable, uninvoiced entries, back to
back, 15-90 min (5-min steps, seed 11), the last ending 2026-11-24 00:00 UTC. Whole `aos`
processes (`python -m aostime`, start-up included) are timed alternately A B A B after one
untimed warm-up of each: A = `aos invoice create -c Acme --dry-run --json`, B = `aos list -c
Acme --json` (streams the same N rows). `--group-by project` is timed once. Every run must exit
0, and each dry run must put all N entries on its lines. Prints a Markdown table (medians,
invoice/list = median of pairwise ratios, seconds per 1,000 entries), also written to
bench/invoice_create.md. Timing is reported, never asserted. Standard library + aostime only.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from generate import ENTRY_COLUMNS

GEN_VERSION = 1
END = datetime(2026, 11, 24, tzinfo=UTC)
PROJECTS = (("Website", 9000), ("Mobile app", 12000), ("Support", 6000), ("Hosting", 7500))
INVOICE = ("invoice", "create", "-c", "Acme", "--dry-run", "--json")
LIST = ("list", "-c", "Acme", "--json")


def db_path(n: int) -> str:
    from aostime.storage.sqlite.migrations import LATEST

    return os.path.join(HERE, "data", f"invoice-{n}-g{GEN_VERSION}-s{LATEST}.db")


def generate_db(path: str, n: int, seed: int = 11) -> None:
    from aostime.domain.money import amount_cents
    from aostime.storage.sqlite import open_store

    tmp = path + ".tmp"
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(tmp + suffix):
            os.remove(tmp + suffix)
    rng = random.Random(seed)
    lengths = [rng.randrange(15, 91, 5) * 60 for _ in range(n)]
    picks = [rng.randrange(len(PROJECTS)) for _ in range(n)]
    store = open_store(tmp)
    with store.transaction():
        client = store.insert_record("client", {"name": "Acme", "currency": "USD"}, END)
        ids = [store.insert_record("project", {"client_id": client, "name": name, "hourly_rate_cents": rate}, END)
               for name, rate in PROJECTS]  # fmt: skip
        user = store.insert_record("user", {"name": "bench"}, END)

    def rows():
        t = END - timedelta(seconds=sum(lengths))
        for i, (seconds, pick) in enumerate(zip(lengths, picks, strict=True)):
            end = t + timedelta(seconds=seconds)
            rate, stamp_end = PROJECTS[pick][1], end.strftime("%Y-%m-%d %H:%M:%S")
            yield (ids[pick], None, user, t.strftime("%Y-%m-%d %H:%M:%S"), stamp_end, seconds, f"Work item {i % 97}",
                   "", 1, rate, amount_cents(seconds, rate), 0, stamp_end, stamp_end)  # fmt: skip
            t = end

    with store.transaction():
        inserted = store.insert_entries_many(ENTRY_COLUMNS, rows())
    assert inserted == n, (inserted, n)
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    os.replace(tmp, path)


def ensure_db(n: int) -> str:
    path = db_path(n)
    if not os.path.exists(path):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        print(f"generating {path} ({n:,} entries) ...", file=sys.stderr)
        generate_db(path, n)
    return path


def run(args: tuple[str, ...], env: dict, n: int) -> float:
    """Seconds for one whole `aos ARGS` process; exits non-zero or a short invoice are fatal."""
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "aostime", *args], capture_output=True, text=True, env=env,
                          check=False)  # fmt: skip
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"aos {' '.join(args)} failed ({proc.returncode}): {proc.stderr.strip()[-500:]}")
    if args[0] == "invoice":
        count = sum(len(line["entry_ids"]) for line in json.loads(proc.stdout)["lines"])
        if count != n:
            raise SystemExit(f"aos {' '.join(args)}: {count} entries on the lines, expected {n}")
    return elapsed


def measure(n: int, repeats: int) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AOS_") and k != "PYTHONDONTWRITEBYTECODE"}
    env.update(AOS_DB=ensure_db(n), AOS_USER="bench", TZ="UTC", NO_COLOR="1")
    run(INVOICE, env, n), run(LIST, env, n)  # warm-up (page cache, bytecode), untimed
    invoice, listing = [], []
    for _ in range(repeats):
        invoice.append(run(INVOICE, env, n))
        listing.append(run(LIST, env, n))
    return {
        "n": n,
        "invoice": statistics.median(invoice),
        "group": run((*INVOICE, "--group-by", "project"), env, n),
        "list": statistics.median(listing),
        "ratio": statistics.median(a / b for a, b in zip(invoice, listing, strict=True)),
    }


def table(results: list[dict], repeats: int) -> str:
    lines = [
        f"| N | invoice create --dry-run s (median of {repeats}) | --group-by project s (1 run) | list s"
        + " | invoice/list | invoice s per 1,000 | list s per 1,000 |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in results:
        k = r["n"] / 1000
        lines.append(f"| {r['n']:,} | {r['invoice']:.3f} | {r['group']:.3f} | {r['list']:.3f} | {r['ratio']:.2f}x "
                     f"| {r['invoice'] / k:.4f} | {r['list'] / k:.4f} |")  # fmt: skip
    first, last = results[0], results[-1]
    growth = (last["invoice"] / last["n"]) / (first["invoice"] / first["n"])
    verdict = "stayed within 2x" if growth <= 2 else "did NOT stay within 2x: worse than linear"
    lines += ["", (f"Time per entry of `aos invoice create --dry-run` from {first['n']:,} to {last['n']:,} entries: "
                   f"x{growth:.2f} ({verdict}; start-up is included, so small sizes cost more per entry).")]  # fmt: skip
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,200000", help="comma-separated entry counts")
    parser.add_argument("--repeats", type=int, default=3, help="timed A B pairs per size")
    opts = parser.parse_args()
    sizes = sorted(int(s) for s in opts.sizes.split(",") if s.strip())
    results = []
    for n in sizes:
        results.append(measure(n, max(1, opts.repeats)))
        print(f"N={n:,}: invoice {results[-1]['invoice']:.3f} s, list {results[-1]['list']:.3f} s", file=sys.stderr)
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    text = table(results, max(1, opts.repeats))
    with open(os.path.join(HERE, "invoice_create.md"), "w", encoding="utf-8") as f:
        f.write(f"# aos invoice create --dry-run vs unbilled entries\n\n- {stamp}; `python bench/invoice_create.py "
                f"--sizes {','.join(map(str, sizes))} --repeats {opts.repeats}`; Python {sys.version.split()[0]}\n"
                f"- A B alternate after one warm-up each; ratio = median of pairwise A/B ratios.\n\n{text}\n")  # fmt: skip
    print(text)


if __name__ == "__main__":
    main()
