"""Entries whose records a file no longer holds: a re-import reports them (removed from the
source) and, with --prune, deletes those not invoiced.

Only within what the file covers: entries of its source (the format's) and of the import scopes
of the entries the file matched (the imports of this file, or of earlier exports of it, never
another file's, never an entry typed here or imported before scopes were kept), that start
within the file's days (from the first day it holds to the last, in the zone its times were
read in) or within the days its previous import covered (import_spans: a file is taken to cover
at least what it covered when imported before, so that a row the source moved off the first or
last day, or removed from there, is not left behind), of a project and a person the file has
records of (an export filtered to one project or person covers no other). Running timers are
left alone. An invoiced entry is never deleted: it is listed as kept. aostime's own files (JSON,
CSV) are copies of entries of any source, filtered as exported: nothing is reported for them.

What an import covered is remembered under its own scope and the scopes it matched: the file's
days, stretched over the days of the entries it listed and kept (so that the next import of the
file lists them again until they are pruned or taken in again).
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, time, timedelta

from aostime.errors import BadInput
from aostime.interchange.records import Batch
from aostime.services import Session
from aostime.services.import_summary import ImportSummary
from aostime.services.import_zones import batch_zone


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
    if batch.format.startswith("aostime"):  # aostime's own files copy entries of any source
        return
    lineage = sorted(reimports.scopes - {reimports.scope})
    zone = batch_zone(batch)
    for source, (first, last) in covered.spans.items():
        days = [
            _midnight(first.astimezone(zone).date(), zone),
            _midnight(last.astimezone(zone).date() + timedelta(days=1), zone),
        ]
        span = list(days)  # what this import covers: its days, and those of the entries it lists and keeps
        spans = _merged([days, *session.store.import_spans(source, lineage)]) if lineage else []
        for row in _lineage_entries(session, source, lineage, spans):
            entry_id, start, end, project, description, invoiced, project_id, user_id = row
            if entry_id in reimports.matched or project_id not in covered.projects or user_id not in covered.users:
                continue  # the file's, or of a project or person the file (an export filtered so) has no row of
            deleted = prune and not invoiced
            if deleted:
                session.store.delete_entry(entry_id)
            else:
                day = start.astimezone(zone).date()
                span = [min(span[0], _midnight(day, zone)), max(span[1], _midnight(day + timedelta(days=1), zone))]
            summary.removed.append({
                "entry_id": entry_id, "start": start, "end": end, "project": project, "description": description,
                "invoiced": invoiced, "deleted": deleted,
                "kept_because": None if deleted else ("invoiced" if invoiced else "no --prune"),
            })  # fmt: skip
        own = [reimports.scope] if summary.created or reimports.adopted else []  # the scope has entries
        session.store.remember_import_span(source, [*own, *lineage], span[0], span[1])
    summary.pruned = sum(1 for r in summary.removed if r["deleted"])


def _lineage_entries(session: Session, source: str, lineage: list[str], spans: list[list[datetime]]) -> list[tuple]:
    """The finished entries of these scopes of `source` that start within the spans, oldest first."""
    rows: list[tuple] = []
    for since, until in spans:
        rows += session.store.import_scope_entries(source, lineage, since, until)
    return sorted(rows, key=lambda r: (r[1], r[0]))


def _merged(spans) -> list[list[datetime]]:
    """The spans, those that overlap or touch made one."""
    merged: list[list[datetime]] = []
    for since, until in sorted(tuple(s) for s in spans):
        if merged and since <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], until)
        else:
            merged.append([since, until])
    return merged


def _midnight(day, zone) -> datetime:
    from aostime.domain.timeparse import localize

    try:
        return localize(datetime.combine(day, time(0)), zone, day.isoformat())
    except BadInput:  # a zone whose midnight is skipped that day: its first hour will do
        return localize(datetime.combine(day, time(1)), zone, day.isoformat())
