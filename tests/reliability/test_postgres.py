"""PostgreSQL as a team's database: whole-database copies between backends, creation and
refusals, faults told in one line without the password, and the writers' lock. Needs a server
(AOS_TEST_POSTGRES; tools/pg_scratch.py starts one); skipped without."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from reliability_helpers import AOS, dump, no_traceback, query, run_all

import pg_support
from aostime.storage.postgres.schema import LATEST

pytestmark = pytest.mark.skipif(not pg_support.available(), reason="no PostgreSQL server (AOS_TEST_POSTGRES)")


@pytest.fixture
def schema_url():
    url, name = pg_support.fresh_schema_url()
    yield url
    pg_support.drop_schema(name)


def aos(*args: str, db: str | Path, expect: int | None = 0, env: dict | None = None) -> subprocess.CompletedProcess:
    full_env = dict(os.environ, AOS_DB=str(db), **(env or {}))
    proc = subprocess.run([*AOS, *args], capture_output=True, text=True, env=full_env, stdin=subprocess.DEVNULL,
                          timeout=120, check=False)  # fmt: skip
    if expect is not None:
        assert proc.returncode == expect, (args, proc.returncode, proc.stderr)
    return proc


def sqlite_dump(path: Path) -> list[str]:
    """Every statement of SQLite's dump, sorted: the rows of sqlite_sequence come in the order
    their tables were first written to, which a copy need not repeat. The search index's own
    tables (entry_search_*: FTS5 segments, laid out by the order rows were written) are not
    compared as bytes; the index is checked against the entries it indexes instead (FTS5's
    integrity-check fails on any difference)."""
    with closing(sqlite3.connect(path)) as con:
        con.execute(
            "INSERT INTO entry_search(entry_search, rank) VALUES ('integrity-check', 1)"
        )  # 1: against the entries too
        return sorted(line for line in con.iterdump() if '"entry_search_' not in line)


def rich_sqlite(path: Path) -> Path:
    """A database with something in every table: settings, clients in two currencies, projects,
    tasks, members, entries (billable, not, imported from Watson with their source ids and a
    running timer), a deleted entry (its id is never given again), invoices (one void) and
    tokens (one revoked)."""
    run = lambda *a, **k: aos(*a, db=path, **k)
    run("config", "set", "tax_rate", "19")
    run("client", "add", "Müller GmbH", "--rate", "120", "--currency", "EUR")
    run("client", "add", "Globex", "--rate", "99.99", "--currency", "USD")
    run("project", "add", "Site", "--client", "Müller GmbH")
    run("project", "add", "App", "--client", "Globex", "--rate", "150")
    run("task", "add", "Design", "--project", "Site", "--non-billable")
    run("user", "add", "bob", "--rate", "80")
    run("add", "-p", "Site", "-t", "Design", "--hours", "1.5", "--date", "2026-03-02", "-d", "mockups ☕")
    run("add", "-p", "Site", "--hours", "2", "--date", "2026-03-03", "-n", "notes\nline two")
    run("add", "-p", "App", "--hours", "0:45", "--date", "2026-03-03", "--user", "bob")
    run("add", "-p", "App", "--hours", "1", "--date", "2026-03-04", "-d", "gone")
    run("delete", "4", "--yes")
    run("invoice", "create", "-c", "Müller GmbH", "--to", "2026-03-31")
    run("invoice", "create", "-c", "Globex", "--to", "2026-03-31")
    run("invoice", "void", "INV-2026-0002")
    frames = sorted((Path(__file__).resolve().parents[1] / "fixtures").glob("watson*/frames"))
    run("import", "watson", str(frames[0].parent), "--client", "Globex")  # with a running frame: the timer
    run("token", "create", "--name", "ci")
    run("token", "create", "--name", "old")
    run("token", "revoke", "2")
    assert query(path, "SELECT count(*) FROM time_entries WHERE end_time IS NULL") == [(1,)]
    return path


def test_a_database_copied_to_postgresql_and_back_is_the_same_in_every_table(tmp_path, schema_url):
    original = rich_sqlite(tmp_path / "original.db")
    aos("db", "copy", str(original), schema_url, db=original)
    back = tmp_path / "back.db"
    copied = aos("db", "copy", schema_url, str(back), "--json", db=original)
    assert '"rows"' in copied.stdout
    assert sqlite_dump(back) == sqlite_dump(original), "every row of every table, and sqlite_sequence"
    listed = aos("list", "--json", db=schema_url).stdout
    assert listed == aos("list", "--json", db=original).stdout, "the same answers from PostgreSQL"
    aos("add", "-p", "Site", "--hours", "1", "--date", "2026-03-06", db=schema_url)
    assert query(schema_url, "SELECT max(id) FROM time_entries")[0][0] > 4, "a deleted id is not given again"


def test_a_copy_goes_only_into_an_empty_database_and_a_failed_one_leaves_no_file(tmp_path, schema_url):
    original = rich_sqlite(tmp_path / "original.db")
    aos("db", "copy", str(original), schema_url, db=original)
    before = dump(schema_url)
    again = aos("db", "copy", str(original), schema_url, db=original, expect=1)
    assert "already holds data" in again.stderr and again.stderr.count("\n") == 1
    assert dump(schema_url) == before
    missing = aos("db", "copy", str(tmp_path / "nothing.db"), str(tmp_path / "new.db"), db=original, expect=2)
    assert "no database at" in missing.stderr and not (tmp_path / "new.db").exists()


def test_concurrent_first_commands_on_an_empty_schema_create_it_once(schema_url):
    results = run_all([["client", "add", f"Client {i}"] for i in range(10)], schema_url)
    no_traceback(results)
    assert [r[0] for r in results] == [0] * 10, [r[2] for r in results]
    assert sorted(r[0] for r in query(schema_url, "SELECT name FROM clients")) == sorted(
        f"Client {i}" for i in range(10)
    )
    assert query(schema_url, "SELECT value FROM aostime_meta WHERE key = 'schema_version'") == [(str(LATEST),)]


def test_a_writer_held_past_the_busy_timeout_exits_3_and_writes_nothing(schema_url):
    import psycopg

    from aostime.storage.postgres.base import TAKE_WRITE_LOCK

    aos("add", "-p", "1", "--hours", "1", "--date", "2026-03-02", db=schema_url, expect=None)
    aos("client", "add", "Acme Corp", db=schema_url)
    aos("project", "add", "Site", "-c", "Acme Corp", db=schema_url)
    before = dump(schema_url)
    with psycopg.connect(schema_url, autocommit=True) as holder:
        holder.execute("BEGIN")
        holder.execute(TAKE_WRITE_LOCK)
        started = time.monotonic()
        writes = [["add", "-p", "Site", "--hours", "1"], ["start", "-p", "Site"], ["client", "add", "Blocked Inc"],
                  ["add", "-p", "Site", "--hours", "1", "--json"]]  # fmt: skip
        results = run_all(writes, schema_url, env={"AOS_BUSY_TIMEOUT_MS": "300"})
        reads = run_all([["status", "--json"], ["list", "--json"]], schema_url, env={"AOS_BUSY_TIMEOUT_MS": "300"})
        holder.execute("ROLLBACK")
    no_traceback(results + reads)
    for args, (code, out, err) in zip(writes, results):
        assert code == 3 and out == "" and "busy" in err and "0.3 s busy timeout" in err, (args, code, err)
    assert time.monotonic() - started < 30
    assert [r[0] for r in reads] == [0, 0], reads
    assert dump(schema_url) == before


def test_a_connection_lost_mid_command_exits_3_and_leaves_nothing_half_written(schema_url):
    """invoice create has written its invoice and lines when the server ends its session
    (pg_terminate_backend, as a restart or a failover would): nothing of it may stay."""
    import psycopg

    aos("client", "add", "Acme Corp", "--rate", "100", db=schema_url)
    aos("project", "add", "Site", "-c", "Acme Corp", db=schema_url)
    for day in ("2026-03-02", "2026-03-03"):
        aos("add", "-p", "Site", "--hours", "2", "--date", day, db=schema_url)
    before = dump(schema_url)
    env = dict(os.environ, AOS_DB=schema_url, AOS_BUSY_TIMEOUT_MS="60000")
    # The watcher is a second session: pg_stat_activity stands still within a transaction.
    with (
        psycopg.connect(schema_url, autocommit=True) as holder,
        psycopg.connect(schema_url, autocommit=True) as watcher,
    ):
        holder.execute("BEGIN")
        holder.execute("LOCK TABLE time_entries IN EXCLUSIVE MODE")  # reads pass, the marking waits
        holder_pid = holder.info.backend_pid
        command = subprocess.Popen([*AOS, "invoice", "create", "-c", "Acme Corp", "--to", "2026-03-31"], env=env,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
        waiting = []
        for _ in range(600):  # up to a minute, the command's own busy timeout
            waiting = watcher.execute(
                "SELECT pid FROM pg_stat_activity WHERE %s = ANY(pg_blocking_pids(pid)) AND backend_xid IS NOT NULL",
                (holder_pid,),
            ).fetchall()
            if waiting or command.poll() is not None:
                break
            time.sleep(0.1)
        assert waiting, "the command never waited holding its writes"
        watcher.execute("SELECT pg_terminate_backend(%s)", waiting[0])
        out, err = command.communicate(timeout=60)
        holder.execute("ROLLBACK")
    assert command.returncode == 3 and out == "", (command.returncode, err)
    assert err.startswith("Error: lost the connection") and err.count("\n") == 1 and "Traceback" not in err, err
    assert dump(schema_url) == before


def test_a_schema_of_something_else_and_a_newer_aostime_are_refused_untouched(schema_url):
    import psycopg

    with psycopg.connect(schema_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE orders (id int PRIMARY KEY)")
    foreign = aos("status", db=schema_url, expect=3)
    assert "holds other tables (orders)" in foreign.stderr and foreign.stderr.count("\n") == 1
    assert query(
        schema_url, "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
    ) == [("orders",)]
    with psycopg.connect(schema_url, autocommit=True) as conn:
        conn.execute("DROP TABLE orders")
    aos("status", db=schema_url)
    with psycopg.connect(schema_url, autocommit=True) as conn:
        conn.execute("UPDATE aostime_meta SET value = '99' WHERE key = 'schema_version'")
    before = dump(schema_url)
    newer = aos("list", db=schema_url, expect=3)
    assert "newer aostime (schema version 99" in newer.stderr
    assert dump(schema_url) == before


def unused_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_with(database: str, password: str | None = None) -> str:
    """A URL of the test server's role and host (its own password unless another is given)."""
    parts = urlsplit(pg_support.SERVER)
    secret = parts.password if password is None else password
    login = f"{parts.username}:{secret}" if secret else parts.username
    return f"postgresql://{login}@{parts.hostname}:{parts.port or 5432}/{database}"


