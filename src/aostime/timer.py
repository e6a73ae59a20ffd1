"""Rules for the running timer, over plain values; the clock comes in as `now`."""

from __future__ import annotations

from datetime import datetime, timedelta

from aostime.errors import BadInput

TYPE_CHECKING = False  # the models cost milliseconds to define; only annotations name them here
if TYPE_CHECKING:
    from aostime.models import Entry

FUTURE_TOLERANCE = timedelta(minutes=1)


def check_start(start: datetime, now: datetime) -> None:
    if start > now + FUTURE_TOLERANCE:
        raise BadInput(f"start time {start.isoformat()} is in the future; a timer starts now or earlier")


def check_interval(start: datetime, end: datetime) -> int:
    """The whole seconds between two instants; end must come after start."""
    seconds = int((end - start).total_seconds())
    if seconds <= 0:
        raise BadInput(f"end {end.isoformat()} is not after start {start.isoformat()}; the end must come later")
    return seconds


def elapsed(entry: Entry, now: datetime) -> int:
    return max(0, int((now - entry.start).total_seconds()))


def is_long(entry: Entry, now: datetime, limit_hours: float) -> bool:
    """A timer left running past the limit was probably forgotten."""
    return elapsed(entry, now) > limit_hours * 3600
