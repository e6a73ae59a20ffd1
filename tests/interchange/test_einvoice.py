"""The e-invoices made from an InvoiceContent: every sample as Factur-X (CII, EN 16931), XRechnung
(CII) and Peppol BIS (UBL) passes the schema and the Schematron rules of its standard, offline;
documents made wrong on purpose fail with the rule that catches them; the credit note, reverse
charge and the small-business exemption say what the standard wants them to say."""

from __future__ import annotations

import dataclasses
import io
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree

from aostime.errors import BadInput
from aostime.interchange.einvoice import cii, ubl
from aostime.interchange.einvoice.validate import detect, validate
from invoice_samples import ALL

RAM = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
NS = {
    "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
    "ram": RAM,
    "cbc": ubl.CBC,
    "cac": ubl.CAC,
}
BUILDERS = {"facturx": cii.facturx_xml, "xrechnung": cii.xrechnung_xml, "peppol": ubl.peppol_xml}
CUSTOMIZATIONS = {
    "facturx": "urn:cen.eu:en16931:2017",
    "xrechnung": "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0",
    "peppol": "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0",
}
# What two samples lack for some standards, as a sender would add it in the settings: XRechnung
# and Peppol (German seller to German buyer) want the seller's phone; Peppol wants a participant
# id for parties without an EU VAT id (0060: a DUNS number).
PHONE = {"phone": "+49 341 1234567"}
PEPPOL_IDS = {
    "small_business": ("seller", "0060:123456789"),
    "standard_usd": ("buyer", "0060:987654321"),
    "outside_scope": ("buyer", "0060:987654321"),
    "small_business_fr": ("seller", "0009:12345678900012"),
}


def sendable(sample: str, kind: str):
    content = ALL[sample]()
    if sample == "small_business" and kind in ("xrechnung", "peppol"):
        content = dataclasses.replace(content, seller=dataclasses.replace(content.seller, **PHONE))
    if kind == "peppol" and sample in PEPPOL_IDS:  # as company_peppol_id or a client's --peppol-id give it
        role, peppol_id = PEPPOL_IDS[sample]
        party = dataclasses.replace(getattr(content, role), electronic_address=peppol_id)
        content = dataclasses.replace(content, **{role: party})
    return content


def build(sample: str, kind: str) -> bytes:
    return BUILDERS[kind](sendable(sample, kind))


def tree(xml: bytes):
    return etree.fromstring(xml)


def rule_ids(errors: list[str]) -> set[str]:
    return {error[1 : error.index("]")] for error in errors}


@pytest.mark.parametrize("kind", BUILDERS)
@pytest.mark.parametrize("sample", ALL)
def test_every_sample_passes_schema_and_schematron(sample, kind):
    xml = build(sample, kind)
    assert detect(tree(xml)).customization == CUSTOMIZATIONS[kind]
    assert validate(xml) == []


def test_a_standard_s_missing_facts_are_refused_not_guessed():
    with pytest.raises(BadInput, match="phone"):
        cii.xrechnung_xml(ALL["small_business"]())
    with pytest.raises(BadInput, match="participant id"):
        ubl.peppol_xml(ALL["standard_usd"]())


def _shift(xml: bytes, xpath: str, by: str = "1.00") -> bytes:
    """The document with the amount at `xpath` changed by `by`."""
    root = tree(xml)
    (node,) = root.xpath(xpath, namespaces=NS)
    node.text = str(Decimal(node.text) + Decimal(by))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


CII_TAX_TOTAL = "//ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:TaxTotalAmount"
CII_LINE_TOTAL = "//ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:LineTotalAmount"
UBL_TAX_TOTAL = "/*/cac:TaxTotal/cbc:TaxAmount"
UBL_LINE_TOTAL = "/*/cac:LegalMonetaryTotal/cbc:LineExtensionAmount"


@pytest.mark.parametrize(
    ("kind", "xpath"),
    [("facturx", CII_TAX_TOTAL), ("xrechnung", CII_TAX_TOTAL), ("peppol", UBL_TAX_TOTAL)],
)
def test_a_wrong_vat_total_fails_br_co_14(kind, xpath):
    errors = validate(_shift(build("standard_eur", kind), xpath))
    assert "BR-CO-14" in rule_ids(errors), errors  # BT-110 = the sum of the breakdown's BT-117


@pytest.mark.parametrize(
    ("kind", "xpath"),
    [("facturx", CII_LINE_TOTAL), ("xrechnung", CII_LINE_TOTAL), ("peppol", UBL_LINE_TOTAL)],
)
def test_a_wrong_line_sum_fails_br_co_10(kind, xpath):
    errors = validate(_shift(build("standard_eur", kind), xpath))
    assert "BR-CO-10" in rule_ids(errors), errors  # BT-106 = the sum of the lines' BT-131


