"""How long `aos import watson` takes for 100,000 frames, as a whole process (start-up included).

    python bench/import_watson.py [N]

Generates N frames (default 100,000) deterministically in a temporary Watson directory (20
projects, 0-3 tags from 8, 5 to 120 minutes each, back to back from 2020-01-01 UTC), imports them
into a fresh temporary database with the installed aostime (`python -m aostime`, the same Python
as this script), checks the count, and prints the seconds on the last line. The target is well
under 3.8 s for 100,000 frames. `import_seconds(n)` is the same thing for a bench suite.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

START = 1_577_836_800  # 2020-01-01T00:00:00Z


def write_frames(directory: Path, count: int, seed: int = 42) -> None:
    rng = random.Random(seed)
    projects = [f"Project {chr(65 + i % 26)}{i}" for i in range(20)]
    tags = ["design", "review", "meeting", "backend", "frontend", "ops", "support", "urgent"]
    frames, moment = [], START
    for i in range(count):
        length = rng.randint(5, 120) * 60
        frames.append([moment, moment + length, rng.choice(projects), f"{i:032x}",
                       rng.sample(tags, rng.randint(0, 3)), moment + length])  # fmt: skip
        moment += length + rng.randint(0, 30) * 60
    (directory / "frames").write_text(json.dumps(frames, indent=1), encoding="utf-8")


def import_seconds(count: int = 100_000) -> float:
    """Seconds for one `aos import watson` process over `count` fresh frames."""
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        watson_dir = tmp_path / "watson"
        watson_dir.mkdir()
        write_frames(watson_dir, count)
        env = dict(os.environ, AOS_DB=str(tmp_path / "bench.db"), AOS_USER="bench", TZ="UTC", NO_COLOR="1")
        started = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "aostime", "import", "watson", str(watson_dir), "--json"],
                              capture_output=True, text=True, env=env, check=False)  # fmt: skip
        elapsed = time.perf_counter() - started
        if proc.returncode != 0:
            raise SystemExit(f"aos import watson failed ({proc.returncode}): {proc.stderr.strip()}")
        created = json.loads(proc.stdout)["entries"]["created"]
        if created != count:
            raise SystemExit(f"expected {count} entries, aos created {created}")
        return elapsed


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    seconds = import_seconds(n)
    print(f"aos import watson: {n} frames in {seconds:.2f} s")
    print(f"{seconds:.3f}")
