"""Every test gets its own database file and a fixed zone; none touches real data.

`aos(...)` runs the real console script in-process (typer's CliRunner isolates its streams) and
fails the test on any exit code other than `expect`; `aos_proc(...)` runs the installed `aos` as a
separate process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

AOS_BIN = [sys.executable, "-m", "aostime"]


@dataclass
class Result:
    out: str
    err: str
    code: int

    @property
    def json(self):
        return json.loads(self.out)


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    db = tmp_path / "aostime.db"
    monkeypatch.setenv("AOS_DB", str(db))
    monkeypatch.setenv("TZ", "UTC")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("AOS_USER", "alice")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.delenv("AOS_DEBUG", raising=False)
    return db


@pytest.fixture
def db_path(isolated) -> Path:
    return isolated


@pytest.fixture
def aos():
    """aos("start", "-p", "1", expect=0) -> Result(out, err, code)."""
    from typer.testing import CliRunner

    from aostime.entry import main  # the console script: ordinary status/start/stop/add/list forms skip Typer
    from aostime.runtime import GLOBAL

    def run(*args: str, expect: int | None = 0, input: str | None = None) -> Result:
        runner = CliRunner()
        GLOBAL.update(db=None, user=None)
        from aostime.render import console

        console.out.cache_clear()
        console.err.cache_clear()
        with runner.isolation(input=input) as (out, err, *_):
            code = main(list(args))
            sys.stdout.flush()
            sys.stderr.flush()
            stdout, stderr = out.getvalue().decode(), err.getvalue().decode()
        result = Result(stdout, stderr, code)
        if expect is not None:
            assert code == expect, (
                f"aos {' '.join(args)} exited {code}, expected {expect}\nstdout: {stdout}\nstderr: {stderr}"
            )
        return result

    return run


@pytest.fixture
def aos_proc():
    """The real program in its own process: aos_proc("status", "--json", env=...)."""

    def run(*args: str, expect: int | None = 0, env: dict | None = None, input: str | None = None,
            timeout: float = 60) -> Result:  # fmt: skip
        full_env = dict(os.environ, **(env or {}))
        proc = subprocess.run([*AOS_BIN, *args], check=False, capture_output=True, text=True, env=full_env,
                              input=input, timeout=timeout, stdin=None if input is not None else subprocess.DEVNULL)  # fmt: skip
        result = Result(proc.stdout, proc.stderr, proc.returncode)
        if expect is not None:
            assert proc.returncode == expect, (
                f"aos {' '.join(args)} exited {proc.returncode}, expected {expect}\nstdout: {proc.stdout}\nstderr: {proc.stderr}"
            )
        return result

    return run


@pytest.fixture
def acme(aos):
    """The seed's world: client Acme Corp at 150/h, project Website Redesign, task Design mockups."""
    aos("client", "add", "Acme Corp", "--rate", "150")
    aos("project", "add", "Website Redesign", "--client", "Acme Corp")
    aos("task", "add", "Design mockups", "--project", "Website Redesign")
    return aos
