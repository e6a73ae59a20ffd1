"""What the law asks an invoice to say beyond the parties, and what the e-invoice standards need
to route it: a company's register details in the footer (§ 35a GmbHG), a French sender's SIREN,
SIRET and late-payment terms (Code de commerce L441-9, L441-10, D441-5), the buyer's reference
(BT-10, a German public buyer's Leitweg-ID), the buyer's purchase order (BT-13) and both parties'
Peppol ids (BT-34, BT-49). Every e-invoice made with them passes the real EN 16931, XRechnung and
Peppol rules (interchange/einvoice/validate.py)."""

from __future__ import annotations

import io

import pytest
from lxml import etree

from billing_support import ready_to_issue

pytest.importorskip("facturx", reason="the e-invoice extra is not installed")
RAM = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
NS = {"ram": RAM, "cbc": CBC, "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"}
LEITWEG_ID = "04011000-1234512345-06"
GMBH = {"company_register_court": "Amtsgericht Charlottenburg", "company_register_number": "HRB 12345 B",
        "company_managing_directors": "Anna Müller, Ben Schmidt"}  # fmt: skip
FRENCH_SENDER = {"company_country": "FR", "company_address": "12 rue de la Paix\\n75002 Paris",
                 "company_vat_id": "FR40303265045", "company_siren": "732 829 320", "company_siret": "732 829 320 00074",
                 "company_register_court": "RCS Paris", "company_register_number": "732 829 320"}  # fmt: skip
USD_WITH_VAT = ("--exchange-rate", "0.92")  # Acme is billed in USD with German VAT: its VAT in EUR too


@pytest.fixture
def sender(acme, monkeypatch):
    monkeypatch.setenv("AOS_NOW", "2026-03-10T12:00:00+00:00")
    ready_to_issue(acme, "Acme Corp")
    acme("client", "edit", "Acme Corp", "--email", "ap@acme.example", "--vat-id", "DE811569869", "--language", "de")
    acme("config", "set", "tax_rate", "19")
    acme("add", "-p", "Website", "--start", "2026-03-02 09:00", "--end", "2026-03-02 11:00", "-d", "Concepts")
    return acme


def document(aos, tmp_path, fmt: str, ref: str = "1") -> bytes:
    path = tmp_path / f"{ref}-{fmt}-{len(list(tmp_path.iterdir()))}"
    aos("invoice", "show", ref, "--format", fmt, "-o", str(path))
    return path.read_bytes()


