"""What only a whole-file export of aostime's JSON carries, and reading it back as the rows of
a database: the invoices with their lines and the entries each line covers, the invoice
numbering per year, and the id counters.

    "invoices": [<invoice document> + "created_at", "updated_at"],
    "invoice_sequences": {"2026": 3},          # the last number given per year
    "id_counters": {"time_entries": 812, ...}  # the highest id each table ever gave

Imported into an empty database (services/interchange.py), a whole-file export is restored
row for row, ids included, so the copy exports the same document and never hands out an
invoice number or an id the original gave. Into a database that holds data, the file is
merged by names as any other export, and its invoices stay behind (a warning says so): their
numbers and ids belong to the database they were issued from.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from aostime.interchange.aostime_fields import _cents, _flag, _name, _text, _time, entry_tags, utc_text
from aostime.interchange.records import Batch, fail

COUNTED = ("clients", "projects", "tasks", "users", "invoices", "invoice_lines", "time_entries", "payments",
           "entry_history", "budgets")  # fmt: skip
STATUSES = ("draft", "sent", "paid", "void", "cancelled")
KINDS = ("invoice", "credit_note")
ROLES = ("member", "manager", "admin")

Table = tuple[tuple[str, ...], list[list[Any]]]


@dataclass
class WholeBatch(Batch):
    """The Batch of a whole-file export, which can also be restored row for row into an empty
    database: each table's columns and rows, and the id counters."""

    tables: dict[str, Table] = field(default_factory=dict)
    counters: dict[str, int] = field(default_factory=dict)


# -- writing --------------------------------------------------------------------------------


def documents(invoices: list, stamps: dict[int, tuple], sequences: dict[int, int], counters: dict[str, int],
              payments: list | None = None, credit_sequences: dict[int, int] | None = None,
              kept: dict[int, str] | None = None, budgets: tuple[list, list] = ([], [])) -> dict[str, Any]:  # fmt: skip
    """`payments`: rows (id, invoice_id, amount_cents, paid_on, created_at); `kept`: the issued
    invoices' documents as they were issued (domain.frozen_content), carried as they are;
    `budgets`: the rows of budgets and of budget_alerts (aostime_budgets.py)."""
    from aostime.domain.documents import invoice_document
    from aostime.interchange import aostime_budgets

    docs = []
    for invoice in invoices:
        created, updated = stamps[invoice.id]
        doc = {**invoice_document(invoice), "created_at": utc_text(created), "updated_at": utc_text(updated)}
        if invoice.id in (kept or {}):
            doc["issued_document"] = json.loads(kept[invoice.id])
        docs.append(doc)
    return {
        "invoices": docs,
        "payments": [_payment_document(p) for p in payments or ()],
        "invoice_sequences": {str(year): last for year, last in sorted(sequences.items())},
        "credit_note_sequences": {str(year): last for year, last in sorted((credit_sequences or {}).items())},
        "id_counters": {table: counters[table] for table in COUNTED if table in counters},
        "budgets": aostime_budgets.documents(*budgets),
    }


def _payment_document(row) -> dict[str, Any]:
    from aostime.domain.documents import money

    return {"id": row[0], "invoice_id": row[1], "amount": money(row[2]), "paid_on": row[3],
            "created_at": utc_text(row[4])}  # fmt: skip


# -- reading --------------------------------------------------------------------------------


def is_whole(doc: Any) -> bool:
    return isinstance(doc, dict) and "invoices" in doc