def test_a_line_whose_net_does_not_match_fails():
    xml = _shift(build("standard_eur", "peppol"), "/*/cac:InvoiceLine[1]/cbc:LineExtensionAmount")
    assert {"BR-CO-10", "PEPPOL-EN16931-R120"} <= rule_ids(validate(xml))


def test_the_rules_of_a_claimed_cius_run_too():
    xrechnung = tree(build("standard_eur", "xrechnung"))
    for node in xrechnung.xpath("//ram:BuyerReference", namespaces=NS):
        node.getparent().remove(node)
    assert "BR-DE-15" in rule_ids(validate(etree.tostring(xrechnung)))
    peppol = tree(build("standard_eur", "peppol"))
    for node in peppol.xpath("/*/cbc:BuyerReference", namespaces=NS):
        node.getparent().remove(node)
    assert "PEPPOL-EN16931-R003" in rule_ids(validate(etree.tostring(peppol)))


def test_schema_errors_and_unknown_documents_are_reported():
    root = tree(build("standard_eur", "peppol"))
    root.remove(root.find(f"{{{ubl.CBC}}}ID"))
    assert validate(etree.tostring(root))[0].startswith("[XSD]")
    assert validate(b"<html/>")[0].startswith("[SYNTAX]")
    assert validate(b"not xml")[0].startswith("[XML]")


@pytest.mark.parametrize("kind", ["facturx", "xrechnung"])
def test_the_credit_note_in_cii_is_381_with_positive_amounts_and_its_invoice(kind):
    root = tree(build("credit_note", kind))
    assert root.xpath("string(rsm:ExchangedDocument/ram:TypeCode)", namespaces=NS) == "381"
    amounts = root.xpath("//ram:SpecifiedTradeSettlementHeaderMonetarySummation/*", namespaces=NS)
    assert {a.tag.split("}")[1]: a.text for a in amounts if a.text != "0.00"} == {
        "LineTotalAmount": "1727.50", "TaxBasisTotalAmount": "1727.50", "TaxTotalAmount": "328.23",
        "GrandTotalAmount": "2055.73", "DuePayableAmount": "2055.73",
    }  # fmt: skip
    assert root.xpath("string(//ram:ApplicableTradeTax/ram:CalculatedAmount)", namespaces=NS) == "328.23"
    reference = "//ram:ApplicableHeaderTradeSettlement/ram:InvoiceReferencedDocument"
    assert root.xpath(f"string({reference}/ram:IssuerAssignedID)", namespaces=NS) == "INV-2026-0007"
    assert root.xpath(f"string({reference}/ram:FormattedIssueDateTime/*)", namespaces=NS) == "20260331"
    # the discount, negative on the invoice, is a positive price on a negative quantity here
    assert root.xpath("//ram:BilledQuantity/text()", namespaces=NS) == ["12.5", "3.25", "1", "-1"]
    assert root.xpath("//ram:NetPriceProductTradePrice/ram:ChargeAmount/text()", namespaces=NS)[3] == "100.00"


def test_the_credit_note_in_ubl_is_a_creditnote_with_positive_amounts():
    root = tree(build("credit_note", "peppol"))
    assert etree.QName(root).localname == "CreditNote"
    assert root.findtext(f"{{{ubl.CBC}}}CreditNoteTypeCode") == "381"
    assert root.xpath("string(cac:LegalMonetaryTotal/cbc:PayableAmount)", namespaces=NS) == "2055.73"
    assert root.xpath("string(cac:TaxTotal/cbc:TaxAmount)", namespaces=NS) == "328.23"
    assert root.xpath("cac:CreditNoteLine/cbc:CreditedQuantity/text()", namespaces=NS) == ["12.5", "3.25", "1", "-1"]
    reference = "cac:BillingReference/cac:InvoiceDocumentReference"
    assert root.xpath(f"string({reference}/cbc:ID)", namespaces=NS) == "INV-2026-0007"
    assert root.xpath(f"string({reference}/cbc:IssueDate)", namespaces=NS) == "2026-03-31"


