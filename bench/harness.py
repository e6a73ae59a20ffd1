"""Timing whole processes, alternately, with their peak RSS (standard library only, Linux).

Commands are started by a small helper process (`python -S`, ~9 MiB): a child's ru_maxrss
counts the memory of the process that forked it, so forking from the benchmark itself (which
holds generated data) would inflate the peak of every small command. The helper forks, execs
with stdin and stdout on /dev/null and stderr in a file, and reports wall time (fork to reap),
CPU time, peak RSS and the exit status. A command killed by its time limit reports -SIGALRM.

A command may need a state to start from (a timer running for `stop`, none for `start`): its
`setup` argvs run once before its first run, `before` and `after` around every run, all untimed,
in the same environment and through the same helper. A failing step fails the command's row.
"""

from __future__ import annotations

import json
import os
import shlex
import statistics
import subprocess
import sys
from dataclasses import dataclass, field

HELPER = r"""
import json, os, signal, sys, time
null = os.open(os.devnull, os.O_RDWR)
for line in sys.stdin:
    job = json.loads(line)
    t0 = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        try:
            os.dup2(null, 0)
            os.dup2(null, 1)
            err = os.open(job["stderr"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            os.dup2(err, 2)
            if job.get("cwd"):
                os.chdir(job["cwd"])
            signal.alarm(job["timeout"])
            os.execvpe(job["argv"][0], job["argv"], job["env"])
        except BaseException as exc:
            os.write(2, ("cannot start: %s\n" % exc).encode())
        os._exit(127)
    _, status, ru = os.wait4(pid, 0)
    wall = time.perf_counter() - t0
    code = os.waitstatus_to_exitcode(status)
    sys.stdout.write(json.dumps({"wall": wall, "cpu": ru.ru_utime + ru.ru_stime,
                                 "rss_mib": ru.ru_maxrss / 1024, "code": code}) + "\n")
    sys.stdout.flush()
"""


@dataclass
class Command:
    """One thing to time: argv, environment additions and removals (`unset`, taken out of the
    spawner's base environment), the exit codes that count as success, and untimed steps: the
    `setup` argvs once before the first run, `before` and `after` around every run (each must
    exit 0)."""

    label: str
    argv: list[str]
    env: dict[str, str] = field(default_factory=dict)
    ok_codes: tuple[int, ...] = (0,)
    timeout: int = 300
    unset: tuple[str, ...] = ()
    setup: list[list[str]] = field(default_factory=list)
    before: list[str] | None = None
    after: list[str] | None = None


@dataclass
class Runs:
    """The samples of one command."""

    command: Command
    walls: list[float] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)
    rss: list[float] = field(default_factory=list)
    codes: list[int] = field(default_factory=list)
    failure: str | None = None

    @property
    def ok(self) -> bool:
        return self.failure is None and bool(self.walls)

    def median(self) -> float:
        return statistics.median(self.walls)

    def peak(self) -> float:
        return max(self.rss)


class Spawner:
    """The helper process; one per benchmark run."""

    def __init__(self, base_env: dict[str, str], scratch: str):
        self.base_env = base_env
        self.scratch = scratch
        os.makedirs(scratch, exist_ok=True)
        self.proc = subprocess.Popen([sys.executable, "-S", "-c", HELPER], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True, bufsize=1)  # fmt: skip
        self.count = 0
        self.prepared: set[int] = set()  # id() of the commands whose setup has succeeded

    def env_for(self, command: Command) -> dict[str, str]:
        env = {k: v for k, v in self.base_env.items() if k not in command.unset}
        env.update(command.env)
        return env

    def run(self, command: Command) -> tuple[dict, str]:
        """One run: the measurement and the end of its stderr. When an untimed step fails, its
        own result instead, with "step" saying which one."""
        env = self.env_for(command)
        if id(command) not in self.prepared:
            failed = self._steps("setup", command.setup, env, command.timeout)
            if failed:
                return failed
            self.prepared.add(id(command))  # a setup is retried until it succeeds, then never again
        failed = self._steps("before", [command.before] if command.before else [], env, command.timeout)
        if failed:
            return failed
        result, tail = self._exec(command.argv, env, command.timeout)
        if command.after:
            after, after_tail = self._exec(command.after, env, command.timeout)
            if after["code"] != 0 and result["code"] in command.ok_codes:
                return dict(after, step=f"after `{_show(command.after)}`"), after_tail
        return result, tail

    def _steps(self, step: str, argvs: list[list[str]], env: dict[str, str], timeout: int) -> tuple[dict, str] | None:
        """Untimed steps in order; the result and stderr of the first that fails, else None."""
        for argv in argvs:
            result, tail = self._exec(argv, env, timeout)
            if result["code"] != 0:
                return dict(result, step=f"{step} `{_show(argv)}`"), tail
        return None

    def _exec(self, argv: list[str], env: dict[str, str], timeout: int) -> tuple[dict, str]:
        self.count += 1
        err_path = os.path.join(self.scratch, f"stderr-{self.count % 4}.txt")
        job = {"argv": argv, "env": env, "stderr": err_path, "timeout": timeout}
        self.proc.stdin.write(json.dumps(job) + "\n")
        self.proc.stdin.flush()
        result = json.loads(self.proc.stdout.readline())
        with open(err_path, "rb") as f:
            f.seek(0, os.SEEK_END)
            f.seek(max(0, f.tell() - 400))
            tail = f.read().decode("utf-8", "replace")
        return result, tail

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait()


