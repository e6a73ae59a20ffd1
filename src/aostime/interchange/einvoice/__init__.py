"""EU e-invoices made from an InvoiceContent, and their offline validation.

- cii.facturx_xml: Factur-X / ZUGFeRD (UN/CEFACT CII D16B, profile EN 16931)
- cii.xrechnung_xml: XRechnung 3.0 in CII syntax
- ubl.peppol_xml: Peppol BIS Billing 3.0 (UBL 2.1 Invoice or CreditNote)
- pdf.facturx_pdf: the CII XML embedded into a PDF as PDF/A-3
- validate.check: XSD and Schematron (EN 16931, XRechnung, Peppol) from the files in rules/, and of a
  Factur-X PDF its PDF/A-3 and Factur-X parts (pdfa.read_hybrid, with pypdf)

The modules import drafthorse, lxml, saxonche, pypdf and factur-x (the `einvoice` extra); this package
imports none of them itself, so that importing it costs nothing.
"""
