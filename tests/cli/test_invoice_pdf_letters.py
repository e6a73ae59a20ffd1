"""A PDF never leaves out a letter its font cannot draw: such an invoice is refused as a PDF,
naming the letters, while its HTML and e-invoices show them."""

from __future__ import annotations

from billing_support import ready_to_issue


def test_a_text_the_pdf_font_cannot_draw_is_refused_naming_its_letters(acme, tmp_path):
    ready_to_issue(acme, "Acme Corp")
    acme("add", "-p", "Website Redesign", "--date", "2026-03-02", "--hours", "2", "-d", "Entwurf 東京 office")
    acme("invoice", "create", "-c", "Acme Corp")
    refused = acme("invoice", "show", "1", "--format", "pdf", "-o", str(tmp_path / "i.pdf"), expect=1)
    assert refused.err == ("Error: INV-2026-0001 cannot be drawn as a PDF: its font (DejaVuSans) has no letters "
                           "for 京 東; its HTML (--format html) and its XRechnung or UBL show them\n")  # fmt: skip
    assert not (tmp_path / "i.pdf").exists()
    html = acme("invoice", "show", "1", "--format", "html").out
    assert "東京" in html
