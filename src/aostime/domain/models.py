"""Plain, frozen values: one per kind of row. Money in integer cents, times aware UTC."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Client:
    """A client: who is billed, in which currency, at what default rate."""

    id: int
    name: str
    email: str | None
    currency: str | None
    hourly_rate_cents: int | None
    archived: bool


@dataclass(frozen=True)
class Project:
    """A project of one client, with its client's name for display."""

    id: int
    client_id: int
    client_name: str
    name: str
    hourly_rate_cents: int | None
    archived: bool


@dataclass(frozen=True)
class Task:
    """A task of one project; billable None means "as the project"."""

    id: int
    project_id: int
    project_name: str
    name: str
    hourly_rate_cents: int | None
    billable: bool | None
    archived: bool


@dataclass(frozen=True)
class User:
    """A team member who tracks time."""

    id: int
    name: str
    email: str | None
    hourly_rate_cents: int | None
    archived: bool


@dataclass(frozen=True)
class Entry:
    """A time entry with the names a listing needs; end is None while it runs."""

    id: int
    project_id: int
    project_name: str
    task_id: int | None
    task_name: str | None
    client_id: int
    client_name: str
    user_id: int
    user_name: str
    start: datetime
    end: datetime | None
    duration: int | None
    description: str
    notes: str
    billable: bool
    hourly_rate_cents: int
    amount_cents: int | None
    invoiced: bool
    invoice_id: int | None
    invoice_number: str | None = None
    currency: str | None = None  # the client's: amounts are in it

    @property
    def running(self) -> bool:
        return self.end is None


@dataclass(frozen=True)
class InvoiceLine:
    """One line of an invoice and the entries it covers."""

    id: int | None
    description: str
    seconds: int
    hourly_rate_cents: int
    amount_cents: int
    project_id: int | None
    task_id: int | None
    entry_ids: tuple[int, ...]


@dataclass(frozen=True)
class Invoice:
    """An invoice with its totals in cents and, when loaded, its lines."""

    id: int | None
    number: str
    client_id: int
    client_name: str
    issue_date: str
    due_date: str | None
    status: str
    currency: str
    subtotal_cents: int
    tax_rate: str
    tax_cents: int
    total_cents: int
    notes: str
    lines: tuple[InvoiceLine, ...] = field(default=())
