"""A report as an XLSX workbook: `aos report --xlsx FILE` and the reports page's "Download XLSX".
Sheet "Report" holds the rows of `aos report --csv` (the same columns, in the same order), sheet
"Totals" one row per currency (money of two currencies is never added). Numbers are numbers:
durations and entries integers, hours and money decimals shown with two places; text is written
as text, so a description starting with "=" never becomes a formula."""

from __future__ import annotations

from decimal import Decimal
from typing import IO, Any

MONEY = ("amount", "unbilled_amount")


def report_xlsx(document: dict) -> bytes:
    """The report document (`aos report --json`'s) as the bytes of a workbook."""
    from io import BytesIO

    stream = BytesIO()
    write_report_xlsx(document, stream)
    return stream.getvalue()


def write_report_xlsx(document: dict, target: str | IO[bytes]) -> None:
    """The report document as a workbook written to a path or a binary stream."""
    try:
        import xlsxwriter
    except ImportError:
        from aostime.errors import BadInput

        raise BadInput("--xlsx needs XlsxWriter: pip install 'aostime[xlsx]'") from None
    workbook = xlsxwriter.Workbook(target, {"in_memory": True})
    two_places = workbook.add_format({"num_format": "0.00"})
    bold = workbook.add_format({"bold": True})
    rows = document["rows"]
    header = list(rows[0].keys()) if rows else list(document["totals"].keys())
    _sheet(workbook, "Report", header, rows, bold, two_places)
    totals = document["totals_by_currency"]
    _sheet(workbook, "Totals", ["currency", *document["totals"].keys()], totals, bold, two_places)
    workbook.close()


def _sheet(workbook, name: str, header: list[str], rows: list[dict], bold, two_places) -> None:
    sheet = workbook.add_worksheet(name)
    sheet.write_row(0, 0, header, bold)
    for number, row in enumerate(rows, 1):
        for column, key in enumerate(header):
            _cell(sheet, number, column, row.get(key), two_places)
    sheet.set_column(0, len(header) - 1, 14)
    sheet.freeze_panes(1, 0)


def _cell(sheet, row: int, column: int, value: Any, two_places) -> None:
    if value is None:
        sheet.write_blank(row, column, None)
    elif isinstance(value, bool):
        sheet.write_boolean(row, column, value)
    elif isinstance(value, Decimal):  # hours and money: exact to the cent in two places
        sheet.write_number(row, column, float(value), two_places)
    elif isinstance(value, int):
        sheet.write_number(row, column, value)
    else:
        sheet.write_string(row, column, str(value))
