"""A small mutation run over the money, rate, invoicing, timer, overlap and report rules: each
mutant changes one rule on purpose, the tests that pin those rules run, and a mutant they do not
notice is a rule nothing checks.

    .venv/bin/python tools/mutate.py            # every mutant (a few minutes)
    .venv/bin/python tools/mutate.py --list     # what the mutants are

Each mutant replaces one exact piece of source (it must occur once), runs TESTS with -x, and is
"killed" when they fail; the file is restored whatever happens. Prints one line per mutant and
the share killed; exits 1 below 90 %. Survivors that are equivalent (no test can tell) are
listed in EQUIVALENT with the reason.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "aostime"
TESTS = [
    "tests/domain", "tests/storage", "tests/cli/test_money_rules.py", "tests/cli/test_currencies.py",
    "tests/cli/test_invoice_links.py", "tests/cli/test_billing.py", "tests/cli/test_reports.py",
    "tests/cli/test_entries.py", "tests/cli/test_timer.py", "tests/cli/test_timer_guards.py",
]  # fmt: skip

# (file under src/aostime, what the source says, what the mutant says)
MUTANTS: list[tuple[str, str, str]] = [
    ("domain/money.py", "(seconds * rate_cents * 2 + 3600) // 7200", "(seconds * rate_cents) // 3600"),
    ("domain/money.py", "(seconds * rate_cents * 2 + 3600) // 7200", "(seconds * rate_cents * 2 + 3599) // 7200"),
    ("domain/money.py", "return amount_cents(seconds, rate_cents) if billable else 0", "return amount_cents(seconds, rate_cents)"),
    ("domain/money.py", "quantize(CENT, rounding=ROUND_HALF_UP)", "quantize(CENT)"),
    ("domain/money.py", "quantize(Decimal(1), rounding=ROUND_HALF_UP)", "quantize(Decimal(1))"),
    ("domain/rates.py", 'RATE_ORDER = ("task", "project", "client", "user")', 'RATE_ORDER = ("project", "task", "client", "user")'),
    ("domain/rates.py", 'RATE_ORDER = ("task", "project", "client", "user")', 'RATE_ORDER = ("task", "client", "project", "user")'),
    ("domain/rates.py", 'RATE_ORDER = ("task", "project", "client", "user")', 'RATE_ORDER = ("task", "project", "user", "client")'),
    ("domain/rates.py", "    if explicit_cents is not None:\n        return explicit_cents", "    if False:\n        pass"),
    ("domain/rates.py", "        return bool(chain[\"task_billable\"])", "        return True"),
    ("domain/rates.py", "    return True\n", "    return False\n"),
    ("domain/invoicing.py", 'if mode == "up" or (mode == "nearest" and rest * 2 >= step):',
     'if mode == "up" or (mode == "nearest" and rest * 2 > step):'),
    ("domain/invoicing.py", "return subtotal, tax, subtotal + tax", "return subtotal, tax, subtotal"),
    ("domain/invoicing.py", "        group.entry_ids.append(entry.id)\n", "        pass\n"),
    ("domain/timer.py", "    if start > now + FUTURE_TOLERANCE:", "    if start > now + FUTURE_TOLERANCE * 100:"),
    ("domain/timer.py", "    if end > now + FUTURE_TOLERANCE:", "    if False:"),
    ("domain/timer.py", "    if seconds <= 0:", "    if seconds < 0:"),
    ("domain/timer.py", "if force or seconds <= Decimal(limit_hours) * 3600:", "if force or seconds <= Decimal(limit_hours) * 3600 * 2:"),
    ("domain/timer.py", "    if end == entry.start:", "    if False:"),
    ("storage/sql/entries.py", "AND start_time >= :day_before AND start_time < :end AND end_time > :start",
     "AND start_time >= :start AND start_time < :end AND end_time > :start"),
    ("storage/sql/entries.py", "AND duration > {self.LONG_ENTRY_SECONDS} AND start_time < :end AND end_time > :start",
     "AND duration > {self.LONG_ENTRY_SECONDS} AND start_time < :start AND end_time > :start"),
    ("storage/sql/entries.py", "WHERE user_id = :user AND end_time IS NULL AND start_time < :end",
     "WHERE user_id = :user AND end_time IS NULL AND start_time < :start"),
    ("storage/sql/reports.py", "            if billable:\n", "            if True:\n"),
    ("storage/sql/reports.py", "                if not invoiced:\n", "                if True:\n"),
    ("storage/sql/reports.py", '* e.hourly_rate_cents * 2 + 3600) / 7200 * e.billable"', '* e.hourly_rate_cents) / 3600 * e.billable"'),
    ("storage/sql/reports.py", '* e.hourly_rate_cents * 2 + 3600) / 7200 * e.billable"', '* e.hourly_rate_cents * 2 + 3600) / 7200"'),
    ("domain/currencies.py", "return len(self.by_currency) > 1", "return False"),
    ("domain/reports.py", "first = today - timedelta(days=(today.weekday() - week_start) % 7)",
     "first = today - timedelta(days=today.weekday())"),
    ("domain/reports.py", "            first -= timedelta(days=7)", "            first -= timedelta(days=6)"),
    ("domain/timer.py", "return entry_amount_cents(elapsed(entry, now), entry.hourly_rate_cents, entry.billable)",
     "return entry_amount_cents(elapsed(entry, now), entry.hourly_rate_cents, True)"),
]  # fmt: skip

EQUIVALENT: dict[int, str] = {
    21: "the long-entry branch of the overlap check only adds entries that start more than a day before "
    "the range (the first branch finds the others), and those start before :start as well as before :end",
}


def run_tests() -> bool:
    """True when the tests pass (the mutant survived)."""
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", *TESTS],
                          cwd=ROOT, capture_output=True, text=True, timeout=900, check=False)  # fmt: skip
    return proc.returncode == 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--list", action="store_true", help="print the mutants and stop")
    parser.add_argument("--only", help="comma-separated mutant numbers (default: all)")
    args = parser.parse_args(argv)
    for i, (path, old, _new) in enumerate(MUTANTS, 1):  # a stale mutant fails before anything runs
        count = (SRC / path).read_text(encoding="utf-8").count(old)
        if count != 1:
            raise SystemExit(f"mutant {i}: {old!r} occurs {count} times in {path}")
    chosen = {int(n) for n in args.only.split(",")} if args.only else set(range(1, len(MUTANTS) + 1))
    if args.list:
        for i, (path, old, new) in enumerate(MUTANTS, 1):
            print(f"{i:2}. {path}: {old.strip()!r} -> {new.strip()!r}")
        return 0
    killed = 0
    survivors = []
    for i, (path, old, new) in enumerate(MUTANTS, 1):
        if i not in chosen:
            continue
        file = SRC / path
        original = file.read_text(encoding="utf-8")
        started = time.monotonic()
        try:
            file.write_text(original.replace(old, new), encoding="utf-8")
            survived = run_tests()
        finally:
            file.write_text(original, encoding="utf-8")
        killed += not survived
        if survived:
            survivors.append(i)
        verdict = "SURVIVED" if survived else "killed"
        print(f"{i:2}. {verdict:8} {time.monotonic() - started:5.1f}s {path}: {new.strip()[:70]!r}", flush=True)
    share = killed / len(chosen)
    print(f"{killed} of {len(chosen)} mutants killed ({share:.0%})")
    for i in survivors:
        print(f"  survivor {i}: {EQUIVALENT.get(i, 'not known to be equivalent')}")
    return 0 if share >= 0.9 else 1


if __name__ == "__main__":
    sys.exit(main())
