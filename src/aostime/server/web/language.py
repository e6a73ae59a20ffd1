"""The language of a page: English, German or French. The person's own `locale` (set on /profile)
wins; without one, the best of the browser's Accept-Language; else English. The choice belongs
to the request (a context variable the middleware sets for each request), so two requests in two
languages at the same time never borrow each other's texts. Here too is the one home of money and
dates as a page shows them: English exactly as the CLI prints them, German and French by CLDR
(Babel)."""

from __future__ import annotations

from contextvars import ContextVar
from datetime import date
from decimal import Decimal
from functools import cache

from aostime.domain.preferences import LOCALES

DEFAULT = "en"
# Babel's locale of each language: the region only decides the money's and dates' shapes.
CLDR = {"en": "en", "de": "de_DE", "fr": "fr_FR"}
# One mutable holder per request: the middleware puts a fresh one in the request's context; the
# session's dependency (which runs in a copy of that context) writes the person's locale into
# the same holder, so the page's code, in another copy, reads it.
_REQUEST: ContextVar[dict | None] = ContextVar("aos_page_language", default=None)


def N_(text: str) -> str:
    """A text marked for the catalogs, translated later where it is shown (a page's title)."""
    return text


def best_of(accept_language: str | None) -> str | None:
    """The language among ours the browser prefers most (RFC 9110 q-values; "de-CH" counts as
    "de"; q=0 refuses), or None when it names none of them."""
    ranked = []
    for position, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        primary = tag.strip().lower().split("-")[0]
        if primary in LOCALES and quality > 0:
            ranked.append((-quality, position, primary))
    return min(ranked)[2] if ranked else None


def choose(person_locale: str | None, accept_language: str | None) -> str:
    if person_locale in LOCALES:
        return person_locale
    return best_of(accept_language) or DEFAULT


class Middleware:
    """ASGI: each request gets its own holder of its Accept-Language (and, once signed in, of the
    person's locale)."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        header = next((v.decode("latin-1") for k, v in scope.get("headers", []) if k == b"accept-language"), None)
        token = _REQUEST.set({"accept": header, "person": None})
        try:
            await self.app(scope, receive, send)
        finally:
            _REQUEST.reset(token)


def person_is(locale: str | None) -> None:
    """The signed-in person's own locale (None: the browser's choice stands)."""
    holder = _REQUEST.get()
    if holder is not None:
        holder["person"] = locale


def current() -> str:
    holder = _REQUEST.get()
    return DEFAULT if holder is None else choose(holder["person"], holder["accept"])


@cache
def translations(language: str):
    """The compiled catalog of a language (English: none, a text is itself)."""
    from gettext import NullTranslations
    from importlib.resources import files

    if language == DEFAULT:
        return NullTranslations()
    from babel.support import Translations

    return Translations.load(str(files("aostime") / "locale"), [language], domain="messages")


def gettext(text: str, **values) -> str:
    translated = translations(current()).gettext(text)
    return translated % values if values else translated


def pgettext(context: str, text: str, **values) -> str:
    """A text whose translation depends on where it stands ("Time" of day in a column, "Time" the page)."""
    translated = translations(current()).pgettext(context, text)
    return translated % values if values else translated


def ngettext(one: str, many: str, n: int, **values) -> str:
    return translations(current()).ngettext(one, many, n) % {"num": n, **values}


_ = gettext


def money(cents: int | None, currency: str | None, missing: str = "") -> str:
    """An amount as a page shows it: English as every table of the CLI (1234.50 EUR); German
    1.234,50 €, French 1 234,50 € (CLDR, its narrow no-break space)."""
    from aostime.render.layout import money_in

    language = current()
    if cents is None or language == DEFAULT or not currency:
        return money_in(cents, currency, missing)
    from babel.numbers import format_currency

    return format_currency(Decimal(cents) / 100, currency, locale=CLDR[language])


def number(value: Decimal | float, digits: int = 2) -> str:
    """A plain figure with its decimals (a rate's or a quantity's): English as the CLI."""
    language = current()
    if language == DEFAULT:
        return f"{value:.{digits}f}"
    from babel.numbers import format_decimal

    return format_decimal(value, format=f"#,##0.{'0' * digits}", locale=CLDR[language])


# The shapes of a day a page shows: English as before (strftime), German and French as CLDR
# patterns (Babel).
DAY_SHAPES = {
    "weekday day month": {"en": "%A %d %B", "de": "EEEE, d. MMMM", "fr": "EEEE d MMMM"},
    "short weekday day month": {"en": "%a %d %b", "de": "EEE, d. MMM", "fr": "EEE d MMM"},
    "timesheet day": {"en": "", "de": "EEE, d. MMM", "fr": "EEE d MMM"},  # English: Mon 7 Dec (domain.timesheet)
    "day month": {"en": "%d %b", "de": "d. MMM", "fr": "d MMM"},
    "day month year": {"en": "%d %b %Y", "de": "d. MMM y", "fr": "d MMM y"},
}


def day(value: date, shape: str) -> str:
    """Monday 07 December · Montag, 7. Dezember · lundi 7 décembre (and the shorter shapes)."""
    language = current()
    pattern = DAY_SHAPES[shape][language]
    if language == DEFAULT:
        from aostime.domain.timesheet import day_label

        return value.strftime(pattern) if pattern else day_label(value)
    from babel.dates import format_date

    return format_date(value, pattern, locale=CLDR[language])


def weekday_time(value) -> str:
    """A running timer's start: "Mon 09:00" (German "Mo. 09:00")."""
    language = current()
    if language == DEFAULT:
        return f"{value:%a %H:%M}"
    from babel.dates import format_date

    return f"{format_date(value, 'EEE', locale=CLDR[language])} {value:%H:%M}"


def week_label(monday: date) -> str:
    """Week 50, 07 Dec – 13 Dec 2026 · KW 50, 7. Dez. – 13. Dez. 2026 · Semaine 50, 7 déc. – 13 déc. 2026."""
    from datetime import timedelta

    return gettext("Week %(number)s, %(first)s – %(last)s", number=monday.isocalendar().week,
                   first=day(monday, "day month"), last=day(monday + timedelta(days=6), "day month year"))  # fmt: skip
