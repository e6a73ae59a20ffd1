"""A committed change is reported truthfully, whatever happens to the output; files SQLite cannot
guard are refused. Real processes: closed and full stdout, an ASCII-only encoding, hard links."""

from __future__ import annotations

import os
import subprocess

import pytest
from tests.conftest import AOS_BIN

from db_query import query


def run(args, env=None, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([*AOS_BIN, *args], capture_output=kwargs.pop("capture", True), text=True, timeout=60,
                          env=dict(os.environ, **(env or {})), check=False, **kwargs)  # fmt: skip


@pytest.fixture
def site(aos_proc):
    aos_proc("client", "add", "Acme", "--rate", "100")
    aos_proc("project", "add", "Site", "--client", "Acme")


def count(database) -> int:
    return query(database, "SELECT count(*) FROM time_entries")[0][0]


ADD = ["add", "-p", "Site", "--hours", "1", "--date", "2026-03-02", "-d", "Müller"]


@pytest.mark.parametrize("fast", [True, False], ids=["fast path", "full CLI"])
def test_a_saved_change_exits_0_when_stdout_is_closed(site, isolated, fast):
    env = {} if fast else {"AOS_NO_FAST_PATH": "1"}
    proc = subprocess.run(
        f"exec {' '.join(AOS_BIN)} {' '.join(repr(a) for a in ADD)} >&-", shell=True, capture_output=False,
        stderr=subprocess.PIPE, text=True, env=dict(os.environ, **env), timeout=60, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "saved" in proc.stderr and "Traceback" not in proc.stderr
    assert count(isolated) == 1


def test_an_encoding_that_cannot_show_a_name_escapes_it_and_exits_0(site, isolated):
    for extra in ([], ["--json"]):
        proc = run([*ADD, *extra], env={"PYTHONIOENCODING": "ascii"})
        assert proc.returncode == 0, proc.stderr
        assert "M\\xfcller" in proc.stdout or "M\\u00fcller" in proc.stdout or "Müller" in proc.stdout
    assert count(isolated) == 2


def test_a_full_disk_on_the_way_out_still_reports_the_saved_change(site, isolated):
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    with open("/dev/full", "w") as full:
        proc = run(ADD, stdout=full, stderr=subprocess.PIPE, capture=False)
    assert proc.returncode == 0 and "saved" in proc.stderr
    assert count(isolated) == 1


def test_a_database_with_two_hard_links_is_refused_and_untouched(site, db_path, tmp_path):
    other = tmp_path / "other-name.db"
    os.link(db_path, other)
    before = db_path.read_bytes()
    for path in (db_path, other):
        proc = run(["--db", str(path), *ADD])
        assert proc.returncode == 3 and "hard links" in proc.stderr
    assert db_path.read_bytes() == before


def test_a_fifo_or_device_is_refused_at_once(tmp_path):
    fifo = tmp_path / "pipe.db"
    os.mkfifo(fifo)
    for path in (fifo, "/dev/null"):
        proc = run(["--db", str(path), "status"])
        assert proc.returncode == 3 and "not a regular file" in proc.stderr
