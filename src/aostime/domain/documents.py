"""The documents aostime prints and serves (SPEC §4), built once for the CLI, the server and
aostime's own JSON interchange format: pure functions of domain values."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, tzinfo
from decimal import Decimal

from aostime.domain.money import hours, to_decimal
from aostime.domain.reports import day_of
from aostime.domain.timeparse import show
from aostime.domain.versions import version_of

TYPE_CHECKING = False  # typing and the models cost milliseconds at every prompt (`aos list --json`)
if TYPE_CHECKING:
    from typing import Any

    from aostime.domain.models import Client, Entry, Invoice, Project, Task, User


def money(cents: int | None) -> Decimal | None:
    return None if cents is None else to_decimal(cents)


def entry_document(entry: Entry, zone: tzinfo, now: datetime | None = None) -> dict[str, Any]:
    """SPEC §4's entry: the seed's fields plus the names a script needs. A running entry has no
    end, duration or amount; with `now`, it also says how long it has run."""
    doc: dict[str, Any] = {
        "id": entry.id,
        "project_id": entry.project_id,
        "project_name": entry.project_name,
        "task_id": entry.task_id,
        "task_name": entry.task_name,
        "client_id": entry.client_id,
        "client_name": entry.client_name,
        "user_id": entry.user_id,
        "user_name": entry.user_name,
        "start_time": show(entry.start, zone),
        "end_time": show(entry.end, zone) if entry.end else None,
        "duration": entry.duration,
        "hours": hours(entry.duration) if entry.duration is not None else None,
        "date": day_of(entry.start, zone).isoformat(),
        "description": entry.description,
        "notes": entry.notes,
        "billable": entry.billable,
        "hourly_rate": money(entry.hourly_rate_cents),
        "amount": money(entry.amount_cents),
        "currency": entry.currency,
        "invoiced": entry.invoiced,
        "invoice_id": entry.invoice_id,
        "invoice_number": entry.invoice_number,
        "tags": list(entry.tags),
        "running": entry.running,
        "version": version_of(entry),
    }
    if now is not None and entry.running:
        from aostime.domain.timer import amount_so_far, elapsed

        doc["elapsed"] = elapsed(entry, now)
        doc["amount_so_far"] = money(amount_so_far(entry, now))
    return doc


def unbilled_entry_document(entry: Entry, zone: tzinfo) -> dict[str, Any]:
    """The seed's unbilled entry (id, project_name, task_name, date, hours, description, amount)
    first, then everything else an entry document says (SPEC: keys may be added, none removed)."""
    doc = entry_document(entry, zone)
    seed = ("id", "project_name", "task_name", "date", "hours", "description", "amount")
    return {**{key: doc[key] for key in seed}, **doc}


def record_document(record: Client | Project | Task | User) -> dict[str, Any]:
    from aostime.domain.models import Client, Project, Task, User

    doc: dict[str, Any] = {"id": record.id, "name": record.name}
    if isinstance(record, Client):
        doc.update(email=record.email, currency=record.currency, address=record.address, country=record.country,
                   vat_id=record.vat_id, language=record.language, tax_mode=record.tax_mode,
                   buyer_reference=record.buyer_reference, peppol_id=record.peppol_id)  # fmt: skip
    elif isinstance(record, Project):
        doc.update(client_id=record.client_id, client_name=record.client_name)
    elif isinstance(record, Task):
        doc.update(project_id=record.project_id, project_name=record.project_name, billable=record.billable)
    elif isinstance(record, User):
        doc.update(email=record.email, role=record.role, time_zone=record.time_zone, locale=record.locale,
                   week_start=record.week_start, theme=record.theme)  # fmt: skip
    doc["hourly_rate"] = money(record.hourly_rate_cents)
    doc["archived"] = record.archived
    return doc


def invoice_document(invoice: Invoice) -> dict[str, Any]:
    from aostime.domain.invoicing import open_cents  # late: a prompt's status never needs it

    return {
        "id": invoice.id,
        "number": invoice.number,
        "client_id": invoice.client_id,
        "client_name": invoice.client_name,
        "issue_date": invoice.issue_date,
        "due_date": invoice.due_date,
        "status": invoice.status,
        "currency": invoice.currency,
        "subtotal": money(invoice.subtotal_cents),
        "tax_rate": Decimal(invoice.tax_rate),
        "tax_mode": invoice.tax_mode,  # decided when the invoice was made; its documents follow it
        "tax": money(invoice.tax_cents),
        # given at issue for a foreign-currency invoice charging VAT: 1 of its currency in the books'
        "exchange_rate": None if invoice.exchange_rate is None else Decimal(invoice.exchange_rate),
        "total": money(invoice.total_cents),
        "paid": money(invoice.paid_cents),
        "open": money(open_cents(invoice)),
        "kind": invoice.kind,
        "credits": invoice.credits_number,  # a credit note: the invoice it cancels
        "credited_by": invoice.credited_by,  # a cancelled invoice: its credit note
        "notes": invoice.notes,
        "order_reference": invoice.order_reference,  # the buyer's purchase order (BT-13)
        "lines": [_line_document(line) for line in invoice.lines],
    }


def _line_document(line) -> dict[str, Any]:
    """A line of time (hours at an hourly rate), or beyond time (a quantity at a unit price)."""
    doc = {
        "description": line.description,
        "hours": hours(line.seconds),
        "duration": line.seconds,
        "hourly_rate": money(line.hourly_rate_cents),
        "amount": money(line.amount_cents),
        "project_id": line.project_id,
        "task_id": line.task_id,
        "entry_ids": list(line.entry_ids),
    }
    if line.unit is not None:
        doc.update(quantity=Decimal(line.quantity), unit=line.unit, unit_price=money(line.hourly_rate_cents))
    if line.tax_rate is not None:  # its own VAT rate (add-line --tax); else the invoice's tax_rate
        doc["tax_rate"] = Decimal(line.tax_rate)
    return doc


def unbilled_document(entries: list[Entry], zone: tzinfo, sums=None) -> dict[str, Any]:
    """The seed's shape, {"entries": [...], "total_hours", "total_amount"}, when the entries
    are in one currency; with several, total_amount is null and "totals_by_currency" is added.
    The totals are the entries' own, or `sums` (entry_sums) of all the pages when paged."""
    sums = entry_sums(entries) if sums is None else sums
    overall = sums.overall()
    doc = {
        "entries": [unbilled_entry_document(e, zone) for e in entries],
        "total_hours": hours(overall["seconds"]),
        "total_amount": money(overall["cents"]),
    }
    if sums.mixed:
        doc["totals_by_currency"] = currency_totals(sums)
    return doc


