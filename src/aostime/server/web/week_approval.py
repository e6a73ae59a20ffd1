"""What the week page shows of a week's approval (services.weeks): its state, what the viewer
may do with it, and the earlier weeks with time never submitted."""

from __future__ import annotations

from typing import Any


def week_approval(session, member, week: str) -> dict[str, Any]:
    """What the week page shows of a week's approval: its state, what the viewer may do with it,
    and (one's own week) the earlier weeks with time never submitted."""
    from aostime.services import access, weeks

    state = weeks.week_status(session, week, str(member.id))
    own = member.id == session.actor.user.id
    manager = access.sees_everyone(session)
    reminders = []
    if own:
        from aostime.domain.timer import clock

        reminders = [{"week": w.week, "duration": clock(w.hours_seconds)}
                     for w in weeks.list_weeks(session, "open", str(member.id)) if w.week != week]  # fmt: skip
    return {"state": state, "can_submit": own and state.status in ("open", "returned"),
            "can_approve": manager and state.status == "submitted",
            "can_return": manager and state.status in ("submitted", "approved"), "reminders": reminders}  # fmt: skip
