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
    # Every text a person reads is marked `{{ _("…") }}` (or `{% trans %}`), so the message catalogs
    # can be extracted from the templates; until a page's language is chosen, a text is itself.
    env.install_gettext_callables(lambda text, **values: text % values if values else text,
                                  lambda one, many, n, **values: (one if n == 1 else many) % {"num": n, **values},
                                  newstyle=True)  # fmt: skip
    return env


def page(template: str, status: int = 200, headers: dict[str, str] | None = None, **values: Any) -> Response:
    html = environment().get_template(template).render(**values)
    return HTMLResponse(html, status, headers={**SECURITY_HEADERS, **(headers or {})})


def redirect(to: str, headers: dict[str, str] | None = None) -> Response:
    return RedirectResponse(to, 303, headers={**SECURITY_HEADERS, **(headers or {})})


def sentence(error: Exception) -> str:
    """A refusal as a sentence: its first letter raised, nothing else touched (str.capitalize
    would lower the rest: names, "2026-W13")."""
    text = str(error)
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
