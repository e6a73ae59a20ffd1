"""The region "Timer" every page shows (SPEC §10): the running timer, or the start form's choices."""

from __future__ import annotations

from typing import Any


def timer_region(session) -> dict[str, Any]:
    """What the region shows: the running timer (elapsed, amount so far), else the start form's choices."""
    from aostime.domain.timeparse import typed
    from aostime.domain.timer import amount_so_far, clock, elapsed
    from aostime.server.web.budget_badges import entry_badge
    from aostime.server.web.language import money
    from aostime.services import catalog
    from aostime.services.status import current_timer

    running = current_timer(session)
    if running is not None:  # the figures of `aos status --json`: elapsed and amount_so_far
        seconds = elapsed(running, session.now)
        return {"state": f"running {running.id} {running.start.isoformat()}",
                "running": {"project": running.project_name, "task": running.task_name or "",
                            "start": typed(running.start, session.zone),
                            "description": running.description, "notes": running.notes, "tags": running.tags,
                            "billable": running.billable, "seconds": seconds, "elapsed": clock(seconds),
                            "amount": money(amount_so_far(running, session.now), running.currency),
                            "badge": entry_badge(session, running)}}  # fmt: skip
    projects = catalog.list_records(session, "project")
    tasks = catalog.list_records(session, "task")
    return {"state": "stopped", "projects": projects, "tasks": tasks, "recent": _recent(session)}


def _recent(session, count: int = 10) -> list[dict[str, Any]]:
    """The member's last entries, one per project, task and description: each restarts in one click."""
    from aostime.services import listing

    seen, recent = set(), []
    for entry in listing.list_entries(session, user=str(session.actor.user.id), limit=100):
        key = (entry.project_id, entry.task_id, entry.description)
        if entry.end is None or key in seen:
            continue
        seen.add(key)
        recent.append({"id": entry.id, "label": " / ".join(filter(None, (entry.project_name, entry.task_name))),
                       "description": entry.description})  # fmt: skip
        if len(recent) == count:
            break
    return recent
