"""A re-import: entries whose (source, source_id) was imported before are compared with what
the source says now, so that importing the same history again, or a newer export of it, keeps
one entry per record of the source:
- the same → unchanged;
- changed in the source (times, description, notes; project and task where the source names
  them rather than aostime choosing them from tags; billable, rate and amount where the source
  has them) → the entry is updated to what the source says: the source is
  where imported time is kept, so it wins over edits made here since;
- changed, but the entry is invoiced → left alone, with a warning (skipped): invoiced time
  never changes under an invoice;
- a record the source closed while aostime runs it as a timer (a Watson frame stopped, a klog
  `7:00 - ?` closed, `timew stop`) → the timer stops at the source's end, even when the source
  gave the closed record a new id: a running entry of the same source, member and start is the
  same work;
- a record whose id is new but whose source, member, start and end are an entry's that no
  record of the file claims (an id computed differently by an older aostime) → that entry, which takes
  the new id;
- a record the source still runs while its entry here was stopped → left as it is (a timer is
  never reopened by an import);
- the same record twice in one file → one entry: the later copy is compared with the earlier,
  as with an import before.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, NamedTuple

from aostime.domain.money import entry_amount_cents
from aostime.interchange.records import ImportedEntry


class Known(NamedTuple):
    """An entry imported before (storage: imported_entries)."""

    source_id: str
    id: int
    project_id: int
    task_id: int | None
    user_id: int
    start: datetime
    end: datetime | None
    duration: int | None
    description: str
    notes: str
    billable: bool
    rate_cents: int
    amount_cents: int | None
    invoiced: bool


class Reimports:
    """The entries a file's records were imported as, looked up a chunk of records at a time."""

    def __init__(self, store, entries) -> None:
        self.store = store
        self.entries = entries  # read again only if an id has to be checked against the whole file
        self._ids: set[str] | None = None
        self.by_id: dict[tuple[str, str], Known] = {}
        self.by_start: dict[tuple[str, datetime], list[Known]] = {}
        self.in_chunk: set[tuple[str, str]] = set()
        self.claimed: set[int] = set()  # entries a record with another id stands for
        self.updates: list[tuple[int, dict[str, Any]]] = []
        self.updated = self.unchanged = 0

    def begin(self, chunk: list[ImportedEntry]) -> None:
        """A new chunk of records: what they were imported as, in one query per source."""
        self.by_id, self.by_start, self.in_chunk = {}, {}, set()
        self.prefetch(chunk)

    def prefetch(self, chunk: list[ImportedEntry]) -> None:
        """The known entries of these records: by their ids, and by their starts (the fallbacks)."""
        sources: dict[str, tuple[list[str], list[datetime]]] = {}
        for entry in chunk:
            if entry.source is not None:
                ids, starts = sources.setdefault(entry.source, ([], []))
                ids.append(entry.source_id)
                starts.append(entry.start)
        for source, (ids, starts) in sources.items():
            for row in self.store.imported_entries(source, ids, starts):
                known = Known(*row)
                self.by_id[(source, known.source_id)] = known
                self.by_start.setdefault((source, known.start), []).append(known)

    def repeated(self, entry: ImportedEntry) -> bool:
        """True when the record came earlier in the chunk (the caller writes that one first)."""
        if entry.source is None:
            return False
        key = (entry.source, entry.source_id)
        if key in self.in_chunk:
            self.in_chunk = {key}  # the chunk so far is written before this record is compared
            return True
        self.in_chunk.add(key)
        return False

    def match(self, entry: ImportedEntry, user_id: int) -> Known | None:
        """The entry this record was imported as before, or None (a new record)."""
        if entry.source is None:
            return None
        known = self.by_id.get((entry.source, entry.source_id))
        if known is None:
            known = self._same_times(entry, user_id)
            if known is not None:
                self.claimed.add(known.id)
        return known

    def _same_times(self, entry: ImportedEntry, user_id: int) -> Known | None:
        """An unclaimed entry of the source and member that started at the same moment and ends
        where this one ends, or runs still (closed since in the source, perhaps under a new id)."""
        if entry.end is None:
            return None
        for known in self.by_start.get((entry.source, entry.start), ()):
            if known.user_id != user_id or known.id in self.claimed or known.end not in (None, entry.end):
                continue
            if not self._in_file(known):
                return known
        return None

    def _in_file(self, known: Known) -> bool:
        """Whether a record of the file has this entry's id (then it is that record's)."""
        if self._ids is None:
            self._ids = {e.source_id for e in self.entries if e.source is not None}
        return known.source_id in self._ids

    def compare(self, known: Known, entry: ImportedEntry, project_id: int, task_id: int | None, user_id: int,
                description: str, notes: str) -> str:  # fmt: skip
        """'unchanged', 'updated' (queued for apply()) or 'invoiced' (changed, left alone)."""
        if entry.project is None:  # the project was chosen here from the tags (and the options), not
            project_id, task_id = known.project_id, known.task_id  # said by the source: it stays
        end = entry.end if entry.end is not None or known.end is None else known.end  # never reopened
        rate = entry.rate_cents if entry.rate_cents is not None else known.rate_cents
        billable = entry.billable if entry.billable is not None else known.billable
        seconds = None if end is None else int((end - entry.start).total_seconds())
        cents = None
        if seconds is not None:
            cents = (
                entry.amount_cents if entry.amount_cents is not None else entry_amount_cents(seconds, rate, billable)
            )
        now = {"user_id": user_id, "project_id": project_id, "task_id": task_id, "start_time": entry.start, "end_time": end,
               "duration": seconds, "description": description, "notes": notes or known.notes,
               "billable": billable, "hourly_rate_cents": rate, "amount_cents": cents}  # fmt: skip
        before = dict(zip(now, (known.user_id, known.project_id, known.task_id, known.start, known.end, known.duration,
                                known.description, known.notes, known.billable, known.rate_cents,
                                known.amount_cents), strict=True))  # fmt: skip
        changed = {key: value for key, value in now.items() if before[key] != value}
        if known.source_id != entry.source_id:
            changed["source_id"] = entry.source_id  # the record's id from now on
        if not changed:
            self.unchanged += 1
            return "unchanged"
        if known.invoiced:
            return "invoiced"
        self.updates.append((known.id, changed))
        self.updated += 1
        return "updated"

    def apply(self, now: datetime) -> None:
        for entry_id, values in self.updates:
            self.store.update_entry(entry_id, values, now)
        self.updates = []
