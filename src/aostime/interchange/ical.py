"""iCalendar (RFC 5545) files as time entries: the VEVENTs of `aos export --format ical` and of
ordinary calendars, read with the icalendar package (the optional extra aostime[ical]).

- Times: DTSTART and DTEND (or DTSTART + DURATION), in UTC (`...Z`), in a TZID the system's
  zone database knows, or floating (no zone: the session's zone, as RFC 5545 says). A TZID the
  system does not know is refused: its times cannot be placed. An event without an end or of no
  length is left out with a warning.
- Left out with a warning, one line each: all-day events (DTSTART a DATE: no times of day) and
  recurring ones (RRULE, RDATE, or an instance's RECURRENCE-ID: a series is a plan, not logged
  work). Cancelled events (STATUS:CANCELLED) are left out too.
- An ordinary event: SUMMARY is the description, DESCRIPTION the notes, CATEGORIES the tags
  (kept as the entry's tags); the project is chosen from the tags as for klog and Timewarrior (a tag
  naming a project, --project-tag-prefix, the first tag, else --default-project).
- An event of aostime's own export (UID `entry-N@aostime`, writers/ical.py) comes back as it
  was written: CATEGORIES client and project, SUMMARY `Project: description`, DESCRIPTION's
  `Client:` and `Task:` lines, the description, then the notes.
- Identity for re-import: the UID (an event without one: a hash of its times and summary).
  Users, rates and amounts: none in a calendar (the acting user; rates from the hierarchy).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, tzinfo

from aostime.errors import BadInput
from aostime.interchange.records import Batch, ImportedEntry, clean_name, clean_text, content_id, fail

SOURCE = "ical"
OWN_UID = re.compile(r"entry-[0-9]+@aostime")
RECURRING = ("RRULE", "RDATE", "RECURRENCE-ID")


def _library():
    from aostime.interchange.writers.ical import library

    return library()


def _moment(event, name: str, zone: tzinfo, path: str, where: str) -> datetime | date | None:
    """A DTSTART/DTEND as an aware UTC datetime (a date for an all-day value), or None."""
    prop = event.get(name)
    if prop is None:
        return None
    value = event.decoded(name)
    if not isinstance(value, datetime):
        return value
    if value.tzinfo is None:
        tzid = prop.params.get("TZID")
        if tzid:
            raise fail(path, where, f"{name} names the zone {tzid!r}, which this system does not know")
        from aostime.domain.timeparse import localize

        try:
            return localize(value, zone, value.isoformat(sep=" "))
        except BadInput as exc:
            raise fail(path, where, str(exc)) from None
    return value.astimezone(UTC).replace(microsecond=0)


def _text(event, name: str) -> str:
    value = event.get(name)
    return clean_text(str(value)) if value is not None else ""


def _categories(event) -> list[str]:
    found: list[str] = []
    props = event.get("CATEGORIES")
    for prop in props if isinstance(props, list) else [props] if props is not None else []:
        found += [clean_name(str(c)) for c in getattr(prop, "cats", [])]
    return [c for c in dict.fromkeys(found) if c]


def _own(summary: str, details: str, categories: list[str]) -> dict:
    """The fields of an event aostime's export wrote (writers/ical.py says how)."""
    project = categories[-1] if categories else None
    client = categories[0] if len(categories) > 1 else None
    description = summary[len(project) + 2 :] if project and summary.startswith(f"{project}: ") else summary
    if project and summary == project:
        description = ""
    lines = details.split("\n")
    task = None
    if lines and client and lines[0] == f"Client: {client}":
        lines = lines[1:]
    if lines and lines[0].startswith("Task: "):
        task, lines = clean_name(lines[0][len("Task: ") :]), lines[1:]
    tags: tuple[str, ...] = ()
    if lines and lines[0].startswith("tags: "):
        tags, lines = tuple(t.strip() for t in lines[0][len("tags: ") :].split(", ") if t.strip()), lines[1:]
    rest = "\n".join(lines)
    notes = rest[len(description) :].lstrip("\n") if description and rest.startswith(description) else rest
    return {"project": project, "client": client, "task": task, "description": description, "notes": notes,
            "tags": tags}  # fmt: skip


def parse(text: str, path: str, zone: tzinfo) -> Batch:
    icalendar = _library()
    batch = Batch("ical", path)
    try:
        calendar = icalendar.Calendar.from_ical(text)
    except ValueError as exc:
        raise fail(path, "", f"is not an iCalendar file ({exc})") from None
    for number, event in enumerate(calendar.walk("VEVENT"), 1):
        where = f"event {number}"
        summary = _text(event, "SUMMARY")
        label = f"{path}: {where} ({summary[:40]!r})" if summary else f"{path}: {where}"
        if str(event.get("STATUS", "")).upper() == "CANCELLED":
            batch.dropped += 1
            batch.warnings.append(f"{label}: a cancelled event was left out")
            continue
        if any(name in event for name in RECURRING):
            batch.dropped += 1
            batch.warnings.append(f"{label}: a recurring event was left out (a series is a plan, not logged time)")
            continue
        start = _moment(event, "DTSTART", zone, path, where)
        if start is None or not isinstance(start, datetime):
            batch.dropped += 1
            batch.warnings.append(f"{label}: an all-day event (no times of day) was left out")
            continue
        end = _moment(event, "DTEND", zone, path, where)
        if end is None and event.get("DURATION") is not None:
            duration = event.decoded("DURATION")
            end = start + duration if isinstance(duration, timedelta) else None
        if not isinstance(end, datetime) or end <= start:
            batch.dropped += 1
            batch.warnings.append(f"{label}: an event without an end after its start was left out")
            continue
        uid = str(event.get("UID", "")).strip()
        source_id = uid or content_id(start.isoformat(), end.isoformat(), summary)
        details, categories = _text(event, "DESCRIPTION"), _categories(event)
        if OWN_UID.fullmatch(uid):
            fields = _own(summary, details, categories)
            batch.entries.append(ImportedEntry(start, end, where=where, source=SOURCE, source_id=source_id, **fields))
            continue
        tags = tuple(categories)
        batch.entries.append(ImportedEntry(
            start, end, None, where, SOURCE, source_id, description=summary,
            notes=details, tags=tags,
        ))  # fmt: skip
    return batch
