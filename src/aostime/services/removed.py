"""Entries whose records a file no longer holds: a re-import reports them (removed from the
source) and, with --prune, deletes those not invoiced.

Only within what the file covers: entries of its source (the format's) and of the import scopes
of the entries the file matched (the imports of this file, or of earlier exports of it, never
another file's, never an entry typed here or imported before scopes were kept), that start
within the file's days (from the first day it holds to the last, in the zone its times were
read in), of a project and a person the file has records of (an export filtered to one project
or person covers no other). Running timers are left alone. An invoiced entry is never deleted:
it is listed as kept. aostime's own files (JSON, CSV) are copies of entries of any source,
filtered as exported: nothing is reported for them.
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


class Coverage:
    """What a file covers, gathered as its records are imported: per source, its first and last
    start, and the projects and people of its records."""

    def __init__(self) -> None:
        self.spans: dict[str, list[datetime]] = {}
        self.projects: set[int] = set()
        self.users: set[int] = set()

    def add(self, source: str, start: datetime, project_id: int, user_id: int) -> None:
        span = self.spans.setdefault(source, [start, start])
        if start < span[0]:
            span[0] = start
        elif start > span[1]:
            span[1] = start
        self.projects.add(project_id)
        self.users.add(user_id)


def removed_from_source(session: Session, batch: Batch, summary: ImportSummary, reimports, covered: Coverage,
                        prune: bool) -> None:  # fmt: skip
    scopes = reimports.scopes - {reimports.scope}
    if not scopes or batch.format.startswith("aostime"):  # aostime's own files copy entries of any source
        return
    zone = _zone(batch)
    for source, (first, last) in covered.spans.items():
        since = _midnight(first.astimezone(zone).date(), zone)
        until = _midnight(last.astimezone(zone).date() + timedelta(days=1), zone)
        for (
            entry_id,
            start,
            end,
            project,
            description,
            invoiced,
            project_id,
            user_id,
        ) in session.store.import_scope_entries(source, sorted(scopes), since, until):
            if entry_id in reimports.matched or project_id not in covered.projects or user_id not in covered.users:
                continue  # the file's, or of a project or person the file (an export filtered so) has no row of
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

    return zone_named(batch.zone, files=False) or UTC  # a name sent to the server opens no file


def _midnight(day, zone) -> datetime:
    from aostime.domain.timeparse import localize

    try:
        return localize(datetime.combine(day, time(0)), zone, day.isoformat())
    except BadInput:  # a zone whose midnight is skipped that day: its first hour will do
        return localize(datetime.combine(day, time(1)), zone, day.isoformat())
