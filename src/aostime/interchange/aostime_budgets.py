"""The budgets and their alerts in a whole-file export of aostime's JSON (aostime_whole.py), and
reading them back as rows, so a restored copy keeps each budget and knows which alerts went out:

    "budgets": [{"id", "project_id", "task_id", "user_id", "period", "budget_duration" (seconds) |
                 "budget_amount", "alert_percent", "created_at", "updated_at",
                 "alerts": [{"period_key", "threshold", "created_at", "sent_at", "error"}]}]
"""

from __future__ import annotations

from typing import Any

from aostime.interchange.aostime_fields import _cents, _time, utc_text
from aostime.interchange.records import fail

BUDGET_COLUMNS = ("id", "project_id", "task_id", "user_id", "period", "budget_seconds", "budget_cents",
                  "alert_percent", "created_at", "updated_at")  # fmt: skip
ALERT_COLUMNS = ("budget_id", "period_key", "threshold", "created_at", "sent_at", "error")


def documents(budgets: list, alerts: list) -> list[dict[str, Any]]:
    """Rows of the two tables (in BUDGET_COLUMNS and ALERT_COLUMNS order) as the file's list."""
    from aostime.domain.documents import money

    docs = []
    for row in budgets:
        item = dict(zip(BUDGET_COLUMNS, row, strict=True))
        doc = {key: item[key] for key in ("id", "project_id", "task_id", "user_id", "period")}
        if item["budget_seconds"] is not None:
            doc["budget_duration"] = item["budget_seconds"]
        else:
            doc["budget_amount"] = money(item["budget_cents"])
        doc.update(alert_percent=item["alert_percent"], created_at=utc_text(item["created_at"]),
                   updated_at=utc_text(item["updated_at"]))  # fmt: skip
        doc["alerts"] = [
            {"period_key": a[1], "threshold": a[2], "created_at": utc_text(a[3]),
             "sent_at": utc_text(a[4]) if a[4] else None, "error": a[5]}
            for a in alerts if a[0] == item["id"]
        ]  # fmt: skip
        docs.append(doc)
    return docs


def tables(value: Any, path: str) -> tuple[tuple, tuple]:
    """(columns, rows) of budgets and of budget_alerts, each field checked."""
    from aostime.domain.budgets import PERIODS

    if value is None:
        value = []
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise fail(path, "budgets", "'budgets' is not a list of objects")
    budgets, alerts = [], []
    for n, item in enumerate(value, 1):
        where = f"budgets[{n}]"
        ids = [_id(item.get(key), path, where, key, key != "id" and key != "project_id")
               for key in ("id", "project_id", "task_id", "user_id")]  # fmt: skip
        if item.get("period") not in PERIODS:
            raise fail(path, where, f"period {item.get('period')!r} is not one of: {', '.join(PERIODS)}")
        seconds, cents = item.get("budget_duration"), _cents(item.get("budget_amount"), path, where, "budget_amount")
        if (seconds is None) == (cents is None) or (seconds is not None and not _positive(seconds)) or cents == 0:
            raise fail(path, where, "a budget has a budget_duration (seconds above 0) or a budget_amount, not both")
        alert = item.get("alert_percent")
        if not _positive(alert) or alert > 1000:
            raise fail(path, where, f"alert_percent {alert!r} is not a percentage from 1 to 1000")
        stamps = [_time(item.get(key), path, where, key) for key in ("created_at", "updated_at")]
        budgets.append([*ids, item["period"], seconds, cents, alert, *stamps])
        for m, found in enumerate(item.get("alerts") or [], 1):
            at = f"{where}.alerts[{m}]"
            if not isinstance(found, dict) or not isinstance(found.get("period_key"), str):
                raise fail(path, at, "an alert is an object with a period_key")
            if not _positive(found.get("threshold")):
                raise fail(path, at, f"threshold {found.get('threshold')!r} is not a percentage")
            sent = found.get("sent_at")
            alerts.append([ids[0], found["period_key"], found["threshold"], _time(found.get("created_at"), path, at,
                           "created_at"), _time(sent, path, at, "sent_at") if sent is not None else None,
                           found.get("error") if isinstance(found.get("error"), str) else None])  # fmt: skip
    return (BUDGET_COLUMNS, budgets), (ALERT_COLUMNS, alerts)


def _positive(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _id(value: Any, path: str, where: str, what: str, optional: bool) -> int | None:
    if value is None and optional:
        return None
    if not _positive(value):
        raise fail(path, where, f"{what} {value!r} is not an id")
    return value
