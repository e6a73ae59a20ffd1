"""aostime benchmark: whole `aos` processes against baselines timed in the same run.

    python bench/run.py            # 1k, 100k and 1M entries, with Watson and Timewarrior (minutes)
    python bench/run.py --quick    # 1k entries, few repeats, no peers: a smoke test (CI)

Run it with the Python that has aostime installed (e.g. .venv/bin/python bench/run.py). It
generates deterministic databases through aostime's own store (cached in bench/data/), times
each aos command and its baseline alternately (A B A B ...), and writes a table of medians,
min-max, pairwise ratios (median of per-pair A/B ratios) and peak RSS to bench/results.md.

Two configurations of aos. Most rows give it AOS_DB=<generated file> and AOS_USER=u01. The
status rows and the rows compared with Watson run it in its default configuration instead, as
a user who just installed it: no AOS_DB, AOS_USER or XDG_DATA_HOME; HOME=bench/data/home-N, whose
~/.local/share/aostime/aostime.db is a symlink to the generated database (a fresh copy for a row
that writes); the user u01 comes from the login name (LOGNAME=USER=u01).

Watson rows (start, stop, add, list/log and report against the same commands of Watson) run
Watson on a history of the same size, N frames (bench/generate.py), at N <= 100,000 only: Watson
reads and rewrites one JSON file of every frame, far too slow at 1M. Rows that write run on
fresh copies (database, Watson directory), never on the cached data; untimed steps before and
after each run put both sides into the same state (a timer running for stop, none for start).

Peers: Watson is installed into bench/.venvs/watson with pip on first use; Timewarrior is
used when `timew` is on PATH (apt-get install timewarrior). A failing command is recorded in
the table, never fatal. Timing is reported, never asserted. Standard library + aostime only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shlex
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import generate
from harness import Command, Runs, Spawner, measure, pair_ratios, probe, write_section

PY = sys.executable
IMPORT_SQLITE = "python -c 'import sqlite3'"
GROUP_BY = "SELECT project_id, sum(duration), sum(amount_cents) FROM time_entries GROUP BY project_id"
MONTH = ("2026-10-01", "2026-10-31")  # 31 days x 80 entries = 2,480 entries at 100k and 1M
FULL_SIZES = (1_000, 100_000, 1_000_000)
WATSON_MAX_N = 100_000  # Watson loads (and on a write rewrites) one JSON file of every frame
WATSON_SPAN = ("1991-06-03 09:00", "1991-06-03 09:30")  # before every generated history: no clash
# The default configuration: aos finds its database under HOME and its user in the login name.
DEFAULT_UNSET = ("AOS_DB", "AOS_USER", "XDG_DATA_HOME")
DEFAULT_LOGIN = "u01"
# `aos stop` saves an entry that started a minute ago; deleting it again after the run keeps
# every run's history the same (the next run's timer would overlap it and stop would warn).
DROP_NEWEST = (
    "import json, subprocess, sys; aos = sys.argv[1:]; "
    f"out = subprocess.run([*aos, 'list', '-u', '{DEFAULT_LOGIN}', '-n', '1', '--json'], check=True, "
    "capture_output=True).stdout; "
    "subprocess.run([*aos, 'delete', '--yes', str(json.loads(out)['entries'][0]['id'])], check=True, "
    "capture_output=True)"
)


def log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def aos_argv() -> list[str]:
    script = os.path.join(os.path.dirname(PY), "aos")
    return [script] if os.path.exists(script) else [PY, "-m", "aostime"]


# -- peers ------------------------------------------------------------------------------------


def watson_bin(data_root: str, allow_install: bool) -> tuple[str | None, str]:
    """The watson executable of bench/.venvs/watson (created with pip on first use), or None
    and why not."""
    venv = os.path.join(HERE, ".venvs", "watson")
    exe = os.path.join(venv, "bin", "watson")
    if os.path.exists(exe):
        return exe, ""
    if not allow_install:
        return None, "not installed (run without --quick, or with --peers)"
    log(f"installing td-watson into {venv} ...")
    try:
        subprocess.run([PY, "-m", "venv", venv], check=True, capture_output=True, timeout=300)
        subprocess.run([os.path.join(venv, "bin", "pip"), "install", "-q", "td-watson"], check=True,
                       capture_output=True, timeout=600)  # fmt: skip
    except (subprocess.SubprocessError, OSError) as exc:
        shutil.rmtree(venv, ignore_errors=True)
        detail = getattr(exc, "stderr", b"") or b""
        return None, f"install failed: {exc} {detail.decode(errors='replace')[-200:]}".strip()
    return (exe, "") if os.path.exists(exe) else (None, "install produced no watson executable")


def tool_version(argv: list[str]) -> str:
    try:
        out = subprocess.run(argv, check=False, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
        return (out.stdout or out.stderr).strip().splitlines()[0]
    except (OSError, subprocess.SubprocessError, IndexError):
        return "?"


# -- what is timed --------------------------------------------------------------------------


class Bench:
    """One row of the table: an aos command, its baseline, where its target applies; whether it
    writes (then it runs on a fresh copy), runs aos in the default configuration, and the untimed
    steps (full argvs) that put the copy into the state every run starts from."""

    def __init__(self, key, title, aos_args, baseline=None, target=None, target_n=None, note="",
                 ok_codes=(0,), every_n=True, writes=False, default_config=False, setup=(), before=None,
                 after=None):  # fmt: skip
        self.key, self.title, self.aos_args, self.baseline = key, title, aos_args, baseline
        self.target, self.target_n, self.note, self.ok_codes = target, target_n, note, ok_codes
        self.every_n, self.writes, self.default_config = every_n, writes, default_config
        self.setup, self.before, self.after = list(setup), before, after


def benches() -> list[Bench]:
    # add writes to a copy of the database, into a day before every generated history (at most
    # 17 runs x 0.5 h, so the day never fills up and the command is never refused).
    aos = aos_argv()
    add_args = ["add", "-p", "Project 07", "-t", "Task 03", "--hours", "0.5", "--date", "1991-06-03", "-d", "bench"]
    start_args = ["start", "-p", "Project 07", "-t", "Task 03", "-d", "bench"]
    month = ["--from", MONTH[0], "--to", MONTH[1]]
    return [
        Bench("status", "aos status (timer running)", ["status"], "watson_status", 1.0, 100_000, default_config=True),
        Bench(
            "status_json", "aos status --json", ["status", "--json"], "import_sqlite", 2.5, 100_000, default_config=True
        ),
        Bench(
            "status_quiet",
            "aos status --quiet",
            ["status", "--quiet"],
            "import_sqlite",
            2.5,
            100_000,
            default_config=True,
        ),
        Bench(
            "status_format",
            "aos status --format '{project} {elapsed_hm}'",
            ["status", "--format", "{project} {elapsed_hm}"],
            "import_sqlite",
            2.5,
            100_000,
            default_config=True,
        ),
        Bench("help", "aos --help", ["--help"], "watson_help", 1.2, None, every_n=False),
        Bench(
            "report_all",
            "aos report --by project --json (all time)",
            ["report", "--by", "project", "--json"],
            "group_by",
            2.0,
            1_000_000,
        ),
        Bench(
            "report_month",
            "aos report --period month --by project",
            ["report", "--period", "month", "--by", "project"],
            "import_sqlite",
            3.0,
            1_000_000,
        ),
        Bench(
            "list_month",
            f"aos list --json --from {MONTH[0]} --to {MONTH[1]}",
            ["list", "--json", "--from", MONTH[0], "--to", MONTH[1]],
            "import_sqlite",
            3.0,
            1_000_000,
        ),
        Bench("list_all", "aos list --json (all)", ["list", "--json"], "timew_export", 1.0, 1_000_000),
        Bench("add", "aos " + shlex.join(add_args), add_args, "import_sqlite", 5.0, 100_000, writes=True),
        # Against Watson, in the default configuration. The generated database has a timer
        # running for u01 since END_DAY, longer than max_entry_hours: the setup discards it.
        Bench(
            "start",
            f"aos {shlex.join(start_args)} (no timer running)",
            start_args,
            "watson_start",
            1.0,
            100_000,
            writes=True,
            default_config=True,
            setup=[[*aos, "cancel"]],
            after=[*aos, "cancel"],
        ),
        # aos will not save an entry that started this second, so the timer starts a minute ago.
        Bench(
            "stop",
            "aos stop (timer running)",
            ["stop"],
            "watson_stop",
            1.0,
            100_000,
            writes=True,
            default_config=True,
            setup=[[*aos, "cancel"]],
            before=[*aos, "start", "-p", "Project 07", "-d", "bench", "--at", "-1m"],
            after=[PY, "-c", DROP_NEWEST, *aos],
        ),
        Bench(
            "add_watson",
            "aos " + shlex.join(add_args),
            add_args,
            "watson_add",
            1.0,
            100_000,
            writes=True,
            default_config=True,
        ),
        Bench(
            "list_watson",
            "aos " + shlex.join(["list", "--json", *month, "--user", "u01"]),
            ["list", "--json", *month, "--user", "u01"],
            "watson_log",
            1.0,
            100_000,
            default_config=True,
        ),
        Bench(
            "report_watson",
            "aos " + shlex.join(["report", "--by", "project", *month, "--user", "u01"]),
            ["report", "--by", "project", *month, "--user", "u01"],
            "watson_report",
            1.0,
            100_000,
            default_config=True,
        ),
    ]


# Watson's side of the Watson rows: its argv after `watson`, the state it starts from, and the
# untimed steps (argvs after `watson`) that restore that state on a copy of the directory. The
# generated history has a frame running (like aos's timer): start and stop cancel it first.
# Watson's stop adds one frame per run, at most 17 to 100,000: left in place.
WATSON_ROWS = {
    "watson_start": (["start", "bench-project"], "none running", [["cancel"]], None, ["cancel"]),
    "watson_stop": (["stop"], "one running", [["cancel"]], ["start", "bench-project"], None),
    "watson_add": (["add", "-f", WATSON_SPAN[0], "-t", WATSON_SPAN[1], "bench-project"], "", [], None, None),
    "watson_log": (["log", "--json", "--from", MONTH[0], "--to", MONTH[1]], "", [], None, None),
    "watson_report": (["report", "--from", MONTH[0], "--to", MONTH[1]], "", [], None, None),
}
WATSON_WRITES = ("watson_start", "watson_stop", "watson_add")


def baseline_command(kind: str, n: int, ctx: dict) -> tuple[Command | None, str]:
    """(command, label) of a baseline, or (None, why it is missing)."""
    if kind == "import_sqlite":
        return Command(IMPORT_SQLITE, [PY, "-c", "import sqlite3"]), IMPORT_SQLITE
    if kind == "group_by":
        code = ("import sqlite3, sys; con = sqlite3.connect(sys.argv[1]); "
                f"rows = con.execute({GROUP_BY!r}).fetchall(); print(len(rows))")  # fmt: skip
        label = f"python -c GROUP BY (same file): `{GROUP_BY}`"
        return Command(label, [PY, "-c", code, ctx["db"][n]]), label
    if kind in ("watson_status", "watson_help"):
        if not ctx.get("watson"):
            return None, f"Watson unavailable: {ctx.get('watson_why', '')}"
        if kind == "watson_help":
            return Command("watson --help", [ctx["watson"], "--help"]), "watson --help"
        label = f"watson status ({ctx['watson_n']:,}-frame history, tracking)"
        return Command(label, [ctx["watson"], "status"], {"WATSON_DIR": ctx["watson_dir"]}), label
    if kind in WATSON_ROWS:
        return watson_command(kind, n, ctx)
    if kind == "timew_export":
        if n not in ctx.get("timew_dirs", {}):
            return None, f"Timewarrior unavailable: {ctx.get('timew_why', '')}"
        label = f"timew export :all ({n:,} intervals)"
        return Command(label, ["timew", "export", ":all"], {"TIMEWARRIORDB": ctx["timew_dirs"][n]}), label
    raise ValueError(kind)


def watson_command(kind: str, n: int, ctx: dict) -> tuple[Command | None, str]:
    """Watson's side of a Watson row, on its N-frame history (a fresh copy when it writes)."""
    if not ctx.get("watson"):
        return None, f"Watson unavailable: {ctx.get('watson_why', '')}"
    if n not in ctx.get("watson_dirs", {}):
        return None, f"Watson not run at N = {n:,} (above {WATSON_MAX_N:,} frames it is far too slow)"
    args, state, setup, before, after = WATSON_ROWS[kind]
    directory = ctx["watson_dirs"][n]
    if kind in WATSON_WRITES:
        directory = os.path.join(ctx["scratch"], "watson-write")
        shutil.rmtree(directory, ignore_errors=True)
        shutil.copytree(ctx["watson_dirs"][n], directory)
    label = f"watson {shlex.join(args)} ({n:,} frames{', ' + state if state else ''})"

    def watson(more):
        return [ctx["watson"], *more] if more else None

    command = Command(label, watson(args), {"WATSON_DIR": directory}, setup=[watson(x) for x in setup],
                      before=watson(before), after=watson(after))  # fmt: skip
    return command, label


