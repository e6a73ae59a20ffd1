"""`aos export` and GET /export: the entries a query covers, written in one of the export
formats from one snapshot. A member's export holds their own entries and the records those
use; the whole file (settings, every record) is exported only unfiltered, by a manager."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, NamedTuple, TextIO

from aostime.errors import BadInput
from aostime.services import Session, access, reading
from aostime.services.declared import use_case

# json and csv are aostime's own; the others are written as those tools write them
# (aostime.interchange.writers says what each holds and leaves out)
EXPORT_FORMATS = ("json", "csv", "toggl", "clockify", "harvest", "kimai", "watson", "timewarrior", "klog", "ical",
                  "timeclock")  # fmt: skip


def export_format(fmt: str) -> str:
    name = fmt.strip().lower()
    if name not in EXPORT_FORMATS:
        raise BadInput(f"unknown export format {fmt!r}; known: {', '.join(EXPORT_FORMATS)}")
    return name


class Export(NamedTuple):
    """What an export holds: the head of aostime's JSON (settings and the records the entries
    use; None for a format that has none) and the entry documents, oldest first (an iterator:
    memory stays flat), each with its source and source_id."""

    head: dict[str, Any] | None
    entries: Iterator[dict[str, Any]]


Writer = Callable[[Export, str, TextIO], int]  # render.exports.write: the document in a format


@use_case(streams=True)
def write_export(session: Session, write: Writer, out: TextIO, fmt: str = "json", project: str | None = None,
                 task: str | None = None, client: str | None = None, user: str | None = None,
                 billable: bool | None = None, invoiced: bool | None = None, since: str | None = None,
                 until: str | None = None, currency: str | None = None) -> int:  # fmt: skip
    """Write the export to `out` with the face's writer, from one snapshot; the number of
    entries written. (Against a team server the server writes it: the same bytes.) `currency`
    keeps the entries of clients billing in it. Refused before anything is written: entries in
    several currencies for a format naming one (spreadsheets.ONE_CURRENCY), and people without
    an e-mail for a format whose importer needs it (spreadsheets.NEED_EMAIL)."""
    from aostime.interchange import aostime_json
    from aostime.interchange.writers.spreadsheets import NEED_EMAIL

    fmt = export_format(fmt)
    filters = _filters(session, project, task, client, user, billable, invoiced, since, until, currency)
    asked = (project, task, client, user, billable, invoiced, since, until, currency)
    filtered = any(v is not None for v in asked) or access.only_user_id(session) is not None
    with reading(session):
        store = session.store
        _refuse_mixed_currencies(store, fmt, filters)
        emails = _emails(store, fmt, filters) if fmt in NEED_EMAIL else None
        head = _head(session, filters, filtered) if fmt == "json" else None
        entries = aostime_json.entry_documents(store.iter_entries_for_export(filters), session.zone)
        if emails is not None:
            entries = ({**doc, "user_email": emails.get(doc["user_id"])} for doc in entries)  # running: none
        return write(Export(head, entries), fmt, out)


@use_case()
def export_currencies(session: Session, project: str | None = None, task: str | None = None,
                      client: str | None = None, user: str | None = None, billable: bool | None = None,
                      invoiced: bool | None = None, since: str | None = None,
                      until: str | None = None) -> list[str]:  # fmt: skip
    """The currencies of the finished entries an export covers, sorted (`aos export
    --split-currency` writes a file for each)."""
    filters = _filters(session, project, task, client, user, billable, invoiced, since, until, None)
    with reading(session):
        return _currencies(session.store, filters)


def _filters(session: Session, project, task, client, user, billable, invoiced, since, until,
             currency) -> dict[str, Any]:  # fmt: skip
    from aostime.domain.settings import check_setting
    from aostime.services import listing

    filters = dict(listing.entry_query(session, project, task, client, user, billable, invoiced, since, until).filters)
    if currency is not None:
        filters["currency"] = check_setting("currency", currency)
    return filters


def _currencies(store, filters: dict[str, Any]) -> list[str]:
    return sorted(row[0] for row in store.entry_totals({**filters, "finished": True}) if row[0] and row[1])


def _refuse_mixed_currencies(store, fmt: str, filters: dict[str, Any]) -> None:
    from aostime.interchange.writers.spreadsheets import ONE_CURRENCY

    if fmt not in ONE_CURRENCY:
        return
    found = _currencies(store, filters)
    if len(found) > 1:
        raise BadInput(f"these entries are in {' and '.join(found)}, and a {fmt} file names one currency: "
                       f"export one with --currency {found[0]} (or --client NAME), or each to its own file with "
                       f"--split-currency -o FILE")  # fmt: skip


def _emails(store, fmt: str, filters: dict[str, Any]) -> dict[int, str]:
    """user id -> e-mail of the people whose finished entries the export covers (these formats
    leave running ones out); refused when one has none."""
    wanted = store.entry_refs({**filters, "finished": True})["user"]
    users = [u for u in store.list_records("user", include_archived=True) if u.id in wanted]
    missing = sorted(u.name for u in users if not u.email)
    if missing:
        name = missing[0] if " " not in missing[0] else f'"{missing[0]}"'
        raise BadInput(f"{fmt}'s import finds people by e-mail, and {', '.join(missing)} "
                       f"{'has' if len(missing) == 1 else 'have'} none: aos user edit {name} --email ADDRESS")  # fmt: skip
    return {u.id: u.email for u in users}


def _head(session: Session, filters: dict[str, Any], filtered: bool) -> dict[str, Any]:
    """The whole file's settings, records (with when each was written), invoices and counters;
    or (filtered) the records the entries use."""
    from aostime.interchange import aostime_json

    store = session.store
    refs = store.entry_refs(filters) if filtered else None
    catalog = {}
    for kind in ("client", "project", "task", "user"):
        records = store.list_records(kind, include_archived=True)
        catalog[kind] = [r for r in records if refs is None or r.id in refs[kind]]
    settings = {} if filtered else store.all_settings()
    stamps = {kind: _stamps(store, table) for kind, table in CATALOG_TABLES.items()}
    whole = None if filtered else _whole(store)
    return aostime_json.head(settings, catalog["client"], catalog["project"], catalog["task"], catalog["user"],
                             session.now, stamps, whole)  # fmt: skip


CATALOG_TABLES = {"client": "clients", "project": "projects", "task": "tasks", "user": "users"}


def _stamps(store, table: str) -> dict[int, tuple]:
    return {row[0]: (row[1], row[2]) for row in store.read_table(table, ("id", "created_at", "updated_at"))}


def _whole(store) -> dict[str, Any]:
    """What only the whole file carries: every invoice with its lines and their entries, the
    invoice numbering per year and the id counters, so that a copy never gives a number or an
    id the original gave (interchange/aostime_whole.py reads them back)."""
    from aostime.interchange import aostime_whole

    stamps = _stamps(store, "invoices")
    invoices = [store.get_invoice(summary.id) for summary in store.list_invoices(None, None)]
    sequences = dict(store.read_table("invoice_sequences", ("year", "last_number")))
    credit_sequences = dict(store.read_table("credit_note_sequences", ("year", "last_number")))
    payments = list(store.read_table("payments", ("id", "invoice_id", "amount_cents", "paid_on", "created_at")))
    kept = {row[0]: row[1] for row in store.read_table("invoices", ("id", "document")) if row[1] is not None}
    from aostime.interchange import aostime_control
    from aostime.interchange.aostime_budgets import ALERT_COLUMNS, BUDGET_COLUMNS

    budgets = (
        list(store.read_table("budgets", BUDGET_COLUMNS)),
        list(store.read_table("budget_alerts", ALERT_COLUMNS)),
    )
    whole = aostime_whole.documents(sorted(invoices, key=lambda i: i.id), stamps, sequences, store.id_counters(),
                                    payments, credit_sequences, kept, budgets)  # fmt: skip
    return {**whole, **aostime_control.documents(store)}
