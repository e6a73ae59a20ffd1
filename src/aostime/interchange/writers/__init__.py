"""`aos export`'s formats of other tools: pure functions over entry documents (the dicts of
aostime_json.entry_documents, oldest first), each writing one document to a text stream and
returning the number of entries written.

    watson, timewarrior   frames.py       Watson's frames file, Timewarrior's data-file lines
    klog                  klog.py         a .klg file of records per local date
    timeclock             timeclock.py    timeclock.el's i/o lines (hledger reads them too)
    ical                  ical.py         iCalendar VEVENTs (RFC 5545; the icalendar package)
    toggl, clockify,      spreadsheets.py the CSV those tools' importers read, through
    harvest, kimai                        csv_cells (the one CSV writer: formula cells neutralised)

What every format shares (see each module for the rest):
- Running entries are left out, except by klog (an open range `9:00 - ?`) and timeclock (a
  clock-in without its clock-out, at the end of the file): the others have no place for one.
- Tags: the formats with tags write the entry's tags (and those an earlier import kept in the
  notes as a line `tags: a, b`: fields.doc_tags), after the task's name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TextIO

from aostime.interchange.writers.fields import Doc

Write = Callable[[Iterable[Doc], TextIO], int]

FORMATS = ("watson", "timewarrior", "klog", "timeclock", "ical", "toggl", "clockify", "harvest", "kimai")


def writer(fmt: str) -> Write:
    """The writer of a format: write(entry documents, out) -> the number of entries written."""
    from aostime.interchange.writers import frames, ical, klog, spreadsheets, timeclock

    return {
        "watson": frames.write_watson,
        "timewarrior": frames.write_timewarrior,
        "klog": klog.write_klog,
        "timeclock": timeclock.write_timeclock,
        "ical": ical.write_ical,
        "toggl": spreadsheets.write_toggl,
        "clockify": spreadsheets.write_clockify,
        "harvest": spreadsheets.write_harvest,
        "kimai": spreadsheets.write_kimai,
    }[fmt]
