"""The sender data invoices need, numbering and defaults (/settings, admins): one form over the
settings the CLI knows (domain.settings.SETTINGS, their order and help), saved by the use case
`aos config set` uses, all at once or not at all. Each changed value is read by the CLI's own
check; every refusal stands beside its field in the CLI's words, and nothing is saved."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from starlette.responses import Response

from aostime.errors import AosError, Forbidden
from aostime.server.web.auth import form_allowed, with_session
from aostime.server.web.language import N_
from aostime.server.web.language import gettext as _
from aostime.server.web.render import guarded, page, redirect, sentence

router = APIRouter(include_in_schema=False)
Signed = Annotated[Any, Depends(with_session)]
Short = Annotated[str, Form(max_length=200)]
# kept out of this form: the logo is a file read where `aos config set company_logo FILE` runs; the
# budget alerts' mail server and sender are set with `aos config set` (docs/budgets.md)
ELSEWHERE = ("company_logo", "smtp_url", "alert_from")
GROUPS = (  # (legend, the keys' prefixes or names): a setting goes to the first group naming it
    (N_("Sender"), ("company_",)),
    (N_("Bank"), ("bank_",)),
    (N_("Invoices"), ("invoice_", "credit_note_prefix", "tax_rate", "small_business", "accounting_currency",
                  "payment_terms", "late_payment_terms")),
    (N_("Time and money"), ("",)),
)  # fmt: skip
WORDS = {"vat": "VAT", "id": "ID", "iban": "IBAN", "bic": "BIC", "siren": "SIREN", "siret": "SIRET",
         "peppol": "Peppol", "de": "(German)", "en": "(English)", "fr": "(French)"}  # fmt: skip
LONG = ("company_address", "payment_terms", "invoice_notes", "late_payment_terms")  # written on several lines


def label_of(key: str) -> str:
    """A setting's name as a person reads it: company_vat_id -> Company VAT ID, payment_terms_de ->
    Payment terms (German)."""
    words = [WORDS.get(word, word) for word in key.split("_")]
    return " ".join(words)[:1].upper() + " ".join(words)[1:]


def _fields(values: dict[str, str], errors: dict[str, str]) -> list[dict[str, Any]]:
    from aostime.domain.settings import SETTINGS

    groups: dict[str, list[dict[str, Any]]] = {legend: [] for legend, _ in GROUPS}
    for key, setting in SETTINGS.items():
        if key in ELSEWHERE:
            continue
        legend = next(legend for legend, starts in GROUPS if any(key.startswith(s) for s in starts))
        groups[legend].append({"key": key, "label": label_of(key), "help": setting.help, "value": values.get(key, ""),
                               "long": key.startswith(LONG), "error": errors.get(key)})  # fmt: skip
    return [{"legend": legend, "fields": fields} for legend, fields in groups.items() if fields]


def _answer(session, values: dict[str, str], errors: dict[str, str] | None = None, error: str | None = None,
            saved: int | None = None, status: int = 200, lock: dict[str, str] | None = None) -> Response:  # fmt: skip
    """The settings page; `lock`: the lock form as typed and its refusal ("error"), or what it did ("said")."""
    from aostime.domain.documents import lock_document
    from aostime.server.web.timer_region import timer_region
    from aostime.services.entry_control import show_lock

    return page("settings.html", status, title=N_("Settings"), member=session.actor.user, csrf=session.csrf,
                timer=timer_region(session), groups=_fields(values, errors or {}), error=error, saved=saved,
                count=len(errors or {}), lock=lock_document(show_lock(session), session.zone),
                lock_form=lock or {})  # fmt: skip


def _current(session) -> dict[str, str]:
    from aostime.domain.settings import SETTINGS
    from aostime.services import catalog

    return {key: catalog.get_setting(session, key=key) for key in SETTINGS if key not in ELSEWHERE}


@router.get("/settings")
def settings_page(session: Signed) -> Response:
    if session is None:
        return redirect("/login")
    return guarded(lambda: _answer(session, _current(session)))


@router.post("/settings")
async def save_settings(request: Request, session: Signed) -> Response:
    from aostime.domain.settings import check_setting
    from aostime.server.web.refusals import field_named
    from aostime.services import catalog

    form = await request.form(max_fields=200)
    if not form_allowed(request, session, str(form.get("csrf", ""))):
        return redirect("/login")
    try:
        current = _current(session)
    except Forbidden as exc:
        return page("error.html", 403, message=sentence(exc), signed_in=True)
    typed = {key: str(form.get(key, ""))[:10_000].replace("\r\n", "\n") for key in current}
    changed = {key: value for key, value in typed.items() if value != current[key]}
    errors = {}
    for key, value in changed.items():  # each read by the CLI's own check, so every refusal shows at once
        try:
            if value.strip():
                check_setting(key, value)
        except AosError as exc:
            errors[key] = sentence(exc)
    if errors:
        return _answer(session, typed, errors, status=400)
    if not changed:
        return _answer(session, typed, saved=0)
    try:
        catalog.set_settings(session, changed)
    except AosError as exc:  # what only the whole can refuse (an address not in its country's format)
        field = field_named(str(exc), [key.replace("_", " ") for key in changed] + list(changed))
        key = field.replace(" ", "_") if field else None
        if key in changed:
            return _answer(session, typed, {key: sentence(exc)}, status=400)
        return _answer(session, typed, error=sentence(exc), status=400)
    return _answer(session, _current(session), saved=len(changed))


@router.post("/settings/lock")
def save_lock(request: Request, session: Signed, before: Short = "", clear: Short = "", csrf: Short = "") -> Response:
    """Lock the entries before a day, or lift the lock: the use case `aos lock --before|--clear` calls."""
    from aostime.services.entry_control import set_lock

    if not form_allowed(request, session, csrf):
        return redirect("/login")
    lifting = clear == "true"

    def act() -> Response:
        try:
            state = set_lock(session, None if lifting else before.strip() or None, clear=lifting)
        except Forbidden:
            raise
        except AosError as exc:
            return _answer(session, _current(session), status=400, lock={"before": before, "error": sentence(exc)})
        said = (_("Lifted the lock.") if state.before is None
                else _("Locked the entries before %(day)s.", day=state.before.isoformat()))  # fmt: skip
        return _answer(session, _current(session), lock={"said": said})

    return guarded(act)
