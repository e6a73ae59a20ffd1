"""Invoice links add up and can be undone. For every invoice at every moment: total = subtotal +
tax, subtotal = the sum of its lines, a line of time charges its hours (to the hundredth) x its
rate, which is the sum of its entries' amounts (the entries here last whole hours), and an entry
is on at most one invoice that is not void. Checked after each step of random sequences of real
commands."""

from __future__ import annotations

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, initialize, invariant, multiple, rule

from aostime.domain.invoicing import line_cents
from aostime.domain.money import hours as to_hours
from billing_support import ready_to_issue
from db_query import query


def check_invoice_invariant(db) -> None:
    for invoice_id, status, subtotal, tax, total, kind in query(
        db, "SELECT id, status, subtotal_cents, tax_cents, total_cents, kind FROM invoices"
    ):
        assert total == subtotal + tax
        lines = query(db, "SELECT coalesce(sum(amount_cents), 0) FROM invoice_lines WHERE invoice_id = ?",
                      (invoice_id,))[0][0]  # fmt: skip
        assert lines == subtotal, f"invoice {invoice_id}: lines {lines} != subtotal {subtotal}"
        for seconds, rate, cents in query(db, "SELECT seconds, hourly_rate_cents, amount_cents FROM invoice_lines "
                                              "WHERE invoice_id = ? AND unit IS NULL", (invoice_id,)):  # fmt: skip
            assert abs(cents) == line_cents(to_hours(seconds), rate), (
                f"invoice {invoice_id}: a line is not hours x rate"
            )
        # lines beyond time (a fee, a discount) cover no entries: the time lines are the entries'
        subtotal = query(db, "SELECT coalesce(sum(amount_cents), 0) FROM invoice_lines WHERE invoice_id = ? "
                             "AND unit IS NULL", (invoice_id,))[0][0]  # fmt: skip
        if status not in ("void", "cancelled") and kind == "invoice":
            linked = {r[0] for r in query(
                db, "SELECT le.entry_id FROM invoice_line_entries le JOIN invoice_lines l ON l.id = le.line_id "
                    "WHERE l.invoice_id = ?", (invoice_id,))}  # fmt: skip
            on_it = dict(query(db, "SELECT id, amount_cents FROM time_entries WHERE invoice_id = ?", (invoice_id,)))
            assert linked == set(on_it), f"invoice {invoice_id}: lines cover {linked}, entries say {set(on_it)}"
            assert sum(on_it.values()) == subtotal
    twice = query(
        db,
        """SELECT le.entry_id FROM invoice_line_entries le JOIN invoice_lines l ON l.id = le.line_id
           JOIN invoices i ON i.id = l.invoice_id WHERE i.status NOT IN ('void', 'cancelled')
           GROUP BY le.entry_id HAVING count(DISTINCT i.id) > 1""",
    )
    assert twice == []
    stray = query(db, "SELECT e.id FROM time_entries e JOIN invoices i ON i.id = e.invoice_id "
                      "WHERE i.status IN ('void', 'cancelled')")  # fmt: skip
    assert stray == [], "a void or cancelled invoice's entries are unbilled"


def test_mark_then_unmark_round_trip(acme):
    entry = acme("add", "-p", "1", "--start", "2026-03-02 09:00", "--end", "2026-03-02 10:00", "--json").json
    eid = str(entry["id"])
    acme("invoice", "mark", eid)
    assert "unmark" in acme("edit", eid, "-d", "x", expect=1).err
    unmarked = acme("invoice", "unmark", eid, "--json").json["entries"][0]
    assert unmarked["invoiced"] is False
    acme("edit", eid, "-d", "edited")
    assert acme("unbilled", "--json").json["entries"][0]["id"] == entry["id"]
    acme("invoice", "unmark", eid, expect=1)  # not invoiced any more


def test_an_entry_on_an_invoice_is_unmarked_by_voiding_it(acme):
    eid = str(acme("add", "-p", "1", "--start", "2026-03-02 09:00", "--end", "2026-03-02 10:00", "--json").json["id"])
    acme("invoice", "create", "-c", "1")
    assert "void the invoice" in acme("invoice", "unmark", eid, expect=1).err
    voided = acme("invoice", "void", "1", "--json").json
    assert (voided["status"], voided["number"], voided["total"]) == ("void", "INV-2026-0001", 150)
    assert acme("list", "--json").json["entries"][0]["invoiced"] is False
    assert acme("invoice", "void", "1", expect=1).err == "Error: invoice INV-2026-0001 is already void\n"
    acme("edit", eid, "-d", "after void")
    deleted = acme("delete", eid, eid, "--yes", "--json").json
    assert deleted == {"deleted": [int(eid)], "count": 1}


def test_mark_onto_a_draft_invoice_adds_a_line_and_its_amount(acme, isolated):
    acme("add", "-p", "1", "--start", "2026-03-02 09:00", "--end", "2026-03-02 10:00")
    acme("invoice", "create", "-c", "1")
    later = acme("add", "-p", "1", "--start", "2026-03-03 09:00", "--end", "2026-03-03 11:00", "--json").json
    acme("invoice", "mark", str(later["id"]), "--invoice", "1")
    invoice = acme("invoice", "show", "1", "--json").json
    assert invoice["subtotal"] == 450 and len(invoice["lines"]) == 2
    assert invoice["lines"][-1]["entry_ids"] == [later["id"]]
    check_invoice_invariant(isolated)


