"""aos unbilled, aos invoice create / list / show / void / status / mark."""

import sys
from typing import Annotated

import typer

from aostime.cli.completion import complete_entry, complete_invoice
from aostime.cli.options import ClientOpt, CsvFlag, JsonFlag, ProjectOpt, ToOpt, session

invoice_app = typer.Typer(help="Invoices: create from unbilled entries, lines, issue, pay, cancel by a credit note, "
                          "list, show, void a draft, mark.",
                          no_args_is_help=True, rich_markup_mode=None)  # fmt: skip
InvoiceArg = Annotated[
    str, typer.Argument(metavar="N", help="Invoice id or number (INV-2026-0001).", autocompletion=complete_invoice)
]


def unbilled(
    client: ClientOpt = None,
    project: ProjectOpt = None,
    until: ToOpt = None,
    as_csv: CsvFlag = False,
    as_json: JsonFlag = False,
) -> None:
    """Billable, finished entries not yet invoiced (the seed's GET unbilled), by client and project;
    --csv writes them with `aos list --csv`'s columns."""
    from aostime.domain.documents import unbilled_document
    from aostime.services import billing

    run = session()
    entries = billing.unbilled(run, client, project, until)
    if as_csv:
        from aostime.render.lists import write_entries_csv

        write_entries_csv(entries, run.zone, sys.stdout)
    elif as_json:
        from aostime.render.json import write

        write(unbilled_document(entries, run.zone), sys.stdout)
    else:
        from aostime.render.invoices import print_unbilled

        print_unbilled(entries, run.zone)


def _show(invoice, as_json: bool, verb: str | None = None) -> None:
    if as_json:
        from aostime.domain.documents import invoice_document
        from aostime.render.json import write

        write(invoice_document(invoice), sys.stdout)
    else:
        from aostime.render.invoices import print_invoice

        print_invoice(invoice, verb)