def tables(doc: dict[str, Any], path: str) -> tuple[dict[str, Table], dict[str, int]]:
    """The rows of every table the document holds, ids as given, and the id counters."""
    from aostime.interchange import aostime_control

    read = _Reader(path)
    out: dict[str, Table] = {
        "settings": (("key", "value"), [[k, v] for k, v in (doc.get("settings") or {}).items()]),
        "clients": read.rows(doc, "clients", read.client),
        "projects": read.rows(doc, "projects", read.project),
        "tasks": read.rows(doc, "tasks", read.task),
        "users": read.rows(doc, "users", read.user),
        "invoices": read.rows(doc, "invoices", read.invoice),
        "invoice_sequences": (("year", "last_number"), read.sequences(doc.get("invoice_sequences"))),
        "credit_note_sequences": (("year", "last_number"), read.sequences(doc.get("credit_note_sequences") or {})),
        "invoice_lines": (LINE_COLUMNS, read.lines),
        "time_entries": read.rows(doc, "entries", read.entry),
        "invoice_line_entries": (("line_id", "entry_id"), read.line_entries),
        "entry_tags": (("entry_id", "name", "name_key"), read.entry_tags),
        "payments": read.rows(doc, "payments", read.payment),
        **aostime_control.tables(doc, path),
    }
    from aostime.interchange import aostime_budgets

    out["budgets"], out["budget_alerts"] = aostime_budgets.tables(doc.get("budgets"), path)
    read.credits(out["invoices"])
    read.tax_modes(out["invoices"], out["clients"])
    counters = read.counters(doc.get("id_counters"))
    read.paid_without_payment(out["invoices"], out["payments"][1], counters)
    return out, counters


CLIENT_COLUMNS = ("id", "name", "email", "currency", "hourly_rate_cents", "archived", "created_at", "updated_at",
                  "address", "country", "vat_id", "language", "tax_mode", "buyer_reference", "peppol_id")  # fmt: skip
PROJECT_COLUMNS = ("id", "client_id", "name", "hourly_rate_cents", "archived", "created_at", "updated_at")
TASK_COLUMNS = ("id", "project_id", "name", "hourly_rate_cents", "billable", "archived", "created_at", "updated_at")
USER_COLUMNS = ("id", "name", "email", "hourly_rate_cents", "archived", "role", "time_zone", "created_at",
                "updated_at", "locale", "week_start", "theme")  # fmt: skip
INVOICE_COLUMNS = ("id", "number", "client_id", "issue_date", "due_date", "status", "currency", "subtotal_cents",
                   "tax_rate", "tax_cents", "total_cents", "notes", "created_at", "updated_at", "tax_mode",
                   "kind", "credits_invoice_id", "document", "exchange_rate", "order_reference")  # fmt: skip
LINE_COLUMNS = ("id", "invoice_id", "position", "description", "seconds", "hourly_rate_cents", "amount_cents",
                "project_id", "task_id", "quantity", "unit", "tax_rate")  # fmt: skip
PAYMENT_COLUMNS = ("id", "invoice_id", "amount_cents", "paid_on", "created_at")
ENTRY_COLUMNS = ("id", "project_id", "task_id", "user_id", "start_time", "end_time", "duration", "description",
                 "notes", "billable", "hourly_rate_cents", "amount_cents", "invoiced", "invoice_id", "created_at",
                 "updated_at", "source", "source_id")  # fmt: skip


