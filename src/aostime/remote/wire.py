"""A use case's result as it travels from the team server to the team client, and back into the
very value the use case returned (services.declared): named tuples (the models, Saved),
dataclasses (a report, an import's summary), times, dates and Decimals keep their types, so the
client renders exactly what a local command renders. Only the types named in TYPES are ever
rebuilt from an answer."""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs a prompt's status milliseconds: annotations only
if TYPE_CHECKING:
    from typing import Any

from datetime import date, datetime
from decimal import Decimal


def _models():
    from aostime.domain import models

    return {cls.__name__: cls for cls in (models.Client, models.Project, models.Task, models.User, models.Entry,
                                          models.InvoiceLine, models.Invoice)}  # fmt: skip


def _saved():
    from aostime.services.tracking import Saved

    return {"Saved": Saved}


def _report():
    from aostime.services.reporting import Report

    return {"Report": Report}


def _summary():
    from aostime.services.interchange import ImportSummary, ProjectTotal

    return {"ImportSummary": ImportSummary, "ProjectTotal": ProjectTotal}


def _timesheet():
    from aostime.domain.timesheet import SheetCell, SheetRow, Timesheet

    return {"Timesheet": Timesheet, "SheetRow": SheetRow, "SheetCell": SheetCell}


def _repriced():
    from aostime.services.repricing import Repriced, RepricedEntry

    return {"Repriced": Repriced, "RepricedEntry": RepricedEntry}


def _found():
    from aostime.domain.search import Found

    return {"Found": Found}


def _budgets():
    from aostime.domain.budgets import Budget, Usage
    from aostime.services.budget_alerts import AlertsSent

    return {"Budget": Budget, "Usage": Usage, "AlertsSent": AlertsSent}


# a type's name -> where it is defined (imported only when an answer holds one)
def _control():
    from aostime.services.entry_control import Change, EntryHistory, LockState
    from aostime.services.weeks import Week

    return {"Change": Change, "EntryHistory": EntryHistory, "LockState": LockState, "Week": Week}


TYPES = {
    **dict.fromkeys(("Client", "Project", "Task", "User", "Entry", "InvoiceLine", "Invoice"), _models),
    "Saved": _saved,
    "Report": _report,
    "ImportSummary": _summary,
    "ProjectTotal": _summary,
    **dict.fromkeys(("Timesheet", "SheetRow", "SheetCell"), _timesheet),
    "Found": _found,
    **dict.fromkeys(("Repriced", "RepricedEntry"), _repriced),
    **dict.fromkeys(("Change", "EntryHistory", "LockState", "Week"), _control),
    **dict.fromkeys(("Budget", "Usage", "AlertsSent"), _budgets),
}


def encode(value: Any) -> Any:
    """A JSON-ready form of a result."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, Decimal):
        return {"$": "decimal", "v": str(value)}
    if isinstance(value, datetime):
        return {"$": "datetime", "v": value.isoformat()}
    if isinstance(value, date):
        return {"$": "date", "v": value.isoformat()}
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        return {"$": _named(value), "v": {k: encode(v) for k, v in zip(value._fields, value, strict=True)}}
    if hasattr(value, "__dataclass_fields__"):
        return {"$": _named(value), "v": {k: encode(getattr(value, k)) for k in value.__dataclass_fields__}}
    if isinstance(value, tuple):
        return {"$": "tuple", "v": [encode(v) for v in value]}
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        return {"$": "dict", "v": [[encode(k), encode(v)] for k, v in value.items()]}
    raise TypeError(f"a result of type {type(value).__name__} cannot be sent")


def _named(value: Any) -> str:
    name = type(value).__name__
    if name not in TYPES:
        raise TypeError(f"a result of type {name} cannot be sent (not in remote.wire.TYPES)")
    return name


def decode(value: Any) -> Any:
    """The value `encode` was given."""
    if isinstance(value, list):
        return [decode(v) for v in value]
    if not isinstance(value, dict):
        return value
    kind, inner = value["$"], value["v"]
    if kind == "decimal":
        return Decimal(inner)
    if kind == "datetime":
        return datetime.fromisoformat(inner)
    if kind == "date":
        return date.fromisoformat(inner)
    if kind == "tuple":
        return tuple(decode(v) for v in inner)
    if kind == "dict":
        return {_key(decode(k)): decode(v) for k, v in inner}
    if kind not in TYPES:
        raise ValueError(f"the team server sent a value of an unknown type {kind!r}")
    return TYPES[kind]()[kind](**{k: decode(v) for k, v in inner.items()})


def _key(key: Any) -> Any:
    return tuple(key) if isinstance(key, list) else key
