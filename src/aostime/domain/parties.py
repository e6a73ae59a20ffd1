"""Who bills whom: the checks of the sender's settings and a client's billing fields (SPEC §9),
and the rules that say what an invoice needs of them before it is issued. No IO here: a logo
path is read where the invoice is made."""

from __future__ import annotations

import re
import string

from aostime.domain.vat import CLIENT_MODES as TAX_MODES  # noqa: F401 (one home: domain/vat.py)
from aostime.errors import BadInput

# ISO 3166-1 alpha-2 codes (officially assigned), for a country given as two letters
COUNTRIES = frozenset("""
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY
BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK
FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR
IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK
ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM
PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF
TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW
""".split())  # noqa: SIM905 (a list of 249 quoted codes reads worse)  # fmt: skip
LANGUAGES = ("en", "de", "fr")
LINE_FIELDS = ("date", "project", "task", "description", "client", "hours")
MAX_TEXT = 500


def country(value: str) -> str:
    code = value.strip().upper()
    if code not in COUNTRIES:
        raise BadInput(f"country {value!r} is not an ISO 3166 two-letter code (e.g. DE, FR, US)")
    return code


def vat_id(value: str) -> str:
    """An EU-style VAT id: the country prefix and 2-13 letters or digits (spaces dropped)."""
    compact = re.sub(r"[\s.-]", "", value).upper()
    if not re.fullmatch(r"[A-Z]{2}[0-9A-Z+*]{2,13}", compact):
        raise BadInput(f"VAT id {value!r} is not a country prefix and its number (e.g. DE123456789)")
    return compact


def iban(value: str) -> str:
    """An IBAN with a valid ISO 13616 check (mod 97), stored without spaces."""
    compact = re.sub(r"\s", "", value).upper()
    if not re.fullmatch(r"[A-Z]{2}[0-9]{2}[0-9A-Z]{11,30}", compact):
        raise BadInput(f"IBAN {value!r} is not an IBAN (two letters, two check digits, the account)")
    digits = "".join(str(int(c, 36)) for c in compact[4:] + compact[:4])
    if int(digits) % 97 != 1:
        raise BadInput(f"IBAN {value!r} fails its check digits; a digit is wrong")
    return compact


def bic(value: str) -> str:
    compact = value.strip().upper()
    if not re.fullmatch(r"[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?", compact):
        raise BadInput(f"BIC {value!r} is not a BIC of 8 or 11 characters (e.g. COBADEFFXXX)")
    return compact


def email(value: str) -> str:
    text = value.strip()
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", text):
        raise BadInput(f"{value!r} is not an e-mail address")
    return text


def language(value: str) -> str:
    code = value.strip().lower()
    if code not in LANGUAGES:
        raise BadInput(f"language {value!r} is not one of {', '.join(LANGUAGES)}")
    return code


def tax_mode(value: str) -> str:
    from aostime.domain.vat import client_mode

    return client_mode(value)


def text(value: str, limit: int = MAX_TEXT) -> str:
    clean = value.strip()
    if len(clean) > limit or any(c in clean for c in "\x00\r"):
        raise BadInput(f"{value[:40]!r}... is longer than {limit} characters" if len(clean) > limit
                       else "text with control characters")  # fmt: skip
    return clean


def address(value: str) -> str:
    """Lines separated by a newline or a typed \\n: street lines, then 'postcode city' last."""
    lines = [line.strip() for line in value.replace("\\n", "\n").split("\n") if line.strip()]
    if not lines:
        raise BadInput("an address needs at least the line with postcode and city")
    return "\n".join(text(line, 200) for line in lines)


def line_template(value: str) -> str:
    """A line description template such as '{date} {project}: {description}'."""
    try:
        names = [name for _, name, _, _ in string.Formatter().parse(value) if name is not None]
    except ValueError as exc:
        raise BadInput(f"line template {value!r} is not a template ({exc})") from None
    unknown = [n for n in names if n not in LINE_FIELDS]
    if unknown or not names:
        raise BadInput(f"line template {value!r} may use {', '.join('{' + f + '}' for f in LINE_FIELDS)}")
    return value


def split_address(text_value: str) -> tuple[tuple[str, ...], str, str]:
    """(street lines, postcode, city) of an address whose last line is 'postcode city' (10119
    Berlin, 75002 Paris): the postcode is that line's first word, so a postcode with a space in
    it is written without (SW1A1AA London)."""
    lines = text_value.split("\n")
    last = lines[-1].split(maxsplit=1)
    if len(last) != 2 or not any(c.isdigit() for c in last[0]):
        raise BadInput(f"the address's last line {lines[-1]!r} is not 'postcode city' (e.g. 10119 Berlin)")
    return tuple(lines[:-1]), last[0], last[1]
