"""The week's approval on the week page (submit; a manager's approve and return with a note) and
an entry's history page. The rules are the use cases' (services.weeks, services.entry_control)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from starlette.responses import Response

from aostime.errors import AosError, Forbidden
from aostime.server.web.auth import form_allowed, with_session
from aostime.server.web.language import N_
from aostime.server.web.render import page, redirect, sentence

router = APIRouter(include_in_schema=False)
# the words of the domain these pages show, for the catalogs (domain.control)
WORDS = (N_("create"), N_("edit"), N_("delete"), N_("mark"), N_("unmark"), N_("approve"), N_("return"), N_("lock"),
         N_("unlock"), N_("open"), N_("submitted"), N_("approved"), N_("returned"))  # fmt: skip
Signed = Annotated[Any, Depends(with_session)]
Short = Annotated[str, Form(max_length=200)]
NoteText = Annotated[str, Form(max_length=2000)]


@router.post("/time/week/{action}")
def decide(request: Request, session: Signed, action: str, week: Short = "", member: Short = "", note: NoteText = "",
           csrf: Short = "") -> Response:  # fmt: skip
    """Submit one's week; a manager approves or returns a member's (with the note)."""
    from aostime.server.web.pages import week_page
    from aostime.services import weeks

    if not form_allowed(request, session, csrf):
        return redirect("/login")
    if action not in ("submit", "approve", "return"):
        return page("error.html", 404, message=sentence(AosError(f"no such action: {action}")), signed_in=True)
    of = member or str(session.actor.user.id)
    try:
        if action == "submit":
            weeks.submit_week(session, week or None)
        else:
            weeks.decide_week(session, of, week, action, note or None)
    except Forbidden as exc:
        return page("error.html", 403, message=sentence(exc), signed_in=True)
    except AosError as exc:
        try:
            return week_page(session, week or None, error=str(exc), status=409, of=of)
        except AosError:
            return page("error.html", 400, message=sentence(exc), signed_in=True)
    return redirect(f"/time?week={week}" + ("" if of == str(session.actor.user.id) else f"&member={of}"))


@router.get("/time/{entry_id:int}/history")
def history(session: Signed, entry_id: int) -> Response:
    """Every change of the entry, oldest first, as `aos history` shows it."""
    from aostime.domain.documents import history_document
    from aostime.server.web.timer_region import timer_region
    from aostime.services.entry_control import entry_history

    if session is None:
        return redirect("/login")
    try:
        document = history_document(entry_history(session, entry_id), session.zone)
    except AosError as exc:
        return page("error.html", 404, message=sentence(exc), signed_in=True)
    changes = [dict(c, fields=_fields(c)) for c in document["changes"]]
    return page("history.html", title=N_("History"), member=session.actor.user, csrf=session.csrf,
                timer=timer_region(session), entry_id=entry_id, changes=changes)  # fmt: skip


def _fields(change: dict) -> list[tuple[str, str, str]]:
    """(field, before, after) of what a change touched, as text."""
    before, after = change["before"] or {}, change["after"] or {}
    keys = list(after) if change["after"] is not None else list(before)
    return [(key, _text(before.get(key)), _text(after.get(key))) for key in keys
            if before.get(key) not in (None, "") or after.get(key) not in (None, "")]  # fmt: skip


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):  # tags
        return ", ".join(value)
    if isinstance(value, bool):
        from aostime.server.web.language import gettext as _

        return _("yes") if value else _("no")
    return str(value)