def test_reverse_charge_is_category_ae_with_both_vat_ids():
    root = tree(build("reverse_charge", "facturx"))
    tax = root.xpath("//ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax", namespaces=NS)[0]
    assert tax.findtext(f"{{{RAM}}}CategoryCode") == "AE"
    assert tax.findtext(f"{{{RAM}}}ExemptionReasonCode") == "VATEX-EU-AE"
    assert "Art. 196" in tax.findtext(f"{{{RAM}}}ExemptionReason")
    assert set(root.xpath("//ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax/ram:CategoryCode/text()",
                          namespaces=NS)) == {"AE"}  # fmt: skip
    vat_ids = "//ram:{}TradeParty/ram:SpecifiedTaxRegistration/ram:ID[@schemeID='VA']/text()"
    assert root.xpath(vat_ids.format("Seller"), namespaces=NS) == ["DE123456789"]
    assert root.xpath(vat_ids.format("Buyer"), namespaces=NS) == ["FR40303265045"]
    peppol = tree(build("reverse_charge", "peppol"))
    assert peppol.xpath("string(cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:ID)", namespaces=NS) == "AE"
    endpoints = peppol.xpath("//cbc:EndpointID", namespaces=NS)
    assert [(e.get("schemeID"), e.text) for e in endpoints] == [("9930", "DE123456789"), ("9957", "FR40303265045")]


def test_small_business_is_category_e_with_its_reason():
    for kind in ("facturx", "xrechnung"):
        root = tree(build("small_business", kind))
        tax = root.xpath("//ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax", namespaces=NS)[0]
        assert tax.findtext(f"{{{RAM}}}CategoryCode") == "E"
        assert tax.findtext(f"{{{RAM}}}ExemptionReason") == "Gemäß § 19 UStG wird keine Umsatzsteuer berechnet."
        assert tax.findtext(f"{{{RAM}}}CalculatedAmount") == "0.00"
        registrations = root.xpath("//ram:SellerTradeParty/ram:SpecifiedTaxRegistration/ram:ID", namespaces=NS)
        assert [(r.get("schemeID"), r.text) for r in registrations] == [("FC", "231/456/78901")]
    peppol = tree(build("small_business", "peppol"))
    category = peppol.xpath("cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory", namespaces=NS)[0]
    assert category.findtext(f"{{{ubl.CBC}}}ID") == "E"
    assert "§ 19 UStG" in category.findtext(f"{{{ubl.CBC}}}TaxExemptionReason")


def _breakdown_cii(root) -> list[tuple[str, str, str, str]]:
    rows = root.xpath("//ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax", namespaces=NS)
    return [tuple(row.findtext(f"{{{RAM}}}{name}") for name in ("CategoryCode", "RateApplicablePercent",
                                                              "BasisAmount", "CalculatedAmount")) for row in rows]  # fmt: skip


def _breakdown_ubl(root) -> list[tuple[str, str, str, str]]:
    rows = root.xpath("cac:TaxTotal/cac:TaxSubtotal", namespaces=NS)
    return [(row.xpath("string(cac:TaxCategory/cbc:ID)", namespaces=NS),
             row.xpath("string(cac:TaxCategory/cbc:Percent)", namespaces=NS),
             row.xpath("string(cbc:TaxableAmount)", namespaces=NS), row.xpath("string(cbc:TaxAmount)", namespaces=NS))
            for row in rows]  # fmt: skip


def test_two_vat_rates_make_two_breakdown_rows_each_rounded_once_in_every_syntax():
    expected = [("S", "19.00", "1245.55", "236.65"), ("S", "7.00", "116.85", "8.18")]
    for kind in ("facturx", "xrechnung"):
        root = tree(build("multi_rate", kind))
        assert _breakdown_cii(root) == expected
        assert root.xpath("string(//ram:TaxTotalAmount)", namespaces=NS) == "244.83"
        line_rates = "//ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax/ram:RateApplicablePercent/text()"
        assert root.xpath(line_rates, namespaces=NS) == ["19.00", "19.00", "7.00", "7.00"]
    assert _breakdown_ubl(tree(build("multi_rate", "peppol"))) == expected
    # the credit note states the same rows with positive amounts (a 381 says which way the money goes)
    assert _breakdown_ubl(tree(build("multi_rate_credit_note", "peppol"))) == expected


def test_outside_scope_is_category_o_without_rates_or_vat_ids():
    for sample, reason in (("outside_scope", "§ 3a (2) UStG"), ("outside_scope_fr", "article 259-1 du CGI")):
        for kind in ("facturx", "xrechnung"):
            root = tree(build(sample, kind))
            tax = root.xpath("//ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax", namespaces=NS)[0]
            assert (tax.findtext(f"{{{RAM}}}CategoryCode"), tax.findtext(f"{{{RAM}}}ExemptionReasonCode")) == (
                "O",
                "VATEX-EU-O",
            )
            assert reason in tax.findtext(f"{{{RAM}}}ExemptionReason")
            assert root.xpath("//ram:SpecifiedTaxRegistration/ram:ID[@schemeID='VA']", namespaces=NS) == []  # BR-O-02
            assert root.xpath("//ram:SpecifiedLineTradeSettlement//ram:RateApplicablePercent", namespaces=NS) == []
        peppol = tree(build(sample, "peppol"))
        assert peppol.xpath("//cac:PartyTaxScheme[cac:TaxScheme/cbc:ID='VAT']", namespaces=NS) == []
        assert peppol.xpath("//cac:ClassifiedTaxCategory/cbc:Percent", namespaces=NS) == []
        assert _breakdown_ubl(peppol) == [("O", "0.00", "1727.50", "0.00")]


