"""The fields of aostime's JSON as both its parts read and write them (aostime_json.py, and
aostime_whole.py for what only a whole-file export carries): UTC times, money as cents, flags,
names and text, each refused with the place it stands in the file."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from aostime.interchange.records import fail


def utc_text(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _cents(value: Any, path: str, where: str, what: str, signed: bool = False) -> int | None:
    """Money as cents; `signed`: a credit note's amounts and a discount's price are negative."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, Decimal, str)):
        raise fail(path, where, f"{what} {value!r} is not an amount")
    try:
        amount = Decimal(str(value))
    except ArithmeticError:
        raise fail(path, where, f"{what} {value!r} is not an amount") from None
    if not amount.is_finite() or (amount < 0 and not signed):
        raise fail(path, where, f"{what} {value!r} is not an amount of 0 or more")
    return int((amount * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _time(value: Any, path: str, where: str, what: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise fail(path, where, f"{what} {value!r} is not an ISO 8601 time with an offset")
    return moment.astimezone(UTC).replace(microsecond=0)


def _flag(value: Any, path: str, where: str, what: str) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    raise fail(path, where, f"{what} {value!r} is not true or false")


def _name(value: Any, path: str, where: str, what: str, required: bool = True) -> str | None:
    """Names are taken as they are (aostime wrote them), only stripped."""
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        raise fail(path, where, f"{what} {value!r} is not a name")
    return value.strip()


def _text(value: Any, path: str, where: str, what: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str) or "\x00" in value:
        raise fail(path, where, f"{what} {value!r} is not text")
    return value


def entry_tags(e: dict, path: str, where: str) -> tuple[str, ...]:
    """An entry document's "tags" (absent in files from before entries had tags): a list of text."""
    tags = e.get("tags") or []
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise fail(path, where, f"tags {tags!r} are not a list of strings")
    return tuple(tags)
