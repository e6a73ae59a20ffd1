"""A Factur-X / ZUGFeRD PDF: the CII XML embedded into the invoice's PDF as PDF/A-3, with the
factur-x library (which also writes the XMP metadata naming the profile). The PDF itself comes
from the renderer; it must embed its fonts for the result to be valid PDF/A.

The library dates its metadata (the PDF's /CreationDate and /ModDate, the XMP's dates) by the
clock when it runs; an issued invoice's document is the same bytes at every rendering, dated its
issue. So its two clock functions read the issue's instant while the document is made (under a
lock: the server renders in several threads). tests/cli/test_issued_invoices_frozen.py fails if
a release of the library dates its output another way."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime

from aostime.errors import BadInput

_CLOCK = threading.Lock()


def facturx_pdf(pdf_bytes: bytes, xml: bytes, lang: str | None = None, issued: date | None = None) -> bytes:
    """The PDF with `xml` (from cii.facturx_xml) attached as factur-x.xml, dated `issued`."""
    from facturx import facturx as library  # imported late: it is an optional extra

    if not pdf_bytes.startswith(b"%PDF"):
        raise BadInput("a Factur-X PDF is made from a PDF document")
    at = datetime(issued.year, issued.month, issued.day, tzinfo=UTC) if issued else None
    with _CLOCK:
        pdf_timestamp, metadata_timestamp = library._get_pdf_timestamp, library._get_metadata_timestamp
        if at is not None:
            library._get_pdf_timestamp = lambda date=None: pdf_timestamp(date or at)
            library._get_metadata_timestamp = lambda: at.strftime("%Y-%m-%dT%H:%M:%S+00:00")
        try:
            # check_xsd: the library refuses XML that its own Factur-X schema rejects, before writing
            return library.generate_from_binary(pdf_bytes, xml, flavor="factur-x", level="autodetect",
                                                check_xsd=True, lang=lang)  # fmt: skip
        finally:
            library._get_pdf_timestamp, library._get_metadata_timestamp = pdf_timestamp, metadata_timestamp
