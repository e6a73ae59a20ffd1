"""aos invoice issue / pay / cancel / add-line / remove-line: the lifecycle EU rules expect
(services/invoice_lifecycle.py has the rules)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from aostime.cli.billing import InvoiceArg, _show, invoice_app
from aostime.cli.options import JsonFlag, session


@invoice_app.command("issue")
def issue(invoice: InvoiceArg, issue_date: Annotated[str | None, typer.Option(
              "--issue-date", help="The date the invoice is issued on (default: the day it was made).")] = None,
          exchange_rate: Annotated[str | None, typer.Option("--exchange-rate", help=(
              "1 of the invoice's currency in the accounting currency (0.92: 1 USD = 0.92 EUR); "
              "required when a foreign-currency invoice charges VAT."))] = None,
          order_reference: Annotated[str | None, typer.Option(
              "--order-reference", help="The client's purchase order number it answers (e-invoice BT-13).")] = None,
          as_json: JsonFlag = False) -> None:  # fmt: skip
    """Issue a draft: from now on it never changes and its number is final. Refused, naming the
    missing field, while the sender's or the client's data is incomplete."""
    from aostime.services import invoice_lifecycle

    _show(invoice_lifecycle.issue(session(), invoice, issue_date, exchange_rate, order_reference), as_json, "Issued")


@invoice_app.command("pay")
def pay(invoice: InvoiceArg,
        amount: Annotated[str | None, typer.Option("--amount", help="Paid (default: the open balance).")] = None,
        paid_on: Annotated[str | None, typer.Option("--date", help="The day it was paid (default: today).")] = None,
        as_json: JsonFlag = False) -> None:  # fmt: skip
    """Record a payment of an issued invoice; paid in full, it is paid."""
    from aostime.services import invoice_lifecycle

    _show(invoice_lifecycle.pay(session(), invoice, amount, paid_on), as_json, "Payment recorded")


@invoice_app.command("cancel")
def cancel(invoice: InvoiceArg, as_json: JsonFlag = False) -> None:
    """Cancel an issued invoice by a credit note (its own number, every amount negative, naming
    the invoice); its entries are unbilled again."""
    from aostime.services import invoice_lifecycle

    cancelled, note = invoice_lifecycle.cancel(session(), invoice)
    if as_json:
        from aostime.domain.documents import invoice_document
        from aostime.render.json import write

        write({"invoice": invoice_document(cancelled), "credit_note": invoice_document(note)}, sys.stdout)
        return
    _show(note, False, f"Cancelled {cancelled.number} by credit note")


@invoice_app.command("add-line")
def add_line(invoice: InvoiceArg,
             description: Annotated[str, typer.Option("--description", "-d", help="What the line is for.")],
             quantity: Annotated[str, typer.Option("--quantity", "-q", help="How many (up to 4 decimals).")],
             unit_price: Annotated[str, typer.Option("--unit-price", help="Per unit, before tax; negative: a discount.")],
             unit: Annotated[str, typer.Option("--unit", help="units (a fee, an expense) or hours.")] = "units",
             tax: Annotated[str | None, typer.Option("--tax", help=(
                 "The line's own VAT percentage, e.g. 7 beside the invoice's 19 (default: the invoice's)."))] = None,
             as_json: JsonFlag = False) -> None:  # fmt: skip
    """Add a fixed fee, an expense or a discount to a draft; the totals follow."""
    from aostime.services import invoice_lifecycle

    _show(invoice_lifecycle.add_line(session(), invoice, description, quantity, unit_price, unit, tax), as_json,
          "Saved")  # fmt: skip


@invoice_app.command("remove-line")
def remove_line(invoice: InvoiceArg,
                line: Annotated[int, typer.Argument(metavar="LINE", help="The line's number on the invoice.")],
                as_json: JsonFlag = False) -> None:  # fmt: skip
    """Remove a line from a draft; the entries it covered are unbilled again."""
    from aostime.services import invoice_lifecycle

    _show(invoice_lifecycle.remove_line(session(), invoice, line), as_json, "Saved")
