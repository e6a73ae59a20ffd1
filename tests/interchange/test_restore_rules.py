"""A whole-file export restored into an empty database (`aos import json`) is held to the invoice
rules `aos invoice ...` keeps: a file that breaks one is refused with exit 2, one line naming the
invoice, the entry or payment and the rule, and nothing is written. Its numbering is raised past
the numbers it holds, so the next invoice or credit note never takes one of them."""

from __future__ import annotations

import copy
import json

import pytest

from billing_support import ready_to_issue

NOW = "2026-03-31T12:00:00+00:00"


@pytest.fixture
def exported(aos, tmp_path, monkeypatch) -> dict:
    """The whole export of a database elsewhere (SQLite): INV-2026-0001 sent, 300.00 for entries 1
    and 2, 100.00 of it paid; INV-2026-0002 a draft, 100.00 for entry 3."""
    monkeypatch.setenv("AOS_NOW", NOW)
    source = str(tmp_path / "source.db")

    def run(*args):
        return aos("--db", source, *args)

    run("client", "add", "Acme", "--rate", "100")
    ready_to_issue(run, "Acme")
    for args in (["project", "add", "Site", "-c", "Acme"], ["add", "-p", "Site", "--hours", "2", "--date", "2026-03-02"],
                 ["add", "-p", "Site", "--hours", "1", "--date", "2026-03-03"], ["invoice", "create", "-c", "Acme"],
                 ["invoice", "issue", "1"], ["invoice", "pay", "1", "--amount", "100"],
                 ["add", "-p", "Site", "--hours", "1", "--date", "2026-03-04"], ["invoice", "create", "-c", "Acme"]):  # fmt: skip
        run(*args)
    return json.loads(run("export").out)


def _refused(aos, db_dump, doc: dict) -> str:
    aos("status")  # the empty database exists: what a refusal leaves is compared with it
    before = db_dump()
    result = aos("import", "json", "-", input=json.dumps(doc), expect=2)
    assert db_dump() == before, "a refused file writes nothing"
    assert result.err.count("\n") == 1 and "Traceback" not in result.err
    return result.err


def _entry(doc: dict, entry_id: int) -> dict:
    return next(e for e in doc["entries"] if e["id"] == entry_id)


def test_the_file_as_exported_is_restored(aos, exported):
    aos("import", "json", "-", input=json.dumps(exported))
    shown = aos("invoice", "show", "INV-2026-0001", "--json").json
    assert (shown["paid"], shown["open"]) == (100, 200)


def test_an_entry_on_a_sent_invoice_marked_uninvoiced_is_refused(aos, db_dump, exported):
    doc = copy.deepcopy(exported)
    _entry(doc, 1).update(invoiced=False, invoice_id=None, invoice_number=None)
    assert _refused(aos, db_dump, doc) == (
        "Error: <stdin>: invoice INV-2026-0001: entry 1 is on invoice INV-2026-0001 (sent) but not invoiced\n"
    )


def test_an_entry_that_names_an_invoice_whose_lines_do_not_hold_it_is_refused(aos, db_dump, exported):
    doc = copy.deepcopy(exported)
    _entry(doc, 3).update(invoice_id=1, invoice_number="INV-2026-0001")
    assert _refused(aos, db_dump, doc) == (
        "Error: <stdin>: invoice INV-2026-0002: entry 3 is invoiced by invoice id 1 but on invoice INV-2026-0002's lines\n"
    )


def test_an_entry_on_two_live_invoices_is_refused(aos, db_dump, exported):
    doc = copy.deepcopy(exported)
    doc["invoices"][1]["lines"][0]["entry_ids"].append(1)
    assert _refused(aos, db_dump, doc) == (
        "Error: <stdin>: invoice INV-2026-0002: entry 1 is on invoice INV-2026-0001 and on invoice INV-2026-0002, "
        "both draft/sent/paid: an entry is billed once\n"
    )


def test_an_invoice_whose_subtotal_is_not_the_sum_of_its_lines_is_refused(aos, db_dump, exported):
    doc = copy.deepcopy(exported)
    doc["invoices"][0].update(subtotal=310, total=310)
    assert _refused(aos, db_dump, doc) == (
        "Error: <stdin>: invoice INV-2026-0001: subtotal 310.00, tax 0.00, total 310.00 are not its lines': "
        "300.00, 0.00 at 0%, 300.00\n"
    )


