"""Which rate and billable flag a new entry gets. Fixed at creation, never rewritten."""

from __future__ import annotations

RATE_ORDER = ("task", "project", "client", "user")


def resolve_rate(explicit_cents: int | None, chain: dict[str, object]) -> int:
    """explicit > task > project > client > user > the default_rate setting > 0."""
    if explicit_cents is not None:
        return explicit_cents
    for level in RATE_ORDER:
        if chain.get(level) is not None:
            return chain[level]
    default = chain.get("default")
    if default:
        from aostime.domain.money import parse_money

        return parse_money(default, "default_rate setting")
    return 0


def resolve_billable(explicit: bool | None, chain: dict[str, object]) -> bool:
    """explicit > the task's billable default > billable."""
    if explicit is not None:
        return explicit
    if chain.get("task_billable") is not None:
        return bool(chain["task_billable"])
    return True
