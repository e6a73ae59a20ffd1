"""Invoices marked paid before payments were recorded keep their money through every upgrade: a
paid invoice gets one payment of its total, dated its last status change, so it shows paid in
full, nothing open, and takes no second payment. Old databases are built here with the
project's own migrations up to their version (SQLite 2, PostgreSQL 5, the first it had), and a
database already upgraded without those payments (version 9) is mended by migration 10."""

from __future__ import annotations

import sqlite3
from contextlib import closing

from aostime.storage.postgres import schema as pg_schema
from aostime.storage.sqlite import migrations
from aostime.storage.sqlite.opening import _statements
from billing_support import ready_to_issue
from db_query import execute, is_postgres, query, set_back_to

PAID_AT = "2026-02-10 16:30:00"  # the paid invoice's last status change (updated_at), UTC


def _old_database(db) -> None:
    """Version 2 (SQLite) or 5 (PostgreSQL) with a client, two entries, a paid invoice of 525.00
    (both entries) and a sent one of 150.00 (none), written as that version's code wrote them."""
    pg = is_postgres(db)
    utc = "+00" if pg else ""
    stamp = "2026-01-02 08:00:00" + utc
    keyed = ", name_key" if pg else ""  # PostgreSQL started at version 5, with folded name keys

    def rows(sql: str, *params) -> list:
        return [sql.replace("{keyed}", keyed).replace("{key}", ", ?" if pg else ""), params]

    writes = [
        rows("INSERT INTO settings (key, value) VALUES ('currency', 'USD'), ('invoice_prefix', 'INV')"),
        rows("INSERT INTO clients (name{keyed}, currency, hourly_rate_cents, created_at, updated_at) "
             "VALUES ('Acme Corp'{key}, 'USD', 15000, ?, ?)", *(["acme corp"] if pg else []), stamp, stamp),
        rows("INSERT INTO projects (client_id, name{keyed}, created_at, updated_at) VALUES (1, 'Site'{key}, ?, ?)",
             *(["site"] if pg else []), stamp, stamp),
        rows("INSERT INTO users (name{keyed}, created_at, updated_at) VALUES ('alice'{key}, ?, ?)",
             *(["alice"] if pg else []), stamp, stamp),
        rows("INSERT INTO invoices (number, client_id, issue_date, due_date, status, currency, subtotal_cents, "
             "tax_rate, tax_cents, total_cents, created_at, updated_at) VALUES "
             "('INV-2026-0001', 1, '2026-01-31', '2026-03-02', 'paid', 'USD', 52500, '0', 0, 52500, ?, ?), "
             "('INV-2026-0002', 1, '2026-02-01', '2026-03-03', 'sent', 'USD', 15000, '0', 0, 15000, ?, ?)",
             stamp, PAID_AT + utc, stamp, stamp),
        rows("INSERT INTO invoice_sequences (year, last_number) VALUES (2026, 2)"),
        rows("INSERT INTO invoice_lines (invoice_id, position, description, seconds, hourly_rate_cents, "
             "amount_cents, project_id) VALUES (1, 1, 'Site', 12600, 15000, 52500, 1), "
             "(2, 1, 'Fixed fee', 0, 15000, 15000, NULL)"),
        rows("INSERT INTO time_entries (project_id, user_id, start_time, end_time, duration, billable, "
             "hourly_rate_cents, amount_cents, invoiced, invoice_id, created_at, updated_at) VALUES "
             "(1, 1, ?, ?, 9000, 1, 15000, 37500, 1, 1, ?, ?), (1, 1, ?, ?, 3600, 1, 15000, 15000, 1, 1, ?, ?)",
             "2026-01-05 09:00:00" + utc, "2026-01-05 11:30:00" + utc, stamp, stamp,
             "2026-01-06 13:00:00" + utc, "2026-01-06 14:00:00" + utc, stamp, stamp),
        rows("INSERT INTO invoice_line_entries (line_id, entry_id) VALUES (1, 1), (1, 2)"),
    ]  # fmt: skip
    if pg:
        import psycopg

        from aostime.storage.postgres.base import pg_sql

        with psycopg.connect(str(db)) as con:
            con.execute(pg_schema.SCHEMA_5)
            con.execute("INSERT INTO aostime_meta (key, value) VALUES ('application', 'aostime'), "
                        "('schema_version', '5')")  # fmt: skip
            for sql, params in writes:
                con.execute(pg_sql(sql), params or None)
        return
    with closing(sqlite3.connect(db)) as con, con:
        for script in migrations.MIGRATIONS[:2]:
            for statement in _statements(script):
                con.execute(statement)
        for sql, params in writes:
            con.execute(sql, params)
        con.execute(f"PRAGMA application_id = {migrations.APPLICATION_ID}")
        con.execute("PRAGMA user_version = 2")