def aos_command(bench: Bench, n: int, ctx: dict) -> Command:
    """The aos side of a row: on the cached database, or on a fresh copy when it writes; given
    through AOS_DB and AOS_USER, or found in the default configuration (DEFAULT_UNSET)."""
    label, argv, db = f"aos {' '.join(bench.aos_args)}", [*aos_argv(), *bench.aos_args], ctx["db"][n]
    steps = {"setup": bench.setup, "before": bench.before, "after": bench.after}
    if not bench.default_config:
        if bench.writes:
            db = fresh_copy(db, os.path.join(ctx["scratch"], f"add-{n}.db"))
        return Command(label, argv, {"AOS_DB": db}, bench.ok_codes, **steps)
    home = ctx["homes"][n]
    if bench.writes:
        home = os.path.join(ctx["scratch"], "home-write")
        place_default_db(home, db, copy=True)
    return Command(label, argv, default_env(home), bench.ok_codes, unset=DEFAULT_UNSET, **steps)


# -- the default configuration --------------------------------------------------------------


def default_env(home: str) -> dict[str, str]:
    """Additions to the environment for aos's defaults (with DEFAULT_UNSET removed): its
    database under HOME (XDG_DATA_HOME unset), its user from getpass.getuser() (LOGNAME first)."""
    return {"HOME": home, "LOGNAME": DEFAULT_LOGIN, "USER": DEFAULT_LOGIN}


