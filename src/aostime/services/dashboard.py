"""What the dashboard asks besides `aos report`: the running timers one may see, and the
unbilled amount per currency (the totals `aos unbilled` prints, without listing the entries)."""

from __future__ import annotations

from aostime.services import Session, access, reading
from aostime.services.declared import use_case

TYPE_CHECKING = False
if TYPE_CHECKING:
    from aostime.domain.models import Entry


@use_case()
def running_timers(session: Session) -> list[Entry]:
    """The running timers the actor may see: her own, or everyone's for a manager; the longest
    running first."""
    from aostime.services import catalog

    with reading(session):
        own = access.only_user_id(session)
        members = [session.actor.user] if own is not None else catalog.list_records(session, "user")
        found = [session.store.running_entry(m.id) for m in members]
    return sorted((e for e in found if e is not None), key=lambda e: (e.start, e.id))


@use_case()
def unbilled_totals(session: Session) -> list[dict]:
    """Per currency: the unbilled entries (billable, finished, not invoiced) the actor may see,
    their seconds and their amount in cents, as `aos unbilled` adds them up."""
    from aostime.services.billing import unbilled_filters

    with reading(session):
        rows = session.store.entry_totals(unbilled_filters(session, None, None, None))
    return [{"currency": c, "entries": n, "seconds": s, "cents": cents} for c, n, s, cents in sorted(rows)]
