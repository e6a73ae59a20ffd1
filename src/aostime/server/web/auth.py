"""Signing in and out, and accepting an invitation. The session cookie holds a random secret
(only its hash is stored); every state change carries the session's CSRF token and a same-origin
`Origin`. Before a session exists (the sign-in and invitation forms), a CSRF cookie of its own is
matched against the form (double submit), and the `Origin` is checked the same way."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from starlette.responses import Response

from aostime.errors import AosError, BadInput, NotFound
from aostime.server.web.language import gettext as _
from aostime.server.web.render import page, redirect, sentence

router = APIRouter(include_in_schema=False)
SESSION_COOKIE, FORM_COOKIE = "aos_session", "aos_form"
MAX_FIELD = 1024


def same_origin(request: Request) -> bool:
    """The request comes from a page of this server (Origin, else Referer, names its host)."""
    from urllib.parse import urlsplit

    claimed = request.headers.get("origin") or request.headers.get("referer")
    if not claimed or claimed == "null":
        return False
    origin = urlsplit(claimed)
    return (origin.scheme, origin.netloc) == (request.url.scheme, request.url.netloc)


def tokens_match(expected: str, given: str) -> bool:
    """A secret as sent against the one kept, in constant time; as bytes, because compare_digest
    raises on a str of other than ASCII characters (a forged token must be a 403, not a 500)."""
    return secrets.compare_digest(expected.encode(), given.encode("utf-8", "surrogateescape"))


def form_allowed(request: Request, session, csrf: str) -> bool:
    """A state change from a signed-in page: the session's CSRF token and a same-origin Origin."""
    return session is not None and tokens_match(session.csrf, csrf) and same_origin(request)


def cookie_flags(request: Request) -> dict:
    return {"httponly": True, "samesite": "lax", "secure": request.url.scheme == "https", "path": "/"}


def with_session(request: Request):
    """The page's session of the store, acting as the signed-in member; None when signed out."""
    from aostime.services import Session
    from aostime.services.accounts import SignedOut, signed_in

    with request.app.state.stores.acquire() as store:
        session = Session(store)
        try:
            actor, csrf, _ = signed_in(session, request.cookies.get(SESSION_COOKIE))
        except SignedOut:
            yield None
            return
        if actor.user.time_zone:
            from zoneinfo import ZoneInfo

            session.zone = ZoneInfo(actor.user.time_zone)
        session.actor = actor
        session.csrf = csrf
        session.via = "web"
        from aostime.server.web.language import person_is
        from aostime.server.web.notes import note

        session.notify = note  # the notes the CLI prints show in the page's status region
        person_is(actor.user.locale)
        yield session


def plain_session(request: Request):
    from aostime.services import Session

    with request.app.state.stores.acquire() as store:
        yield Session(store)


Plain = Annotated[object, Depends(plain_session)]


def _form_token(request: Request) -> tuple[str, dict[str, str]]:
    """The sign-in form's CSRF token: the one the browser already holds, or a new one to set."""
    token = request.cookies.get(FORM_COOKIE)
    return (token, {}) if token else (secrets.token_urlsafe(24), {"new": "1"})


def _form_page(request: Request, template: str, status: int = 200, headers: dict | None = None,
               **values) -> Response:  # fmt: skip
    token, new = _form_token(request)
    response = page(template, status, headers, csrf=token, **values)
    if new:
        response.set_cookie(FORM_COOKIE, token, **cookie_flags(request))
    return response


def _form_checked(request: Request, csrf: str) -> bool:
    expected = request.cookies.get(FORM_COOKIE) or ""
    return bool(expected) and tokens_match(expected, csrf) and same_origin(request)


@router.get("/login")
def login_page(request: Request) -> Response:
    return _form_page(request, "login.html")


@router.post("/login")
def login(request: Request, session: Plain, who: Annotated[str, Form(max_length=MAX_FIELD)] = "",
          password: Annotated[str, Form(max_length=MAX_FIELD)] = "",
          csrf: Annotated[str, Form(max_length=200)] = "") -> Response:  # fmt: skip
    from aostime.services.accounts import Throttled, sign_in

    if not _form_checked(request, csrf):
        return _form_page(request, "login.html", 403, who=who, error=_("The form has expired; sign in again."))
    address = request.client.host if request.client else "unknown"
    try:
        secret, _expiry = sign_in(session, who, password, address)
    except Throttled as exc:
        return _form_page(request, "login.html", 429, {"Retry-After": str(exc.retry_after)}, who=who,
                          error=sentence(exc))  # fmt: skip
    except BadInput as exc:
        return _form_page(request, "login.html", 401, who=who, error=sentence(exc))
    response = redirect("/time")
    response.set_cookie(SESSION_COOKIE, secret, **cookie_flags(request))
    response.delete_cookie(FORM_COOKIE, path="/")
    return response


@router.post("/logout")
def logout(request: Request, session: Plain, csrf: Annotated[str, Form(max_length=200)] = "",
           everywhere: Annotated[bool, Form()] = False) -> Response:  # fmt: skip
    from aostime.services.accounts import SignedOut, sign_out, sign_out_user, signed_in

    secret = request.cookies.get(SESSION_COOKIE)
    try:
        actor, expected, _expiry = signed_in(session, secret)
    except SignedOut:
        return redirect("/login")
    if not (tokens_match(expected, csrf) and same_origin(request)):
        return page("error.html", 403, message=_("This request did not come from this site's page."))
    if everywhere:
        session.actor = actor
        sign_out_user(session, str(actor.user.id))
    else:
        sign_out(session, secret)
    response = redirect("/login")
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/invite/{secret}")
def invite_page(request: Request, session: Plain, secret: str) -> Response:
    from aostime.services.accounts import invited

    try:
        member = invited(session, secret[:200])
    except NotFound as exc:
        return page("error.html", 404, message=sentence(exc))
    return _form_page(request, "invite.html", name=member.name, secret=secret)


@router.post("/invite/{secret}")
def accept(request: Request, session: Plain, secret: str, password: Annotated[str, Form(max_length=MAX_FIELD)] = "",
           again: Annotated[str, Form(max_length=MAX_FIELD)] = "",
           csrf: Annotated[str, Form(max_length=200)] = "") -> Response:  # fmt: skip
    from aostime.services.accounts import accept_invite, invited

    try:
        member = invited(session, secret[:200])
    except NotFound as exc:
        return page("error.html", 404, message=sentence(exc))
    error = None
    if not _form_checked(request, csrf):
        error = _("The form has expired; try again.")
    elif password != again:
        error = _("The two passwords differ.")
    else:
        try:
            accept_invite(session, secret[:200], password)
        except AosError as exc:
            error = sentence(exc)
    if error:
        return _form_page(request, "invite.html", 400, name=member.name, secret=secret, error=error)
    return redirect("/login")
