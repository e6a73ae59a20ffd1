"""Every text the sender's settings print on an invoice comes in the invoice's language, by one
rule: KEY_de, KEY_en, KEY_fr where set, else KEY (payment_terms, invoice_notes,
invoice_line_template); the notes given with --notes are the invoice's own and printed as given."""

from __future__ import annotations

import pytest
from lxml import etree

from billing_support import ready_to_issue

pytest.importorskip("fpdf")
pytest.importorskip("saxonche")

RAM = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"


@pytest.fixture
def two_languages(aos, monkeypatch):
    """Acme AG (German invoices) and Client SARL (French), an hour of work each, and the sender's
    texts: invoice_notes and the line template in one text and in German."""
    monkeypatch.setenv("AOS_NOW", "2026-03-31T12:00:00+00:00")
    for name, language, vat in (("Acme AG", "de", "DE987654321"), ("Client SARL", "fr", "FR40303265045")):
        aos("client", "add", name, "--rate", "100", "--currency", "EUR", "--vat-id", vat, "--email", "ap@x.example",
            "--language", language)  # fmt: skip
        aos("project", "add", f"Web {language}", "-c", name)
        aos("add", "-p", f"Web {language}", "--hours", "1", "--date", "2026-03-02", "-d", "Konzept")
    ready_to_issue(aos, "Acme AG", "Client SARL")
    aos("config", "set", "invoice_notes", "Thank you for your business.")
    aos("config", "set", "invoice_notes_de", "Vielen Dank für Ihren Auftrag.")
    aos("config", "set", "invoice_line_template", "{date}: work ({hours} h)")
    aos("config", "set", "invoice_line_template_de", "{date}: Arbeit ({hours} Std.)")
    return aos


def _html(aos, number: str, tmp_path) -> str:
    page = tmp_path / f"{number}.html"
    aos("invoice", "show", number, "--format", "html", "-o", str(page))
    return page.read_text(encoding="utf-8")


def test_the_invoice_notes_and_line_wording_follow_the_invoice_s_language(two_languages, tmp_path):
    aos = two_languages
    german = aos("invoice", "create", "-c", "Acme AG", "--tax", "19", "--json").json
    french = aos("invoice", "create", "-c", "Client SARL", "--notes", "Projet Alpha, bon de commande 4711",
                 "--json").json  # fmt: skip
    assert german["lines"][0]["description"] == "2026-03-02: Arbeit (1.00 Std.)"
    assert french["lines"][0]["description"] == "2026-03-02: work (1.00 h)"  # no French template: the one text
    page = _html(aos, german["number"], tmp_path)
    assert "Vielen Dank für Ihren Auftrag." in page and "Thank you" not in page
    page = _html(aos, french["number"], tmp_path)
    assert "Projet Alpha, bon de commande 4711" in page and "Thank you for your business." in page
    aos("config", "set", "invoice_notes_fr", "Merci de votre confiance.")
    page = _html(aos, french["number"], tmp_path)  # a draft follows the settings until it is issued
    assert "Merci de votre confiance." in page and "Thank you" not in page
    assert "Projet Alpha, bon de commande 4711" in page  # --notes: the invoice's own, as given


def test_the_e_invoice_carries_the_notes_in_its_language(two_languages, tmp_path):
    aos = two_languages
    aos("invoice", "create", "-c", "Acme AG", "--tax", "19", "--notes", "Bestellung 4711")
    aos("invoice", "issue", "1")
    xml = tmp_path / "invoice.xml"
    aos("invoice", "show", "1", "--format", "xrechnung", "-o", str(xml))
    notes = [n.text for n in etree.parse(str(xml)).iter(f"{{{RAM}}}Content")]
    assert notes == ["Bestellung 4711", "Vielen Dank für Ihren Auftrag."]
    aos("config", "set", "invoice_notes_de", "Anders.")  # issued: its document is kept as it was
    aos("invoice", "show", "1", "--format", "ubl", "-o", str(xml))
    (note,) = [n.text for n in etree.parse(str(xml)).getroot().findall(f"{{{CBC}}}Note")]
    assert note == "Bestellung 4711\n\nVielen Dank für Ihren Auftrag."
    assert aos("invoice", "validate", str(xml), "--json").json["errors"] == []


def test_lines_marked_onto_a_draft_are_worded_as_its_other_lines(two_languages):
    aos = two_languages
    aos("invoice", "create", "-c", "Acme AG", "--tax", "19")
    later = aos("add", "-p", "Web de", "--hours", "2", "--date", "2026-03-04", "--json").json
    aos("invoice", "mark", str(later["id"]), "--invoice", "1")
    lines = aos("invoice", "show", "1", "--json").json["lines"]
    assert [line["description"] for line in lines] == [
        "2026-03-02: Arbeit (1.00 Std.)",
        "2026-03-04: Arbeit (2.00 Std.)",
    ]