def clear_db(path: str) -> None:
    """Remove a database file (or symlink) and the journal files next to it."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        if os.path.lexists(path + suffix):
            os.remove(path + suffix)


def fresh_copy(db: str, path: str) -> str:
    """A copy of a database at `path`, without the journal files of an earlier copy."""
    clear_db(path)
    shutil.copyfile(db, path)
    return path


def place_default_db(home: str, db: str, copy: bool) -> str:
    """Make `db` the default database of HOME: a symlink to it, or (copy) an independent copy.
    Never a hard link: aos refuses a database file with several names."""
    directory = os.path.join(home, ".local", "share", "aostime")
    os.makedirs(directory, exist_ok=True)
    path = os.path.join(directory, "aostime.db")
    if copy:
        return fresh_copy(db, path)
    clear_db(path)
    os.symlink(os.path.abspath(db), path)
    return path


def default_home(data: str, n: int, db: str, env: dict) -> tuple[str, str, str | None]:
    """(HOME, how its database is placed, a problem or None) for the rows that only read: a
    symlink to the cached database when aos accepts it (checked: `aos status --json` must find
    the running timer), else a copy."""
    home = os.path.join(data, f"home-{n}")
    place_default_db(home, db, copy=False)
    refused = default_status_problem(home, env)
    if refused is None:
        return home, "symlink", None
    place_default_db(home, db, copy=True)
    again = default_status_problem(home, env)
    problem = f"default configuration: a symlinked database did not work ({refused}); using a copy"
    return home, "copy", problem + (f", which did not work either ({again})" if again else "")


def run_default(home: str, env: dict, *args: str) -> subprocess.CompletedProcess:
    """aos in the default configuration at HOME, outside the timing (checks)."""
    full_env = {k: v for k, v in env.items() if k not in DEFAULT_UNSET}
    full_env.update(default_env(home))
    return subprocess.run([*aos_argv(), *args], check=False, capture_output=True, text=True, env=full_env,
                          stdin=subprocess.DEVNULL, timeout=600)  # fmt: skip


def default_status_problem(home: str, env: dict) -> str | None:
    import json

    out = run_default(home, env, "status", "--json")
    try:
        running = out.returncode == 0 and json.loads(out.stdout).get("running") is True
    except ValueError:
        running = False
    return None if running else f"status --json: exit {out.returncode}, {out.stdout[:80]!r} {out.stderr[-160:]!r}"


def repeats_for(seconds: float, quick: bool) -> int:
    if quick:
        return 3
    return max(3, min(15, int(40 / max(seconds, 1e-3))))


# -- sanity: the commands do what they claim ------------------------------------------------


def sanity(n: int, db: str, env: dict) -> list[str]:
    """Problems with the answers (not the timings) at this size."""
    import json

    problems = []
    full_env = dict(env, AOS_DB=db)

    def aos(*args) -> subprocess.CompletedProcess:
        return subprocess.run([*aos_argv(), *args], check=False, capture_output=True, text=True, env=full_env,
                              stdin=subprocess.DEVNULL, timeout=600)  # fmt: skip

    status = aos("status", "--json")
    if status.returncode or not json.loads(status.stdout or "{}").get("running"):
        problems.append(f"status --json: exit {status.returncode}, {status.stdout[:80]!r} {status.stderr[-120:]!r}")
    month = aos("list", "--json", "--from", MONTH[0], "--to", MONTH[1])
    if month.returncode == 0:
        count = json.loads(month.stdout)["count"]
        expected = min(31 * 80, max(0, n - (generate.END_DAY - dt.date(2026, 10, 1)).days * 80))
        if count != expected:
            problems.append(f"list --from/--to: {count} entries, expected {expected}")
    report = aos("report", "--by", "project", "--json")
    if report.returncode == 0:
        totals = json.loads(report.stdout)["totals"]
        con = sqlite3.connect(db)
        seconds = con.execute("SELECT sum(duration) FROM time_entries").fetchone()[0]
        con.close()
        if totals.get("entries") not in (None, n + 1) or totals.get("duration", seconds) < seconds:
            problems.append(f"report totals {totals} do not cover {n + 1} entries / {seconds} s")
    return problems


def answer_sizes(n: int, ctx: dict, env: dict) -> tuple[str, str | None]:
    """(a line, a problem or None): how much aos's list and Watson's log answer for MONTH, so a
    ratio is read against the work each side did. aos's history has 10 users and Watson's one, so
    aos lists one user's month (u01), as Watson does; at 1,000 entries aos's history spans 12
    days and that month is empty, while Watson's 1,000 frames span 125 days."""
    import json

    month = ["--from", MONTH[0], "--to", MONTH[1]]
    mine = run_default(ctx["homes"][n], env, "list", "--json", *month, "--user", "u01")
    theirs = subprocess.run([ctx["watson"], "log", "--json", *month], check=False, capture_output=True, text=True,
                            env=dict(env, WATSON_DIR=ctx["watson_dirs"][n]), stdin=subprocess.DEVNULL, timeout=600)  # fmt: skip
    try:
        listed = json.loads(mine.stdout)
        frames = json.loads(theirs.stdout)
    except ValueError:
        return "", f"N={n:,}: answer sizes: aos exit {mine.returncode}, watson exit {theirs.returncode}"
    hours = sum((dt.datetime.fromisoformat(f["stop"]) - dt.datetime.fromisoformat(f["start"])).total_seconds()
                for f in frames) / 3600  # fmt: skip
    count = listed["count"]
    line = (f"N={n:,}, {MONTH[0]}..{MONTH[1]}: aos list {count:,} entries ({listed['total_hours']:.2f} h, user u01);"
            f" watson log {len(frames):,} frames ({hours:.2f} h)")  # fmt: skip
    apart = count and frames and max(count, len(frames)) > 10 * min(count, len(frames))
    return line, f"{line}: not the same order of magnitude" if apart else None


