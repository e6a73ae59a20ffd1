"""Rules for the running timer and the length of entries, over plain values; the clock comes
in as `now` and the user's zone only to word messages in local time."""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo

from aostime.errors import BadInput, NothingToDo, TooLong

TYPE_CHECKING = False  # the models cost milliseconds to define; only annotations name them here
if TYPE_CHECKING:
    from aostime.domain.models import Entry

FUTURE_TOLERANCE = timedelta(minutes=1)


def local_text(value: datetime, zone: tzinfo) -> str:
    """An instant as a person reads it in messages: 2026-11-30 09:00:00+01:00."""
    return value.astimezone(zone).isoformat(sep=" ", timespec="seconds")


def _named(value: datetime, zone: tzinfo, typed: str | None) -> str:
    return f"{typed!r} ({local_text(value, zone)})" if typed else local_text(value, zone)


def check_start(start: datetime, now: datetime, zone: tzinfo, typed: str | None = None) -> None:
    """A timer starts now or earlier (a minute of clock skew allowed)."""
    if start > now + FUTURE_TOLERANCE:
        raise BadInput(
            f"start {_named(start, zone, typed)} is in the future (now is {local_text(now, zone)}); "
            "a timer starts now or earlier"
        )


def check_not_future(end: datetime, now: datetime, zone: tzinfo, typed: str | None = None) -> None:
    """Time not yet worked is not recorded: an end more than a minute ahead is refused."""
    if end > now + FUTURE_TOLERANCE:
        raise BadInput(
            f"end {_named(end, zone, typed)} is in the future (now is {local_text(now, zone)}); "
            "record time once it is worked"
        )


def check_interval(start: datetime, end: datetime, zone: tzinfo) -> int:
    """The whole seconds between two instants; end must come after start."""
    seconds = int((end - start).total_seconds())
    if seconds <= 0:
        raise BadInput(
            f"end {local_text(end, zone)} is not after start {local_text(start, zone)}; the end must come later"
        )
    return seconds


def check_length(seconds: int, limit_hours: str, force: bool, how_to_fix: str) -> None:
    """An entry longer than the max_entry_hours setting is almost always a forgotten timer or a
    typo: it needs --force. `how_to_fix` says what else the user can do in this command."""
    from decimal import Decimal

    if force or seconds <= Decimal(limit_hours) * 3600:
        return
    raise TooLong(
        f"the entry would last {hours_minutes(seconds)} h, longer than max_entry_hours ({limit_hours} h); "
        f"{how_to_fix}, or add --force to save it as it is"
    )


def hours_minutes(seconds: int) -> str:
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}"


def clock(seconds: int) -> str:
    """H:MM:SS, to the second, as a running timer shows its elapsed time (and static/js/clock.js ticks it)."""
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def check_stoppable(entry: Entry, end: datetime) -> None:
    """Stopping in the second the timer started would save nothing (0 s is not an entry)."""
    if end == entry.start:
        raise NothingToDo(
            f"the timer (entry {entry.id}) started this second, so there is nothing to save yet; "
            "stop it again in a second, or 'aos cancel' to discard it"
        )


def elapsed(entry: Entry, now: datetime) -> int:
    return max(0, int((now - entry.start).total_seconds()))


def amount_so_far(entry: Entry, now: datetime) -> int:
    """What a running timer is worth now, in cents: 0 when it is not billable (the report's SQL
    counts running timers the same way)."""
    from aostime.domain.money import entry_amount_cents

    return entry_amount_cents(elapsed(entry, now), entry.hourly_rate_cents, entry.billable)


def is_long(entry: Entry, now: datetime, limit_hours: float) -> bool:
    """A timer left running past the limit was probably forgotten."""
    return elapsed(entry, now) > limit_hours * 3600