def checks_passwords() -> bool:
    import psycopg

    try:
        psycopg.connect(server_with("postgres", "not-the-password"), connect_timeout=5).close()
    except psycopg.OperationalError:
        return True
    return False


@pytest.mark.parametrize("kind", ["unreachable", "no database", "bad option", "wrong password"])
def test_connection_faults_are_one_line_exit_3_without_the_password(kind):
    if kind == "wrong password" and not checks_passwords():
        pytest.skip("this server trusts logins on loopback (tools/pg_scratch.py checks passwords)")
    url, says = {
        "unreachable": (f"postgresql://aos:s3cret-pw@127.0.0.1:{unused_port()}/aostime", "Connection refused"),
        "no database": (server_with("no_such_database_here"), "does not exist"),
        "bad option": (server_with("postgres") + "?options=-cnot_a_setting%3D1", "not_a_setting"),
        "wrong password": (server_with("postgres", "s3cret-pw"), "password authentication failed"),
    }[kind]
    secret = urlsplit(url).password
    for args in (["status"], ["list", "--json"], ["add", "-p", "1", "--hours", "1"]):
        result = aos(*args, db=url, expect=3)
        assert result.stdout == "" and "Traceback" not in result.stderr
        assert not secret or secret not in result.stderr, result.stderr
        assert says in result.stderr, result.stderr
        lines = result.stderr.splitlines()
        assert lines[0].startswith("Error: ") and len(lines) == (2 if "--json" in args else 1), result.stderr