# -- the run --------------------------------------------------------------------------------


def fmt_runs(runs: Runs | None) -> tuple[str, str]:
    if runs is None:
        return "—", "—"
    if not runs.ok:
        return f"**FAILED** ({runs.failure})", "—"
    return (f"{runs.median():.3f} ({min(runs.walls):.3f}–{max(runs.walls):.3f})", f"{runs.peak():.1f}")


def machine() -> dict[str, str]:
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), "?")
    except OSError:
        pass
    mem = "?"
    try:
        with open("/proc/meminfo") as f:
            kib = int(next(line for line in f if line.startswith("MemTotal")).split()[1])
            mem = f"{kib / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration, ValueError):
        pass
    nproc = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    commit = tool_version(["git", "-C", HERE, "rev-parse", "--short", "HEAD"])
    from importlib import metadata

    def version(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "-"

    stack = ", ".join(f"{p} {version(p)}" for p in ("aostime", "typer", "rich", "sqlite-utils", "python-dateutil",
                                                     "platformdirs"))  # fmt: skip
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{nproc} CPUs ({cpu}), {mem}, {platform.platform()}",
        "python": f"{platform.python_version()} ({PY})",
        "sqlite": sqlite3.sqlite_version,
        "stack": stack,
        "commit": commit,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="1k entries, 3 repeats, no peers: a smoke test")
    ap.add_argument("--out", default=os.path.join(HERE, "results.md"), help="where to write the table")
    ap.add_argument("--sizes", help="comma-separated entry counts (default 1000,100000,1000000)")
    ap.add_argument(
        "--only",
        help="comma-separated benchmark keys (status,status_json,...,list_all,add,start,stop,"
        "add_watson,list_watson,report_watson)",
    )
    ap.add_argument("--repeats", type=int, help="timed runs per command (default: 3 quick, else 3-15 by cost)")
    ap.add_argument("--data", default=os.path.join(HERE, "data"), help="cache of generated histories")
    ap.add_argument("--peers", action="store_true", help="with --quick: still run Watson and Timewarrior")
    a = ap.parse_args(argv)
    started = time.time()
    sizes = tuple(int(x) for x in a.sizes.split(",")) if a.sizes else ((1_000,) if a.quick else FULL_SIZES)
    chosen = [b for b in benches() if not a.only or b.key in a.only.split(",")]
    use_peers = not a.quick or a.peers
    os.makedirs(a.data, exist_ok=True)
    scratch = os.path.join(a.data, "scratch")

    # Byte-compile aostime so that no run pays for compiling (PYTHONDONTWRITEBYTECODE would
    # otherwise make every run compile the sources edited since the last install).
    import aostime

    subprocess.run([PY, "-m", "compileall", "-q", os.path.dirname(aostime.__file__)], check=False)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "AOS_DB", "AOS_NO_FAST_PATH",
                                                            "AOS_DEBUG", "WATSON_DIR", "TIMEWARRIORDB")}  # fmt: skip
    env.update(TZ="UTC", NO_COLOR="1", AOS_USER="u01", COLUMNS="120", LC_ALL="C.UTF-8")

    ctx: dict = {"db": {}, "timew_dirs": {}, "watson_dirs": {}, "homes": {}, "home_kind": {}, "scratch": scratch}
    problems: list[str] = []
    for n in sizes:
        ctx["db"][n] = generate.ensure_aos_db(a.data, n, log=log)
        if any(b.default_config for b in chosen):
            ctx["homes"][n], ctx["home_kind"][n], problem = default_home(a.data, n, ctx["db"][n], env)
            problems += [f"N={n:,}: {problem}"] if problem else []
    if use_peers:
        ctx["watson"], ctx["watson_why"] = watson_bin(a.data, allow_install=True)
        if ctx["watson"]:
            ctx["watson_n"] = 100_000
            ctx["watson_dir"] = os.path.join(generate.ensure_peer_history(a.data, 100_000, True, log=log), "watson")
        if ctx["watson"] and any(b.baseline in WATSON_ROWS for b in chosen):
            # the same history size on both sides; tracking, like the generated aos database
            for n in (n for n in sizes if n <= WATSON_MAX_N):
                ctx["watson_dirs"][n] = os.path.join(generate.ensure_peer_history(a.data, n, True, log=log), "watson")
        if shutil.which("timew") and any(b.baseline == "timew_export" for b in chosen):
            for n in sizes:
                path = generate.ensure_peer_history(a.data, n, False, watson=False, log=log)
                ctx["timew_dirs"][n] = os.path.join(path, "timew")
        elif not shutil.which("timew"):
            ctx["timew_why"] = "`timew` is not on PATH (apt-get install timewarrior)"
    else:
        ctx["watson_why"] = ctx["timew_why"] = "skipped by --quick"

    spawner = Spawner(env, scratch)
    rows = []  # (n, bench, ra, rb, baseline_label)
    ctx["sizes_seen"] = []  # answer_sizes lines
    try:
        for n in sizes:
            if not a.quick:
                problems += [f"N={n:,}: {p}" for p in sanity(n, ctx["db"][n], env)]
            if n in ctx["watson_dirs"] and n in ctx["homes"]:
                line, problem = answer_sizes(n, ctx, env)
                ctx["sizes_seen"] += [line] if line else []
                problems += [problem] if problem else []
            for bench in chosen:
                if not bench.every_n and n != sizes[0]:
                    continue
                cmd = aos_command(bench, n, ctx)
                base, label = (None, "—")
                if bench.baseline:
                    base, label = baseline_command(bench.baseline, n, ctx)
                log(f"N={n:,}: {bench.title} vs {label}")
                first = probe(spawner, cmd)
                other = probe(spawner, base) if base else 0.0
                n_runs = a.repeats or repeats_for((first or 1.0) + (other or 0.0), a.quick)
                ra, rb = measure(spawner, cmd, base, n_runs, warmup=0 if (first or 0) > 2 else 1)
                rows.append((n, bench, ra, rb, label))
    finally:
        spawner.close()
    report = render(rows, sizes, a, problems, ctx, time.time() - started)
    write_section(a.out, "sqlite", report)
    print(report)
    log(f"wrote {a.out}")
    return 0


