"""Invoices, their lines and numbers."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from aostime.storage.sql.common import where_equal

TYPE_CHECKING = False  # typing and the models cost milliseconds at every prompt
if TYPE_CHECKING:
    from typing import Any

    from aostime.domain.models import Invoice


class InvoicesSql:
    """SQL of one aggregate, mixed into a backend's Store (which provides the Dialect)."""

    def next_invoice_sequence(self, year: int) -> int:
        """Reserve the next number of a year. Numbers are never handed out twice: the counter
        only grows, and invoices are voided, never deleted."""
        self._run(
            "INSERT INTO invoice_sequences(year, last_number) VALUES (?, 1) "
            "ON CONFLICT(year) DO UPDATE SET last_number = invoice_sequences.last_number + 1",
            (year,),
        )
        return self._one("SELECT last_number FROM invoice_sequences WHERE year = ?", (year,))[0]

    def peek_invoice_sequence(self, year: int) -> int:
        row = self._one("SELECT last_number FROM invoice_sequences WHERE year = ?", (year,))
        return (row[0] if row else 0) + 1

    def next_credit_note_sequence(self, year: int) -> int:
        """Credit notes are numbered in their own series, as invoices: never twice."""
        self._run(
            "INSERT INTO credit_note_sequences(year, last_number) VALUES (?, 1) "
            "ON CONFLICT(year) DO UPDATE SET last_number = credit_note_sequences.last_number + 1",
            (year,),
        )
        return self._one("SELECT last_number FROM credit_note_sequences WHERE year = ?", (year,))[0]

    def insert_invoice(self, invoice: Invoice, now: datetime, credits_invoice_id: int | None = None) -> int:
        stamp = self._time(now)
        invoice_id = self._insert(
            """INSERT INTO invoices (number, client_id, issue_date, due_date, status, currency,
                   subtotal_cents, tax_rate, tax_cents, total_cents, notes, created_at, updated_at, kind,
                   credits_invoice_id, tax_mode, exchange_rate, order_reference)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (invoice.number, invoice.client_id, invoice.issue_date, invoice.due_date,
             invoice.status, invoice.currency, invoice.subtotal_cents, invoice.tax_rate,
             invoice.tax_cents, invoice.total_cents, invoice.notes, stamp, stamp, invoice.kind,
             credits_invoice_id, invoice.tax_mode, invoice.exchange_rate, invoice.order_reference),
        )  # fmt: skip
        self.insert_invoice_lines(invoice_id, invoice.lines, 1)
        return invoice_id

    def insert_invoice_lines(self, invoice_id: int, lines: Sequence[Any], first_position: int) -> None:
        for position, line in enumerate(lines, first_position):
            line_id = self._insert(
                """INSERT INTO invoice_lines (invoice_id, position, description, seconds,
                       hourly_rate_cents, amount_cents, project_id, task_id, quantity, unit, tax_rate)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (invoice_id, position, line.description, line.seconds, line.hourly_rate_cents,
                 line.amount_cents, line.project_id, line.task_id, line.quantity, line.unit, line.tax_rate),
            )  # fmt: skip
            self._many(
                "INSERT INTO invoice_line_entries (line_id, entry_id) VALUES (?, ?)",
                [(line_id, entry_id) for entry_id in line.entry_ids],
            )

    def set_invoice_totals(self, invoice_id: int, subtotal: int, tax: int, total: int, now: datetime) -> None:
        self._run(
            "UPDATE invoices SET subtotal_cents = ?, tax_cents = ?, total_cents = ?, updated_at = ? WHERE id = ?",
            (subtotal, tax, total, self._time(now), invoice_id),
        )

    # paid_cents: an invoice's payments; a credit note's is the part of its credit that settles the
    # unpaid rest of the invoice it cancels (EN 16931 BT-113), so that what it leaves open is what
    # was paid and is owed back: -5,000.00 of a 9,143.48 invoice paid 5,000.00, 0 of an unpaid one.
    INVOICE_SELECT = """SELECT i.id, i.number, i.client_id, c.name, i.issue_date, i.due_date,
        i.status, i.currency, i.subtotal_cents, i.tax_rate, i.tax_cents, i.total_cents, i.notes,
        i.kind, o.number, CASE WHEN i.kind = 'credit_note'
            THEN i.total_cents + (SELECT coalesce(sum(p.amount_cents), 0) FROM payments p WHERE p.invoice_id = o.id)
            ELSE (SELECT coalesce(sum(p.amount_cents), 0) FROM payments p WHERE p.invoice_id = i.id) END,
        (SELECT n.number FROM invoices n WHERE n.credits_invoice_id = i.id), i.tax_mode, i.exchange_rate, i.order_reference
        FROM invoices i JOIN clients c ON c.id = i.client_id LEFT JOIN invoices o ON o.id = i.credits_invoice_id"""

    def get_invoice(self, key: int | str) -> Invoice | None:
        if isinstance(key, int):
            row = self._one(f"{self.INVOICE_SELECT} WHERE i.id = ?", (key,))
        else:
            row = self._one(f"{self.INVOICE_SELECT} WHERE upper(i.number) = upper(?)", (key,))
        if row is None:
            return None
        from aostime.domain.models import InvoiceLine

        lines = []
        for line in self._all(
            f"""SELECT l.id, l.description, l.seconds, l.hourly_rate_cents, l.amount_cents,
                       l.project_id, l.task_id,
                       (SELECT {self._concat_ids("entry_id")} FROM invoice_line_entries WHERE line_id = l.id),
                       l.quantity, l.unit, l.tax_rate
                FROM invoice_lines l WHERE l.invoice_id = ? ORDER BY l.position""",
            (row[0],),
        ):
            ids = tuple(sorted(int(x) for x in line[7].split(","))) if line[7] else ()
            lines.append(InvoiceLine(*line[:7], entry_ids=ids, quantity=line[8], unit=line[9], tax_rate=line[10]))
        return _invoice(row, tuple(lines))

    def list_invoices(self, client_id: int | None, status: str | None) -> list[Invoice]:
        where, params = where_equal({"i.client_id": client_id, "i.status": status})
        rows = self._all(f"{self.INVOICE_SELECT}{where} ORDER BY i.id", params)
        return [_invoice(row, ()) for row in rows]

    def delete_invoice_line(self, invoice_id: int, position: int, now: datetime) -> None:
        """A draft's line goes, its entries become unbilled, and the lines after it move up."""
        row = self._one("SELECT id FROM invoice_lines WHERE invoice_id = ? AND position = ?", (invoice_id, position))
        stamp = self._time(now)
        changing = self._stored_entries(
            "id IN (SELECT entry_id FROM invoice_line_entries WHERE line_id = ?)", (row[0],)
        )
        self._run(
            "UPDATE time_entries SET invoiced = 0, invoice_id = NULL, updated_at = ? "
            "WHERE id IN (SELECT entry_id FROM invoice_line_entries WHERE line_id = ?)",
            (stamp, row[0]),
        )
        self._record_unmarked(changing, now)
        self._run("DELETE FROM invoice_line_entries WHERE line_id = ?", (row[0],))
        self._run("DELETE FROM invoice_lines WHERE id = ?", (row[0],))
        self._run("UPDATE invoice_lines SET position = position - 1 WHERE invoice_id = ? AND position > ?",
                  (invoice_id, position))  # fmt: skip

    def add_payment(self, invoice_id: int, cents: int, paid_on: str, now: datetime) -> None:
        self._insert(
            "INSERT INTO payments (invoice_id, amount_cents, paid_on, created_at) VALUES (?, ?, ?, ?)",
            (invoice_id, cents, paid_on, self._time(now)),
        )

    def set_invoice_dates(self, invoice_id: int, issue_date: str, due_date: str | None, now: datetime) -> None:
        self._run("UPDATE invoices SET issue_date = ?, due_date = ?, updated_at = ? WHERE id = ?",
                  (issue_date, due_date, self._time(now), invoice_id))  # fmt: skip

    def set_invoice_exchange_rate(self, invoice_id: int, exchange_rate: str | None, now: datetime) -> None:
        self._run("UPDATE invoices SET exchange_rate = ?, updated_at = ? WHERE id = ?",
                  (exchange_rate, self._time(now), invoice_id))  # fmt: skip

    def set_invoice_order_reference(self, invoice_id: int, reference: str, now: datetime) -> None:
        self._run("UPDATE invoices SET order_reference = ?, updated_at = ? WHERE id = ?",
                  (reference, self._time(now), invoice_id))  # fmt: skip

    def keep_invoice_document(self, invoice_id: int, document: str) -> None:
        """Keeps an issued invoice's document once: a document kept already is never replaced."""
        self._run("UPDATE invoices SET document = ? WHERE id = ? AND document IS NULL", (document, invoice_id))

    def invoice_document(self, invoice_id: int) -> str | None:
        row = self._one("SELECT document FROM invoices WHERE id = ?", (invoice_id,))
        return row[0] if row else None

    def set_invoice_status(self, invoice_id: int, status: str, now: datetime) -> None:
        self._run(
            "UPDATE invoices SET status = ?, updated_at = ? WHERE id = ?",
            (status, self._time(now), invoice_id),
        )


def _invoice(row: Sequence[Any], lines: tuple) -> Invoice:
    from aostime.domain.models import Invoice

    return Invoice(*row[:13], lines=lines, kind=row[13], credits_number=row[14], paid_cents=int(row[15]),
                   credited_by=row[16], tax_mode=row[17], exchange_rate=row[18], order_reference=row[19])  # fmt: skip
