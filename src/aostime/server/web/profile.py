"""One's own profile (/profile, every role): name, e-mail, time zone and one's preferences (the
language, the day one's week begins on, the theme), saved by the use case `aos user edit` calls;
one's password changed with the current one; one's own API tokens listed, made (the secret shown
once, to copy) and revoked, as `aos token ...` does. A refusal stands beside its field in the
CLI's words, and nothing is saved."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from starlette.responses import Response

from aostime.errors import AosError, Forbidden
from aostime.server.web.auth import MAX_FIELD, cookie_flags, form_allowed, with_session
from aostime.server.web.language import N_, person_is
from aostime.server.web.language import gettext as _
from aostime.server.web.render import guarded, page, redirect, sentence

router = APIRouter(include_in_schema=False)
Signed = Annotated[Any, Depends(with_session)]
Short = Annotated[str, Form(max_length=200)]
Secret = Annotated[str, Form(max_length=MAX_FIELD)]
# the profile form's fields, in the form's order: (field, what a refusal of it begins with)
FIELDS = (("name", "user name"), ("email", "email"), ("time_zone", "time zone"), ("locale", "locale"),
          ("week_start", "week start"), ("theme", "theme"))  # fmt: skip
LANGUAGES = (("en", "English"), ("de", "Deutsch"), ("fr", "Français"))  # each in its own words
# the weekdays as the week-start choice shows them (capitalized), for the catalogs
WEEKDAY_NAMES = (N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"), N_("Saturday"),
                 N_("Sunday"))  # fmt: skip


def _shown(record) -> dict[str, str]:
    """The profile as the form shows it: an unset language reads English, an unset theme System."""
    return {"name": record.name, "email": record.email or "", "time_zone": record.time_zone or "",
            "locale": record.locale or "en", "week_start": record.week_start or "",
            "theme": record.theme or "system"}  # fmt: skip


def _own_tokens(session) -> list[dict[str, Any]]:
    """The person's own tokens (an admin's list holds everyone's: this page shows hers alone)."""
    from aostime.services import tokens

    return [t for t in tokens.list_tokens(session) if t["user_id"] == session.actor.user.id]


def _answer(session, status: int = 200, member=None, typed: dict[str, str] | None = None,
            errors: dict[str, str] | None = None, said: str | None = None, error: str | None = None,
            where: str = "profile", token: dict[str, str] | None = None) -> Response:  # fmt: skip
    from aostime.domain.settings import WEEKDAYS
    from aostime.server.web.timer_region import timer_region
    from aostime.services import catalog

    member = member or catalog.get_record(session, "user", str(session.actor.user.id))
    listed = [dict(t, shown={key: t[key] and t[key].astimezone(session.zone).strftime("%Y-%m-%d %H:%M")
                             for key in ("created_at", "expires_at", "last_used_at", "revoked_at")})
              for t in _own_tokens(session)]  # fmt: skip
    return page("profile.html", status, title=N_("Profile"), member=member, csrf=session.csrf,
                timer=timer_region(session), values=typed or _shown(member), errors=errors or {}, said=said,
                error=error, where=where, token=token, tokens=listed, languages=LANGUAGES, weekdays=WEEKDAYS,
                team_week=catalog.team_settings(session)["week_start"])  # fmt: skip


@router.get("/profile")
def profile_page(session: Signed) -> Response:
    if session is None:
        return redirect("/login")
    return guarded(lambda: _answer(session))


@router.post("/profile")
def save_profile(request: Request, session: Signed, name: Short = "", email: Short = "", time_zone: Short = "",
                 locale: Short = "", week_start: Short = "", theme: Short = "", csrf: Short = "") -> Response:  # fmt: skip
    from aostime.server.web.refusals import field_named
    from aostime.services import catalog

    if not form_allowed(request, session, csrf):
        return redirect("/login")
    typed = {"name": name, "email": email, "time_zone": time_zone, "locale": locale, "week_start": week_start,
             "theme": theme}  # fmt: skip

    def act() -> Response:
        current = _shown(catalog.get_record(session, "user", str(session.actor.user.id)))
        changed = {key: value for key, value in typed.items() if value.strip() != current[key]}
        if not changed:
            return _answer(session, said=_("Nothing changed."))
        try:
            record = catalog.edit_record(session, "user", str(session.actor.user.id), **changed)
        except Forbidden:
            raise
        except AosError as exc:
            said = str(exc)
            field = field_named(said, [words for _key, words in FIELDS])
            key = next((key for key, words in FIELDS if words == field), None)
            if key in changed:
                return _answer(session, 400, typed=typed, errors={key: sentence(exc)})
            return _answer(session, 400, typed=typed, error=sentence(exc))
        person_is(record.locale)  # the answer is already in the language just chosen
        return _answer(session, member=record, said=_("Saved your profile."))

    return guarded(act)


