"""Money of two currencies is never added: with clients in USD and EUR, no document, table or CSV
shows a sum across them; with one currency every document keeps its usual shape."""

from __future__ import annotations

import csv
import io

import pytest


@pytest.fixture
def two_currencies(aos):
    aos("client", "add", "Acme", "--rate", "100", "--currency", "USD")
    aos("client", "add", "Bäckerei", "--rate", "80", "--currency", "EUR")
    aos("project", "add", "Site", "--client", "Acme")
    aos("project", "add", "Shop", "--client", "Bäckerei")
    aos("add", "-p", "Site", "--start", "2026-03-02 09:00", "--end", "2026-03-02 11:00")  # 200.00 USD
    aos("add", "-p", "Shop", "--start", "2026-03-02 12:00", "--end", "2026-03-02 13:30")  # 120.00 EUR
    aos("add", "-p", "Shop", "--start", "2026-03-03 09:00", "--end", "2026-03-03 10:00")  # 80.00 EUR
    return aos


def by_currency(totals):
    return {t["currency"]: (t["hours"], t["amount"]) for t in totals}


def test_unbilled_gives_totals_per_currency_and_no_mixed_sum(two_currencies):
    doc = two_currencies("unbilled", "--json").json
    assert doc["total_amount"] is None and doc["total_hours"] == 4.5
    assert by_currency(doc["totals_by_currency"]) == {"EUR": (2.5, 200), "USD": (2, 200)}
    assert {e["currency"] for e in doc["entries"]} == {"USD", "EUR"}


def test_one_currency_keeps_the_seeds_unbilled_shape(two_currencies):
    doc = two_currencies("unbilled", "-c", "Bäckerei", "--json").json
    assert set(doc) == {"entries", "total_hours", "total_amount"} and doc["total_amount"] == 200


def test_list_json_totals_per_currency(two_currencies):
    doc = two_currencies("list", "--json").json
    assert doc["total_amount"] is None and doc["count"] == 3
    assert by_currency(doc["totals_by_currency"]) == {"EUR": (2.5, 200), "USD": (2, 200)}
    one = two_currencies("list", "-c", "Acme", "--json").json
    assert one["total_amount"] == 200 and by_currency(one["totals_by_currency"]) == {"USD": (2, 200)}


@pytest.mark.parametrize("by", ["client", "day", "user", "month,project"])
def test_report_rows_never_mix_currencies(two_currencies, by):
    doc = two_currencies("report", "--by", by, "--from", "2026-03-01", "--to", "2026-03-31", "--json").json
    assert all(row["currency"] in ("USD", "EUR") for row in doc["rows"])
    assert doc["totals"]["amount"] is None and doc["totals"]["unbilled_amount"] is None
    assert doc["totals"]["hours"] == 4.5
    assert by_currency(doc["totals_by_currency"]) == {"EUR": (2.5, 200), "USD": (2, 200)}
    per_currency = {}
    for row in doc["rows"]:
        per_currency[row["currency"]] = per_currency.get(row["currency"], 0) + row["amount"]
    assert per_currency == {"USD": 200, "EUR": 200}


def test_a_report_by_day_splits_a_day_by_currency(two_currencies):
    rows = two_currencies("report", "--by", "day", "--from", "2026-03-02", "--to", "2026-03-02", "--json").json
    assert [(r["day"], r["currency"], r["amount"]) for r in rows["rows"]] == [
        ("2026-03-02", "EUR", 120),
        ("2026-03-02", "USD", 200),
    ]


def test_tables_print_one_total_per_currency_and_no_mixed_sum(two_currencies):
    for args in (["list"], ["unbilled"], ["report", "--by", "day", "--from", "2026-03-01", "--to", "2026-03-31"]):
        out = two_currencies(*args).out
        assert "200.00 USD" in out and "200.00 EUR" in out, out
        assert "400.00" not in out, out


def test_csv_has_a_currency_column(two_currencies):
    rows = list(csv.DictReader(io.StringIO(two_currencies("list", "--csv").out)))
    assert {r["currency"] for r in rows} == {"USD", "EUR"}
    report = two_currencies("report", "--by", "client", "--from", "2026-03-01", "--to", "2026-03-31", "--csv").out
    assert "currency" in report.splitlines()[0] and "EUR" in report


def test_changing_the_currency_setting_never_relabels_a_client(aos):
    aos("client", "add", "Acme")
    before = aos("client", "list", "--json").json
    aos("config", "set", "currency", "EUR")
    assert aos("client", "list", "--json").json == before
    assert before[0]["currency"] == "USD"
    aos("client", "add", "Later")
    assert aos("client", "list", "--json").json[-1]["currency"] == "EUR"


def test_a_client_with_invoices_keeps_its_currency(aos):
    aos("client", "add", "Acme", "--rate", "100")
    aos("project", "add", "Site", "--client", "Acme")
    aos("client", "edit", "Acme", "--currency", "EUR")  # no invoices yet: allowed
    aos("add", "-p", "Site", "--start", "2026-03-02 09:00", "--end", "2026-03-02 10:00")
    aos("invoice", "create", "-c", "Acme")
    refused = aos("client", "edit", "Acme", "--currency", "USD", expect=1)
    assert "invoice" in refused.err and "EUR" in refused.err


def test_moving_an_entry_to_another_currency_needs_a_new_rate(two_currencies):
    refused = two_currencies("edit", "1", "-p", "Shop", expect=1)
    assert "USD" in refused.err and "EUR" in refused.err and "--reset-rate" in refused.err
    moved = two_currencies("edit", "1", "-p", "Shop", "--reset-rate", "--json").json
    assert (moved["currency"], moved["hourly_rate"], moved["amount"]) == ("EUR", 80, 160)


def test_recorded_amounts_never_change_currency_or_client_underneath(two_currencies):
    assert "cannot change" in two_currencies("client", "edit", "Acme", "--currency", "GBP", expect=1).err
    assert "cannot move" in two_currencies("project", "edit", "Site", "--client", "Bäckerei", expect=1).err
    two_currencies("client", "add", "Acme Two", "--currency", "USD")
    two_currencies("invoice", "mark", "1")
    assert "invoiced" in two_currencies("project", "edit", "Site", "--client", "Acme Two", expect=1).err
    two_currencies("invoice", "unmark", "1")
    two_currencies("project", "edit", "Site", "--client", "Acme Two")  # same currency, nothing billed: fine


def test_an_import_keeps_the_files_currency_and_never_relabels(aos, tmp_path):
    aos("config", "set", "currency", "CHF")
    listing = tmp_path / "aostime.csv"
    listing.write_text(
        "start_time,end_time,client_name,project_name,hourly_rate,amount,currency\n"
        "2026-03-02 09:00,2026-03-02 10:00,Acme,Site,100.00,100.00,USD\n"
        "2026-03-02 11:00,2026-03-02 12:00,Bäckerei,Shop,80.00,80.00,EUR\n"
    )
    result = aos("import", "csv", str(listing), "--json").json
    assert {c["name"]: c["currency"] for c in aos("client", "list", "--json").json} == {
        "Acme": "USD",
        "Bäckerei": "EUR",
    }
    assert result["total_amount"] is None
    assert by_currency(result["totals_by_currency"]) == {"USD": (1, 100), "EUR": (1, 80)}
    other = tmp_path / "other.csv"
    other.write_text(
        "start_time,end_time,client_name,project_name,currency\n2026-03-03 09:00,2026-03-03 10:00,acme,Site,EUR\n"
    )
    assert "bills in USD" in aos("import", "csv", str(other), expect=1).err
