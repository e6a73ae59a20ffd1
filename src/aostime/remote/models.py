"""The models the CLI prints, rebuilt from the team server's documents (the documents of
aostime.domain.documents and render.imports, read back): entries, records, invoices, tokens and
import summaries, with money back in cents and times back as aware datetimes."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from aostime.domain.models import Entry, Invoice, InvoiceLine


def cents(value: Any) -> int | None:
    return None if value is None else int(Decimal(str(value)) * 100)


def instant(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


def entry_from(doc: dict[str, Any]) -> Entry:
    """An Entry from its document (domain.documents.entry_document)."""
    return Entry(
        id=doc["id"], project_id=doc["project_id"], project_name=doc["project_name"], task_id=doc["task_id"],
        task_name=doc["task_name"], client_id=doc["client_id"], client_name=doc["client_name"],
        user_id=doc["user_id"], user_name=doc["user_name"], start=instant(doc["start_time"]),
        end=instant(doc["end_time"]), duration=doc["duration"], description=doc["description"], notes=doc["notes"],
        billable=doc["billable"], hourly_rate_cents=cents(doc["hourly_rate"]), amount_cents=cents(doc["amount"]),
        invoiced=doc["invoiced"], invoice_id=doc["invoice_id"], invoice_number=doc["invoice_number"],
        currency=doc["currency"],
    )  # fmt: skip


def record_from(kind: str, doc: dict[str, Any]):
    from aostime.domain.models import Client, Project, Task, User

    rate = cents(doc.get("hourly_rate"))
    if kind == "client":
        return Client(doc["id"], doc["name"], doc.get("email"), doc["currency"], rate, doc["archived"],
                      *(doc.get(k) for k in ("address", "country", "vat_id", "language", "tax_mode")))  # fmt: skip
    if kind == "project":
        return Project(doc["id"], doc["client_id"], doc["client_name"], doc["name"], rate, doc["archived"])
    if kind == "task":
        return Task(doc["id"], doc["project_id"], doc["project_name"], doc["name"], rate, doc["billable"],
                    doc["archived"])  # fmt: skip
    return User(doc["id"], doc["name"], doc.get("email"), rate, doc["archived"], doc.get("role", "member"),
                doc.get("time_zone"))  # fmt: skip


def invoice_from(doc: dict[str, Any]) -> Invoice:
    """An Invoice from its document (domain.documents.invoice_document)."""
    lines = tuple(
        InvoiceLine(**{field: _line_value(field, line) for field in InvoiceLine._fields})
        for line in doc.get("lines", [])
    )
    values = {field: _invoice_value(field, doc) for field in Invoice._fields if field != "lines"}
    return Invoice(**values, lines=lines)


def _line_value(field: str, line: dict[str, Any]) -> Any:
    if field.endswith("_cents"):
        return cents(line[field.removesuffix("_cents")])
    if field == "seconds":
        return line["duration"]
    if field == "entry_ids":
        return tuple(line["entry_ids"])
    if field == "quantity":
        return None if line.get("quantity") is None else str(line["quantity"])
    return line.get(field)  # the line's own id is not in the document


def _invoice_value(field: str, doc: dict[str, Any]) -> Any:
    if field.endswith("_cents"):
        return cents(doc[field.removesuffix("_cents")])
    if field == "tax_rate":
        return str(doc["tax_rate"])
    if field == "credits_number":
        return doc.get("credits")
    return doc.get(field)


def token_from(doc: dict[str, Any]) -> dict[str, Any]:
    """A token as the store gives it (what domain.documents.token_document takes)."""
    times = ("created_at", "last_used_at", "revoked_at", "expires_at")
    return {**{k: v for k, v in doc.items() if k not in (*times, "revoked", "token")},
            **{k: instant(doc.get(k)) for k in times}}  # fmt: skip


def summary_from(doc: dict[str, Any]):
    """The ImportSummary an import's document was made from (render.imports prints it)."""
    from aostime.services.interchange import ImportSummary, ProjectTotal

    summary = ImportSummary(doc["format"], doc["path"], doc["dry_run"], created=doc["entries"]["created"],
                            updated=doc["entries"]["updated"], unchanged=doc["entries"]["unchanged"],
                            skipped=doc["entries"]["skipped"], dropped=doc["entries"]["dropped"],
                            clients=doc["created"]["clients"], projects=doc["created"]["projects"],
                            tasks=doc["created"]["tasks"], users=doc["created"]["users"], settings=doc["settings"],
                            running=[dict(r, start=instant(r["start"])) for r in doc["running"]],
                            seconds=doc["total_duration"], warnings=doc["warnings"])  # fmt: skip
    for total in doc["projects"]:
        key = (total["client_name"], total["project_name"])
        summary.totals[key] = ProjectTotal(key[0], key[1], total["currency"], total["entries"], total["duration"],
                                           cents(total["amount"]) or 0)  # fmt: skip
        summary.cents += summary.totals[key].cents
    return summary