def test_status_on_sqlite_never_imports_psycopg(tmp_path):
    code = ("import sys; from aostime.entry import main; main(['status', '--json']); "
            "print(sorted(m for m in sys.modules if m.startswith('psycopg')))")  # fmt: skip
    env = dict(os.environ, AOS_DB=str(tmp_path / "a.db"))
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_without_the_driver_a_postgresql_url_is_refused_with_how_to_install_it(tmp_path, schema_url):
    shim = tmp_path / "shim" / "psycopg"
    shim.mkdir(parents=True)
    (shim / "__init__.py").write_text("raise ImportError('No module named psycopg (test shim)')\n")
    env = {"PYTHONPATH": os.pathsep.join([str(shim.parent), os.environ.get("PYTHONPATH", "")])}
    result = aos("status", db=schema_url, env=env, expect=2)
    assert (
        result.stderr == "Error: a PostgreSQL database needs the driver: pip install 'aostime[postgres]' (psycopg 3)\n"
    )


def test_backup_of_postgresql_is_a_complete_sqlite_copy_and_restore_says_what_to_use(tmp_path, schema_url):
    original = rich_sqlite(tmp_path / "original.db")
    aos("db", "copy", str(original), schema_url, db=original)
    saved = tmp_path / "team-backup.db"
    aos("backup", str(saved), db=schema_url)
    assert sqlite_dump(saved) == sqlite_dump(original)
    refused = aos("restore", str(saved), "--yes", db=schema_url, expect=2)
    assert "aos db copy BACKUP.db postgresql://" in refused.stderr


