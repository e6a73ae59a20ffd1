"""`aos invoice validate` checks a Factur-X whole: the PDF/A-3 and Factur-X parts of the PDF (XMP
metadata with the fx: extension schema, the attachment's relationship, the output intent, the
fonts) as well as the XML inside; a rule's warnings are shown and leave the document valid; a
draft is no invoice yet and is refused. The stripped copies are written with pypdf from a real
Factur-X made by `aos`."""

from __future__ import annotations

import io

import pytest

from billing_support import ready_to_issue

pytest.importorskip("fpdf")
pytest.importorskip("saxonche")
pypdf = pytest.importorskip("pypdf")
from pypdf.generic import NameObject


@pytest.fixture
def issued(aos, monkeypatch, tmp_path):
    """Acme AG's invoice INV-2026-0001, issued, and its Factur-X at tmp_path/invoice.pdf."""
    monkeypatch.setenv("AOS_NOW", "2026-03-31T12:00:00+00:00")
    aos("client", "add", "Acme AG", "--rate", "95", "--currency", "EUR", "--vat-id", "DE987654321", "--email",
        "ap@acme.example", "--language", "de")  # fmt: skip
    aos("project", "add", "Web", "-c", "Acme AG")
    aos("add", "-p", "Web", "--hours", "12.5", "--date", "2026-03-02", "-d", "Konzept")
    aos("invoice", "create", "-c", "Acme AG", "--tax", "19")
    ready_to_issue(aos, "Acme AG")
    aos("invoice", "issue", "1")
    aos("invoice", "show", "1", "--format", "facturx", "-o", str(tmp_path / "invoice.pdf"))
    return aos


def stripped(path, change) -> bytes:
    """A copy of the PDF at `path` with `change(catalog)` applied, written by pypdf."""
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(str(path)))
    change(writer._root_object)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _attachment(catalog):
    return catalog["/Names"]["/EmbeddedFiles"]["/Names"][1].get_object()


def _drop(key):
    return lambda node: node.__delitem__(NameObject(key))


def _unembed_fonts(catalog):
    for page in catalog["/Pages"].get_object()["/Kids"]:
        for font in page.get_object()["/Resources"]["/Font"].values():
            for descendant in font.get_object()["/DescendantFonts"]:
                del descendant.get_object()["/FontDescriptor"].get_object()[NameObject("/FontFile2")]


def test_the_factur_x_made_by_aos_passes_whole(issued, tmp_path):
    checked = issued("invoice", "validate", str(tmp_path / "invoice.pdf"), "--json").json
    assert checked == {"file": str(tmp_path / "invoice.pdf"), "valid": True, "errors": [], "warnings": []}


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (_drop("/Metadata"), ["[PDF/A] no XMP metadata", "[Factur-X] no XMP metadata"]),
        (_drop("/OutputIntents"), ["[PDF/A] no OutputIntent GTS_PDFA1"]),
        (lambda c: _drop("/AFRelationship")(_attachment(c)), ["[Factur-X] the attachment factur-x.xml has no /AFRelationship"]),
        (_drop("/AF"), ["[PDF/A] the attachment factur-x.xml is not in the catalog's /AF"]),
        (_unembed_fonts, ["[PDF/A] font MPDFAA+DejaVuSansBook is not embedded"]),
    ],
    ids=["xmp", "output-intent", "af-relationship", "af", "fonts"],
)  # fmt: skip
def test_a_factur_x_stripped_of_a_pdf_a_part_fails_naming_it(issued, tmp_path, change, expected):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(stripped(tmp_path / "invoice.pdf", change))
    failed = issued("invoice", "validate", str(bad), expect=1)
    lines = failed.out.splitlines()
    for start in expected:
        assert any(line.startswith(start) for line in lines), (start, lines)
    assert f"{bad}: {len(lines)} error(s)" in failed.err