def test_the_french_small_business_says_art_293_b_with_its_vatex_code():
    root = tree(build("small_business_fr", "facturx"))
    tax = root.xpath("//ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax", namespaces=NS)[0]
    assert tax.findtext(f"{{{RAM}}}ExemptionReason") == "TVA non applicable, art. 293 B du CGI."
    assert tax.findtext(f"{{{RAM}}}ExemptionReasonCode") == "VATEX-FR-FRANCHISE"
    category = tree(build("small_business_fr", "peppol")).xpath("cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory",
                                                                namespaces=NS)[0]  # fmt: skip
    assert (category.findtext(f"{{{ubl.CBC}}}ID"), category.findtext(f"{{{ubl.CBC}}}TaxExemptionReasonCode")) == (
        "E",
        "VATEX-FR-FRANCHISE",
    )


@pytest.mark.parametrize("sample", ["foreign_currency_vat", "foreign_currency_credit_note"])
def test_a_foreign_currency_invoice_states_its_vat_in_the_accounting_currency_too(sample):
    """BT-6 (the VAT accounting currency) and BT-111 (the VAT total in it): 328.23 USD x 0.92 = 301.97 EUR."""
    for kind in ("facturx", "xrechnung"):
        root = tree(build(sample, kind))
        assert root.xpath("string(//ram:TaxCurrencyCode)", namespaces=NS) == "EUR"
        totals = root.xpath("//ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:TaxTotalAmount", namespaces=NS)
        assert [(t.get("currencyID"), t.text) for t in totals] == [("USD", "328.23"), ("EUR", "301.97")]
    peppol = tree(build(sample, "peppol"))
    assert peppol.xpath("string(cbc:TaxCurrencyCode)", namespaces=NS) == "EUR"
    totals = peppol.xpath("cac:TaxTotal/cbc:TaxAmount", namespaces=NS)
    assert [(t.get("currencyID"), t.text) for t in totals] == [("USD", "328.23"), ("EUR", "301.97")]
    assert len(peppol.xpath("cac:TaxTotal[cac:TaxSubtotal]", namespaces=NS)) == 1  # the EUR one has no rows


def _font() -> Path:
    for candidate in (Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
                      *Path(__file__).parents[2].glob("src/aostime/**/DejaVuSans.ttf")):  # fmt: skip
        if candidate.is_file():
            return candidate
    pytest.skip("no DejaVuSans.ttf to embed")


def test_facturx_pdf_embeds_the_xml_as_pdf_a_3():
    fpdf = pytest.importorskip("fpdf")
    from facturx import get_xml_from_pdf
    from pypdf import PdfReader

    from aostime.interchange.einvoice.pdf import facturx_pdf

    document = fpdf.FPDF()
    document.add_page()
    document.add_font("DejaVu", fname=str(_font()))
    document.set_font("DejaVu", size=12)
    document.cell(text="Rechnung INV-2026-0007 – Müller & Söhne")
    xml = build("standard_eur", "facturx")
    result = facturx_pdf(bytes(document.output()), xml)
    name, embedded = get_xml_from_pdf(result, check_xsd=True)
    assert (name, embedded) == ("factur-x.xml", xml)
    catalog = PdfReader(io.BytesIO(result)).trailer["/Root"]
    assert catalog["/AF"][0].get_object()["/AFRelationship"] == "/Data"  # PDF/A-3's associated file
    assert b"<pdfaid:part>3</pdfaid:part>" in catalog["/Metadata"].get_object().get_data()
    with pytest.raises(BadInput):
        facturx_pdf(b"not a pdf", xml)


def test_a_document_in_another_encoding_is_read_as_such():
    root = tree(build("small_business", "facturx"))
    latin1 = etree.tostring(root, xml_declaration=True, encoding="ISO-8859-1")
    assert "§".encode("latin-1") in latin1
    assert validate(latin1) == []
    assert "BR-CO-14" in rule_ids(validate(_shift(latin1, CII_TAX_TOTAL)))
