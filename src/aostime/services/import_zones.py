"""The zone a file's times were read in, when they carry no UTC offset (Batch.zone).

Each entry keeps the zone its file was read in (import_zone): read again in another, the file
would move every entry, and is refused (ZoneChanged, services/reimport.py). Entries imported
before the zone was kept (before migration 12) have none. The next import of their file takes
them as read in the zone it reads the file in now, which is most likely the zone it was read in
then, says so once, and keeps it; unless their times say otherwise: when every one of them that
the file matched would move, each keeping its length, by whole quarter hours (as reading a file
in another zone moves its entries, and a correction in the source seldom does to all of them),
the import is refused, naming the offset they were read at.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from aostime.errors import BadInput
from aostime.interchange.records import Batch, ImportedEntry

QUARTER = timedelta(minutes=15)
WIDEST = timedelta(hours=26)  # the farthest two zones' clocks are apart


class ZoneChanged(BadInput):
    """A file whose times carry no offset, read in another zone than when it was imported."""


def batch_zone(batch: Batch):
    """The zone the file's times were read in (UTC for times that carry their instant)."""
    if batch.zone is None:
        return UTC
    from aostime.domain.timeparse import zone_named

    return zone_named(batch.zone, files=False) or UTC  # a name sent to the server opens no file


class Unzoned:
    """The entries without a zone that an import matched, by what reading the file now does to
    their times: kept, moved as by another zone, or changed otherwise."""

    def __init__(self, batch: Batch) -> None:
        self.batch = batch
        self.kept = self.other = self.moved = 0
        self.example: tuple[int, datetime, ImportedEntry] | None = None  # (entry id, its start, the record)

    def note(self, entry_id: int, start: datetime, end: datetime | None, entry: ImportedEntry) -> None:
        shift = entry.start - start
        if not shift and (end is None or entry.end is None or entry.end == end):
            self.kept += 1
        elif shift and end is not None and entry.end is not None and entry.end - end == shift \
                and shift % QUARTER == timedelta(0) and abs(shift) <= WIDEST:  # fmt: skip
            self.moved += 1
            if self.example is None:
                self.example = (entry_id, start, entry)
        else:
            self.other += 1

    def settle(self, warnings: list[str]) -> None:
        """Refuse the import if another zone moved them all, else say which zone they now keep."""
        count = self.kept + self.moved + self.other
        if not count:
            return
        if self.moved == count and self.example is not None:
            entry_id, start, entry = self.example
            shift = entry.start - start
            now = entry.start.astimezone(batch_zone(self.batch)).utcoffset() or timedelta(0)
            raise ZoneChanged(
                f"{self.batch.path}: its times carry no UTC offset; read in {self.batch.zone}, they would move "
                f"{'the entry' if count == 1 else f'all {count} entries'} imported from it before aostime kept the zone, each by {_hours(shift)} "
                f"({entry.where} is entry {entry_id}), as reading it in another zone than before does: they were "
                f"read at UTC{_hours(now + shift)}. Import it with the TZ it was first imported under"
            )
        many = "entries" if count > 1 else "entry"
        warnings.append(
            f"{self.batch.path}: {count} {many} imported before aostime kept the zone of a file's times: taken as "
            f"read in {self.batch.zone}, as the file is now, and kept so"
        )


def _hours(delta: timedelta) -> str:
    """+08:00, -01:00, +05:30."""
    minutes = int(delta.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
