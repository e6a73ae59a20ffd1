"""The entries' history, the members' weeks and the team's lock in a whole-file export: written
as the tables hold them, read back strictly, so that a restore carries who changed what."""

from __future__ import annotations

import json
from typing import Any

from aostime.domain.control import ACTIONS, WEEK_STATUSES, parse_week
from aostime.errors import BadInput
from aostime.interchange.aostime_fields import _text, _time, utc_text
from aostime.interchange.records import fail

HISTORY_COLUMNS = ("id", "entry_id", "at", "user_id", "user_name", "via", "action", "before", "after")
WEEK_COLUMNS = ("user_id", "week", "status", "note", "submitted_at", "decided_at", "decided_by")
LOCK_COLUMNS = ("id", "before_day", "set_by", "set_at")


def documents(store) -> dict[str, Any]:
    history = [
        {**dict(zip(HISTORY_COLUMNS, row, strict=True)), "at": utc_text(row[2]),
         "before": _json(row[7]), "after": _json(row[8])}
        for row in store.read_table("entry_history", HISTORY_COLUMNS)
    ]  # fmt: skip
    weeks = [
        {**dict(zip(WEEK_COLUMNS, row, strict=True)), "submitted_at": utc_text(row[4]),
         "decided_at": None if row[5] is None else utc_text(row[5])}
        for row in store.read_table("week_approvals", WEEK_COLUMNS)
    ]  # fmt: skip
    lock = [{"before": row[1], "set_by": row[2], "set_at": utc_text(row[3])}
            for row in store.read_table("period_lock", LOCK_COLUMNS)]  # fmt: skip
    return {"entry_history": history, "week_approvals": weeks, "lock": lock[0] if lock else None}


def tables(doc: dict[str, Any], path: str) -> dict[str, tuple]:
    """The three tables' rows of a whole-file export (a file written before they existed has none)."""
    history = [
        _history(item, path, f"entry_history[{n}]") for n, item in enumerate(_items(doc, "entry_history", path), 1)
    ]
    weeks = [_week(item, path, f"week_approvals[{n}]") for n, item in enumerate(_items(doc, "week_approvals", path), 1)]
    lock = doc.get("lock")
    if lock is not None and not isinstance(lock, dict):
        raise fail(path, "lock", "'lock' is not an object")
    locks = [] if lock is None else [[1, _day(lock.get("before"), path), _id(lock.get("set_by"), path, "lock", True),
                                      _time(lock.get("set_at"), path, "lock", "set_at")]]  # fmt: skip
    return {"entry_history": (HISTORY_COLUMNS, history), "week_approvals": (WEEK_COLUMNS, weeks),
            "period_lock": (LOCK_COLUMNS, locks)}  # fmt: skip


def _items(doc: dict, key: str, path: str) -> list[dict]:
    items = doc.get(key) or []
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise fail(path, key, f"'{key}' is not a list of objects")
    return items


def _history(item: dict, path: str, where: str) -> list[Any]:
    action = item.get("action")
    if action not in ACTIONS:
        raise fail(path, where, f"action {action!r} is not one of: {', '.join(ACTIONS)}")
    values = []
    for key in ("before", "after"):
        value = item.get(key)
        if value is not None and not isinstance(value, dict):
            raise fail(path, where, f"{key} is not an object")
        values.append(None if value is None else json.dumps(value, separators=(",", ":")))
    return [_id(item.get("id"), path, where), _id(item.get("entry_id"), path, where),
            _time(item.get("at"), path, where, "at"), _id(item.get("user_id"), path, where, True),
            _text(item.get("user_name"), path, where, "user_name"), _text(item.get("via"), path, where, "via"),
            action, *values]  # fmt: skip


def _week(item: dict, path: str, where: str) -> list[Any]:
    status = item.get("status")
    if status not in WEEK_STATUSES[1:]:
        raise fail(path, where, f"status {status!r} is not one of: {', '.join(WEEK_STATUSES[1:])}")
    try:
        week = parse_week(item.get("week") if isinstance(item.get("week"), str) else "")
    except BadInput as exc:
        raise fail(path, where, str(exc)) from None
    decided = item.get("decided_at")
    note = item.get("note")
    return [_id(item.get("user_id"), path, where), week, status, None if note is None else _text(note, path, where, "note"),
            _time(item.get("submitted_at"), path, where, "submitted_at"),
            None if decided is None else _time(decided, path, where, "decided_at"),
            _id(item.get("decided_by"), path, where, True)]  # fmt: skip


def _id(value: Any, path: str, where: str, optional: bool = False) -> int | None:
    if value is None and optional:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise fail(path, where, f"{value!r} is not an id")
    return value


def _day(value: Any, path: str) -> str:
    from datetime import date

    try:
        return date.fromisoformat(value).isoformat() if isinstance(value, str) else _bad_day(value, path)
    except ValueError:
        return _bad_day(value, path)


def _bad_day(value: Any, path: str) -> str:
    raise fail(path, "lock", f"before {value!r} is not a day (2026-12-01)")


def _json(text: str | None) -> dict | None:
    return None if text is None else json.loads(text)
