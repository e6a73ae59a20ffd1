"""The known settings, their defaults and how each value is checked."""

from __future__ import annotations

import re
from collections import namedtuple
from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from aostime.domain import parties
from aostime.domain.logo import check_logo
from aostime.errors import BadInput

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
ROUNDING_STEPS = {"none": 0, "6m": 360, "15m": 900, "30m": 1800}


def _currency(value: str) -> str:
    if not re.fullmatch(r"[A-Za-z]{3}", value):
        raise BadInput(f"currency {value!r} is not a 3-letter code (e.g. USD, EUR)")
    return value.upper()


def _money(value: str) -> str:
    from aostime.domain.money import format_money, parse_money

    return format_money(parse_money(value, "rate"))


def _choice(options) -> Callable[[str], str]:
    def check(value: str) -> str:
        if value.lower() not in options:
            raise BadInput(f"{value!r} is not one of: {', '.join(options)}")
        return value.lower()

    return check


CALENDAR_SNAPS = ("5", "10", "15", "20", "30", "60")  # each divides an hour: the grid meets every hour line


def _positive_number(value: str) -> str:
    try:
        number = Decimal(value)
    except InvalidOperation:
        number = Decimal("NaN")
    if not number.is_finite() or number <= 0 or number > 10_000:
        raise BadInput(f"{value!r} is not a positive number")
    return str(number)


def _days(value: str) -> str:
    if not value.isdigit() or int(value) > 3650:
        raise BadInput(f"{value!r} is not a number of days (0-3650)")
    return str(int(value))


def _percent(value: str) -> str:
    try:
        number = Decimal(value)
    except InvalidOperation:
        number = Decimal("NaN")
    if not number.is_finite() or not 0 <= number <= 100:
        raise BadInput(f"tax rate {value!r} is not a percentage between 0 and 100")
    return str(number)


def _clock(value: str) -> str:
    match = re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", value)
    if not match:
        raise BadInput(f"{value!r} is not a time of day like 09:00")
    return f"{int(match.group(1)):02d}:{match.group(2)}"


def _date_order(value: str) -> str:
    if value.lower() not in ("dmy", "mdy"):
        raise BadInput(
            f"date order {value!r} is not dmy (27/11/2026) or mdy (11/27/2026); 'aos config unset date_order' clears it"
        )
    return value.lower()


def _prefix(value: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9_./-]{0,20}", value):
        raise BadInput(f"invoice prefix {value!r} may use letters, digits and - _ . / (20 at most)")
    return value


def _smtp_url(value: str) -> str:
    from aostime.domain.budgets import smtp_url

    return smtp_url(value)


class Setting(namedtuple("Setting", "default check help")):
    """A known setting: its default (str), the check that normalises a new value
    (Callable[[str], str]) and a line of help. A named tuple: see models.py for why."""

    __slots__ = ()


LANGUAGE_NAMES = {"de": "German", "en": "English", "fr": "French"}
assert set(LANGUAGE_NAMES) == set(parties.LANGUAGES)


def _in_each_language(key: str, check: Callable[[str], str], text: str) -> dict[str, Setting]:
    """A text printed on invoices, and the same text in each invoice language where it differs
    (a German sentence on a French invoice says nothing): KEY, KEY_de, KEY_en, KEY_fr."""
    kept = {key: Setting("", check, text)}
    for language, name in LANGUAGE_NAMES.items():
        kept[f"{key}_{language}"] = Setting("", check, f"{text}, on invoices in {name} (unset: {key})")
    return kept


def in_language(setting: Callable[[str], str], key: str, language: str) -> str:
    """The text of a setting made by _in_each_language, for an invoice in `language`: KEY_de when
    set, else KEY ("" when neither is)."""
    return setting(f"{key}_{language}") or setting(key)