@pytest.fixture
def roles():
    """Roles made for a test, dropped afterwards."""
    import psycopg

    made: list[str] = []
    yield made
    with psycopg.connect(pg_support.SERVER, autocommit=True) as conn:
        for role in made:
            conn.execute(f"DROP OWNED BY {role}")
            conn.execute(f"DROP ROLE {role}")


def as_role(url: str, role: str) -> str:
    scheme, rest = url.split("://", 1)
    return f"{scheme}://{role}:s3cret-pw@{rest.split('@', 1)[-1]}"


def test_a_role_without_the_rights_or_the_login_gets_one_line_and_exit_3(schema_url, roles):
    import uuid

    import psycopg

    aos("client", "add", "Acme Corp", db=schema_url)
    schema = query(schema_url, "SELECT current_schema()")[0][0]
    reader, nologin = f"aos_r_{uuid.uuid4().hex[:8]}", f"aos_n_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(pg_support.SERVER, autocommit=True) as conn:
        conn.execute(f"CREATE ROLE {reader} LOGIN PASSWORD 's3cret-pw'")
        roles.append(reader)
        conn.execute(f"GRANT USAGE ON SCHEMA {schema} TO {reader}")
        conn.execute(f"CREATE ROLE {nologin} NOLOGIN PASSWORD 's3cret-pw'")
        roles.append(nologin)
    before = dump(schema_url)
    for args in (["status"], ["client", "add", "Globex"], ["list", "--json"]):
        denied = aos(*args, db=as_role(schema_url, reader), expect=3)
        assert "permission denied" in denied.stderr and "s3cret-pw" not in denied.stderr, denied.stderr
        assert denied.stderr.count("\n") == (2 if "--json" in args else 1) and "Traceback" not in denied.stderr
    refused = aos("status", db=as_role(schema_url, nologin), expect=3)
    assert "not permitted to log in" in refused.stderr and refused.stderr.count("\n") == 1
    assert dump(schema_url) == before


def test_the_rights_the_readme_names_are_enough_for_everyday_work(schema_url, roles):
    import uuid

    import psycopg

    aos("client", "add", "Acme Corp", "--rate", "150", db=schema_url)
    aos("project", "add", "Site", "-c", "Acme Corp", db=schema_url)
    schema = query(schema_url, "SELECT current_schema()")[0][0]
    member = f"aos_m_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(pg_support.SERVER, autocommit=True) as conn:
        conn.execute(f"CREATE ROLE {member} LOGIN PASSWORD 's3cret-pw'")
        roles.append(member)
        conn.execute(f"GRANT USAGE ON SCHEMA {schema} TO {member}")
        conn.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {member}")
        conn.execute(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA {schema} TO {member}")
    url = as_role(schema_url, member)
    aos("add", "-p", "Site", "--hours", "2", "--date", "2026-03-02", db=url)
    aos("start", "-p", "Site", "--at", "-5m", db=url)
    aos("stop", db=url)
    aos("invoice", "create", "-c", "Acme Corp", "--round", "none", db=url)
    assert query(schema_url, "SELECT count(*) FROM time_entries WHERE invoiced = 1") == [(2,)]
