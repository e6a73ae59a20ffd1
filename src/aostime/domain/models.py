"""Plain, frozen values: one per kind of row. Money in integer cents, times aware UTC.

They are named tuples (collections.namedtuple) rather than dataclasses: `aos status` builds an
Entry at every shell prompt, and importing dataclasses (it imports inspect, ast, dis) and
generating seven frozen classes costs more than the rest of that command's work. A named tuple is
immutable, compares by value and is cheap to define; `_replace` makes a changed copy. Field
types are listed in each docstring."""

from __future__ import annotations

from collections import namedtuple


class Client(namedtuple("Client", "id name email currency hourly_rate_cents archived address country vat_id language "
                                  "tax_mode buyer_reference peppol_id", defaults=(None,) * 7)):  # fmt: skip
    """A client: who is billed, in which currency, at what default rate, and where its invoices
    go (domain/parties.py checks the billing fields).

    id: int; name: str; email, currency: str | None; hourly_rate_cents: int | None; archived: bool;
    address (lines as its country writes them), country, vat_id, language, tax_mode, buyer_reference (BT-10,
    e.g. a Leitweg-ID), peppol_id (SCHEME:ID, BT-49): str | None"""

    __slots__ = ()


class Project(namedtuple("Project", "id client_id client_name name hourly_rate_cents archived")):
    """A project of one client, with its client's name for display.

    id, client_id: int; client_name, name: str; hourly_rate_cents: int | None; archived: bool"""

    __slots__ = ()


class Task(namedtuple("Task", "id project_id project_name name hourly_rate_cents billable archived")):
    """A task of one project; billable None means "as the project".

    id, project_id: int; project_name, name: str; hourly_rate_cents: int | None;
    billable: bool | None; archived: bool"""

    __slots__ = ()


class User(namedtuple("User", "id name email hourly_rate_cents archived role time_zone locale week_start theme",
                      defaults=("member", None, None, None, None))):  # fmt: skip
    """A team member who tracks time.

    id: int; name: str; email: str | None; hourly_rate_cents: int | None; archived: bool;
    role: str (member, manager or admin: what their tokens may do); time_zone: str | None (the
    IANA zone naive times sent with their token are read in; None: the server's); their own
    preferences (domain.preferences), each None when unset: locale (en, de, fr), week_start (a
    weekday; None: the team's setting), theme (system, light, dark)"""

    __slots__ = ()


_ENTRY_FIELDS = (
    "id project_id project_name task_id task_name client_id client_name user_id user_name start end duration "
    "description notes billable hourly_rate_cents amount_cents invoiced invoice_id invoice_number currency tags"
)


class Entry(namedtuple("Entry", _ENTRY_FIELDS, defaults=(None, None, ()))):
    """A time entry with the names a listing needs; end is None while it runs.

    id, project_id, client_id, user_id: int; task_id: int | None; project_name, client_name,
    user_name: str; task_name: str | None; start: datetime; end: datetime | None;
    duration: int | None (seconds); description, notes: str; billable: bool;
    hourly_rate_cents: int; amount_cents: int | None; invoiced: bool; invoice_id: int | None;
    invoice_number: str | None; currency: str | None (the client's: amounts are in it);
    tags: tuple[str, ...] (sorted by folded name, domain.tags)"""

    __slots__ = ()

    @property
    def running(self) -> bool:
        return self.end is None


class InvoiceLine(namedtuple("InvoiceLine", "id description seconds hourly_rate_cents amount_cents project_id "
                                            "task_id entry_ids quantity unit tax_rate", defaults=(None, None, None))):  # fmt: skip
    """One line of an invoice and the entries it covers: time (seconds at an hourly rate), or a
    line beyond time (a fixed fee, an expense, a discount: quantity units at a unit price, kept
    in hourly_rate_cents; seconds 0).

    id: int | None; description: str; seconds, hourly_rate_cents, amount_cents: int;
    project_id, task_id: int | None; entry_ids: tuple[int, ...]; quantity: str | None (a
    decimal); unit: None (time), "hours" or "units"; tax_rate: str | None (a decimal percent: the
    line's own VAT rate, e.g. 7 beside 19; None: the invoice's)."""

    __slots__ = ()


_INVOICE_FIELDS = (
    "id number client_id client_name issue_date due_date status currency subtotal_cents tax_rate tax_cents "
    "total_cents notes lines kind credits_number paid_cents credited_by tax_mode exchange_rate order_reference"
)


class Invoice(namedtuple("Invoice", _INVOICE_FIELDS, defaults=((), "invoice", None, 0, None, "standard", None, None))):
    """An invoice (or a credit note) with its totals in cents and, when loaded, its lines.

    id: int | None; number, client_name, issue_date, status, currency, tax_rate, notes: str;
    client_id, subtotal_cents, tax_cents, total_cents: int; due_date: str | None;
    lines: tuple[InvoiceLine, ...]; kind: "invoice" | "credit_note"; credits_number: the
    number of the invoice a credit note cancels; paid_cents: the payments so far;
    credited_by: the number of the credit note that cancelled this invoice; tax_mode: "standard",
    "reverse-charge", "exempt", "outside-scope" or "small-business" (domain/vat.py), decided when
    the invoice was made, kept with it (its documents never follow a later change of the
    client's); exchange_rate: str | None, the invoice currency's worth in the accounting currency
    given at issue (a foreign-currency invoice that charges VAT states its VAT in both);
    order_reference: the buyer's purchase order (BT-13) or None"""

    __slots__ = ()