def test_an_invoice_whose_tax_is_not_its_rate_of_the_subtotal_is_refused(aos, db_dump, exported):
    doc = copy.deepcopy(exported)
    doc["invoices"][1].update(tax_rate=19, tax=19, total=119)  # 19% of 100.00 is 19.00: kept
    doc["invoices"][0].update(tax_rate=19, tax=50, total=350)  # 19% of 300.00 is 57.00
    assert _refused(aos, db_dump, doc) == (
        "Error: <stdin>: invoice INV-2026-0001: subtotal 300.00, tax 50.00, total 350.00 are not its lines': "
        "300.00, 57.00 at 19%, 357.00\n"
    )


def test_payments_above_the_total_are_refused(aos, db_dump, exported):
    doc = copy.deepcopy(exported)
    doc["payments"].append({**doc["payments"][0], "id": 2, "amount": 250})
    assert _refused(aos, db_dump, doc) == (
        "Error: <stdin>: invoice INV-2026-0001: payment 2 of 250.00 must be more than 0 and at most the open 200.00\n"
    )


def test_an_entry_in_another_currency_than_its_invoice_is_refused(aos, db_dump, exported):
    doc = copy.deepcopy(exported)
    doc["invoices"][1]["currency"] = "EUR"
    assert (
        _refused(aos, db_dump, doc)
        == "Error: <stdin>: invoice INV-2026-0002: entry 3 is in USD, invoice INV-2026-0002 in EUR\n"
    )


def test_a_numbering_below_the_numbers_present_is_raised_past_them(aos, exported):
    """Invoices 0001 and 0002 of 2026 with the counter at 1 (and a credit note with none): the
    next invoice is 0003, the next credit note 0002, and the import says so."""
    doc = copy.deepcopy(exported)
    credit_note = {**copy.deepcopy(doc["invoices"][0]), "id": 3, "number": "CN-2026-0001", "kind": "credit_note",
                   "status": "sent", "credits": "INV-2026-0002", "subtotal": -100, "total": -100, "paid": 0}  # fmt: skip
    credit_note["lines"] = [
        {**line, "amount": -line["amount"], "entry_ids": []} for line in doc["invoices"][1]["lines"]
    ]
    doc["invoices"][1]["status"] = "cancelled"
    _entry(doc, 3).update(invoiced=False, invoice_id=None, invoice_number=None)
    doc["invoices"].append(credit_note)
    doc.update(invoice_sequences={"2026": 1}, credit_note_sequences={})
    imported = aos("import", "json", "-", "--json", input=json.dumps(doc)).json
    assert imported["warnings"] == [
        "the invoice numbering of 2026 was at 1, below the numbers the file holds: it continues after 2",
        "the credit note numbering of 2026 was at 0, below the numbers the file holds: it continues after 1",
    ]
    made = aos("invoice", "create", "-c", "Acme", "--json").json
    assert made["number"] == "INV-2026-0003"
    _, note = aos("invoice", "cancel", "INV-2026-0001", "--json").json.values()
    assert note["number"] == "CN-2026-0002"


@pytest.mark.parametrize("payments", ["left out", "none"])
def test_a_paid_invoice_without_payments_gets_its_total_as_the_migrations_give_it(aos, exported, payments):
    """A file written before payments were recorded (no "payments"), or by a database upgraded
    before paid invoices got theirs (none): paid in full, dated its last status change (UTC)."""
    doc = copy.deepcopy(exported)
    del doc["payments"]
    if payments == "none":
        doc["payments"] = []
    doc["invoices"][0].update(status="paid", updated_at="2026-04-02T23:30:00+02:00")
    aos("import", "json", "-", input=json.dumps(doc))
    shown = aos("invoice", "show", "INV-2026-0001", "--json").json
    assert (shown["status"], shown["paid"], shown["open"]) == ("paid", 300, 0)
    assert "paid in full" in aos("invoice", "pay", "INV-2026-0001", expect=1).err
    assert aos("export", "--json").json["payments"] == [  # id 1 was given (id_counters): never again
        {"id": 2, "invoice_id": 1, "amount": 300, "paid_on": "2026-04-02", "created_at": "2026-04-02T21:30:00+00:00"}
    ]


def test_a_members_preferences_are_restored_and_read_by_their_own_rules(aos, db_dump, exported):
    doc = copy.deepcopy(exported)
    bad = copy.deepcopy(doc)
    bad["users"][0].update(theme="blue")
    assert "theme 'blue' is not one of: system, light, dark" in _refused(aos, db_dump, bad)
    doc["users"][0].update(locale="fr", week_start="sunday", theme="dark")
    aos("import", "json", "-", input=json.dumps(doc))
    restored = aos("user", "list", "--json").json[0]
    assert (restored["locale"], restored["week_start"], restored["theme"]) == ("fr", "sunday", "dark")
