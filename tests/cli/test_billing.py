"""Unbilled entries, invoices with line items, void, mark-invoiced."""

import json

import pytest

from aostime.storage.sql.entries import EntriesSql


@pytest.fixture
def seed(acme):
    """The seed's example: 4.5 h and 1.25 h billable at 150 for Acme Corp, plus 2 h non-billable."""
    acme("add", "-p", "1", "-t", "1", "--date", "2026-03-28", "--hours", "4.5", "-d", "Created homepage concepts")
    acme("add", "-p", "1", "-t", "1", "--date", "2026-03-29", "--hours", "1.25")
    acme("add", "-p", "1", "-t", "1", "--date", "2026-03-30", "--hours", "2", "--non-billable")
    return acme


def test_unbilled_has_exactly_the_seeds_shape_and_figures(seed):
    result = seed("unbilled", "-c", "Acme Corp", "--json")
    doc = result.json
    assert set(doc) == {"entries", "total_hours", "total_amount"}
    assert len(doc["entries"]) == 2 and doc["total_hours"] == 5.75
    assert '"total_amount": 862.50' in result.out
    first = doc["entries"][0]
    assert {"id", "project_name", "task_name", "date", "hours", "description", "amount"} <= set(first)
    assert first["date"] == "2026-03-28" and first["hours"] == 4.5 and first["amount"] == 675


def test_unbilled_skips_running_timers_and_respects_to(seed):
    seed("start", "-p", "1")
    assert len(seed("unbilled", "--json").json["entries"]) == 2
    assert len(seed("unbilled", "--to", "2026-03-28", "--json").json["entries"]) == 1


def test_people_get_unbilled_grouped_with_subtotals(seed):
    out = seed("unbilled").out
    assert "Acme Corp / Website Redesign" in out and "subtotal" in out and "862.50" in out


def test_invoice_by_task_is_one_line_and_marks_the_entries(seed, db_dump):
    dump = db_dump()
    dry = seed("invoice", "create", "-c", "Acme Corp", "--group-by", "task", "--dry-run", "--json").json
    assert db_dump() == dump
    result = seed("invoice", "create", "-c", "Acme Corp", "--group-by", "task", "--json")
    invoice = result.json
    assert dry["number"] == invoice["number"] == "INV-2026-0001"
    assert len(invoice["lines"]) == 1 and '"subtotal": 862.50' in result.out
    assert sum(line["amount"] for line in invoice["lines"]) == invoice["subtotal"] == invoice["total"]
    assert seed("unbilled", "--json").json["entries"] == []
    invoiced = seed("list", "--invoiced", "--json").json["entries"]
    assert {e["invoice_id"] for e in invoiced} == {invoice["id"]} and len(invoiced) == 2


def test_rounding_per_entry_to_15_minutes(acme):
    acme("add", "-p", "1", "--hours", "7m")
    acme("add", "-p", "1", "--hours", "50m")
    invoice = acme("invoice", "create", "-c", "1", "--group-by", "entry", "--round", "15m", "--json").json
    assert sorted(line["hours"] for line in invoice["lines"]) == [0.25, 1.0]
    assert invoice["subtotal"] == 187.5


def test_rounding_nearest_and_down(acme):
    acme("add", "-p", "1", "--hours", "7m")
    acme("add", "-p", "1", "--hours", "8m")
    doc = acme("invoice", "create", "-c", "1", "--round", "15m", "--rounding", "nearest", "--dry-run", "--json").json
    assert sorted(line["hours"] for line in doc["lines"]) == [0, 0.25]
    doc = acme("invoice", "create", "-c", "1", "--round", "15m", "--rounding", "down", "--dry-run", "--json").json
    assert [line["hours"] for line in doc["lines"]] == [0, 0]


def test_the_rounding_setting_is_the_default(acme):
    acme("config", "set", "invoice_rounding", "30m")
    acme("add", "-p", "1", "--hours", "10m")
    assert acme("invoice", "create", "-c", "1", "--dry-run", "--json").json["lines"][0]["hours"] == 0.5