def entry_sums(entries: Iterable[Entry]):
    """Count, seconds and cents of entries, per currency (a running entry adds no time or money)."""
    from aostime.domain.currencies import CurrencySums

    sums = CurrencySums(("count", "seconds", "cents"), ("cents",))
    for e in entries:
        sums.add(e.currency, count=1, seconds=e.duration or 0, cents=e.amount_cents or 0)
    return sums


def currency_totals(sums) -> list[dict[str, Any]]:
    """[{"currency", "count", "hours", "amount"}] of list and unbilled sums, one per currency."""
    return [
        {"currency": currency, "count": s["count"], "hours": hours(s["seconds"]), "amount": money(s["cents"])}
        for currency, s in sums.per_currency()
    ]


def report_figures(figures: dict) -> dict[str, Any]:
    return {  # money figures are None (null) in totals over several currencies
        "hours": hours(figures["seconds"]),
        "billable_hours": hours(figures["billable_seconds"]),
        "non_billable_hours": hours(figures["seconds"] - figures["billable_seconds"]),
        "amount": money(figures["cents"]),
        "unbilled_amount": money(figures["unbilled_cents"]),
        "entries": figures["entries"],
        "duration": figures["seconds"],
        "billable_duration": figures["billable_seconds"],
        "running": figures["running"],
    }


def report_row_document(row: dict) -> dict[str, Any]:
    groups = {
        k: v
        for k, v in row.items()
        if k not in ("seconds", "billable_seconds", "cents", "unbilled_cents", "entries", "running", "currency")
    }
    return {**groups, **report_figures(row), "currency": row["currency"]}


def report_document(report, zone: tzinfo) -> dict[str, Any]:
    """SPEC §4: {"from", "to", "group_by", "rows", "totals"}; "to" is exclusive."""
    return {
        "from": show(report.start, zone) if report.start else None,
        "to": show(report.end, zone) if report.end else None,
        "group_by": report.group_by,
        "rows": [report_row_document(row) for row in report.rows],
        "totals": report_figures(report.totals),
        "totals_by_currency": [
            {"currency": currency, **report_figures(figures)} for currency, figures in report.totals_by_currency
        ],
    }


def token_document(token: dict[str, Any], zone: tzinfo) -> dict[str, Any]:
    """An API token as `aos token list` shows it: never the token itself (only its hash is kept)."""
    return {
        "id": token["id"],
        "name": token["name"],
        "user_id": token["user_id"],
        "user_name": token["user_name"],
        "created_at": show(token["created_at"], zone),
        "last_used_at": show(token["last_used_at"], zone) if token["last_used_at"] else None,
        "revoked_at": show(token["revoked_at"], zone) if token["revoked_at"] else None,
        "revoked": token["revoked_at"] is not None,
        "expires_at": show(token["expires_at"], zone) if token["expires_at"] else None,
        "read_only": token["read_only"],
    }


def status_document(entry: Entry | None, zone: tzinfo, now: datetime) -> dict[str, Any]:
    """`aos status --json` and GET /timer."""
    return {"running": entry is not None, "entry": entry_document(entry, zone, now) if entry else None}


def cancelled_document(entry: Entry, zone: tzinfo, now: datetime) -> dict[str, Any]:
    """`aos cancel --json` and DELETE /timer."""
    return {"cancelled": entry_document(entry, zone, now)}


