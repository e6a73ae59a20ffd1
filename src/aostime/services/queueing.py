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


# -- a client's clock a little off -------------------------------------------------------------

CLIENT_TIME_HEADER = "X-Aos-Client-Time"  # the team client's own time as it sends a queued change
MAX_SKEW_S = 15 * 60  # a clock off by more is refused: its queued times cannot be trusted
NOISE_S = 5  # below: the network's delay and whole seconds, not a wrong clock
QUEUED_INSTANTS = ("at", "start", "end")  # the fields a queue function above may make absolute


def corrected(session: Session, request: Request, client_time: str) -> Request:
    """A queued change's instants moved by the client's clock skew (server now - its time, sent
    in CLIENT_TIME_HEADER): a clock 10 min ahead queued a stop 10 min after it happened, in the
    future here. The instants are those the journal wrote (ISO with an offset); a time typed
    with --date stays as typed. The person is told; a skew over MAX_SKEW_S is refused."""
    from datetime import datetime, timedelta

    from aostime.errors import BadInput, ClockSkew

    try:
        theirs = datetime.fromisoformat(client_time.strip())
    except ValueError:
        theirs = None
    if theirs is None or theirs.tzinfo is None:
        raise BadInput(f"{CLIENT_TIME_HEADER} {client_time[:60]!r} is not an ISO 8601 instant with an offset")
    skew = int((session.now - theirs).total_seconds())
    if abs(skew) < NOISE_S:
        return request
    off = f"{_span(abs(skew))} {'behind' if skew > 0 else 'ahead of'}"
    if abs(skew) > MAX_SKEW_S:
        raise ClockSkew(f"this machine's clock is {off} the team server's, more than {MAX_SKEW_S // 60} min: the "
                        "times of the changes queued offline cannot be trusted; set the clock right, then 'aos sync'")  # fmt: skip
    fixed = dict(request)
    for name in QUEUED_INSTANTS:
        value = request.get(name)
        instant = _instant(value) if isinstance(value, str) else None
        if instant is not None:
            fixed[name] = (instant + timedelta(seconds=skew)).isoformat(timespec="seconds")
    if fixed != request:
        session.notice(f"this machine's clock is {off} the team server's: the times queued offline were "
                       f"moved {_span(abs(skew))} {'later' if skew > 0 else 'earlier'}")  # fmt: skip
    return fixed


def _instant(text: str):
    from datetime import datetime

    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    return value if value.tzinfo is not None and "T" in text else None


def _span(seconds: int) -> str:
    minutes, seconds = divmod(seconds, 60)
    return f"{minutes} min {seconds} s" if minutes and seconds else f"{minutes} min" if minutes else f"{seconds} s"
