"""The running timer, as `aos status` asks at every shell prompt: kept apart from the timer's
changes (services.timers imports the entry rules), so that a prompt loads only this."""

from __future__ import annotations

from aostime.services.declared import use_case

TYPE_CHECKING = False
if TYPE_CHECKING:
    from aostime.domain.models import Entry
    from aostime.services import Session


@use_case()
def current_timer(session: Session) -> Entry | None:
    """The acting member's running timer; a read: a member not created yet has none."""
    member = session.known_user()
    if member is None:
        return None
    if session.actor is not None:  # a prompt's `aos status` need not load the checks
        from aostime.services import access

        access.require_time_of(session, member.id)
    return session.store.running_entry(member.id)