def test_lines_with_different_rates_are_never_merged(acme):
    acme("add", "-p", "1", "--hours", "1")
    acme("add", "-p", "1", "--hours", "1", "--rate", "200")
    lines = acme("invoice", "create", "-c", "1", "--group-by", "project", "--json").json["lines"]
    assert sorted(line["hourly_rate"] for line in lines) == [150, 200]


def test_tax_total_currency_and_due_date(acme):
    acme("client", "edit", "1", "--currency", "EUR")
    acme("add", "-p", "1", "--hours", "5.75")
    result = acme("invoice", "create", "-c", "1", "--tax", "19", "--due", "14", "--json")
    doc = json.loads(result.out, parse_float=str)
    assert (doc["subtotal"], doc["tax"], doc["total"], doc["currency"]) == ("862.50", "163.88", "1026.38", "EUR")


def test_void_returns_entries_and_the_next_invoice_gets_the_next_number(seed):
    first = seed("invoice", "create", "-c", "1", "--json").json
    voided = seed("invoice", "void", first["number"], "--json").json
    assert voided["status"] == "void"
    assert len(seed("unbilled", "--json").json["entries"]) == 2
    second = seed("invoice", "create", "-c", "1", "--json").json
    assert second["number"] == "INV-2026-0002"
    assert [i["status"] for i in seed("invoice", "list", "--json").json] == ["void", "draft"]


def test_nothing_unbilled_makes_no_empty_invoice(acme):
    assert "no unbilled entries" in acme("invoice", "create", "-c", "1", expect=1).err
    assert acme("invoice", "list", "--json").json == []


def test_status_moves(seed):
    from billing_support import ready_to_issue

    ready_to_issue(seed, "1")
    number = seed("invoice", "create", "-c", "1", "--json").json["number"]
    assert seed("invoice", "status", number, "sent", "--json").json["status"] == "sent"
    paid = seed("invoice", "status", number, "paid", "--json").json
    assert (paid["status"], paid["open"], paid["paid"]) == ("paid", 0, paid["total"])
    seed("invoice", "status", number, "bogus", expect=2)


def test_show_as_json_csv_and_printable_html(seed):
    number = seed("invoice", "create", "-c", "1", "--json").json["number"]
    assert seed("invoice", "show", "1", "--json").json["number"] == number
    assert seed("invoice", "show", number, "--csv").out.startswith("position,description,hours")
    page = seed("invoice", "show", number, "--html").out
    assert page.startswith("<!DOCTYPE html>") and "862.50" in page and "Acme Corp" in page
    assert "http://" not in page and "https://" not in page and "<script" not in page


def test_mark_refuses_non_billable_running_and_invoiced_entries(seed):
    seed("invoice", "mark", "3", expect=1)  # non-billable
    seed("start", "-p", "1")
    seed("invoice", "mark", "4", expect=1)  # running
    marked = seed("invoice", "mark", "1", "--json").json
    assert marked["entries"][0]["invoiced"] is True and marked["entries"][0]["invoice_id"] is None
    assert "already invoiced" in seed("invoice", "mark", "1", expect=1).err
    seed("invoice", "mark", "999", expect=1)


def test_mark_can_link_an_invoice(seed):
    seed("add", "-p", "1", "--hours", "1")
    invoice = seed("invoice", "create", "-c", "1", "--to", "2026-03-28", "--json").json
    entry = seed("invoice", "mark", "2", "--invoice", invoice["number"], "--json").json["entries"][0]
    assert entry["invoice_id"] == invoice["id"]


def test_a_failure_in_the_middle_of_invoice_create_leaves_nothing_behind(seed, db_dump, monkeypatch):
    dump = db_dump()
    real = EntriesSql.mark_invoiced

    def mark_then_fail(self, *args, **kwargs):
        real(self, *args, **kwargs)
        raise RuntimeError("disk pulled out")

    monkeypatch.setattr(EntriesSql, "mark_invoiced", mark_then_fail)  # the SQL both backends' stores share
    result = seed("invoice", "create", "-c", "1", expect=1)
    assert "disk pulled out" in result.err and "Traceback" not in result.err
    assert db_dump() == dump