def _xmp_edited(old: bytes, new: bytes):
    def change(catalog):
        stream = catalog["/Metadata"].get_object()
        stream.set_data(stream.get_data().replace(old, new))

    return change


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (b"<pdfaid:part>3<", b"<pdfaid:part>2<", "[PDF/A] XMP pdfaid:part is 2, not 3"),
        (b"<fx:DocumentFileName>factur-x.xml<", b"<fx:DocumentFileName>invoice.xml<",
         "[Factur-X] XMP fx:DocumentFileName is 'invoice.xml', but the attached XML is 'factur-x.xml'"),
        (b"<fx:ConformanceLevel>EN 16931<", b"<fx:ConformanceLevel>GOLD<", "[Factur-X] XMP fx:ConformanceLevel is GOLD"),
        (b"<fx:ConformanceLevel>EN 16931<", b"<fx:ConformanceLevel>BASIC<",
         "[Factur-X] XMP fx:ConformanceLevel is BASIC, but the XML's profile is EN 16931"),
        (b"<pdfaProperty:name>Version<", b"<pdfaProperty:name>Release<",
         "[PDF/A] the PDF/A extension schema does not describe fx:Version"),
    ],
    ids=["part", "file-name", "level", "other-level", "extension-schema"],
)  # fmt: skip
def test_wrong_xmp_metadata_fails_naming_the_property(issued, tmp_path, old, new, expected):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(stripped(tmp_path / "invoice.pdf", _xmp_edited(old, new)))
    failed = issued("invoice", "validate", str(bad), expect=1)
    assert any(line.startswith(expected) for line in failed.out.splitlines()), failed.out


def test_an_invoice_is_validated_by_its_number_and_a_draft_is_refused(issued):
    assert issued("invoice", "validate", "INV-2026-0001", "--json").json["valid"] is True
    assert issued("invoice", "validate", "1", "--format", "xrechnung", "--json").json["errors"] == []
    issued("add", "-p", "Web", "--hours", "1", "--date", "2026-03-06")
    issued("invoice", "create", "-c", "Acme AG", "--tax", "19")
    refused = issued("invoice", "validate", "INV-2026-0002", expect=1)
    assert refused.err.startswith("Error: invoice INV-2026-0002 is a draft: an e-invoice is made once it is issued")
    assert refused.out == ""
    assert "no such file, nor an invoice" in issued("invoice", "validate", "INV-2026-0099", expect=2).err


def test_a_file_is_checked_as_it_is_and_a_format_for_it_is_refused(issued, tmp_path):
    refused = issued("invoice", "validate", str(tmp_path / "invoice.pdf"), "--format", "ubl", expect=2)
    assert "is a file, checked as it is" in refused.err
    assert "not one of: facturx, xrechnung, ubl" in issued("invoice", "validate", "1", "-f", "pdf", expect=2).err


def test_warnings_are_listed_and_leave_the_document_valid(issued, tmp_path):
    """BR-DE-TMP-32 (a warning of XRechnung): a date of delivery or a period should be given."""
    from lxml import etree

    xml = tmp_path / "invoice.xml"
    issued("invoice", "show", "1", "--format", "xrechnung", "-o", str(xml))
    root = etree.parse(str(xml)).getroot()
    for period in root.iter("{*}BillingSpecifiedPeriod"):
        period.getparent().remove(period)
    bare = tmp_path / "bare.xml"
    bare.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    checked = issued("invoice", "validate", str(bare), "--json").json
    assert checked["valid"] is True and checked["errors"] == []
    assert [w.split("]")[0] for w in checked["warnings"]] == ["[BR-DE-TMP-32"]
    shown = issued("invoice", "validate", str(bare))
    assert shown.out.startswith("warning: [BR-DE-TMP-32] ") and f"{bare}: valid, 1 warning(s)" in shown.err


def test_a_pdf_without_an_invoice_xml_is_no_e_invoice(issued, tmp_path):
    plain = tmp_path / "plain.pdf"
    issued("invoice", "show", "1", "--format", "pdf", "-o", str(plain))
    refused = issued("invoice", "validate", str(plain), expect=2)
    assert "a PDF without an embedded Factur-X/ZUGFeRD XML (factur-x.xml" in refused.err