def _show(argv: list[str]) -> str:
    """An argv for a failure message: executables by their base name, `python -c` code elided."""
    shown = [os.path.basename(argv[0]), *argv[1:]]
    if len(shown) > 2 and shown[1] == "-c":
        shown[2] = "..."
    return shlex.join(shown)[:120]


def _record(spawner: Spawner, runs: Runs, keep: bool) -> bool:
    result, tail = spawner.run(runs.command)
    if "step" in result or result["code"] not in runs.command.ok_codes:
        reason = "timed out" if result["code"] == -14 else f"exit {result['code']}"
        if "step" in result:
            reason = f"{result['step']} (untimed): {reason}"
        last = tail.strip().splitlines()[-1] if tail.strip() else ""
        runs.failure = f"{reason}: {last[:160]}" if last else reason
        return False
    if keep:
        runs.walls.append(result["wall"])
        runs.cpus.append(result["cpu"])
        runs.rss.append(result["rss_mib"])
        runs.codes.append(result["code"])
    return True


def measure(spawner: Spawner, a: Command, b: Command | None, repeats: int, warmup: int) -> tuple[Runs, Runs | None]:
    """A B A B ... after `warmup` uncounted rounds. A failing command stops being run and its
    failure is recorded; the other one carries on alone."""
    ra, rb = Runs(a), Runs(b) if b else None
    for i in range(warmup + repeats):
        keep = i >= warmup
        if ra.failure is None:
            _record(spawner, ra, keep)
        if rb is not None and rb.failure is None:
            _record(spawner, rb, keep)
        if ra.failure and (rb is None or rb.failure):
            break
    return ra, rb


def pair_ratios(ra: Runs, rb: Runs) -> list[float]:
    """Per-pair wall ratios A/B (runs i of A and B were taken back to back)."""
    return [x / y for x, y in zip(ra.walls, rb.walls, strict=False) if y > 0]


def probe(spawner: Spawner, command: Command) -> float | None:
    """One run's wall time, to choose a repeat count; None when it fails."""
    runs = Runs(command)
    return runs.walls[0] if _record(spawner, runs, True) else None


def write_section(path: str, name: str, text: str) -> None:
    """Put `text` into the results file as its section `name` (between marker comments),
    replacing that section's earlier text and keeping everything else: each benchmark script
    writes its own part of bench/results.md."""
    begin, end = f"<!-- {name}: begin -->", f"<!-- {name}: end -->"
    block = f"{begin}\n{text.rstrip()}\n{end}\n"
    try:
        with open(path) as f:
            old = f.read()
    except FileNotFoundError:
        old = ""
    if begin in old and end in old:
        new = old[: old.index(begin)] + block + old[old.index(end) + len(end) + 1 :]
    else:
        new = old.rstrip() + ("\n\n" if old.strip() else "") + block
    with open(path, "w") as f:
        f.write(new)


def publish(path: str, name: str, header: list[str], body: list[str], problems: list[str]) -> int:
    """A benchmark's report: its section of the results file (its problems listed last), the same
    text on stdout, each problem again on stderr. 0: figures are reported, never asserted."""
    if problems:
        body = [*body, "", "### Problems", "", *(f"- {p}" for p in problems)]
    text = "\n".join(header + body)
    write_section(path, name, text)
    print(text)
    for problem in problems:
        print(f"PROBLEM: {problem}", file=sys.stderr, flush=True)
    return 0
