"""The benchmark itself works: `python bench/run.py --quick` generates a 1k database through
the store, times every command against its baseline and writes the table. No timing is
asserted here; the numbers of a smoke run mean nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_quick_benchmark_runs_and_writes_a_table(tmp_path):
    out = tmp_path / "results.md"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--quick", "--out", str(out), "--data", str(tmp_path / "data")],
        capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    table = out.read_text()
    assert "| N | aos command | aos s |" in table
    for command in ("aos status --json", "aos status --quiet", "aos --help", "aos list --json (all)", "aos add"):
        assert f"`{command}" in table, command
    assert "FAILED" not in table, table
    assert "python -c 'import sqlite3'" in table
    assert "Sanity problems" not in table


def test_a_failing_command_is_recorded_not_fatal(tmp_path):
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from harness import Command, Spawner, measure, pair_ratios
    finally:
        sys.path.remove(str(ROOT / "bench"))
    spawner = Spawner({"PATH": "/usr/bin:/bin"}, str(tmp_path))
    try:
        failing = Command("fails", [sys.executable, "-c", "import sys; sys.exit('Error: nope')"])
        fine = Command("fine", [sys.executable, "-c", "pass"])
        ra, rb = measure(spawner, failing, fine, repeats=3, warmup=1)
    finally:
        spawner.close()
    assert ra.failure == "exit 1: Error: nope" and not ra.ok
    assert rb.ok and len(rb.walls) == 3 and rb.peak() > 0
    assert pair_ratios(ra, rb) == []
