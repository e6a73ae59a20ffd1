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
    """Lines separated by a newline or a typed \\n, as the address's country writes them (read by that
    format in address_in once the country is known)."""
    lines = [line.strip() for line in value.replace("\\n", "\n").split("\n") if line.strip()]
    if not lines:
        raise BadInput("an address needs at least the line with postcode and city")
    return "\n".join(text(line, 200) for line in lines)


def address_in(value: str, country: str | None) -> str:
    """An address checked against its country's format (domain.addresses) when the country is
    known, and kept as the country writes it; without a country, as given (checked at issue)."""
    if not country:
        return address(value)
    from aostime.domain.addresses import canonical

    return canonical(address(value), country)


# The EAS code list as Peppol BIS Billing 3.0 accepts it for an electronic address (BT-34, BT-49):
# the schemes of PEPPOL-EN16931-UBL.sch v3.0.19 (interchange/einvoice/rules/peppol), e.g. 0088 GLN,
# 0204 the German Leitweg-ID, 0009 the French SIRET, 9930 a German VAT id, 0192 a Norwegian org number
PEPPOL_SCHEMES = frozenset("""
0002 0007 0009 0037 0060 0088 0096 0097 0106 0130 0135 0142 0151 0177 0183 0184 0188 0190 0191 0192 0193 0195
0196 0198 0199 0200 0201 0202 0204 0208 0209 0210 0211 0212 0213 0215 0216 0218 0221 0230 0235 9910 9913 9914
9915 9918 9919 9920 9922 9923 9924 9925 9926 9927 9928 9929 9930 9931 9932 9933 9934 9935 9936 9937 9938 9939
9940 9941 9942 9943 9944 9945 9946 9947 9948 9949 9950 9951 9952 9953 9957 9959 0147 0154 0158 0170 0194 0203
0205 0217 0225 0240
""".split())  # noqa: SIM905  # fmt: skip


def peppol_id(value: str, option: str = "--peppol-id") -> str:
    """A Peppol participant id as SCHEME:ID, the scheme from the EAS code list (0204:991-12345-67)."""
    scheme, colon, ident = value.strip().partition(":")
    ident = ident.strip()
    if not colon or not ident or any(c.isspace() for c in ident) or len(ident) > 100:
        raise BadInput(f"{option} {value!r} is not SCHEME:ID (e.g. 0204:991-12345-67, 0088:4035811991014)")
    if scheme.strip() not in PEPPOL_SCHEMES:
        raise BadInput(f"{option} {value!r}: scheme {scheme.strip()!r} is not on Peppol's EAS code list "
                       "(e.g. 0204 Leitweg-ID, 0088 GLN, 0009 SIRET, 9930 German VAT id)")  # fmt: skip
    return f"{scheme.strip()}:{ident}"


def buyer_reference(value: str) -> str:
    """What the buyer wants quoted (BT-10): a German public buyer's Leitweg-ID, a cost centre."""
    return text(value, 200)


def order_reference(value: str) -> str:
    """The buyer's purchase order number an invoice answers (BT-13)."""
    return text(value, 200)


def _luhn(digits: str) -> bool:
    total = 0
    for i, c in enumerate(reversed(digits)):
        d = int(c) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def siren(value: str) -> str:
    """A French SIREN: 9 digits with a Luhn check, kept without spaces."""
    compact = re.sub(r"\s", "", value)
    if not re.fullmatch(r"\d{9}", compact) or not _luhn(compact):
        raise BadInput(f"SIREN {value!r} is not 9 digits passing their check (e.g. 732 829 320)")
    return compact


def siret(value: str) -> str:
    """A French SIRET: the SIREN and a 5-digit establishment number, 14 digits with a Luhn check
    (La Poste's establishments, SIREN 356000000, sum to a multiple of 5 instead)."""
    compact = re.sub(r"\s", "", value)
    ok = re.fullmatch(r"\d{14}", compact) and (
        _luhn(compact) or (compact.startswith("356000000") and sum(map(int, compact)) % 5 == 0)
    )
    if not ok:
        raise BadInput(f"SIRET {value!r} is not 14 digits passing their check (e.g. 732 829 320 00074)")
    return compact


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