@router.post("/profile/theme")
def save_theme(request: Request, session: Signed, theme: Short = "", csrf: Short = "") -> Response:
    """The header's theme switch, for a signed-in person: kept on her record, so that every browser
    she signs in to shows it (204; nothing to swap)."""
    from aostime.services import catalog

    if not form_allowed(request, session, csrf):
        return Response(status_code=403)
    try:
        catalog.edit_record(session, "user", str(session.actor.user.id), theme=theme)
    except AosError as exc:
        return Response(sentence(exc), status_code=400, media_type="text/plain")
    return Response(status_code=204)


@router.post("/profile/password")
def change_password(request: Request, session: Signed, current: Secret = "", password: Secret = "",
                    again: Secret = "", csrf: Short = "") -> Response:  # fmt: skip
    from aostime.server.web.auth import SESSION_COOKIE
    from aostime.services import accounts

    if not form_allowed(request, session, csrf):
        return redirect("/login")

    def act() -> Response:
        if password != again:
            return _answer(session, 400, error=_("The two new passwords differ."), where="password")
        try:
            secret, session.csrf = accounts.change_password(
                session, current, password, request.client.host if request.client else "unknown"
            )
        except accounts.Throttled as exc:
            return _answer(session, 429, error=sentence(exc), where="password")
        except Forbidden:
            raise
        except AosError as exc:
            return _answer(session, 400, error=sentence(exc), where="password")
        # every session of hers has ended (as `aos user password` ends them); this browser goes on
        # in a fresh one, as a change of password on GitHub or Google keeps the page it was made on
        response = _answer(session, said=_("Password changed. Your other sessions have ended."), where="password")
        response.set_cookie(SESSION_COOKIE, secret, **cookie_flags(request))
        return response

    return guarded(act)


@router.post("/profile/tokens")
def create_token(request: Request, session: Signed, name: Short = "", expires: Short = "",
                 csrf: Short = "") -> Response:  # fmt: skip
    from aostime.services import tokens

    if not form_allowed(request, session, csrf):
        return redirect("/login")

    def act() -> Response:
        try:
            record, secret = tokens.create_token(session, None, name, expires.strip() or None)
        except Forbidden:
            raise
        except AosError as exc:
            return _answer(session, 400, error=sentence(exc), where="tokens",
                           token={"typed_name": name, "typed_expires": expires})  # fmt: skip
        return _answer(session, said=_("Token %(name)s created.", name=record["name"] or record["id"]), where="tokens",
                       token={"secret": secret, "name": record["name"]})  # fmt: skip

    return guarded(act)


@router.post("/profile/tokens/{token_id:int}/revoke")
def revoke_token(request: Request, session: Signed, token_id: int, csrf: Short = "") -> Response:
    from aostime.services import tokens

    if not form_allowed(request, session, csrf):
        return redirect("/login")

    def act() -> Response:
        if not any(t["id"] == token_id for t in _own_tokens(session)):  # another's, an admin's too
            return page("error.html", 404, message=_("Token %(id)s not found.", id=token_id), signed_in=True)
        try:
            record = tokens.revoke_token(session, str(token_id))
        except Forbidden:
            raise
        except AosError as exc:
            return _answer(session, 400, error=sentence(exc), where="tokens")
        return _answer(
            session,
            said=_("Revoked %(name)s.", name=record["name"] or _("token %(id)s", id=record["id"])),
            where="tokens",
        )

    return guarded(act)
