"""A rate changed from a day on: the record's rate (a client's, project's, task's or member's)
and the rate of every entry under it that started on or after that day and is not invoiced,
each taking the rate its task, project, client and member now give it (domain.rates), its
amount recomputed. Invoiced time never changes. With dry_run, nothing is saved: the answer lists
what the change would reprice, so a person sees it before saying yes; the same request without
dry_run reprices exactly those entries (unless someone changed one in between)."""

from __future__ import annotations

from collections import namedtuple
from typing import Any

from aostime.services import Session
from aostime.services.catalog import RecordKind
from aostime.services.declared import use_case


class Repriced(namedtuple("Repriced", "kind name rate_cents since entries saved")):
    """kind, name: the record; rate_cents: its new rate (int | None: none of its own); since: the
    day (str) or None (the record alone); entries: tuple of RepricedEntry; saved: bool."""

    __slots__ = ()


class RepricedEntry(namedtuple("RepricedEntry", "id start description user_name old_rate_cents rate_cents "
                                                "old_amount_cents amount_cents currency")):  # fmt: skip
    """One entry a rate change reprices: its id, start (datetime), description, member, rate and
    amount before and after (ints; amounts None while it runs), and its currency."""

    __slots__ = ()


class _DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""


@use_case(writes=True)
def change_rate(session: Session, kind: RecordKind, ref: str, rate: str, since: str | None = None,
                dry_run: bool = False) -> Repriced:  # fmt: skip
    """Set a record's hourly rate (`rate`; none: no rate of its own) and, with `since`, reprice
    its entries from that day on that are not invoiced (module docstring)."""
    from aostime.services import catalog

    found: list[Any] = []
    try:
        with session.store.transaction():
            record = catalog.edit_record(session, kind, ref, rate=rate)
            if since is not None:
                found = _reprice(session, kind, record.id, since, write=not dry_run)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return Repriced(kind, record.name, record.hourly_rate_cents, since, tuple(found), not dry_run)


def _reprice(session: Session, kind: str, record_id: int, since: str, write: bool) -> list[RepricedEntry]:
    from aostime.domain.money import entry_amount_cents
    from aostime.domain.rates import resolve_rate
    from aostime.services.listing import entry_query, iter_entries

    query = entry_query(session, **{kind: str(record_id)}, invoiced=False, since=since)
    store, changed = session.store, []
    for entry in list(iter_entries(session, query)):
        rate = resolve_rate(None, store.rate_chain(entry.project_id, entry.task_id, entry.user_id))
        if rate == entry.hourly_rate_cents:
            continue
        amount = None if entry.duration is None else entry_amount_cents(entry.duration, rate, entry.billable)
        changed.append(RepricedEntry(entry.id, entry.start, entry.description, entry.user_name,
                                     entry.hourly_rate_cents, rate, entry.amount_cents, amount, entry.currency))  # fmt: skip
        if write:
            store.update_entry(entry.id, {"hourly_rate_cents": rate, "amount_cents": amount}, session.now)
    return sorted(changed, key=lambda e: (e.start, e.id))
