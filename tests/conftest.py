"""Every test gets its own database and a fixed zone; none touches real data.

The backend comes from AOS_TEST_BACKEND: sqlite (the default: a file per test) or postgres (a
schema per test on the server AOS_TEST_POSTGRES names; see tests/pg_support.py). A test that
only makes sense for SQLite (it reads the file itself: headers, WAL, hard links, the backup API)
asks for `db_path` or is marked sqlite_only, and is skipped on PostgreSQL; so is a test marked
browser_only (what a page does in the browser: markup under axe, keys, focus, layout), and every
test under tests/domain, tests/render and tests/architecture (marked database_free: it opens no
database).

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


from pg_support import BACKEND

if BACKEND not in ("sqlite", "postgres"):
    raise pytest.UsageError(f"AOS_TEST_BACKEND={BACKEND!r}: sqlite or postgres")


# The rules of the domain, the rendering of documents and the structure of the code: no test
# under these directories opens a database (the domain knows none), so they run once, on SQLite,
# where AOS_DB names a path no database can be made at.
DATABASE_FREE = {Path(__file__).parent / name for name in ("domain", "render", "architecture")}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.path.parent in DATABASE_FREE:
            item.add_marker(pytest.mark.database_free)
    if BACKEND != "postgres":
        return
    skip = pytest.mark.skip(reason="SQLite only: it reads or shapes the database file itself")
    # what a page does in the browser (its markup under axe, keys, focus, layout) is the same
    # whichever backend filled it; every figure and right a page shows is checked on both
    # backends by the page's own journeys
    markup = pytest.mark.skip(reason="browser only: the same pages on either backend, checked on SQLite")
    free = pytest.mark.skip(reason="database free: the same on either backend, run on SQLite")
    for item in items:
        if item.get_closest_marker("sqlite_only"):
            item.add_marker(skip)
        elif item.get_closest_marker("browser_only"):
            item.add_marker(markup)
        elif item.get_closest_marker("database_free"):
            item.add_marker(free)


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch, request):
    """The database of this test: an SQLite path, or on PostgreSQL a URL of a fresh schema. A
    database-free test gets a path under a plain file, where opening a database fails."""
    if request.node.get_closest_marker("database_free"):
        (tmp_path / "not-a-directory").write_text("")
        monkeypatch.setenv("AOS_DB", str(tmp_path / "not-a-directory" / "aostime.db"))
        _set_common_env(monkeypatch, tmp_path)
        yield None
        return
    db = tmp_path / "aostime.db"
    if BACKEND == "postgres":
        import pg_support

        url, schema = pg_support.fresh_schema_url()
        monkeypatch.setenv("AOS_DB", url)
        _set_common_env(monkeypatch, tmp_path)
        yield url
        pg_support.drop_schema(schema)
        return
    monkeypatch.setenv("AOS_DB", str(db))
    _set_common_env(monkeypatch, tmp_path)
    yield db


def _set_common_env(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("TZ", "UTC")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("AOS_USER", "alice")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.delenv("AOS_DEBUG", raising=False)


@pytest.fixture
def db_path(isolated) -> Path:
    """The SQLite file of this test (a test that reads the file itself is SQLite only)."""
    if BACKEND != "sqlite":
        pytest.skip("SQLite only: it reads the database file itself")
    return isolated


@pytest.fixture
def db_dump(isolated):
    """db_dump() -> the whole content of this test's database, comparable before and after a
    command on either backend: SQLite's dump of the file, or on PostgreSQL every row of every
    table of the test's schema (identity values a failed write used up are not content)."""
    if BACKEND == "sqlite":
        import sqlite3
        from contextlib import closing

        def dump_sqlite() -> list:
            with closing(sqlite3.connect(isolated)) as conn:
                return list(conn.iterdump())

        return dump_sqlite

    from db_query import postgres_rows

    return lambda: postgres_rows(isolated)


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