def _shows_paid_in_full_and_refuses_a_second_payment(aos_proc, number: str) -> dict:
    shown = aos_proc("invoice", "show", number, "--json").json
    assert shown["status"] == "paid"
    assert shown["paid"] == shown["total"] and shown["open"] == 0, shown
    refused = aos_proc("invoice", "pay", number, expect=1)
    assert refused.err == f"Error: invoice {number} is paid in full\n"
    assert aos_proc("invoice", "show", number, "--json").json["paid"] == shown["total"]
    return shown


def test_an_old_database_upgraded_keeps_the_money_of_its_paid_invoice(isolated, aos_proc):
    """SQLite from version 2, PostgreSQL from version 5: through migration 8 and on to the latest."""
    _old_database(isolated)
    shown = _shows_paid_in_full_and_refuses_a_second_payment(aos_proc, "INV-2026-0001")
    assert shown["total"] == 525
    assert query(isolated, "SELECT invoice_id, amount_cents, paid_on FROM payments") == [(1, 52500, "2026-02-10")]
    sent = aos_proc("invoice", "show", "INV-2026-0002", "--json").json
    assert (sent["status"], sent["paid"], sent["open"]) == ("sent", 0, 150), "an unpaid invoice gets no payment"
    if is_postgres(isolated):
        version = query(isolated, "SELECT value FROM aostime_meta WHERE key = 'schema_version'")[0][0]
        assert int(version) == pg_schema.LATEST
    else:
        assert query(isolated, "PRAGMA user_version")[0][0] == migrations.LATEST


def test_a_database_upgraded_before_paid_invoices_got_their_payment_is_mended_by_migration_10(
    aos, aos_proc, isolated, monkeypatch
):
    """A version-9 database holding what migration 8 used to leave: a paid invoice without
    payments. Migration 10 pays it on its last status change; an invoice paid through
    `aos invoice pay` keeps its own payments, none added."""
    monkeypatch.setenv("AOS_NOW", "2026-03-31T12:00:00+00:00")
    aos("client", "add", "Acme", "--rate", "100")
    ready_to_issue(aos, "Acme")
    for args in (["project", "add", "Site", "-c", "Acme"],
                 ["add", "-p", "Site", "--hours", "2", "--date", "2026-03-02"], ["invoice", "create", "-c", "Acme"],
                 ["invoice", "issue", "1"],
                 ["add", "-p", "Site", "--hours", "1", "--date", "2026-03-03"], ["invoice", "create", "-c", "Acme"],
                 ["invoice", "issue", "2", "--issue-date", "2026-03-15"], ["invoice", "pay", "2", "--amount", "40", "--date", "2026-03-20"],
                 ["invoice", "pay", "2", "--date", "2026-03-25"]):  # fmt: skip
        aos(*args)
    # what a status change to paid stored before payments existed
    stamp = PAID_AT + ("+00" if is_postgres(isolated) else "")
    execute(isolated, "UPDATE invoices SET status = 'paid', updated_at = ? WHERE id = 1", (stamp,))
    set_back_to(isolated, 9)
    assert aos_proc("invoice", "show", "1", "--json").json["total"] == 200
    _shows_paid_in_full_and_refuses_a_second_payment(aos_proc, "INV-2026-0001")
    _shows_paid_in_full_and_refuses_a_second_payment(aos_proc, "INV-2026-0002")
    assert query(isolated, "SELECT invoice_id, amount_cents, paid_on FROM payments ORDER BY id") == [
        (2, 4000, "2026-03-20"), (2, 6000, "2026-03-25"), (1, 20000, "2026-02-10")]  # fmt: skip
