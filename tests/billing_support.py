"""A sender whose invoices can be issued: the settings and a client's billing fields an invoice
needs before it goes out (SPEC §9), for the tests that issue, pay or cancel invoices."""

from __future__ import annotations

SENDER = {"company_name": "Müller & Söhne Webdesign GmbH", "company_address": "Torstraße 12\\n10119 Berlin",
          "company_country": "DE", "company_vat_id": "DE123456789", "company_email": "rechnung@mueller-web.example",
          "company_phone": "+49 30 1234567", "bank_iban": "DE89370400440532013000", "bank_bic": "COBADEFFXXX",
          "payment_terms": "30 days net"}  # fmt: skip


def ready_to_issue(run, *clients: str) -> None:
    """`run` is an aos runner (the aos/acme fixtures, or a lambda adding --db); each client gets
    an address and a country."""
    for key, value in SENDER.items():
        run("config", "set", key, value)
    for client in clients:
        run("client", "edit", client, "--address", "Hauptstraße 1\\n80331 München", "--country", "DE")
