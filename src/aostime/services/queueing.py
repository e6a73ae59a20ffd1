"""What a change typed while the team server cannot be reached means, fixed when it is typed:
its relative times ("now", "15:00", "yesterday") made absolute here and now, so that it keeps
its meaning when the offline journal sends it later. Names (-p/-t/-c/-u) stay as typed: the
server resolves them when the change arrives, and one that does not resolve becomes a conflict
that names it. Each function takes the declared request and returns it fixed, with a summary
for the person (services.declared.UseCase.queue)."""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs `aos list` milliseconds: annotations only
if TYPE_CHECKING:
    from typing import Any

    from aostime.services import Session

    Request = dict[str, Any]


def _moment(session: Session, text: str | None) -> tuple[str, str]:
    """A typed time (None: now) read once: as sent later (ISO, absolute) and as shown now."""
    from aostime.domain.timer import local_text

    moment = session.time(text) if text is not None else session.now
    return moment.isoformat(timespec="seconds"), local_text(moment, session.zone)


def queued_start(session: Session, request: Request) -> tuple[Request, str]:
    sent, shown = _moment(session, request.get("at"))
    return dict(request, at=sent), f"start {request.get('project')} at {shown}"


def queued_stop(session: Session, request: Request) -> tuple[Request, str]:
    sent, shown = _moment(session, request.get("at"))
    fixed = dict(request, at=sent)
    if request.get("start") is not None:
        fixed["start"] = _moment(session, request["start"])[0]
    return fixed, f"stop at {shown}"


def queued_cancel(session: Session, request: Request) -> tuple[Request, str]:
    return dict(request), "cancel the timer"


def queued_add(session: Session, request: Request) -> tuple[Request, str]:
    fixed = dict(request)
    project = request.get("project")
    if request.get("hours") is not None:
        date = request.get("date")
        fixed["date"] = (
            session.day(date) if date is not None else session.now.astimezone(session.zone).date()
        ).isoformat()
        return fixed, f"add {request['hours']} h on {fixed['date']} ({project})"
    if request.get("date") is not None:  # --date with --start/--end: the day they fall on
        fixed["date"] = session.day(request["date"]).isoformat()
    for key in ("start", "end"):
        if request.get(key) is not None and request.get("date") is None:
            fixed[key] = _moment(session, request[key])[0]
    return fixed, f"add {request.get('start')} - {request.get('end')} ({project})"


def queued_edit(session: Session, request: Request) -> tuple[Request, str]:
    fixed = dict(request)
    if request.get("date") is not None:
        fixed["date"] = session.day(request["date"]).isoformat()
    return fixed, f"edit entry {request.get('ref')}"
