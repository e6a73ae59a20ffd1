"""What the peers' own importers need from `aos export`: one currency in a file that names one
(Toggl's 'Amount (EUR)', Clockify's 'Billable Amount (EUR)'), refused or split otherwise, never
relabelled; each person's e-mail, by which Toggl, Clockify and Kimai find people; the columns
their importers document (Toggl's and Clockify's import guides, Kimai's importer plugin); and
`-o -` for stdout."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

from aostime.interchange.writers.spreadsheets import NEED_EMAIL, ONE_CURRENCY


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


@pytest.fixture
def two_currencies(aos, monkeypatch):
    monkeypatch.setenv("TZ", "Europe/Berlin")
    aos("client", "add", "Acme", "--rate", "100", "--currency", "EUR")
    aos("client", "add", "Globex", "--rate", "150", "--currency", "USD")
    aos("project", "add", "Site", "--client", "Acme")
    aos("project", "add", "App", "--client", "Globex")
    aos("add", "-p", "Site", "--start", "2026-03-02 09:00", "--end", "2026-03-02 10:30", "-d", "Design")
    aos("add", "-p", "App", "--start", "2026-03-02 11:00", "--end", "2026-03-03 03:43:20", "-d", "Build")
    aos("user", "edit", "alice", "--email", "alice@example.org")
    return aos


def test_the_one_currency_formats_are_those_naming_it_in_a_header():
    assert set(ONE_CURRENCY) == {"toggl", "clockify"}


@pytest.mark.parametrize("fmt", ONE_CURRENCY)
def test_mixed_currencies_in_a_one_currency_format_are_refused_and_nothing_is_written(two_currencies, tmp_path, fmt):
    target = tmp_path / "out.csv"
    result = two_currencies("export", "--format", fmt, "-o", str(target), expect=2)
    assert result.err.count("\n") == 1 and "EUR and USD" in result.err
    assert "--currency EUR" in result.err and "--client" in result.err and "--split-currency" in result.err
    assert not target.exists()


@pytest.mark.parametrize("fmt", ["harvest", "kimai"])
def test_formats_with_a_currency_per_row_keep_each_rows_own(two_currencies, fmt):
    got = rows(two_currencies("export", "--format", fmt).out)
    assert [r["Currency"] for r in got] == (["Euro - EUR", "United States Dollar - USD"] if fmt == "harvest"
                                            else ["EUR", "USD"])  # fmt: skip


@pytest.mark.parametrize("fmt", ONE_CURRENCY)
def test_split_currency_writes_a_file_per_currency_that_imports_back_in_its_currency(two_currencies, tmp_path, fmt):
    two_currencies("export", "--format", fmt, "--split-currency", "-o", str(tmp_path / "hours.csv"))
    assert sorted(p.name for p in tmp_path.glob("hours.*")) == ["hours.EUR.csv", "hours.USD.csv"]
    usd = (tmp_path / "hours.USD.csv").read_text(encoding="utf-8")
    assert "(USD)" in usd.splitlines()[0] and "(EUR)" not in usd and "Build" in usd and "Design" not in usd
    other = str(tmp_path / "other.db")
    for name in ("hours.EUR.csv", "hours.USD.csv"):
        two_currencies("--db", other, "import", "csv", str(tmp_path / name))
    mine = two_currencies("list", "--json").json["totals_by_currency"]
    theirs = two_currencies("--db", other, "list", "--json").json["totals_by_currency"]
    assert theirs == mine and {t["currency"] for t in theirs} == {"EUR", "USD"}  # $2,508.33 stays dollars


def test_currency_keeps_one_currencys_entries(two_currencies):
    got = rows(two_currencies("export", "--format", "toggl", "--currency", "usd").out)
    assert [(r["Project"], r["Amount (USD)"]) for r in got] == [("App", "2508.33")]
    assert two_currencies("export", "--format", "toggl", "--currency", "dollars", expect=2).err.startswith(
        "Error: currency 'dollars' is not a 3-letter code"
    )


def test_split_currency_needs_a_file(two_currencies):
    assert "give -o FILE" in two_currencies("export", "--format", "toggl", "--split-currency", expect=2).err


@pytest.mark.parametrize("fmt", NEED_EMAIL)
def test_a_person_without_an_email_is_refused_naming_the_command_that_adds_it(two_currencies, fmt):
    two_currencies("user", "add", "Jürgen Groß")
    two_currencies("add", "-p", "Site", "-u", "Jürgen Groß", "--start", "2026-03-03 09:00", "--end", "2026-03-03 10:00")
    err = two_currencies("export", "--format", fmt, "--currency", "EUR", expect=2).err
    assert err == (f"Error: {fmt}'s import finds people by e-mail, and Jürgen Groß has none: "
                   'aos user edit "Jürgen Groß" --email ADDRESS\n')  # fmt: skip
    # an export of others' entries does not need it
    two_currencies("export", "--format", fmt, "--currency", "EUR", "-u", "alice")


# the columns each peer's importer requires for a time entry (its own documentation)
REQUIRED = {
    "toggl": ("Email", "Start date", "Start time", "Duration"),  # support.toggl.com CSV import
    "clockify": ("Email", "Start Date", "Start Time", "Duration (h)"),  # clockify.me/help import timesheets
    "kimai": ("Date", "From", "To", "Duration", "Rate", "User", "Email", "Customer", "Project", "Activity"),
    "harvest": ("Date", "Client", "Project", "Task", "Notes", "Hours", "First Name", "Last Name"),
}


@pytest.mark.parametrize("fmt", sorted(REQUIRED))
def test_each_peers_export_fills_the_columns_its_importer_requires(two_currencies, fmt):
    got = rows(two_currencies("export", "--format", fmt, "--currency", "EUR").out)
    assert got, fmt
    for row in got:
        empty = [c for c in REQUIRED[fmt] if c != "Last Name" and not row.get(c)]  # alice has one name
        assert empty == [], (fmt, empty)
        if fmt in NEED_EMAIL:
            assert row["Email"] == "alice@example.org"
    if fmt == "kimai":
        (row,) = got
        assert (row["Activity"], row["Duration"], row["Rate"], row["HourlyRate"]) == (
            "Site",
            "5400",
            "150.00",
            "100.00",
        )
        assert Decimal(row["Rate"]) == Decimal(row["Duration"]) / 3600 * Decimal(row["HourlyRate"])


def test_dash_as_output_writes_to_stdout(two_currencies, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out = two_currencies("export", "--format", "kimai", "-o", "-").out
    assert out.startswith('"Date","From"') and not (tmp_path / "-").exists()


def test_through_the_team_server_the_same_refusal_and_the_same_files(aos_proc, tmp_path, isolated, monkeypatch):
    from server_support import start_server, stop_server

    local = {"TZ": "Europe/Berlin", "AOS_USER": "max"}
    aos_proc("user", "add", "max", "--role", "manager", "--email", "max@example.org", env=local)
    for client, currency, project, start in (("Acme", "EUR", "Site", "09"), ("Globex", "USD", "App", "11")):
        aos_proc("client", "add", client, "--rate", "100", "--currency", currency, env=local)
        aos_proc("project", "add", project, "-c", client, env=local)
        aos_proc(
            "add", "-p", project, "--start", f"2026-03-02 {start}:00", "--end", f"2026-03-02 {start}:45", env=local
        )
    token = tmp_path / "max.token"
    token.write_text(aos_proc("token", "create", "--user", "max", env=local).out.splitlines()[-1] + "\n")
    server = start_server(tmp_path)
    try:
        remote = {**local, "XDG_CONFIG_HOME": str(tmp_path / "config-max")}
        monkeypatch.delenv("AOS_DB")
        aos_proc("login", server.url, "--token-file", str(token), env=remote)
        refused = aos_proc("export", "--format", "toggl", expect=2, env=remote)
        assert "EUR and USD" in refused.err and "--split-currency" in refused.err
        (tmp_path / "here").mkdir()
        (tmp_path / "there").mkdir()
        aos_proc("export", "-f", "toggl", "--split-currency", "-o", str(tmp_path / "here" / "h.csv"),
                 env={**local, "AOS_DB": str(isolated)})  # fmt: skip
        aos_proc("export", "-f", "toggl", "--split-currency", "-o", str(tmp_path / "there" / "h.csv"), env=remote)
        for name in ("h.EUR.csv", "h.USD.csv"):
            assert (tmp_path / "there" / name).read_bytes() == (tmp_path / "here" / name).read_bytes()
    finally:
        stop_server(server)


def test_a_running_entry_of_someone_without_an_email_is_left_out_not_refused(two_currencies):
    two_currencies("user", "add", "bob")
    two_currencies("start", "-p", "Site", "-u", "bob")
    got = rows(two_currencies("export", "--format", "kimai").out)
    assert {r["User"] for r in got} == {"alice"}