def test_mark_onto_a_sent_or_paid_invoice_is_refused(acme, isolated):
    from billing_support import ready_to_issue

    ready_to_issue(acme, "1")
    acme("add", "-p", "1", "--start", "2026-03-02 09:00", "--end", "2026-03-02 10:00")
    acme("invoice", "create", "-c", "1")
    acme("invoice", "issue", "1")
    acme("invoice", "status", "1", "paid")
    later = str(acme("add", "-p", "1", "--start", "2026-03-03 09:00", "--end", "2026-03-03 11:00", "--json").json["id"])
    assert "draft" in acme("invoice", "mark", later, "--invoice", "1", expect=1).err
    check_invoice_invariant(isolated)


def test_an_issued_invoice_is_cancelled_not_voided_and_a_bad_status_move_is_refused(acme):
    from billing_support import ready_to_issue

    ready_to_issue(acme, "1")
    acme("add", "-p", "1", "--start", "2026-03-02 09:00", "--end", "2026-03-02 10:00")
    acme("invoice", "create", "-c", "1")
    acme("invoice", "status", "1", "paid", expect=1)  # a draft is issued first
    acme("invoice", "status", "1", "sent")
    acme("invoice", "status", "1", "paid")
    assert "aos invoice cancel" in acme("invoice", "void", "1", expect=1).err
    assert "credit note" in acme("invoice", "status", "1", "draft", expect=2).err
    acme("invoice", "status", "1", "cancelled", expect=2)
    assert acme("invoice", "cancel", "1", "--json").json["invoice"]["status"] == "cancelled"
    assert acme("invoice", "void", "1", expect=1).err == "Error: invoice INV-2026-0001 is already cancelled\n"


class InvoiceLinks(RuleBasedStateMachine):
    """Real commands on entries and invoices that exist (bundles), so most steps do something."""

    entries = Bundle("entries")
    invoices = Bundle("invoices")

    def __init__(self):
        super().__init__()
        self.aos, self.db = CURRENT["aos"], CURRENT["db"]
        self.day = 0

    @rule(target=entries, hours=st.integers(1, 3), billable=st.sampled_from([True, True, True, False]))
    def add(self, hours, billable):
        self.day += 1
        day = f"2026-01-{self.day % 28 + 1:02d}"
        start = self.day % 8 + 1
        entry = self.aos("add", "-p", "1", "--start", f"{day} {start:02d}:00", "--end", f"{day} {start + hours:02d}:00",
                         "--billable" if billable else "--non-billable", "--json").json  # fmt: skip
        return str(entry["id"])

    @initialize(target=invoices)
    def first_invoice(self):
        for hours in (1, 2):
            self.add(hours, True)
        return self.aos("invoice", "create", "-c", "1", "--json").json["number"]

    @rule(target=invoices, tax=st.sampled_from(["0", "19", "7.5"]))
    def create(self, tax):
        made = self.aos("invoice", "create", "-c", "1", "--tax", tax, "--json", expect=None)
        return made.json["number"] if made.code == 0 else multiple()

    @rule(entry=entries)
    def mark(self, entry):
        self.aos("invoice", "mark", entry, expect=None)

    @rule(entry=entries, invoice=invoices)
    def mark_onto(self, entry, invoice):
        self.aos("invoice", "mark", entry, "--invoice", invoice, expect=None)

    @rule(target=entries, invoice=invoices, hours=st.integers(1, 3))
    def add_onto(self, invoice, hours):
        entry = self.add(hours, True)
        self.aos("invoice", "mark", entry, "--invoice", invoice, expect=None)
        return entry

    @rule(entry=entries)
    def unmark(self, entry):
        self.aos("invoice", "unmark", entry, expect=None)

    @rule(invoice=invoices)
    def void(self, invoice):
        self.aos("invoice", "void", invoice, expect=None)

    @rule(invoice=invoices, status=st.sampled_from(["sent", "paid", "draft"]))
    def status(self, invoice, status):
        self.aos("invoice", "status", invoice, status, expect=None)

    @rule(invoice=invoices)
    def cancel(self, invoice):
        self.aos("invoice", "cancel", invoice, expect=None)

    @rule(invoice=invoices, price=st.sampled_from(["250", "-40.50"]))
    def add_line(self, invoice, price):
        self.aos("invoice", "add-line", invoice, "-d", "fee", "-q", "1", "--unit-price", price, expect=None)

    @rule(invoice=invoices, line=st.integers(1, 3))
    def remove_line(self, invoice, line):
        self.aos("invoice", "remove-line", invoice, str(line), expect=None)

    @rule(entry=entries)
    def delete(self, entry):
        self.aos("delete", entry, "--yes", expect=None)

    @rule(entry=entries, rate=st.sampled_from(["99", "150.5"]))
    def edit(self, entry, rate):
        self.aos("edit", entry, "--rate", rate, expect=None)

    @invariant()
    def invoices_add_up(self):
        check_invoice_invariant(self.db)


CURRENT: dict = {}


def test_invoice_links_add_up_after_every_step_of_random_sequences(aos, tmp_path, monkeypatch):
    fresh = iter(range(10_000))

    class Fresh(InvoiceLinks):
        def __init__(self):
            db = tmp_path / f"links-{next(fresh)}.db"  # a new database for each sequence
            monkeypatch.setenv("AOS_DB", str(db))
            aos("client", "add", "Acme Corp", "--rate", "150")
            aos("project", "add", "Website Redesign", "--client", "Acme Corp")
            ready_to_issue(aos, "Acme Corp")
            CURRENT.update(aos=aos, db=db)
            super().__init__()

    run = settings(max_examples=40, stateful_step_count=25, deadline=None)(Fresh).TestCase
    run("runTest").runTest()
