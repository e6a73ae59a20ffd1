"""What the CLI prints for the commands whose local form streams from the store (list) or
writes a document's bytes (invoice show), when they run against a team server: the same
documents, tables and CSV, built with the same document and render functions."""

from __future__ import annotations

import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from aostime.services import Session


def list_entries(session: Session, project, task, client, user, billable, invoiced, since, until,
                 table_limit: int | None, as_csv: bool, as_json: bool, search: str | None = None,
                 tags: list[str] | None = None) -> int:  # fmt: skip
    """`aos list` through a team server; table_limit: how many entries the command shows (its
    --limit, or commands.TABLE_LIMIT for a table)."""
    from aostime.domain.documents import currency_totals, entry_document, entry_sums, hours, money
    from aostime.services.listing import list_entries

    entries = list_entries(session, project, task, client, user, billable, invoiced, since, until, table_limit,
                           search, tags)  # fmt: skip
    sums = entry_sums(entries)
    if as_json:
        from aostime.render.json import write_streamed

        overall = sums.overall()
        documents = (entry_document(e, session.zone) for e in entries)  # laid out as the local listing streams them
        write_streamed({}, "entries", documents, lambda: {
            "total_hours": hours(overall["seconds"]), "total_amount": money(overall["cents"]),
            "count": overall["count"], "totals_by_currency": currency_totals(sums)}, sys.stdout)  # fmt: skip
    elif as_csv:
        from aostime.render.lists import write_entries_csv

        write_entries_csv(entries, session.zone, sys.stdout)
    else:
        from aostime.render.tables import print_entries

        print_entries(entries, session.zone, sums)
    return 0


def invoice_document(session: Session, ref: str, fmt: str) -> bytes:
    """`aos invoice show --format pdf|facturx|xrechnung|ubl` through the team server: the bytes
    GET /invoices/{id}?format= gives (the server makes them from the same content)."""
    from aostime.services.billing import get_invoice

    with session.remote.stream("GET", f"/invoices/{get_invoice(session, ref).id}", {"format": fmt}) as response:
        return response.read()
