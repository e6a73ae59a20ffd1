"""A re-import: each record of the file is matched with the entry it was imported as before, if
any, and compared with it, so that importing the same history again, or a newer export of it,
keeps one entry per record of the source:
- the same -> unchanged;
- changed in the source (times, description, notes; project and task where the source names
  them rather than aostime choosing them from tags; billable, rate and amount where the source
  has them) -> the entry is updated to what the source says: the source is where imported time
  is kept, so it wins over edits made here since;
- changed, but the entry is invoiced -> left alone, with a warning (skipped): invoiced time
  never changes under an invoice;
- a record the source closed while aostime runs it as a timer (a Watson frame stopped, a klog
  `7:00 - ?` closed, `timew stop`) -> the timer stops at the source's end;
- a record the source still runs while its entry here was stopped -> left as it is (a timer is
  never reopened by an import);
- the same record twice in one file -> one entry: the later copy is compared with the earlier.

Which entry a record was imported as, for a chunk of records at a time, in passes (a record
takes an entry no record took in an earlier pass, and each entry is taken once per import):
1. the same times: the entry of the source and the person that starts and ends where the record
   does (the entry holding the record's id first) - a record left as it was, or one whose project
   or description was corrected, even when the records around it moved; where rows have a date
   and a length but no time of day (Batch.dated_only: their starts are laid out here, and move
   when a row before them changes), the entry of that date and length (the one with the record's
   description, else its id, else the nearest start);
2. where ids are positions, the same description: the entry of the source and person, of this
   file's scope, with the record's description (not blank) that starts nearest it, within a day -
   a record whose times were corrected, or that moved because a row before it was removed
   (Harvest lays a day's rows end to end); run again after pass 3 when that pass first told the
   file's scope (a file none of whose rows is unchanged);
3. the record's id: its own id where the source has one; where it has none (Batch.weak_ids: the
   id is a position, such as the n-th row of a person's day and project) only when that entry is
   of this file's scope (below; or imported before scopes were kept) or plausibly the record
   (their times overlap, or they have the same description), since another file can give the
   same position to other work; an id whose entry another record took in pass 1 leads to the
   entry of that record's id (records that swapped places);
4. overlapping times: the entry of the source and person, of this file's scope, that overlaps the
   record the most - a record whose times were corrected.
A record matching nothing is new. An entry that gives its id to another record keeps it with
'~<entry id>' appended.

Scope and zone: each entry remembers the import that first brought it (import_scope) and the zone
its file's times were read in when they carry no offset (import_zone). The scopes of the entries a
file matched are that file's: their entries within the file's days, or the days its previous
import covered, that no record matched are reported as removed from the source (and deleted with
--prune, unless invoiced: services/removed.py). A file read in another zone than the one it was
imported in would move every entry: refused (ZoneChanged). An entry imported before zones were
kept takes the zone the file is read in now (services/import_zones.py).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, NamedTuple

from aostime.domain.money import entry_amount_cents
from aostime.interchange.records import Batch, ImportedEntry
from aostime.services.import_zones import Unzoned, ZoneChanged, batch_zone

QUIET = ("source_id", "import_scope", "import_zone")  # bookkeeping: never an update, never refused


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
    import_scope: str | None
    import_zone: str | None


def _overlap(known: Known, entry: ImportedEntry) -> int:
    """Seconds the two share (0 when they do not overlap)."""
    if known.end is None or entry.end is None:
        return 0
    return max(0, int((min(known.end, entry.end) - max(known.start, entry.start)).total_seconds()))


def _plausible(known: Known, entry: ImportedEntry) -> bool:
    """Whether an entry at a record's position, of another import's scope, is plausibly that
    record: their times overlap, or they have the same description."""
    return bool(_overlap(known, entry)) or bool(entry.description and entry.description == known.description)


class Reimports:
    """The entries a file's records were imported as, looked up a chunk of records at a time."""

    def __init__(self, store, batch: Batch, scope: str) -> None:
        self.store, self.batch, self.scope = store, batch, scope
        self.weak = batch.weak_ids
        self.by_id: dict[tuple[str, str], Known] = {}
        self.by_start: dict[tuple[str, datetime], list[Known]] = {}
        self.matched: set[int] = set()  # the entries records of this import took
        self.scopes: set[str] = set()  # the import scopes of those entries: this file's
        self.detached: list[tuple[str, str]] = []  # (source, id) an entry gives up before the writes
        self.updates: list[tuple[int, dict[str, Any]]] = []
        self.updated = self.unchanged = 0
        self.adopted = 0  # entries imported before scopes were kept, of this import's scope from now on
        self.unzoned = Unzoned(batch)  # entries imported before zones were kept (services/import_zones.py)

    # -- matching -----------------------------------------------------------------------------

    @staticmethod
    def parts(chunk: list[ImportedEntry]):
        """The chunk cut before each record whose id came earlier in it: the part before is
        written first, so that the later copy is compared with it."""
        seen: set[tuple[str, str]] = set()
        part: list[ImportedEntry] = []
        for entry in chunk:
            if entry.source is not None:
                key = (entry.source, entry.source_id)
                if key in seen:
                    yield part
                    part, seen = [], set()
                seen.add(key)
            part.append(entry)
        if part:
            yield part

    def match(self, part: list[ImportedEntry], users: list[int]) -> list[Known | None]:
        """The entry each record was imported as (None: a new record), by the passes of the module
        docstring."""
        self._prefetch(part)
        found: list[Known | None] = [None] * len(part)
        taken_by: dict[int, int] = {}  # entry id -> index of the record that took it
        todo = [i for i, e in enumerate(part) if e.source is not None]

        def take(i: int, known: Known) -> None:
            self._check_zone(part[i], known)
            found[i] = known
            taken_by[known.id] = i
            self.matched.add(known.id)
            if known.import_scope is not None:
                self.scopes.add(known.import_scope)

        for i in todo:  # 1. the same times
            known = self._same_times(part[i], users[i])
            if known is not None:
                take(i, known)
        left = [i for i in todo if found[i] is None and part[i].end is not None]
        pool = self._pool(part, left) if left else {}
        if self.batch.dated_only:  # 1 for rows without a time of day: the same date and length
            for i in left:
                known = self._same_date_and_length(part[i], users[i], pool.get(part[i].source, ()))
                if known is not None:
                    take(i, known)
            left = [i for i in left if found[i] is None]
        known_scopes = set(self.scopes)
        if self.weak:  # 2. the same description
            for i in left:
                known = self._same_description(part[i], users[i], pool.get(part[i].source, ()))
                if known is not None:
                    take(i, known)
        for i in [i for i in todo if found[i] is None]:  # 3. the record's id
            known = self._by_id(part, i, taken_by)
            if known is not None:
                take(i, known)
        if self.weak and self.scopes - known_scopes:  # 2 again: the file's scopes, first known by pass 3
            for i in [i for i in left if found[i] is None]:
                known = self._same_description(part[i], users[i], pool.get(part[i].source, ()))
                if known is not None:
                    take(i, known)
        for i in [i for i in left if found[i] is None]:  # 4. overlapping times
            known = self._overlapping(part[i], users[i], pool.get(part[i].source, ()))
            if known is not None:
                take(i, known)
        return found

    def _prefetch(self, part: list[ImportedEntry]) -> None:
        """The known entries of these records: by their ids, and by their starts."""
        self.by_id, self.by_start = {}, {}
        sources: dict[str, tuple[list[str], list[datetime]]] = {}
        for entry in part:
            if entry.source is not None:
                ids, starts = sources.setdefault(entry.source, ([], []))
                ids.append(entry.source_id)
                starts.append(entry.start)
        for source, (ids, starts) in sources.items():
            for row in self.store.imported_entries(source, ids, starts):
                known = Known(*row)
                self.by_id[(source, known.source_id)] = known
                self.by_start.setdefault((source, known.start), []).append(known)

    def _same_times(self, entry: ImportedEntry, user_id: int) -> Known | None:
        """An entry of the source and person, not taken, that starts where the record starts and
        ends where it ends, or still runs (closed since in the source, perhaps under a new id)."""
        if entry.end is None:
            return None
        own = self.by_id.get((entry.source, entry.source_id))
        candidates = self.by_start.get((entry.source, entry.start), ())
        for known in sorted(candidates, key=lambda k: k is not own):
            if known.user_id == user_id and known.id not in self.matched and known.end in (None, entry.end):
                return known
        return None

    def _same_date_and_length(self, entry: ImportedEntry, user_id: int, pool) -> Known | None:
        """An entry of the source and person, not taken, on the record's date (in the zone its
        file is read in) and as long: the record's description first, then its id, then the
        nearest start."""
        zone = batch_zone(self.batch)
        day, seconds = entry.start.astimezone(zone).date(), int((entry.end - entry.start).total_seconds())
        same = [k for k in pool if k.user_id == user_id and k.id not in self.matched and k.duration == seconds
                and k.start.astimezone(zone).date() == day]  # fmt: skip
        return min(same, default=None, key=lambda k: (k.description != entry.description,
                                                      k.source_id != entry.source_id, abs(k.start - entry.start)))  # fmt: skip

    def _by_id(self, part: list[ImportedEntry], i: int, taken_by: dict[int, int]) -> Known | None:
        """The entry holding the record's id; if a record took it in pass 1, the entry holding
        that record's id, and so on (records that swapped places)."""
        entry = part[i]
        known = self.by_id.get((entry.source, entry.source_id))
        for _ in range(len(part)):
            if known is None or known.id not in self.matched:
                break
            other = taken_by.get(known.id)
            if other is None:  # taken by an earlier part of the import
                return None
            known = self.by_id.get((part[other].source, part[other].source_id))
        if known is None or known.id in self.matched:
            return None
        if self.weak and known.import_scope not in self.scopes | {None} and not _plausible(known, entry):
            return None  # the same position in another file's scope, and not the same work
        return known

    def _pool(self, part: list[ImportedEntry], left: list[int]) -> dict[str, list[Known]]:
        """The finished entries of each source from a day before the first of these records to a
        day after the last: where records whose times or text were corrected are looked for."""
        spans: dict[str, list[datetime]] = {}
        for i in left:
            entry = part[i]
            span = spans.setdefault(entry.source, [entry.start, entry.end])
            span[0], span[1] = min(span[0], entry.start), max(span[1], entry.end)
        pool: dict[str, list[Known]] = {}
        for source, (since, until) in spans.items():
            rows = self.store.imported_entries_between(source, since - timedelta(days=2), until + timedelta(days=1))
            # never this import's own new entries, nor those taken already
            pool[source] = [
                k for k in map(Known._make, rows) if k.import_scope != self.scope and k.id not in self.matched
            ]
        return pool

    def _free(self, known: Known, user_id: int) -> bool:
        """Not taken, the record's person's, and of this file's scope (or imported before scopes
        were kept): never another file's entry by its times or text alone."""
        return (known.id not in self.matched and known.user_id == user_id
                and (known.import_scope is None or known.import_scope in self.scopes))  # fmt: skip

    def _same_description(self, entry: ImportedEntry, user_id: int, pool) -> Known | None:
        """The entry with the record's description (not blank) that starts within a day of it,
        the nearest."""
        if not entry.description:
            return None
        near = [k for k in pool if k.description == entry.description and self._free(k, user_id)
                and abs(k.start - entry.start) <= timedelta(days=1)]  # fmt: skip
        return min(near, key=lambda k: abs(k.start - entry.start), default=None)

    def _overlapping(self, entry: ImportedEntry, user_id: int, pool) -> Known | None:
        """The entry that shares the most time with the record."""
        best, shared = None, 0
        for known in pool:
            if known.start < entry.end and known.end > entry.start and self._free(known, user_id):
                seconds = _overlap(known, entry)
                if seconds > shared:
                    best, shared = known, seconds
        return best

    def _check_zone(self, entry: ImportedEntry, known: Known) -> None:
        zone = self.batch.zone
        if zone is None or known.import_zone is None or known.import_zone == zone:
            return
        raise ZoneChanged(
            f"{self.batch.path}: its times carry no UTC offset and were read in {known.import_zone} when it was "
            f"imported before ({entry.where} is entry {known.id}); read in {zone} now, every entry would move. "
            f"Import it with TZ={known.import_zone}"
        )

    def held(self, source: str, source_id: str) -> bool:
        """Whether an entry had this id when the part was looked up."""
        return (source, source_id) in self.by_id

    # -- comparing ----------------------------------------------------------------------------

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
        quiet = self._bookkeeping(known, entry)
        if not changed or known.invoiced:
            if quiet:
                self.updates.append((known.id, quiet))
            if not changed:
                self.unchanged += 1
                return "unchanged"
            return "invoiced"
        self.updates.append((known.id, {**changed, **quiet}))
        self.updated += 1
        return "updated"

    def _bookkeeping(self, known: Known, entry: ImportedEntry) -> dict[str, Any]:
        """The record's id from now on; the scope and zone of an entry imported before they were kept."""
        quiet: dict[str, Any] = {}
        if known.source_id != entry.source_id:
            quiet["source_id"] = entry.source_id
            if self.held(entry.source, entry.source_id):
                self.detached.append((entry.source, entry.source_id))
        if known.import_scope is None:
            quiet["import_scope"] = self.scope
            self.adopted += 1
        if known.import_zone is None and self.batch.zone is not None:
            quiet["import_zone"] = self.batch.zone
            self.unzoned.note(known.id, known.start, known.end, entry)
        return quiet

    def apply(self, now: datetime) -> None:
        """The ids given up, then the updates (the caller inserts the new entries after)."""
        by_source: dict[str, list[str]] = {}
        for source, source_id in self.detached:
            by_source.setdefault(source, []).append(source_id)
        for source, ids in by_source.items():
            self.store.detach_source_ids(source, ids)
        self.detached = []
        for entry_id, values in self.updates:
            self.store.update_entry(entry_id, values, now)
        self.updates = []