@invoice_app.command("create")
def create(
    client: Annotated[str, typer.Option("--client", "-c", help="Client id or name.")],
    project: ProjectOpt = None,
    until: ToOpt = None,
    group_by: Annotated[str, typer.Option("--group-by", help="One line per entry, task, project or day.")] = "entry",
    round_to: Annotated[
        str | None,
        typer.Option("--round", help="Round each entry: none, 6m, 15m, 30m (default: invoice_rounding setting)."),
    ] = None,
    rounding: Annotated[str, typer.Option("--rounding", help="up (as Harvest), nearest or down.")] = "up",
    tax: Annotated[
        str | None, typer.Option("--tax", help="Tax percentage, e.g. 19 (default: tax_rate setting).")
    ] = None,
    due: Annotated[
        str | None, typer.Option("--due", help="Days until due (default: invoice_due_days setting).")
    ] = None,
    notes: Annotated[str | None, typer.Option("--notes", help="Notes printed on the invoice.")] = None,
    order_reference: Annotated[
        str | None,
        typer.Option(
            "--order-reference", help="The client's purchase order number it answers (printed; e-invoice BT-13)."
        ),
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show the invoice; write nothing.")] = False,
    as_json: JsonFlag = False,
) -> None:
    """Invoice a client's unbilled entries; they are marked invoiced in the same transaction."""
    from aostime.services import billing

    invoice = billing.create_invoice(
        session(),
        client,
        project,
        until,
        group_by,
        round_to,
        rounding,
        tax,
        due,
        notes or "",
        dry_run,
        order_reference,
    )
    _show(invoice, as_json, "Would create (dry run)" if dry_run else "Created")


@invoice_app.command("list")
def list_(client: ClientOpt = None,
          status: Annotated[str | None, typer.Option("--status", help="draft, sent, paid or void.")] = None,
          as_json: JsonFlag = False) -> None:  # fmt: skip
    """List invoices."""
    from aostime.services import billing

    invoices = billing.list_invoices(session(), client, status)
    if as_json:
        from aostime.domain.documents import invoice_summary_document
        from aostime.render.json import write

        write([invoice_summary_document(i) for i in invoices], sys.stdout)
    else:
        from aostime.render.invoices import print_invoice_list

        print_invoice_list(invoices)


@invoice_app.command("show")
def show(invoice: InvoiceArg, as_csv: CsvFlag = False,
         as_html: Annotated[bool, typer.Option("--html", help="A printable HTML page of the figures.")] = False,
         fmt: Annotated[str | None, typer.Option("--format", "-f", help="The document a client is sent: html, pdf, "
                        "facturx (ZUGFeRD PDF), xrechnung or ubl (Peppol); or json, csv.")] = None,
         output: Annotated[str | None, typer.Option("--output", "-o", help="Write it to this file.")] = None,
         as_json: JsonFlag = False) -> None:  # fmt: skip
    """Show an invoice with its lines (--csv lines, --html its figures as a page). --format makes
    the document a client is sent (the sender's and the client's data must be complete)."""
    from aostime.services import billing

    run = session()
    if fmt is not None and fmt.lower() not in ("json", "csv"):
        _write_document(_made_document(run, invoice, fmt.lower()), output, fmt.lower())
        return
    found = billing.get_invoice(run, invoice)
    if as_html:
        from aostime.render.invoices import invoice_html

        sys.stdout.write(invoice_html(found))
    elif as_csv or (fmt or "").lower() == "csv":
        from aostime.render.invoices import write_invoice_csv

        write_invoice_csv(found, sys.stdout)
    else:
        _show(found, as_json or fmt is not None)


def _made_document(run, invoice: str, fmt: str) -> bytes:
    """The document of `invoice` a client is sent, made here or by the team server."""
    if run.remote is not None:
        from aostime.cli.remote import invoice_document

        return invoice_document(run, invoice, fmt)
    from aostime.render.invoice_formats import document
    from aostime.services.invoice_content import invoice_content

    return document(invoice_content(run, invoice), fmt)


def _write_document(data: bytes, output: str | None, fmt: str) -> None:
    """To a file (replaced whole, never half-written) or stdout; a PDF is not written to a terminal."""
    from aostime.cli.files import OutputFile

    if not output and data.startswith(b"%PDF") and sys.stdout.isatty():
        from aostime.errors import BadInput

        raise BadInput(f"--format {fmt} is a PDF: give -o FILE (or redirect stdout)")
    with OutputFile(output, binary=True) as out:
        out.write(data)
    if output:
        from aostime.render.console import message

        message(f"Wrote {output} ({len(data):,} bytes)")


@invoice_app.command("validate")
def validate(path: Annotated[str, typer.Argument(metavar="FILE|N", help="A Factur-X/ZUGFeRD PDF, an XRechnung or a "
                                                 "Peppol UBL XML; or an issued invoice (id or number).")],
             fmt: Annotated[str | None, typer.Option("--format", "-f", help="An invoice's e-invoice to check: "
                                                     "facturx (the default), xrechnung or ubl.")] = None,
             as_json: JsonFlag = False) -> None:  # fmt: skip
    """Check an e-invoice offline: a Factur-X PDF's PDF/A-3 and Factur-X parts, then the XML's XSD
    and the EN 16931 Schematron rules (and XRechnung's or Peppol's when it claims them). Given an
    invoice instead of a file, its e-invoice (--format) is made and checked; a draft is refused.
    Exit 0 when valid (warnings are listed, and leave it valid), 1 listing what fails."""
    from pathlib import Path

    from aostime.errors import BadInput

    try:
        from aostime.interchange.einvoice.validate import NoInvoiceXml, check
    except ImportError:
        raise BadInput("aos invoice validate needs the e-invoice libraries: pip install 'aostime[einvoice]'") from None
    source = Path(path).expanduser()
    if source.exists():
        if fmt is not None:
            raise BadInput(f"--format names which e-invoice of an invoice to check; {path} is a file, checked as it is")
        try:
            data = source.read_bytes()
        except OSError as exc:
            raise BadInput(f"{path}: cannot read it ({exc.strerror})") from None
    else:
        data = _invoice_e_invoice(path, (fmt or "facturx").lower())
    try:
        found = check(data)
    except NoInvoiceXml as exc:
        raise BadInput(f"{path}: {exc}") from None
    if as_json:
        from aostime.render.json import write

        write({"file": path, "valid": found.valid, "errors": found.errors, "warnings": found.warnings}, sys.stdout)
    else:
        for line in (*found.errors, *(f"warning: {w}" for w in found.warnings)):
            sys.stdout.write(line + "\n")
        from aostime.render.console import message

        counts = [f"{len(found.errors)} error(s)"] if found.errors else ["valid"]
        counts += [f"{len(found.warnings)} warning(s)"] if found.warnings else []
        message(f"{path}: {', '.join(counts)}")
    if found.errors:
        raise typer.Exit(1)


def _invoice_e_invoice(ref: str, fmt: str) -> bytes:
    """The e-invoice of invoice `ref`, made as `show --format` makes it (a draft's is refused there)."""
    from aostime.errors import BadInput, NotFound

    if fmt not in ("facturx", "xrechnung", "ubl"):
        raise BadInput(f"--format {fmt!r} is not one of: facturx, xrechnung, ubl")
    run = session()
    try:
        return _made_document(run, ref, fmt)
    except NotFound:
        raise BadInput(f"{ref}: no such file, nor an invoice ('aos invoice list')") from None


@invoice_app.command("void")
def void(invoice: InvoiceArg, as_json: JsonFlag = False) -> None:
    """Void a draft: its entries become unbilled again; its number is never reused. An issued
    invoice is cancelled by a credit note instead (aos invoice cancel)."""
    from aostime.services import billing

    _show(billing.void_invoice(session(), invoice), as_json, "Voided")


@invoice_app.command("status")
def status(invoice: InvoiceArg, new_status: Annotated[str, typer.Argument(metavar="STATUS", help="sent (issue) or paid.")],
           as_json: JsonFlag = False) -> None:  # fmt: skip
    """sent issues a draft (as aos invoice issue), paid pays an issued invoice in full."""
    from aostime.services import billing

    _show(billing.set_invoice_status(session(), invoice, new_status), as_json, "Updated")


@invoice_app.command("mark")
def mark(entry_ids: Annotated[list[str], typer.Argument(metavar="ENTRY_ID...", help="Entry ids.", autocompletion=complete_entry)],
         invoice: Annotated[str | None, typer.Option("--invoice", help="Link to this invoice (id or number).")] = None,
         as_json: JsonFlag = False) -> None:  # fmt: skip
    """Mark entries invoiced (the seed's PUT mark-invoiced); refuses non-billable, running or invoiced ones."""
    from aostime.services import billing

    run = session()
    entries = billing.mark_entries(run, entry_ids, invoice)
    if as_json:
        from aostime.domain.documents import entry_document
        from aostime.render.json import write

        write({"entries": [entry_document(e, run.zone) for e in entries], "count": len(entries)}, sys.stdout)
    else:
        from aostime.render.tables import print_entry

        for entry in entries:
            print_entry("Marked invoiced", entry, run.zone)


@invoice_app.command("unmark")
def unmark(entry_ids: Annotated[list[str], typer.Argument(metavar="ENTRY_ID...", help="Entry ids.", autocompletion=complete_entry)],
           as_json: JsonFlag = False) -> None:  # fmt: skip
    """Undo 'invoice mark' without an invoice (or an import's invoiced flag): the entries become unbilled."""
    from aostime.services import billing

    run = session()
    entries = billing.unmark_entries(run, entry_ids)
    if as_json:
        from aostime.domain.documents import entry_document
        from aostime.render.json import write

        write({"entries": [entry_document(e, run.zone) for e in entries], "count": len(entries)}, sys.stdout)
    else:
        from aostime.render.tables import print_entry

        for entry in entries:
            print_entry("Unmarked", entry, run.zone)


def register(app: typer.Typer) -> None:
    """`aos unbilled` and `aos invoice` (whose lifecycle commands cli/invoice_lifecycle.py adds)."""
    app.command()(unbilled)
    app.add_typer(invoice_app, name="invoice")
