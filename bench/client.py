"""The team client's start-up: `aos status --quiet` (a shell prompt's question), `aos start` and
`aos stop` against a real `aos serve` on loopback, next to the same question on the local
database — each against `python -c "import sqlite3"` in the same run (target: at most 3x).

    python bench/client.py [--repeats N]

A throwaway database with one running timer, a member's token, one server on a free port; the
commands alternate with their baseline through bench/harness.py (fresh processes, medians and
per-pair ratios). Writes the "client" section of bench/results.md. Reported, never asserted.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Command, Spawner, measure, pair_ratios, write_section

HERE = os.path.dirname(os.path.abspath(__file__))
PY = sys.executable


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def aos(env: dict[str, str], *args: str) -> str:
    return subprocess.run([PY, "-m", "aostime", *args], env=env, capture_output=True, text=True, check=True).stdout


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeats", type=int, default=15)
    ap.add_argument("--out", default=os.path.join(HERE, "results.md"))
    a = ap.parse_args(argv)
    work = tempfile.mkdtemp(prefix="aos-bench-client-")
    base = {
        k: v for k, v in os.environ.items() if k not in ("AOS_DB", "AOS_SERVER", "AOS_TOKEN", "PYTHONDONTWRITEBYTECODE")
    }
    base.update(
        TZ="UTC", HOME=work, XDG_CONFIG_HOME=os.path.join(work, "config"), XDG_DATA_HOME=os.path.join(work, "data")
    )
    local = dict(base, AOS_DB=os.path.join(work, "team.db"), AOS_USER="ann")
    aos(local, "client", "add", "Acme Corp", "--rate", "100")
    aos(local, "project", "add", "Site", "-c", "Acme Corp")
    aos(local, "start", "-p", "Site")
    token = aos(local, "token", "create", "--user", "ann").splitlines()[-1]
    port = free_port()
    log = open(os.path.join(work, "serve.log"), "wb")  # noqa: SIM115 - closed in finally
    server = subprocess.Popen([PY, "-m", "aostime", "serve", "--port", str(port), "--no-access-log"], env=local,
                              stdout=log, stderr=subprocess.STDOUT)  # fmt: skip
    spawner = Spawner(base, os.path.join(work, "scratch"))
    lines = []
    try:
        for _ in range(100):  # up to 10 s for the server to listen
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                time.sleep(0.1)
        baseline = Command("import sqlite3", [PY, "-c", "import sqlite3"])
        remote = {"AOS_SERVER": f"http://127.0.0.1:{port}", "AOS_TOKEN": token}
        kept = os.path.join(base["XDG_DATA_HOME"], "aostime", "team-status.json")  # remote.prompt's answer
        forget = [PY, "-c", f"import os; os.path.exists({kept!r}) and os.remove({kept!r})"]
        cases = [
            ("`aos status --quiet`, local database", Command("local", [PY, "-m", "aostime", "status", "--quiet"],
                                                            env={"AOS_DB": local["AOS_DB"], "AOS_USER": "ann"})),
            ("`aos status --quiet`, team server on loopback (asks it)",
             Command("remote", [PY, "-m", "aostime", "status", "--quiet"], env=remote, before=forget)),
            ("`aos status --quiet`, team server, asked again within 5 s (remote.prompt)",
             Command("cached", [PY, "-m", "aostime", "status", "--quiet"], env=remote,
                     before=[PY, "-m", "aostime", "status", "--quiet"])),
            ("`aos start -p Site`, team server (after an untimed cancel)",
             Command("start", [PY, "-m", "aostime", "start", "-p", "Site"], env=remote,
                     before=["sh", "-c", f"{PY} -m aostime cancel >/dev/null 2>&1; exit 0"])),
            ("`aos stop`, team server (after an untimed start 5 minutes back)",
             Command("stop", [PY, "-m", "aostime", "stop"], env=remote,
                     before=["sh", "-c", (f"{PY} -m aostime cancel >/dev/null 2>&1; "
                                         f"{PY} -m aostime start -p Site --at -5m >/dev/null")])),
            ("`python -c 'import httpx'` (no longer imported by these commands)",
             Command("httpx", [PY, "-c", "import httpx"])),
        ]  # fmt: skip
        for label, command in cases:
            ra, rb = measure(spawner, command, baseline, a.repeats, warmup=1)
            ratios = sorted(pair_ratios(ra, rb))
            lines.append(f"| {label} | {ra.median() * 1000:.0f} ms | {ra.peak():.1f} | {rb.median() * 1000:.0f} ms | "
                         f"{ratios[len(ratios) // 2]:.2f}× ({ratios[0]:.2f}–{ratios[-1]:.2f}) |")  # fmt: skip
    finally:
        spawner.close()
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
    text = "\n".join([
        "## The team client (`aos login`)",
        "",
        (f"- Date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; `python bench/client.py`; {a.repeats} "
         "alternating runs each; the server on the same machine (one worker, SQLite)"),
        "",
        "| command | median | peak MiB | `import sqlite3` median | ratio (per pair) |",
        "|---|---|---|---|---|",
        *lines,
    ])  # fmt: skip
    write_section(a.out, "client", text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
