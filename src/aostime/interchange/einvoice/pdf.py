"""A Factur-X / ZUGFeRD PDF: the CII XML embedded into the invoice's PDF as PDF/A-3, with the
factur-x library (which also writes the XMP metadata naming the profile). The PDF itself comes
from the renderer; it must embed its fonts for the result to be valid PDF/A."""

from __future__ import annotations

from aostime.errors import BadInput


def facturx_pdf(pdf_bytes: bytes, xml: bytes, lang: str | None = None) -> bytes:
    """The PDF with `xml` (from cii.facturx_xml) attached as factur-x.xml."""
    from facturx import generate_from_binary  # imported late: it is an optional extra

    if not pdf_bytes.startswith(b"%PDF"):
        raise BadInput("a Factur-X PDF is made from a PDF document")
    # check_xsd: the library refuses XML that its own Factur-X schema rejects, before writing
    return generate_from_binary(pdf_bytes, xml, flavor="factur-x", level="autodetect", check_xsd=True, lang=lang)
