"""Opening a schema-1 database (tests/fixtures/schema_v1.db, written by make_schema_v1.py) with
the current code: migrated to the latest version with every row kept, the running timer still
running, and a copy of the version-1 file written first."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from reliability_helpers import dump, integrity, no_traceback, query, run_all

from aostime.domain.names import fold
from aostime.storage.sqlite import migrations

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "schema_v1.db"
V1_TABLES = ("settings", "clients", "projects", "tasks", "users", "invoices", "invoice_sequences",
             "invoice_lines", "time_entries", "invoice_line_entries")  # fmt: skip


def v1_rows(db: Path) -> dict[str, list[tuple]]:
    """Every row of the version-1 tables, in version-1 columns (later ones may add columns)."""
    with closing(sqlite3.connect(FIXTURE)) as fixture:
        columns = {t: [r[1] for r in fixture.execute(f"PRAGMA table_info({t})")] for t in V1_TABLES}
    return {t: query(db, f"SELECT {', '.join(columns[t])} FROM {t} ORDER BY rowid") for t in V1_TABLES}


@pytest.fixture
def v1(db_path) -> Path:
    shutil.copyfile(FIXTURE, db_path)
    return db_path


def test_the_fixture_is_a_version_1_database_with_a_running_timer():
    assert query(FIXTURE, "PRAGMA user_version")[0][0] == 1
    assert query(FIXTURE, "PRAGMA application_id")[0][0] == migrations.APPLICATION_ID
    assert query(FIXTURE, "SELECT count(*) FROM time_entries WHERE end_time IS NULL")[0][0] == 1
    assert not query(FIXTURE, "SELECT name FROM sqlite_master WHERE name = 'api_tokens'")


def test_a_version_1_database_is_migrated_with_its_data_and_running_timer_and_backed_up_first(v1, aos_proc):
    before_rows = v1_rows(v1)
    before_dump = dump(v1)
    status = aos_proc("status", "--json").json
    assert status["running"] is True
    assert status["entry"]["description"] == "Running since the v1 days"
    assert status["entry"]["project_name"] == "Website Redesign" and status["entry"]["hourly_rate"] == 150
    assert query(v1, "PRAGMA user_version")[0][0] == migrations.LATEST
    assert v1_rows(v1) == before_rows, "a migration changed existing rows"
    assert integrity(v1) == ["ok"]
    backup = Path(f"{v1}.v1.bak")
    assert dump(backup) == before_dump, "the backup is the version-1 file as it was"
    listed = aos_proc("list", "--json").json
    assert listed["count"] == 4 and listed["entries"][-1]["invoice_number"] == "INV-2026-0001"
    aos_proc("stop", expect=1)  # the v1 timer has run for months: longer than max_entry_hours
    aos_proc("stop", "--force")
    assert query(v1, "SELECT count(*) FROM time_entries WHERE end_time IS NULL")[0][0] == 0


def test_every_command_at_once_on_a_version_1_database_migrates_it_once(v1):
    """Eight processes find version 1 together: one migrates (and backs up version 1, under the
    write lock), the others wait and find it done."""
    before_dump = dump(v1)
    commands = [["status", "--json"], ["list", "--json"], ["client", "list"], ["unbilled", "--json"]] * 2
    results = run_all(commands, v1)
    no_traceback(results)
    assert [r[0] for r in results] == [0] * len(commands), [r[2] for r in results]
    assert query(v1, "PRAGMA user_version")[0][0] == migrations.LATEST
    assert dump(Path(f"{v1}.v1.bak")) == before_dump
    assert list(v1.parent.glob(".*tmp*")) == [], "no temporary copy left behind"


def test_a_migration_that_fails_leaves_version_1_whole(v1, aos_proc):
    """A migration step that cannot apply (here an object of the same name is in the way)
    rolls back entirely: exit 3, and the file is still version 1 with all its rows."""
    with closing(sqlite3.connect(v1)) as con:
        con.execute("CREATE TABLE api_tokens (x)")
        con.commit()
    before = dump(v1)
    result = aos_proc("list", "--json", expect=3)
    assert "Traceback" not in result.err and result.err.startswith("Error: database ")
    assert dump(v1) == before
    assert query(v1, "PRAGMA user_version")[0][0] == 1


def test_migration_fixes_each_clients_currency_from_the_setting_and_folds_names(v1, aos_proc):
    con = sqlite3.connect(v1)
    con.execute("UPDATE settings SET value = 'eur' WHERE key = 'currency'")
    con.execute("UPDATE clients SET currency = NULL")
    con.execute("INSERT INTO clients (name, created_at, updated_at) VALUES ('Globex', '', '')")
    con.commit()
    con.close()
    clients = aos_proc("client", "list", "--json").json
    # Acme was invoiced in USD: its invoice says so; Globex never was: the setting decides
    assert {c["name"]: c["currency"] for c in clients} == {"Acme Corp": "USD", "Globex": "EUR"}
    aos_proc("config", "set", "currency", "USD")
    assert aos_proc("client", "list", "--json").json == clients, "the setting no longer relabels clients"
    keys = query(v1, "SELECT name, name_key FROM clients")
    assert all(key == fold(name) for name, key in keys)


def schema(path: Path) -> dict:
    """Every table's columns (type, not null, default, primary key), indexes (columns, unique,
    partial condition) and triggers, as sqlite-utils reads them."""
    import sqlite_utils

    db = sqlite_utils.Database(path)
    try:
        shape = {}
        for table in db.tables:
            columns = [(c.name, c.type.upper(), c.notnull, c.default_value, c.is_pk) for c in table.columns]
            indexes = sorted((i.name, tuple(i.columns), i.unique) for i in table.indexes)
            conditions = {name: sql for name, sql in db.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ?", [table.name])}  # fmt: skip
            triggers = sorted((t.name, " ".join(t.sql.split())) for t in table.triggers)
            partial = {name: " ".join(sql.split()).split(" WHERE ", 1)[-1] for name, sql in conditions.items()
                       if sql and " WHERE " in sql}  # fmt: skip
            shape[table.name] = {"columns": columns, "indexes": indexes, "partial": partial, "triggers": triggers}
        return shape
    finally:
        db.close()


def test_a_migrated_version_1_database_has_exactly_the_schema_of_a_new_one(v1, aos_proc, tmp_path):
    """Every column, default, constraint-bearing index and trigger a new database gets, a migrated
    one gets too: the migrations and the schema of a new file cannot drift apart."""
    aos_proc("status")
    fresh = tmp_path / "fresh.db"
    aos_proc("status", env={"AOS_DB": str(fresh)})
    assert schema(v1) == schema(fresh)


def test_invoices_made_before_they_kept_a_tax_mode_get_one_charged_vat_standard_else_their_client_s(
    aos, aos_proc, isolated, monkeypatch
):
    """Migration 9, on either backend: a version-8 database (the column dropped again) with
    invoices of a client whose tax mode changed after the first, and of a client without one. The
    first charged VAT: standard, whatever its client is now."""
    from db_query import execute, set_back_to

    monkeypatch.setenv("AOS_NOW", "2026-03-31T12:00:00+00:00")
    for args in (["client", "add", "Acme", "--rate", "100"], ["client", "add", "Globex", "--rate", "100"],
                 ["project", "add", "Site", "-c", "Acme"], ["project", "add", "Shop", "-c", "Globex"],
                 ["add", "-p", "Site", "--hours", "1", "--date", "2026-03-02"], ["invoice", "create", "-c", "Acme", "--tax", "19"],
                 ["client", "edit", "Acme", "--tax-mode", "reverse-charge"],
                 ["add", "-p", "Site", "--hours", "1", "--date", "2026-03-03"], ["invoice", "create", "-c", "Acme"],
                 ["add", "-p", "Shop", "--hours", "1", "--date", "2026-03-03"], ["invoice", "create", "-c", "Globex"]):  # fmt: skip
        aos(*args)
    execute(isolated, "ALTER TABLE invoices DROP COLUMN tax_mode")
    set_back_to(isolated, 8)
    listed = aos_proc("invoice", "list", "--json").json
    assert [(i["number"], i["tax_mode"]) for i in listed] == [
        ("INV-2026-0001", "standard"), ("INV-2026-0002", "reverse-charge"), ("INV-2026-0003", "standard")]  # fmt: skip


def test_entries_imported_before_scopes_were_kept_are_adopted_by_the_next_import_of_their_file(
    aos, aos_proc, isolated, monkeypatch, tmp_path
):
    """Migration 12, on either backend: a version-11 database with entries of a Toggl file. The file
    imported again finds them by their times (nothing added), and from then on they are its own: a row the source
    removed is listed, and the file is not read again in another zone."""
    from db_query import execute, set_back_to

    head = "User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration,Tags\n"
    rows = [f"Jo,jo@example.com,Acme,Web,,{d},Yes,2026-03-0{n},09:00:00,2026-03-0{n},10:00:00,01:00:00,\n"
            for n, d in ((2, "Design"), (3, "Review"), (4, "Deploy"))]  # fmt: skip
    path = tmp_path / "toggl.csv"
    path.write_text(head + "".join(rows))
    aos("import", "csv", str(path))
    execute(isolated, "UPDATE time_entries SET source_id = 'v9-' || CAST(id AS TEXT)")  # ids computed otherwise then
    set_back_to(isolated, 11)
    again = aos_proc("import", "csv", str(path), "--json").json
    assert (again["entries"]["unchanged"], again["removed"]["count"]) == (3, 0)
    path.write_text(head + rows[0] + rows[2])
    assert [r["description"] for r in aos_proc("import", "csv", str(path), "--json").json["removed"]["entries"]] == [
        "Review"
    ]
    assert "TZ=UTC" in aos_proc("import", "csv", str(path), env={"TZ": "Asia/Tokyo"}, expect=2).err


def _toggl_march(*rows: tuple[str, str, str, str]) -> str:
    """Toggl rows (day of March 2026, start, end, description) of Jo on Acme / Web."""
    head = "User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration,Tags\n"
    return head + "".join(f"Jo,jo@example.com,Acme,Web,,{d},Yes,2026-03-0{n},{s},2026-03-0{n},{e},,\n"
                          for n, s, e, d in rows)  # fmt: skip


MARCH = (("2", "09:00:00", "10:00:00", "Design"), ("3", "09:00:00", "10:00:00", "Review"),
         ("4", "09:00:00", "10:00:00", "Deploy"))  # fmt: skip


def _starts(aos_proc) -> list[str]:
    return sorted(e["start_time"] for e in aos_proc("list", "--json", env={"TZ": "UTC"}).json["entries"])


def test_entries_imported_before_the_zone_was_kept_take_the_zone_of_the_next_import_of_their_file(
    aos, aos_proc, isolated, monkeypatch, tmp_path
):
    """Migration 12, on either backend: a version-11 database holds a Toggl file's entries, read in
    Europe/Berlin, without the zone. Their file imported again in Europe/Berlin, corrected (a row an
    hour later, another one longer), takes them as read there, says so, and keeps the zone: read in
    Asia/Tokyo afterwards, it is refused."""
    from db_query import query, set_back_to

    monkeypatch.setenv("TZ", "Europe/Berlin")
    path = tmp_path / "toggl.csv"
    path.write_text(_toggl_march(*MARCH))
    aos("import", "csv", str(path))
    set_back_to(isolated, 11)
    path.write_text(
        _toggl_march(MARCH[0], ("3", "10:00:00", "11:00:00", "Review"), ("4", "09:00:00", "10:30:00", "Deploy"))
    )
    again = aos_proc("import", "csv", str(path), "--json").json
    assert (again["entries"]["unchanged"], again["entries"]["updated"], again["entries"]["created"]) == (1, 2, 0)
    assert any("3 entries imported before" in w and "Europe/Berlin" in w for w in again["warnings"])
    assert query(isolated, "SELECT DISTINCT import_zone FROM time_entries") == [("Europe/Berlin",)]
    assert _starts(aos_proc) == ["2026-03-02T08:00:00+00:00", "2026-03-03T09:00:00+00:00", "2026-03-04T08:00:00+00:00"]
    assert aos_proc("import", "csv", str(path), "--json").json["warnings"] == []  # said once
    refused = aos_proc("import", "csv", str(path), env={"TZ": "Asia/Tokyo"}, expect=2)
    assert "read in Europe/Berlin" in refused.err


def test_a_file_imported_before_the_zone_was_kept_is_not_moved_by_reading_it_in_another_zone(
    aos, aos_proc, isolated, monkeypatch, tmp_path
):
    """Migration 12, on either backend: the entries of a version-11 database were read in
    Europe/Berlin. Read in Asia/Tokyo, every one would move by the same eight hours, keeping its
    length, as another zone moves them: refused, naming the offset they were read at, and nothing
    changes; read in Europe/Berlin, they are found unchanged."""
    from db_query import query, set_back_to

    monkeypatch.setenv("TZ", "Europe/Berlin")
    path = tmp_path / "toggl.csv"
    path.write_text(_toggl_march(*MARCH))
    aos("import", "csv", str(path))
    set_back_to(isolated, 11)
    before = _starts(aos_proc)
    refused = aos_proc("import", "csv", str(path), env={"TZ": "Asia/Tokyo"}, expect=2)
    assert refused.err.count("\n") == 1 and "UTC+01:00" in refused.err and "Asia/Tokyo" in refused.err
    assert _starts(aos_proc) == before
    assert query(isolated, "SELECT DISTINCT import_zone FROM time_entries") == [(None,)]
    again = aos_proc("import", "csv", str(path), "--json").json
    assert (again["entries"]["unchanged"], again["entries"]["created"]) == (3, 0)
    assert _starts(aos_proc) == before


def test_migration_15_keeps_every_tax_mode_and_lets_a_client_be_outside_the_scope_of_vat(
    aos, aos_proc, isolated, monkeypatch
):
    """A version-13 database (the columns of 15 dropped again), on either backend: the clients'
    and invoices' tax modes come through the widened CHECKs as they were; a client may then be
    outside-scope, a line have its own rate."""
    from db_query import set_back_to

    monkeypatch.setenv("AOS_NOW", "2026-03-31T12:00:00+00:00")
    for args in (["client", "add", "Acme", "--rate", "100", "--tax-mode", "exempt"], ["client", "add", "Globex",
                 "--rate", "100"], ["project", "add", "Site", "-c", "Acme"],
                 ["add", "-p", "Site", "--hours", "1", "--date", "2026-03-02"], ["invoice", "create", "-c", "Acme"]):  # fmt: skip
        aos(*args)
    set_back_to(isolated, 13)
    assert aos_proc("invoice", "show", "1", "--json").json["tax_mode"] == "exempt"
    assert [c.get("tax_mode") for c in aos_proc("client", "list", "--json").json] == ["exempt", None]
    aos_proc("client", "edit", "Globex", "--tax-mode", "outside-scope")
    aos_proc("client", "edit", "Acme", "--tax-mode", "standard")
    aos_proc("add", "-p", "Site", "--hours", "1", "--date", "2026-03-03")
    aos_proc("invoice", "create", "-c", "Acme", "--tax", "19")
    line = aos_proc("invoice", "add-line", "2", "-d", "Book", "-q", "1", "--unit-price", "10", "--tax", "7", "--json")
    assert line.json["lines"][-1]["tax_rate"] == 7 and line.json["tax"] == 19.70


def test_clients_and_invoices_from_before_references_were_kept_read_on_with_none(aos, aos_proc, isolated, monkeypatch):
    """Migration 16, on either backend: a version-13 database's clients and invoices read on, as
    they were, without a buyer reference, Peppol id or order reference; the address as it was kept."""
    from db_query import set_back_to

    monkeypatch.setenv("AOS_NOW", "2026-03-31T12:00:00+00:00")
    for args in (["client", "add", "Acme", "--rate", "100", "--address", "Hauptstraße 1\\n80331 München"],
                 ["project", "add", "Site", "-c", "Acme"], ["add", "-p", "Site", "--hours", "1", "--date", "2026-03-02"],
                 ["invoice", "create", "-c", "Acme"]):  # fmt: skip
        aos(*args)
    set_back_to(isolated, 13)
    (client,) = aos_proc("client", "list", "--json").json
    assert (client["address"], client["buyer_reference"], client["peppol_id"]) == ("Hauptstraße 1\n80331 München",
                                                                                   None, None)  # fmt: skip
    assert aos_proc("invoice", "show", "1", "--json").json["order_reference"] is None
