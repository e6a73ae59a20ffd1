"""The words printed on a sendable invoice, in the languages aostime issues (English, German,
French), and the two choices that follow from the language and the client's country: the locale
that formats money and dates, and the paper size.

Locale rule: a language has a home locale (en -> en_GB, de -> de_DE, fr -> fr_FR), refined by the
buyer's country where its conventions differ from the home ones (en -> en_US for a US buyer,
en_CA for a Canadian one; de -> de_AT, de_CH; fr -> fr_CA, fr_CH, fr_BE). English defaults to
en_GB, not en_US, because aostime's senders are mostly European: en_GB writes "31 March 2026"
(day first, as in the rest of Europe) and "€1,234.50", while a US client still gets "March 31,
2026" and "$2,073.00" instead of "US$2,073.00".

Paper rule: US Letter when the buyer is in the United States or Canada (where Letter is the
office paper), A4 everywhere else (ISO 216). The buyer's country decides, not the sender's,
because the buyer is the one who prints and files it.
"""

from __future__ import annotations

from collections.abc import Mapping

from aostime.errors import BadInput

HOME_LOCALES = {"en": "en_GB", "de": "de_DE", "fr": "fr_FR"}
REGIONAL_LOCALES = {
    ("en", "US"): "en_US",
    ("en", "CA"): "en_CA",
    ("de", "AT"): "de_AT",
    ("de", "CH"): "de_CH",
    ("fr", "CA"): "fr_CA",
    ("fr", "CH"): "fr_CH",
    ("fr", "BE"): "fr_BE",
}
LETTER_COUNTRIES = frozenset({"US", "CA"})
A4, LETTER = "A4", "Letter"  # as fpdf2 names the formats