SETTINGS: dict[str, Setting] = {
    "currency": Setting("USD", _currency, "currency given to new clients (each keeps its own)"),
    "default_rate": Setting("0.00", _money, "hourly rate when no task, project, client or user has one"),
    "invoice_prefix": Setting("INV", _prefix, "invoice numbers look like PREFIX-2026-0001"),
    "credit_note_prefix": Setting("CN", _prefix, "credit note numbers look like PREFIX-2026-0001 (their own series)"),
    "invoice_rounding": Setting("none", _choice(tuple(ROUNDING_STEPS)), "default --round of invoice create"),
    "invoice_due_days": Setting("30", _days, "days from issue to due date"),
    "tax_rate": Setting("0", _percent, "default tax percentage on invoices"),
    "week_start": Setting("monday", _choice(WEEKDAYS), "first day of a week in reports"),
    "long_timer_hours": Setting("10", _positive_number, "status warns about timers running longer"),
    "max_entry_hours": Setting("24", _positive_number, "entries longer than this need --force"),
    "date_order": Setting("", _date_order, "how to read 03/11/2026: dmy or mdy (unset: refused as ambiguous)"),
    "day_start": Setting("09:00", _clock, "start time of entries added with --date/--hours"),
    "calendar_snap": Setting(
        "15", _choice(CALENDAR_SNAPS), "minutes a drag or an arrow key moves an entry by in the calendar"
    ),
    # who sends the invoices (SPEC §9): checked here, required when an invoice is issued
    "company_name": Setting("", lambda v: parties.text(v, 200), "the sender's name on invoices"),
    "company_address": Setting(
        "",
        parties.address,
        "the sender's address as its country writes it, lines separated by \\n "
        "(DE: 'Torstraße 12\\n10119 Berlin'; US: '1 Market St\\nSan Francisco, CA 94105'); set company_country first",
    ),
    "company_country": Setting("", parties.country, "the sender's country, ISO 3166 two letters (DE)"),
    "company_vat_id": Setting("", parties.vat_id, "the sender's VAT id (DE123456789)"),
    "company_tax_number": Setting("", lambda v: parties.text(v, 40), "the sender's tax number (Steuernummer)"),
    "company_email": Setting("", parties.email, "the sender's e-mail on invoices"),
    "company_phone": Setting("", lambda v: parties.text(v, 40), "the sender's phone on invoices"),
    "company_logo": Setting("", check_logo, "a PNG or JPEG image embedded into invoices: config set company_logo FILE"),
    "bank_account_holder": Setting("", lambda v: parties.text(v, 200), "the bank account's holder"),
    "bank_iban": Setting("", parties.iban, "the IBAN payments go to (checked)"),
    "bank_bic": Setting("", parties.bic, "the bank's BIC"),
    **_in_each_language("payment_terms", parties.text, "payment terms printed on invoices"),
    **_in_each_language("invoice_notes", parties.text, "a note printed on every invoice, e.g. thanks"),
    # the sender's tax case (domain/vat.py): a small business charges no VAT and says why; the
    # books are kept in one currency, in which a foreign-currency invoice also states its VAT
    "small_business": Setting(
        "false",
        _choice(("true", "false")),
        "true: the small-business exemption (§ 19 UStG, art. 293 B CGI): no VAT charged",
    ),
    "accounting_currency": Setting(
        "", _currency, "the currency the books and VAT returns are kept in (unset: the currency setting)"
    ),
    # the late-payment terms: French law (Code de commerce L441-9, D441-5) asks for the penalty rate,
    # the 40 EUR recovery fee and the early-payment discount; a sender in France gets a default
    **_in_each_language(
        "late_payment_terms",
        parties.text,
        "late-payment penalties, recovery fee, early-payment discount (unset, sender in FR: "
        "the law's default: ECB rate + 10 points, 40 EUR, no discount)",
    ),
    # who the sender is in the register: a company's letters and invoices name it (§ 35a GmbHG,
    # § 80 AktG, § 37a HGB; in France the SIREN and SIRET, Code de commerce R123-237)
    "company_register_court": Setting(
        "", lambda v: parties.text(v, 200), "the register court: Amtsgericht Charlottenburg (FR: RCS Paris)"
    ),
    "company_register_number": Setting("", lambda v: parties.text(v, 60), "the register number: HRB 12345 B"),
    "company_seat": Setting(
        "",
        lambda v: parties.text(v, 200),
        "the registered seat, when it is not the address's city (Sitz der Gesellschaft)",
    ),
    "company_managing_directors": Setting(
        "", lambda v: parties.text(v, 300), "the managing directors (Geschäftsführer), e.g. 'Anna Müller, Ben Schmidt'"
    ),
    "company_siren": Setting("", parties.siren, "the French SIREN (9 digits, checked)"),
    "company_siret": Setting("", parties.siret, "the French SIRET (14 digits, checked)"),
    "company_peppol_id": Setting(
        "",
        lambda v: parties.peppol_id(v, "company_peppol_id"),
        "the sender's Peppol id SCHEME:ID (BT-34; unset: from the VAT id)",
    ),
    "invoice_language": Setting("en", parties.language, "language of invoices: en, de or fr (clients may differ)"),
    **_in_each_language(
        "invoice_line_template",
        parties.line_template,
        "what a line of --group-by entry says, e.g. '{date} {description}' (fields: "
        "date project task description client hours; unset: date, project / task: "
        "description)",
    ),
    # budget alerts by e-mail (domain.budgets, docs/budgets.md)
    "smtp_url": Setting(
        "", _smtp_url, "mail server for budget alerts: smtp://user:password@host:587 (STARTTLS), smtps://... (TLS)"
    ),
    "alert_from": Setting("", parties.email, "the From address of budget alerts (unset: company_email)"),
}

SECRET_SETTINGS = ("smtp_url",)  # shown back with their password masked (shown_setting)


def shown_setting(key: str, value: str) -> str:
    """A setting's value as it is shown to people: the password of smtp_url masked."""
    if key in SECRET_SETTINGS and value:
        from aostime.domain.budgets import masked_url

        return masked_url(value)
    return value


def check_setting(key: str, value: str) -> str:
    if key not in SETTINGS:
        raise BadInput(f"unknown setting {key!r}; known: {', '.join(SETTINGS)}")
    return SETTINGS[key].check(value.strip())
