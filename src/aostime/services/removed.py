"""Entries whose records a file no longer holds: a re-import reports them (removed from the
source) and, with --prune, deletes those not invoiced.

Only within what the file covers: entries of its source (the format's) and of the import scopes
of the entries the file matched (the imports of this file, or of earlier exports of it, never
another file's, never an entry typed here or imported before scopes were kept), that start
within the file's days (from the first day it holds to the last, in the zone its times were
read in). Running timers are left alone. An invoiced entry is never deleted: it is listed as kept.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, time, timedelta

from aostime.errors import BadInput
from aostime.interchange.records import Batch
from aostime.services import Session
from aostime.services.import_summary import ImportSummary


def new_scope(now: datetime) -> str:
    """The scope of one import: when it ran, and a random part (two imports in one second)."""
    return f"{now.astimezone(UTC):%Y%m%dT%H%M%SZ}-{secrets.token_hex(4)}"


def removed_from_source(session: Session, batch: Batch, summary: ImportSummary, reimports,
                        span: dict[str, list[datetime]], prune: bool) -> None:  # fmt: skip
    scopes = reimports.scopes - {reimports.scope}
    if not scopes:
        return
    zone = _zone(batch)
    for source, (first, last) in span.items():
        since = _midnight(first.astimezone(zone).date(), zone)
        until = _midnight(last.astimezone(zone).date() + timedelta(days=1), zone)
        for entry_id, start, end, project, description, invoiced in session.store.import_scope_entries(
            source, sorted(scopes), since, until
        ):
            if entry_id in reimports.matched:
                continue
            deleted = prune and not invoiced
            if deleted:
                session.store.delete_entry(entry_id)
            summary.removed.append({
                "entry_id": entry_id, "start": start, "end": end, "project": project, "description": description,
                "invoiced": invoiced, "deleted": deleted,
                "kept_because": None if deleted else ("invoiced" if invoiced else "no --prune"),
            })  # fmt: skip
    summary.pruned = sum(1 for r in summary.removed if r["deleted"])


def _zone(batch: Batch):
    if batch.zone is None:
        return UTC
    from aostime.domain.timeparse import zone_named

    return zone_named(batch.zone) or UTC


def _midnight(day, zone) -> datetime:
    from aostime.domain.timeparse import localize

    try:
        return localize(datetime.combine(day, time(0)), zone, day.isoformat())
    except BadInput:  # a zone whose midnight is skipped that day: its first hour will do
        return localize(datetime.combine(day, time(1)), zone, day.isoformat())
