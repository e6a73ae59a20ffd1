"""Rendering a page: the templates, and the headers every page carries (a Content-Security-Policy
without inline script, no framing, no referrer beyond this origin)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from starlette.responses import HTMLResponse, RedirectResponse, Response

SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'",
    # Same-origin: our own forms keep their Origin (no-referrer makes a browser send "Origin: null",
    # which the CSRF check refuses); no other site learns a URL, an invitation's secret included.
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
}


@lru_cache(maxsize=1)
def environment():
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(loader=PackageLoader("aostime", "templates/web"), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True, extensions=["jinja2.ext.i18n"])  # fmt: skip
    # Every text a person reads is marked `{{ _("…") }}` (or `{% trans %}`), and is looked up at
    # render time in the catalog of the request's language (server/web/language.py).
    from aostime.server.web import language

    env.install_gettext_callables(language.gettext, language.ngettext, newstyle=True, pgettext=language.pgettext)
    # a text known only at render time (a title, a setting's help), looked up as it is: never
    # read as a format string, as `_()` reads its argument (a "%" in it would not survive)
    env.filters["translated"] = language.gettext
    env.globals["N_"] = language.N_
    from aostime.server.web import notes

    env.globals["page_notes"] = notes.shown  # the status region's notes (server/web/notes.py)
    return env


def page(template: str, status: int = 200, headers: dict[str, str] | None = None, **values: Any) -> Response:
    from aostime.server.web.language import current

    html = environment().get_template(template).render(lang=current(), **values)
    return HTMLResponse(html, status, headers={**SECURITY_HEADERS, **(headers or {})})


def redirect(to: str, headers: dict[str, str] | None = None) -> Response:
    return RedirectResponse(to, 303, headers={**SECURITY_HEADERS, **(headers or {})})


def sentence(error: Exception) -> str:
    """A refusal as a sentence: its first letter raised, nothing else touched (str.capitalize
    would lower the rest: names, "2026-W13")."""
    from aostime.server.web.language import gettext

    text = gettext(str(error))
    return text[:1].upper() + text[1:] + "."


def guarded(act) -> Response:
    """A page whose use case refuses the person: their role (403) or a record not there (404),
    as an error page in the use case's words."""
    from aostime.errors import Forbidden, NotFound

    try:
        return act()
    except Forbidden as exc:
        return page("error.html", 403, message=sentence(exc), signed_in=True)
    except NotFound as exc:
        return page("error.html", 404, message=sentence(exc), signed_in=True)