def watson_rows_line(rows) -> list[str]:
    if not any(b.baseline in WATSON_ROWS for _, b, _, _, _ in rows):
        return []
    return [
        (
            "- Watson rows (start, stop, add_watson, list_watson, report_watson): Watson on a history of the same"
            f" size, N frames (bench/generate.py: one user, 8 a day ending {generate.END_DAY}, one frame"
            f" running), at N ≤ {WATSON_MAX_N:,} only (Watson reads and rewrites one JSON file of all frames:"
            " far too slow at 1M, where aos runs alone)."
        )
    ]


def render(rows, sizes, a, problems, ctx, elapsed) -> str:
    info = machine()
    cmdline = "python bench/run.py" + "".join(f" {x}" for x in sys.argv[1:])
    lines = [
        "# aostime benchmark results",
        "",
        f"- Date: {info['date']}; wall time of the whole run {elapsed / 60:.1f} min",
        f"- Command: `{cmdline}`" + (" (quick smoke test: timings are not meaningful)" if a.quick else ""),
        f"- Machine: {info['machine']}",
        f"- Python {info['python']}; SQLite {info['sqlite']}",
        f"- Stack: {info['stack']}; commit {info['commit']}",
    ]
    if ctx.get("watson"):
        lines.append(f"- Watson: {tool_version([ctx['watson'], '--version'])} (bench/.venvs/watson)")
    if ctx.get("timew_dirs"):
        lines.append(f"- Timewarrior: {tool_version(['timew', '--version'])}")
    defaults = sorted({b.key for _, b, _, _, _ in rows if b.default_config}, key=[b.key for b in benches()].index)
    placed = sorted(set(ctx.get("home_kind", {}).values())) or ["symlink"]
    lines += [
        (
            "- Data: generated through aostime.storage.sqlite (bench/generate.py, generator version "
            f"{generate.GEN_VERSION}): 10 users x 8 entries a day ending {generate.END_DAY}, 50 projects under"
            " 10 clients, 500 tasks, 70 % billable, 15-90 min, 40-150/h, one running timer (u01); TZ=UTC."
        ),
        (
            f"- Configuration: rows marked *default config* ({', '.join(defaults) or 'none in this run'}) run aos"
            " as installed: no AOS_DB, no AOS_USER (nor XDG_DATA_HOME) in the environment; the database is the"
            " default ~/.local/share/aostime/aostime.db with HOME=bench/data/home-N"
            f" ({' or '.join(placed)} of the generated file; a fresh copy for rows that write), the user u01 comes"
            " from the login name (LOGNAME=USER=u01). The other rows: AOS_DB=<generated file>, AOS_USER=u01."
        ),
        *watson_rows_line(rows),
        (
            "- Method: whole processes started by a small helper, stdout to /dev/null; A (aos) and B (baseline)"
            " alternate A B A B after a probe and a warm-up run, so caches are warm. Seconds are"
            " median (min–max); ratio = median of the per-pair A/B wall ratios (min–max); peak = max RSS in MiB"
            " (a reading floors at the helper's ~9 MiB). Rows that write run on fresh copies (database, Watson"
            " directory), never on the cached data; untimed steps put both sides in the same state for every run:"
            " the running timer is cancelled once; `start` is followed by `cancel`; `stop` is preceded by a start"
            " (aos: `--at -1m`: it will not save an entry that started this second) and aos's stopped entry is"
            " deleted again after the run."
        ),
        "",
        "| N | aos command | aos s | aos peak MiB | baseline (B) | B s | B peak MiB | A/B | target | verdict | runs |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for n, bench, ra, rb, label in rows:
        a_s, a_peak = fmt_runs(ra)
        b_s, b_peak = fmt_runs(rb) if rb is not None else ("—", "—")
        ratio_text, verdict = "—", ""
        if rb is not None and ra.ok and rb.ok:
            ratios = pair_ratios(ra, rb)
            med = statistics.median(ratios)
            ratio_text = f"{med:.2f}× ({min(ratios):.2f}–{max(ratios):.2f})"
            applies = bench.target is not None and (bench.target_n in (None, n))
            if applies:
                verdict = "met" if med <= bench.target else "**missed**"
        elif not ra.ok:
            verdict = "**failed**"
        target = f"≤ {bench.target}×" if bench.target and bench.target_n in (None, n) else ""
        if bench.key == "list_all" and n == 1_000_000 and ra.ok:
            target += " · peak ≤ 64 MiB"
            verdict += " · peak " + ("met" if ra.peak() <= 64 else "**missed**")
        runs = len(ra.walls)
        marked = f"`{bench.title}`" + (" *default config*" if bench.default_config else "")
        lines.append(f"| {n:,} | {marked} | {a_s} | {a_peak} | {label} | {b_s} | {b_peak} | {ratio_text} |"
                     f" {target} | {verdict} | {runs} |")  # fmt: skip
    lines += ["", "## Growth with N (aos median s · peak MiB)", ""]
    header = "| aos command | " + " | ".join(f"N = {n:,}" for n in sizes) + " | per extra entry |"
    lines += [header, "|---" * (len(sizes) + 2) + "|"]
    by_key: dict[str, dict[int, Runs]] = {}
    titles = {}
    for n, bench, ra, _, _ in rows:
        by_key.setdefault(bench.key, {})[n] = ra
        titles[bench.key] = f"`{bench.title}`" + (" *default config*" if bench.default_config else "")
    for key, per_n in by_key.items():
        cells = []
        for n in sizes:
            runs = per_n.get(n)
            cells.append("—" if runs is None else (f"{runs.median():.3f} · {runs.peak():.1f}" if runs.ok else "failed"))
        slope = ""
        ok = [n for n in sizes if per_n.get(n) and per_n[n].ok]
        if len(ok) >= 2 and ok[-1] > ok[0]:
            per_entry = (per_n[ok[-1]].median() - per_n[ok[0]].median()) / (ok[-1] - ok[0])
            slope = f"{per_entry * 1e6:.2f} µs"
        lines.append(f"| {titles[key]} | " + " | ".join(cells) + f" | {slope} |")
    if ctx.get("sizes_seen"):
        lines += ["", "## Answer sizes (list_watson)", ""] + [f"- {line}" for line in ctx["sizes_seen"]]
    if problems:
        lines += ["", "## Sanity problems", ""] + [f"- {p}" for p in problems]
    lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
