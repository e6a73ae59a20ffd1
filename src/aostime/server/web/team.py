"""The team (/team, admins): every member with role, zone and state; add a member and give them
a one-time invitation link (shown once, to copy); change a role or zone; archive (their sessions
end) and restore; end every session; a new link in place of a forgotten password. Each action is
the use case its `aos user ...` command calls; a refusal is shown in the CLI's words."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from starlette.responses import Response

from aostime.errors import AosError, Forbidden
from aostime.server.web.auth import form_allowed, with_session
from aostime.server.web.language import N_
from aostime.server.web.language import gettext as _
from aostime.server.web.render import guarded, page, redirect, sentence

router = APIRouter(include_in_schema=False)
Signed = Annotated[Any, Depends(with_session)]
ROLE_NAMES = (N_("member"), N_("manager"), N_("admin"))  # a role as the pages name it, for the catalogs
Short = Annotated[str, Form(max_length=200)]
ROLES = ("member", "manager", "admin")


def _answer(session, status: int = 200, said: str | None = None, error: str | None = None,
            link: dict[str, str] | None = None, typed: dict[str, str] | None = None,
            focus: str | None = None) -> Response:  # fmt: skip
    """The team; `focus` names the control a keyboard goes on from (an invitation link shown
    once: its "Copy link")."""
    from aostime.server.web.timer_region import timer_region
    from aostime.services import access, catalog

    access.require(session, "users")
    members = catalog.list_records(session, "user", include_archived=True)
    return page("team.html", status, title=N_("Team"), member=session.actor.user, csrf=session.csrf,
                timer=timer_region(session), members=members, roles=ROLES, said=said, error=error, link=link,
                typed=typed or {"role": "member"}, focus="copy-link" if link else focus)  # fmt: skip


@router.get("/team")
def team_page(session: Signed, add: Annotated[str | None, Query(pattern="^member$")] = None) -> Response:
    """The team; ?add=member puts the focus in the form that adds one."""
    if session is None:
        return redirect("/login")
    return guarded(lambda: _answer(session, focus="new-name" if add else None))


def _invitation(request: Request, session, ref: str) -> dict[str, str]:
    from aostime.domain.timeparse import show
    from aostime.services import accounts

    name, secret, until = accounts.invite_user(session, ref)
    return {"name": name, "url": f"{str(request.base_url).rstrip('/')}/invite/{secret}",
            "until": show(until, session.zone)}  # fmt: skip


@router.post("/team/new")
def add_member(request: Request, session: Signed, name: Short = "", email: Short = "", role: Short = "member",
               csrf: Short = "") -> Response:  # fmt: skip
    from aostime.services import catalog

    if not form_allowed(request, session, csrf):
        return redirect("/login")

    def act() -> Response:
        typed = {"name": name, "email": email, "role": role}
        try:
            catalog.add_record(session, "user", name=name, email=email or None, role=role)
            link = _invitation(request, session, name)
        except Forbidden:
            raise
        except AosError as exc:
            return _answer(session, 400, error=sentence(exc), typed=typed, focus="new-name")
        return _answer(session, said=_("Added %(name)s.", name=link["name"]), link=link)

    return guarded(act)


@router.post("/team/{user_id:int}/{action}")
def member_action(request: Request, session: Signed, user_id: int, action: str, role: Short = "",
                  time_zone: Short = "", csrf: Short = "") -> Response:  # fmt: skip
    from aostime.services import accounts, catalog

    if not form_allowed(request, session, csrf):
        return redirect("/login")
    ref = str(user_id)
    # the row's button a keyboard goes on from: the same one, or the one an archive turned into
    shown = {"archive": "restore", "restore": "archive"}.get(action, action)
    focus = f"member-{user_id}-{shown}"

    def act() -> Response:
        try:
            if action == "edit":
                record = catalog.edit_record(session, "user", ref, role=role or None, time_zone=time_zone)
                return _answer(session, focus=focus,
                               said=_("Saved %(name)s: %(role)s, %(zone)s.", name=record.name, role=_(record.role),
                                       zone=record.time_zone or _("the server zone")))  # fmt: skip
            if action in ("archive", "restore"):
                record = catalog.archive_record(session, "user", ref, archived=action == "archive")
                return _answer(session, focus=focus,
                               said=f"{'Archived' if action == 'archive' else 'Restored'} {record.name}.")  # fmt: skip
            if action == "sign-out":
                ended = accounts.sign_out_user(session, ref)
                return _answer(session, focus=focus, said=f"{ended} session{'s' if ended != 1 else ''} ended.")
            if action == "invite":
                link = _invitation(request, session, ref)
                return _answer(session, said=_("A new invitation link for %(name)s.", name=link["name"]), link=link)
        except Forbidden:
            raise
        except AosError as exc:
            return _answer(session, 400, error=sentence(exc), focus=focus)
        return page("error.html", 404, message=_("No such action."), signed_in=True)

    return guarded(act)