def pdf_text(pdf: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def validated(aos, tmp_path, fmt: str):
    """The e-invoice's XML tree, after the real rules found nothing wrong with it."""
    from aostime.interchange.einvoice.validate import validate

    xml = document(aos, tmp_path, fmt)
    assert validate(xml) == []
    return etree.fromstring(xml)


def issue(aos, *create: str) -> None:
    aos("invoice", "create", "--client", "Acme Corp", *create)
    aos("invoice", "issue", "1", *USD_WITH_VAT)


def test_a_gmbhs_register_court_number_seat_and_directors_are_in_the_footer_and_the_e_invoice(sender, tmp_path):
    aos = sender
    for key, value in GMBH.items():
        aos("config", "set", key, value)
    issue(aos)
    footer = ("Sitz der Gesellschaft: Berlin · Registergericht: Amtsgericht Charlottenburg HRB 12345 B · "
              "Geschäftsführer: Anna Müller, Ben Schmidt")  # fmt: skip
    assert '<footer class="legal"' in (page := document(aos, tmp_path, "html").decode()) and footer in page
    assert "Amtsgericht Charlottenburg HRB 12345 B" in pdf_text(document(aos, tmp_path, "pdf"))
    for fmt in ("xrechnung", "ubl"):
        root = validated(aos, tmp_path, fmt)
        text = etree.tostring(root, encoding="unicode")
        assert "HRB 12345 B" in text and "Managing directors: Anna Müller, Ben Schmidt" in text
    seller = validated(aos, tmp_path, "xrechnung").find(f".//{{{RAM}}}SellerTradeParty")
    assert seller.findtext(f"{{{RAM}}}SpecifiedLegalOrganization/{{{RAM}}}ID") == "HRB 12345 B"  # BT-30


def test_a_registered_seat_apart_from_the_address_is_printed_as_set(sender, tmp_path):
    aos = sender
    aos("config", "set", "company_seat", "Potsdam")
    aos("config", "set", "company_register_number", "HRB 999 P")
    issue(aos)
    assert "Sitz der Gesellschaft: Potsdam · Registergericht: HRB 999 P" in document(aos, tmp_path, "html").decode()


def test_a_sender_without_register_details_prints_no_footer(sender, tmp_path):
    issue(sender)
    assert b'class="legal"' not in document(sender, tmp_path, "html")


def test_a_french_senders_invoice_names_siren_siret_and_the_laws_late_payment_terms(sender, tmp_path):
    aos = sender
    for key, value in FRENCH_SENDER.items():
        aos("config", "set", key, value)
    aos("client", "edit", "Acme Corp", "--language", "fr")
    issue(aos)
    page = document(aos, tmp_path, "html").decode()
    assert "SIREN 732829320 · SIRET 73282932000074" in page
    assert "Siège social: Paris · Immatriculation: RCS Paris 732 829 320" in page
    for mention in ("majoré de 10 points", "L441-10", "Indemnité forfaitaire pour frais de recouvrement : 40 €",
                    "D441-5", "Escompte pour paiement anticipé : néant"):  # fmt: skip
        assert mention in page
    assert "40 €" in pdf_text(document(aos, tmp_path, "pdf"))
    root = validated(aos, tmp_path, "ubl")
    assert "40 €" in root.findtext("cac:PaymentTerms/cbc:Note", namespaces=NS)  # BT-20, with the penalties
    legal = root.find(".//cac:AccountingSupplierParty//cac:PartyLegalEntity/cbc:CompanyID", namespaces=NS)
    assert (legal.get("schemeID"), legal.text) == ("0002", "732829320")  # BT-30: the SIREN
    cii = validated(aos, tmp_path, "xrechnung")
    terms = cii.findtext(f".//{{{RAM}}}SpecifiedTradePaymentTerms/{{{RAM}}}Description")
    assert "30 days net" in terms and "40 €" in terms


def test_late_payment_terms_follow_the_invoices_language_as_payment_terms_do(sender, tmp_path):
    aos = sender
    aos("config", "set", "late_payment_terms", "Interest of 9 points above the base rate (§ 288 BGB).")
    aos("config", "set", "late_payment_terms_de", "Verzugszinsen: 9 Prozentpunkte über dem Basiszinssatz.")
    aos("invoice", "create", "--client", "Acme Corp")
    assert "Zahlungsverzug:</span> Verzugszinsen: 9 Prozentpunkte" in document(aos, tmp_path, "html").decode()
    aos("client", "edit", "Acme Corp", "--language", "en")
    assert "Late payment:</span> Interest of 9 points" in document(aos, tmp_path, "html").decode()


def test_a_german_sender_without_late_payment_terms_prints_none_and_a_french_one_can_set_its_own(sender, tmp_path):
    aos = sender
    aos("invoice", "create", "--client", "Acme Corp")
    assert "Zahlungsverzug" not in document(aos, tmp_path, "html").decode()
    for key, value in FRENCH_SENDER.items():
        aos("config", "set", key, value)
    assert "Kein Skonto bei vorzeitiger Zahlung." in document(aos, tmp_path, "html").decode()  # the law's, in German
    aos("config", "set", "late_payment_terms_de", "Verzugszinsen: dreifacher gesetzlicher Zinssatz; 40 € Pauschale.")
    page = document(aos, tmp_path, "html").decode()
    assert "dreifacher gesetzlicher Zinssatz" in page and "Kein Skonto" not in page


def test_a_german_public_buyer_with_a_leitweg_id_gets_a_valid_xrechnung_with_bt_10_set(sender, tmp_path):
    aos = sender
    aos("client", "edit", "Acme Corp", "--buyer-reference", LEITWEG_ID, "--peppol-id", f"0204:{LEITWEG_ID}")
    issue(aos)
    root = validated(aos, tmp_path, "xrechnung")
    assert root.findtext(f".//{{{RAM}}}ApplicableHeaderTradeAgreement/{{{RAM}}}BuyerReference") == LEITWEG_ID
    address = root.find(f".//{{{RAM}}}BuyerTradeParty/{{{RAM}}}URIUniversalCommunication/{{{RAM}}}URIID")
    assert (address.get("schemeID"), address.text) == ("0204", LEITWEG_ID)  # BT-49
    peppol = validated(aos, tmp_path, "ubl")
    assert peppol.findtext("cbc:BuyerReference", namespaces=NS) == LEITWEG_ID
    assert f"Ihre Referenz</td><td>{LEITWEG_ID}" in document(aos, tmp_path, "html").decode()


def test_without_a_buyer_reference_bt_10_is_the_invoices_own_number_as_before(sender, tmp_path):
    issue(sender)
    root = validated(sender, tmp_path, "xrechnung")
    assert root.findtext(f".//{{{RAM}}}BuyerReference") == "INV-2026-0001"


def test_an_order_reference_is_kept_printed_and_sent_as_bt_13(sender, tmp_path):
    aos = sender
    created = aos("invoice", "create", "--client", "Acme Corp", "--order-reference", "PO-4711", "--json").json
    assert created["order_reference"] == "PO-4711"
    aos("invoice", "issue", "1", *USD_WITH_VAT)
    assert "Bestellnummer</td><td>PO-4711" in document(aos, tmp_path, "html").decode()
    cii = validated(aos, tmp_path, "xrechnung")
    assert cii.findtext(f".//{{{RAM}}}BuyerOrderReferencedDocument/{{{RAM}}}IssuerAssignedID") == "PO-4711"
    ubl = validated(aos, tmp_path, "ubl")
    assert ubl.findtext("cac:OrderReference/cbc:ID", namespaces=NS) == "PO-4711"
    cancelled = aos("invoice", "cancel", "1", "--json").json  # its credit note answers the same order
    assert aos("invoice", "show", "2", "--json").json["order_reference"] == "PO-4711" and cancelled


def test_an_order_reference_that_came_after_the_draft_is_given_at_issue(sender, tmp_path):
    aos = sender
    aos("invoice", "create", "--client", "Acme Corp")
    issued = aos("invoice", "issue", "1", "--order-reference", "PO-0815", *USD_WITH_VAT, "--json").json
    assert issued["order_reference"] == "PO-0815" and issued["status"] == "sent"
    ubl = validated(aos, tmp_path, "ubl")
    assert ubl.findtext("cac:OrderReference/cbc:ID", namespaces=NS) == "PO-0815"


def test_peppol_ids_address_both_parties_and_a_wrong_one_is_refused_naming_its_option(sender, tmp_path):
    aos = sender
    aos("client", "edit", "Acme Corp", "--vat-id", "")  # no VAT id: only its Peppol id addresses it
    aos("config", "set", "company_peppol_id", "0088:4035811991014")
    aos("client", "edit", "Acme Corp", "--peppol-id", "0060:987654321")
    assert aos("client", "list", "--json").json[0]["peppol_id"] == "0060:987654321"
    issue(aos)
    root = validated(aos, tmp_path, "ubl")
    endpoints = [(e.get("schemeID"), e.text) for e in root.xpath("//cbc:EndpointID", namespaces=NS)]
    assert endpoints == [("0088", "4035811991014"), ("0060", "987654321")]
    for args, option in ((("client", "edit", "Acme Corp", "--peppol-id", "987654321"), "--peppol-id"),
                         (("client", "edit", "Acme Corp", "--peppol-id", "XX:1"), "--peppol-id"),
                         (("config", "set", "company_peppol_id", "0060"), "company_peppol_id")):  # fmt: skip
        refused = aos(*args, expect=2)
        assert option in refused.err and refused.err.count("\n") == 1 and "extra[" not in refused.err


def test_a_party_without_peppol_id_or_eu_vat_id_is_named_with_the_command_that_gives_it(sender, tmp_path):
    aos = sender
    aos("client", "edit", "Acme Corp", "--vat-id", "")
    issue(aos)
    refused = aos("invoice", "show", "1", "--format", "ubl", "-o", str(tmp_path / "x.xml"), expect=2)
    assert "aos client edit 'Acme Corp' --peppol-id SCHEME:ID" in refused.err and "extra[" not in refused.err


def test_the_new_settings_are_checked_as_given(aos):
    assert aos("config", "set", "company_siren", "732 829 321", expect=2).err.count("SIREN") == 1
    assert "SIRET" in aos("config", "set", "company_siret", "73282932000075", expect=2).err
    aos("config", "set", "company_siret", "356 000 000 00010")  # La Poste: its own check
    assert aos("config", "get", "company_siret").out.strip() == "35600000000010"
