"""Where data lives and what aostime refuses to touch."""

import sqlite3

import pytest

from aostime.storage.sqlite.migrations import APPLICATION_ID, LATEST
from db_query import execute, integrity_error, is_postgres, query


def test_the_first_command_creates_the_database_under_the_user_data_dir(aos, monkeypatch, tmp_path):
    monkeypatch.delenv("AOS_DB")
    aos("client", "add", "Acme")
    assert (tmp_path / "xdg-data" / "aostime" / "aostime.db").exists()


def test_db_option_beats_the_environment(aos, tmp_path):
    other = tmp_path / "other.db"
    aos("--db", str(other), "client", "add", "Acme")
    assert other.exists()
    assert aos("client", "list", "--json").json == []


def test_a_text_file_is_refused_and_left_untouched(aos, tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("my notes\n")
    result = aos("--db", str(text), "status", expect=3)
    assert "not an aostime database" in result.err
    assert text.read_text() == "my notes\n"


def test_a_foreign_sqlite_database_is_refused_and_left_untouched(aos, tmp_path):
    foreign = tmp_path / "foreign.db"
    con = sqlite3.connect(foreign)
    con.execute("CREATE TABLE things (x)")
    con.commit()
    con.close()
    before = foreign.read_bytes()
    assert "not an aostime one" in aos("--db", str(foreign), "status", expect=3).err
    assert foreign.read_bytes() == before


def test_a_database_from_a_newer_aostime_is_refused_and_never_modified(aos, db_path):
    aos("client", "add", "Acme")
    con = sqlite3.connect(db_path)
    con.execute(f"PRAGMA user_version = {LATEST + 1}")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    before = db_path.read_bytes()
    result = aos("client", "list", expect=3)
    assert "newer" in result.err
    assert db_path.read_bytes() == before


def test_the_database_is_wal_with_foreign_keys_and_stamped_as_ours(aos, db_path):
    aos("client", "add", "Acme")
    con = sqlite3.connect(db_path)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert con.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert con.execute("PRAGMA user_version").fetchone()[0] == LATEST


def test_the_database_itself_allows_one_running_timer_per_user(acme, isolated):
    acme("start", "-p", "1")
    with pytest.raises(integrity_error(isolated), match="(?i)unique constraint"):
        execute(
            isolated,
            "INSERT INTO time_entries (project_id, user_id, start_time, billable, hourly_rate_cents, created_at,"
            " updated_at) SELECT project_id, user_id, '2026-01-01 00:00:00', 1, 0, '2026-01-01 00:00:00',"
            " '2026-01-01 00:00:00' FROM time_entries",
        )


def test_amounts_are_stored_as_integer_cents(acme, isolated):
    acme("add", "-p", "1", "--hours", "0:20", "--rate", "100.01")
    stored_type = "pg_typeof(amount_cents)::text" if is_postgres(isolated) else "typeof(amount_cents)"
    integer = "bigint" if is_postgres(isolated) else "integer"
    assert query(isolated, f"SELECT amount_cents, {stored_type} FROM time_entries") == [(3334, integer)]


def test_usage_errors_are_one_line_with_exit_2(aos):
    result = aos("start", "--bogus", expect=2)
    assert result.err.count("\n") == 1 and result.err.startswith("Error: ")


def test_a_group_without_a_command_shows_its_help(aos):
    result = aos("invoice", expect=2)
    assert "Commands:" in result.err and "create" in result.err and result.out == ""
