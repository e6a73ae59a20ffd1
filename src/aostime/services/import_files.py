"""One file of another tool read into the records an import takes (services/interchange.py), for
every face that is given a file: `aos import FORMAT FILE` and the web app's /import. A format's
reading lives in aostime.interchange (pure); this says which reader a format name means, what
else it needs (the zone its wall times are in, the day_start setting, the date order) and which
of the import's options apply to it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import time, tzinfo
from typing import TextIO

from aostime.errors import BadInput
from aostime.interchange.records import Batch
from aostime.services import Session

# format -> the import options it takes (as `aos import FORMAT --help` lists them), in order
FORMATS: dict[str, tuple[str, ...]] = {
    "csv": ("csv_format", "date_order", "client", "prune"),
    "timewarrior": ("client", "project_tag_prefix", "default_project", "prune"),
    "watson": ("client", "prune"),
    "watson-log": ("utc_offset", "client", "prune"),
    "klog": ("client", "project_tag_prefix", "default_project", "prune"),
    "ical": ("client", "project_tag_prefix", "default_project", "prune"),
    "timetrap": ("client", "prune"),
    "timeclock": ("client", "default_project", "prune"),
    "json": (),
}
Opener = Callable[[], TextIO]  # a fresh text stream of the file, from its start


def decoded(label: str, data: bytes) -> str:
    """A file's bytes as text: UTF-8, a BOM ignored."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadInput(f"{label}: not UTF-8 text (byte {exc.start})") from None


def check_csv_options(csv_format: str | None, date_order: str | None) -> None:
    from aostime.interchange import csvformats
    from aostime.interchange.csv_dates import ORDERS

    if csv_format is not None and csv_format.lower() not in csvformats.FORMATS:
        raise BadInput(f"unknown CSV format {csv_format!r}; known: {', '.join(csvformats.FORMATS)}")
    if date_order is not None and date_order.lower() not in ORDERS:
        raise BadInput(f"--date-order {date_order!r} is not one of {', '.join(ORDERS)}")


def parse_file(session: Session, fmt: str, open_bytes: Callable[[], bytes], open_text: Opener, label: str,
               zone: tzinfo, csv_format: str | None = None, date_order: str | None = None,
               utc_offset: str | None = None) -> Batch:  # fmt: skip
    """The records of one file of format `fmt` (a key of FORMATS), its wall times read in `zone`.
    `open_bytes` reads it whole, `open_text` opens it afresh as text (a CSV is read in passes)."""
    if fmt not in FORMATS:
        raise BadInput(f"unknown import format {fmt!r}; known: {', '.join(FORMATS)}")
    if fmt == "csv":
        from aostime.interchange import csvformats

        check_csv_options(csv_format, date_order)
        setting = session.setting("date_order") or None  # an explicit date order wins over it
        return csvformats.parse(open_text, label, csv_format and csv_format.lower(), zone, day_start(session),
                                setting, date_order and date_order.lower())  # fmt: skip
    return parse_text(session, fmt, decoded(label, open_bytes()), label, zone, utc_offset)


def parse_text(session: Session, fmt: str, text: str, label: str, zone: tzinfo,
               utc_offset: str | None = None) -> Batch:  # fmt: skip
    """The records of a file read whole (every format but CSV)."""
    from aostime.interchange import aostime_json, ical, klog, timeclock, timetrap, timewarrior, watson, watson_log

    if fmt == "watson":  # its frames file (a running frame is in the state file beside it)
        return Batch("watson", label, watson.parse_frames(text, label))
    if fmt == "timewarrior":
        if text.lstrip().startswith("["):
            return timewarrior.parse_export(text, label)
        return timewarrior.parse_data_files([(label, text)], label)
    if fmt == "watson-log":
        offset = watson_log.parse_offset(utc_offset) if utc_offset else None
        return watson_log.parse(text, label, zone, offset)
    if fmt == "klog":
        return klog.parse(text, label, zone, day_start(session))
    if fmt == "json":
        return aostime_json.parse(text, label)
    parsers = {"ical": ical.parse, "timetrap": timetrap.parse, "timeclock": timeclock.parse}
    if fmt not in parsers:
        raise BadInput(f"unknown import format {fmt!r}; known: {', '.join(FORMATS)}")
    return parsers[fmt](text, label, zone)


def day_start(session: Session) -> time:
    hour, minute = (int(x) for x in session.setting("day_start").split(":"))
    return time(hour, minute)


def zone_named(text: str) -> tzinfo:
    """The zone a face names for a file's wall times: an IANA name only (never a path)."""
    from aostime.domain.timeparse import iana_zone

    zone = iana_zone(text.strip())
    if zone is None:
        raise BadInput(f"time zone {text!r} is not an IANA zone name (e.g. Europe/Berlin, America/New_York)")
    return zone