def deleted_document(entries: list[Entry]) -> dict[str, Any]:
    """`aos delete --json` and DELETE /time-entries/{id}."""
    return {"deleted": [e.id for e in entries], "count": len(entries)}


def invoice_summary_document(invoice: Invoice) -> dict[str, Any]:
    """An invoice without its lines, as `aos invoice list --json` and GET /invoices list them."""
    return {k: v for k, v in invoice_document(invoice).items() if k != "lines"}


def me_document(user: User, read_only: bool) -> dict[str, Any]:
    """GET /me: the token's member, their role, and whether the token only reads."""
    return {**record_document(user), "read_only": read_only}


def found_document(found, zone: tzinfo) -> dict[str, Any]:
    """A search's answer (domain.search.Found): its words, the records and the entries it found."""
    return {
        "words": list(found.words),
        "clients": [record_document(r) for r in found.clients],
        "projects": [record_document(r) for r in found.projects],
        "tasks": [record_document(r) for r in found.tasks],
        "entries": [entry_document(e, zone) for e in found.entries],
    }


def repriced_document(result, zone: tzinfo) -> dict[str, Any]:
    """A rate change (services.repricing.Repriced): the record, its rate, and each entry it
    repriced (or would) with its rate and amount before and after."""
    return {
        "kind": result.kind, "name": result.name, "hourly_rate": money(result.rate_cents), "since": result.since,
        "saved": result.saved,
        "entries": [{"id": e.id, "start_time": show(e.start, zone), "description": e.description,
                     "user_name": e.user_name, "old_hourly_rate": money(e.old_rate_cents),
                     "hourly_rate": money(e.rate_cents), "old_amount": money(e.old_amount_cents),
                     "amount": money(e.amount_cents), "currency": e.currency} for e in result.entries],
    }  # fmt: skip


# the history keeps stored columns (storage.sql.control); its documents name them as entries do
_HISTORY_MONEY = {"hourly_rate_cents": "hourly_rate", "amount_cents": "amount"}


def _history_values(values: dict | None, zone: tzinfo) -> dict[str, Any] | None:
    if values is None:
        return None
    doc: dict[str, Any] = {}
    for key, value in values.items():
        if key in ("start_time", "end_time") and value:
            value = show(datetime.fromisoformat(value), zone)
        if key in _HISTORY_MONEY:
            key, value = _HISTORY_MONEY[key], money(value)
        doc[key] = value
    return doc


def history_document(history, zone: tzinfo) -> dict[str, Any]:
    """SPEC §11: an entry's changes, oldest first: who, when, through which face, from what to what."""
    changes = [{"at": show(c.at, zone), "user_name": c.user_name, "via": c.via, "action": c.action,
                "before": _history_values(c.before, zone), "after": _history_values(c.after, zone)}
               for c in history.changes]  # fmt: skip
    return {"entry_id": history.entry_id, "changes": changes}


def lock_document(lock, zone: tzinfo) -> dict[str, Any]:
    return {"locked": lock.before is not None, "before": lock.before.isoformat() if lock.before else None,
            "set_by": lock.set_by, "set_at": show(lock.set_at, zone) if lock.set_at else None}  # fmt: skip


def week_document(week, zone: tzinfo) -> dict[str, Any]:
    return {
        "user_id": week.user_id, "user_name": week.user_name, "week": week.week, "status": week.status,
        "note": week.note, "submitted_at": show(week.submitted_at, zone) if week.submitted_at else None,
        "decided_at": show(week.decided_at, zone) if week.decided_at else None, "decided_by": week.decided_by,
        "hours": hours(week.hours_seconds),
    }  # fmt: skip


def budget_document(usage) -> dict[str, Any]:
    """A budget in `aos budget --json` and GET /budgets: what it allows ("budget_hours" or
    "budget_amount", as a report writes hours and money) and what is used in its current period
    ("period_key": "total" or the month, "2026-12"), the same figures a report gives."""
    budget = usage.budget
    doc: dict[str, Any] = {
        "id": budget.id,
        "project_id": budget.project_id,
        "project_name": budget.project_name,
        "task_id": budget.task_id,
        "task_name": budget.task_name,
        "user_id": budget.user_id,
        "user_name": budget.user_name,
        "period": budget.period,
        "period_key": usage.period_key,
    }
    if budget.budget_seconds is not None:
        doc.update(budget_hours=hours(budget.budget_seconds), budget_duration=budget.budget_seconds)
    else:
        doc["budget_amount"] = money(budget.budget_cents)
    doc.update(used_hours=hours(usage.seconds), used_duration=usage.seconds, used_amount=money(usage.cents),
               currency=budget.currency, percent=usage.percent, alert_percent=budget.alert_percent)  # fmt: skip
    return doc


def budgets_document(usages: list) -> dict[str, Any]:
    return {"budgets": [budget_document(usage) for usage in usages]}