class _Reader:
    """Each record read strictly (a wrong type names the record), as rows in column order."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.lines: list[list[Any]] = []
        self.line_entries: list[list[int]] = []
        self.entry_tags: list[list[Any]] = []

    def rows(self, doc: dict, key: str, read) -> Table:
        items = doc.get(key) or []
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            raise fail(self.path, key, f"'{key}' is not a list of objects")
        columns = {"clients": CLIENT_COLUMNS, "projects": PROJECT_COLUMNS, "tasks": TASK_COLUMNS,
                   "users": USER_COLUMNS, "invoices": INVOICE_COLUMNS, "entries": ENTRY_COLUMNS,
                   "payments": PAYMENT_COLUMNS}[key]  # fmt: skip
        return columns, [read(item, f"{key}[{n}]") for n, item in enumerate(items, 1)]

    def id(self, value: Any, where: str, what: str = "id", optional: bool = False) -> int | None:
        if value is None and optional:
            return None
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise fail(self.path, where, f"{what} {value!r} is not an id")
        return value

    def stamps(self, item: dict, where: str) -> list[datetime]:
        return [_time(item.get(k), self.path, where, k) for k in ("created_at", "updated_at")]

    def rate(self, item: dict, where: str) -> int | None:
        return _cents(item.get("hourly_rate"), self.path, where, "hourly_rate")

    def archived(self, item: dict, where: str) -> int:
        return int(bool(_flag(item.get("archived"), self.path, where, "archived")))

    def client(self, c: dict, where: str) -> list[Any]:
        currency = c.get("currency")
        if currency is not None and not isinstance(currency, str):
            raise fail(self.path, where, f"currency {currency!r} is not a code")
        return [self.id(c.get("id"), where), _name(c.get("name"), self.path, where, "name"), c.get("email"),
                currency, self.rate(c, where), self.archived(c, where), *self.stamps(c, where),
                *(self.billing(c, key, where) for key in ("address", "country", "vat_id", "language", "tax_mode",
                                                           "buyer_reference", "peppol_id"))]  # fmt: skip

    def billing(self, c: dict, key: str, where: str) -> str | None:
        """A client's billing field, checked as `aos client edit` checks it."""
        from aostime.domain import parties
        from aostime.errors import BadInput

        value = c.get(key)
        if value is None:
            return None
        try:
            return getattr(parties, key)(str(value))
        except BadInput as exc:
            raise fail(self.path, where, str(exc)) from None

    def project(self, p: dict, where: str) -> list[Any]:
        return [self.id(p.get("id"), where), self.id(p.get("client_id"), where, "client_id"),
                _name(p.get("name"), self.path, where, "name"), self.rate(p, where), self.archived(p, where),
                *self.stamps(p, where)]  # fmt: skip

    def task(self, t: dict, where: str) -> list[Any]:
        billable = _flag(t.get("billable"), self.path, where, "billable")
        return [self.id(t.get("id"), where), self.id(t.get("project_id"), where, "project_id"),
                _name(t.get("name"), self.path, where, "name"), self.rate(t, where),
                None if billable is None else int(billable), self.archived(t, where), *self.stamps(t, where)]  # fmt: skip

    def user(self, u: dict, where: str) -> list[Any]:
        role = u.get("role", "member")
        if role not in ROLES:
            raise fail(self.path, where, f"role {role!r} is not one of {', '.join(ROLES)}")
        zone = u.get("time_zone")
        if zone is not None and not isinstance(zone, str):
            raise fail(self.path, where, f"time_zone {zone!r} is not a zone name")
        return [self.id(u.get("id"), where), _name(u.get("name"), self.path, where, "name"), u.get("email"),
                self.rate(u, where), self.archived(u, where), role, zone, *self.stamps(u, where),
                *self.preferences(u, where)]  # fmt: skip

    def preferences(self, u: dict, where: str) -> list[str | None]:
        """Her locale, week start and theme (absent in files of older versions: unset), each read
        by its own rule (domain.preferences)."""
        from aostime.domain import preferences
        from aostime.errors import BadInput

        read = []
        for key in ("locale", "week_start", "theme"):
            value = u.get(key)
            if value is not None and not isinstance(value, str):
                raise fail(self.path, where, f"{key} {value!r} is not text")
            try:
                read.append(None if value is None else getattr(preferences, key)(value))
            except BadInput as exc:
                raise fail(self.path, where, str(exc)) from None
        return read

    def invoice(self, i: dict, where: str) -> list[Any]:
        invoice_id = self.id(i.get("id"), where)
        if i.get("status") not in STATUSES:
            raise fail(self.path, where, f"status {i.get('status')!r} is not one of {', '.join(STATUSES)}")
        lines = i.get("lines") or []
        if not isinstance(lines, list) or not all(isinstance(line, dict) for line in lines):
            raise fail(self.path, where, "'lines' is not a list of objects")
        for position, line in enumerate(lines, 1):
            self.line(invoice_id, position, line, f"{where}.lines[{position}]")
        money = [_cents(i.get(k), self.path, where, k, signed=True) for k in ("subtotal", "tax", "total")]
        kind = i.get("kind", "invoice")
        if kind not in KINDS:
            raise fail(self.path, where, f"kind {kind!r} is not one of {', '.join(KINDS)}")
        return [invoice_id, _text(i.get("number"), self.path, where, "number"), self.id(i.get("client_id"), where,
                "client_id"), _text(i.get("issue_date"), self.path, where, "issue_date"), i.get("due_date"),
                i["status"], _text(i.get("currency"), self.path, where, "currency"), money[0], str(i.get("tax_rate")),
                money[1], money[2], _text(i.get("notes"), self.path, where, "notes"), *self.stamps(i, where),
                self.invoice_tax_mode(i, where), kind, i.get("credits"), self.kept_document(i, where),
                self.decimal(i, "exchange_rate", where), self.billing(i, "order_reference", where)]  # fmt: skip

    def invoice_tax_mode(self, i: dict, where: str) -> str | None:
        from aostime.domain.vat import INVOICE_MODES

        mode = i.get("tax_mode")
        if mode is not None and mode not in INVOICE_MODES:
            raise fail(self.path, where, f"tax_mode {mode!r} is not one of {', '.join(INVOICE_MODES)}")
        return mode

    def decimal(self, item: dict, key: str, where: str) -> str | None:
        """A rate kept as decimal text (an exchange rate, a line's VAT rate), or None."""
        from decimal import Decimal, InvalidOperation

        value = item.get(key)
        if value is None:
            return None
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            number = Decimal("NaN")
        if isinstance(value, bool) or not number.is_finite() or number < 0:
            raise fail(self.path, where, f"{key} {value!r} is not a number")
        return str(value)

    def kept_document(self, i: dict, where: str) -> str | None:
        """An issued invoice's document as it was issued, kept as the file gives it (read back
        whole first: a document that does not read is refused, not kept)."""
        from aostime.domain.frozen_content import frozen, thawed

        if i.get("issued_document") is None:
            return None
        try:
            return frozen(thawed(json.dumps(i["issued_document"])))
        except (ValueError, TypeError, KeyError, AttributeError, ArithmeticError) as exc:
            raise fail(self.path, where, f"issued_document does not read as an invoice document ({exc})") from None

    def credits(self, invoices: Table) -> None:
        """A credit note names the invoice it cancels by number: that invoice's id, in the file."""
        columns, rows = invoices
        ids, at = {row[1]: row[0] for row in rows}, columns.index("credits_invoice_id")
        for row in rows:
            number = row[at]
            if number is not None and number not in ids:
                raise fail(self.path, f"invoices (id {row[0]})", f"credits {number!r}, which is not in the file")
            row[at] = None if number is None else ids[number]

    def tax_modes(self, invoices: Table, clients: Table) -> None:
        """A file written before invoices kept their tax mode: as the migration that added it
        (storage/sqlite/migrations.py, M009), an invoice that charged VAT was standard, any
        other takes its client's tax mode, the best knowledge there is."""
        columns, rows = invoices
        at, tax, client = (columns.index(c) for c in ("tax_mode", "tax_cents", "client_id"))
        modes = {row[0]: row[CLIENT_COLUMNS.index("tax_mode")] for row in clients[1]}
        for row in rows:
            if row[at] is None:
                row[at] = (modes.get(row[client]) if row[tax] == 0 else None) or "standard"

    def paid_without_payment(self, invoices: Table, payments: list[list[Any]], counters: dict[str, int]) -> None:
        """A paid invoice without payments (a file written before payments were recorded, or by a
        database upgraded before it gave them one) gets one of its total on its last status change,
        as the migrations give it (PAID_WITHOUT_PAYMENT in storage/sqlite/migrations.py)."""
        columns, rows = invoices
        at = {c: columns.index(c) for c in ("id", "status", "kind", "total_cents", "updated_at")}
        has = {p[PAYMENT_COLUMNS.index("invoice_id")] for p in payments}
        last = max([counters.get("payments", 0), *(p[0] for p in payments)])
        for row in rows:
            if (row[at["status"]], row[at["kind"]]) == ("paid", "invoice") and row[at["total_cents"]] > 0 \
                    and row[at["id"]] not in has:  # fmt: skip
                last += 1
                stamp = row[at["updated_at"]]
                payments.append([last, row[at["id"]], row[at["total_cents"]], stamp.date().isoformat(), stamp])

    def payment(self, p: dict, where: str) -> list[Any]:
        cents = _cents(p.get("amount"), self.path, where, "amount")
        if cents is None or cents <= 0:
            raise fail(self.path, where, "a payment's amount must be more than 0")
        return [self.id(p.get("id"), where), self.id(p.get("invoice_id"), where, "invoice_id"), cents,
                _text(p.get("paid_on"), self.path, where, "paid_on"),
                _time(p.get("created_at"), self.path, where, "created_at")]  # fmt: skip

    def line(self, invoice_id: int, position: int, line: dict, where: str) -> None:
        line_id = len(self.lines) + 1  # lines are numbered anew: nothing outside the file names them
        seconds = line.get("duration")
        if not isinstance(seconds, int) or isinstance(seconds, bool) or seconds < 0:
            raise fail(self.path, where, f"duration {seconds!r} is not a number of seconds")
        self.lines.append([line_id, invoice_id, position, _text(line.get("description"), self.path, where,
                           "description"), seconds, _cents(line.get("hourly_rate"), self.path, where, "hourly_rate",
                           signed=True), _cents(line.get("amount"), self.path, where, "amount", signed=True),
                           self.id(line.get("project_id"), where, "project_id", optional=True),
                           self.id(line.get("task_id"), where, "task_id", optional=True),
                           None if line.get("unit") is None else str(line.get("quantity")), line.get("unit"),
                           self.decimal(line, "tax_rate", where)])  # fmt: skip
        for entry_id in line.get("entry_ids") or []:
            self.line_entries.append([line_id, self.id(entry_id, where, "entry id")])

    def entry(self, e: dict, where: str) -> list[Any]:
        from aostime.domain.names import fold
        from aostime.domain.tags import clean_tags
        from aostime.errors import BadInput

        try:
            tags = clean_tags(entry_tags(e, self.path, where))
        except BadInput as exc:
            raise fail(self.path, where, str(exc)) from None
        self.entry_tags += [[e.get("id"), name, fold(name)] for name in tags]
        start = _time(e.get("start_time"), self.path, where, "start_time")
        end = _time(e["end_time"], self.path, where, "end_time") if e.get("end_time") is not None else None
        seconds = None if end is None else int((end - start).total_seconds())
        amount = None if end is None else _cents(e.get("amount"), self.path, where, "amount")
        return [self.id(e.get("id"), where), self.id(e.get("project_id"), where, "project_id"),
                self.id(e.get("task_id"), where, "task_id", optional=True), self.id(e.get("user_id"), where, "user_id"),
                start, end, seconds, _text(e.get("description"), self.path, where, "description"),
                _text(e.get("notes"), self.path, where, "notes"),
                int(bool(_flag(e.get("billable"), self.path, where, "billable"))), self.rate(e, where), amount,
                int(bool(_flag(e.get("invoiced"), self.path, where, "invoiced"))),
                self.id(e.get("invoice_id"), where, "invoice_id", optional=True), *self.stamps(e, where),
                e.get("source"), e.get("source_id")]  # fmt: skip

    def sequences(self, value: Any) -> list[list[int]]:
        if not isinstance(value, dict):
            raise fail(self.path, "invoice_sequences", "'invoice_sequences' is not an object of year: number")
        rows = []
        for year, last in value.items():
            if not str(year).isdigit() or not isinstance(last, int) or isinstance(last, bool) or last < 0:
                raise fail(self.path, "invoice_sequences", f"{year!r}: {last!r} is not a year and a number")
            rows.append([int(year), last])
        return rows

    def counters(self, value: Any) -> dict[str, int]:
        if not isinstance(value, dict) or any(
            k not in COUNTED or not isinstance(v, int) or isinstance(v, bool) or v < 0 for k, v in value.items()
        ):
            raise fail(self.path, "id_counters", "'id_counters' is not an object of table: highest id")
        return dict(value)


def whole_batch(batch, doc: dict[str, Any], path: str):
    """The batch of a whole-file export with its rows."""
    rows, counters = tables(doc, path)
    whole = WholeBatch(**{name: getattr(batch, name) for name in batch.__dataclass_fields__})
    whole.tables, whole.counters = rows, counters
    return whole