# {placeholders} are filled in by the renderers; every key exists in every language
LABELS: dict[str, dict[str, str]] = {
    "en": {
        "invoice": "Invoice",
        "credit_note": "Credit note",
        "number": "Invoice number",
        "credit_number": "Credit note number",
        "issue_date": "Issue date",
        "due_date": "Due date",
        "service_period": "Service period",
        "buyer_reference": "Your reference",
        "position": "#",
        "description": "Description",
        "quantity": "Quantity",
        "unit_price": "Unit price",
        "amount": "Amount",
        "subtotal": "Subtotal",
        "vat": "VAT {rate}",
        "vat_on": "on {amount}",
        "reverse_charge": "Reverse charge",
        "exempt": "VAT exempt",
        "outside_scope": "Not subject to VAT",
        "vat_in_books": "VAT in {currency} (1 {invoice_currency} = {rate} {currency})",
        "total": "Total",
        "paid": "Paid",
        "draft": "DRAFT",
        "settled": "Settled against the unpaid invoice",
        "refund_due": "To be refunded",
        "amount_due": "Amount due",
        "order_reference": "Order reference",
        "late_payment": "Late payment",
        "seat": "Registered office",
        "register": "Register",
        "managing_directors": "Managing directors",
        "siren": "SIREN",
        "siret": "SIRET",
        "payment_terms": "Payment terms",
        "bank_details": "Bank details",
        "iban": "IBAN",
        "bic": "BIC",
        "account_holder": "Account holder",
        "vat_id": "VAT ID",
        "tax_number": "Tax number",
        "email": "Email",
        "phone": "Phone",
        "bill_to": "Bill to",
        "notes": "Notes",
        "page": "Page {page} of {pages}",
        "cancels": "Cancels invoice {number} of {date}",
        "cancels_undated": "Cancels invoice {number}",
        "hours": "h",
        "units": "pc",
    },
    "de": {
        "invoice": "Rechnung",
        "credit_note": "Rechnungskorrektur",  # not "Gutschrift": in German VAT law that is self-billing (§ 14 Abs. 2 UStG)
        "number": "Rechnungsnummer",
        "credit_number": "Nummer der Rechnungskorrektur",
        "issue_date": "Datum",
        "due_date": "Fällig am",
        "service_period": "Leistungszeitraum",
        "buyer_reference": "Ihre Referenz",
        "position": "Pos.",
        "description": "Beschreibung",
        "quantity": "Menge",
        "unit_price": "Einzelpreis",
        "amount": "Betrag",
        "subtotal": "Zwischensumme",
        "vat": "USt. {rate}",
        "vat_on": "auf {amount}",
        "reverse_charge": "Steuerschuldnerschaft des Leistungsempfängers",
        "exempt": "Steuerfrei",
        "outside_scope": "Nicht steuerbar",
        "vat_in_books": "USt. in {currency} (1 {invoice_currency} = {rate} {currency})",
        "total": "Gesamtbetrag",
        "paid": "Bereits bezahlt",
        "draft": "ENTWURF",
        "settled": "Mit dem offenen Rechnungsbetrag verrechnet",
        "refund_due": "Zu erstatten",
        "amount_due": "Zahlbetrag",
        "order_reference": "Bestellnummer",
        "late_payment": "Zahlungsverzug",
        "seat": "Sitz der Gesellschaft",
        "register": "Registergericht",
        "managing_directors": "Geschäftsführer",
        "siren": "SIREN",
        "siret": "SIRET",
        "payment_terms": "Zahlungsbedingungen",
        "bank_details": "Bankverbindung",
        "iban": "IBAN",
        "bic": "BIC",
        "account_holder": "Kontoinhaber",
        "vat_id": "USt-IdNr.",
        "tax_number": "Steuernummer",
        "email": "E-Mail",
        "phone": "Telefon",
        "bill_to": "Rechnungsempfänger",
        "notes": "Hinweise",
        "page": "Seite {page} von {pages}",
        "cancels": "Storniert die Rechnung {number} vom {date}",
        "cancels_undated": "Storniert die Rechnung {number}",
        "hours": "Std.",
        "units": "Stk.",
    },
    "fr": {
        "invoice": "Facture",
        "credit_note": "Avoir",
        "number": "Numéro de facture",
        "credit_number": "Numéro d’avoir",
        "issue_date": "Date d’émission",
        "due_date": "Date d’échéance",
        "service_period": "Période de prestation",
        "buyer_reference": "Votre référence",
        "position": "N°",
        "description": "Désignation",
        "quantity": "Quantité",
        "unit_price": "Prix unitaire HT",
        "amount": "Montant HT",
        "subtotal": "Total HT",
        "vat": "TVA {rate}",
        "vat_on": "sur {amount}",
        "reverse_charge": "Autoliquidation",
        "exempt": "Exonération de TVA",
        "outside_scope": "Non soumis à la TVA",
        "vat_in_books": "TVA en {currency} (1 {invoice_currency} = {rate} {currency})",
        "total": "Total TTC",
        "paid": "Déjà payé",
        "draft": "BROUILLON",
        "settled": "Imputé sur le montant impayé de la facture",
        "refund_due": "À rembourser",
        "amount_due": "Net à payer",
        "order_reference": "N° de commande",
        "late_payment": "Retard de paiement",
        "seat": "Siège social",
        "register": "Immatriculation",
        "managing_directors": "Dirigeants",
        "siren": "SIREN",
        "siret": "SIRET",
        "payment_terms": "Conditions de paiement",
        "bank_details": "Coordonnées bancaires",
        "iban": "IBAN",
        "bic": "BIC",
        "account_holder": "Titulaire du compte",
        "vat_id": "N° de TVA intracommunautaire",
        "tax_number": "Numéro fiscal",
        "email": "E-mail",
        "phone": "Téléphone",
        "bill_to": "Facturé à",
        "notes": "Mentions",
        "page": "Page {page} sur {pages}",
        "cancels": "Annule la facture {number} du {date}",
        "cancels_undated": "Annule la facture {number}",
        "hours": "h",
        "units": "u.",
    },
}


def labels(language: str) -> Mapping[str, str]:
    """The labels of a language; an unknown one is refused rather than quietly sent in English."""
    try:
        return LABELS[language]
    except KeyError:
        raise BadInput(f"invoices are issued in {', '.join(sorted(LABELS))}, not {language!r}") from None


def locale_for(language: str, buyer_country: str | None = None) -> str:
    """The Babel locale of an invoice: the language's home locale or the buyer's regional one."""
    labels(language)  # refuse an unknown language here too
    return REGIONAL_LOCALES.get((language, (buyer_country or "").upper()), HOME_LOCALES[language])


def paper_size(buyer_country: str | None) -> str:
    """Letter for a buyer in the US or Canada, A4 for everyone else."""
    return LETTER if (buyer_country or "").upper() in LETTER_COUNTRIES else A4
