"""The detailed CSV exports of Toggl Track, Clockify, Harvest and Kimai, with those tools' own
columns, in the shapes aostime's `aos import csv` (csvformats) tells apart by their headers.

Shared rules: finished entries only (none of these exports holds a running timer); dates ISO
(2026-03-02: a date format each tool offers, and one no reader takes for day-first or
month-first); times the entry's local wall time in the session's zone; money as the entry has it
(two decimals). Users are written by name (no e-mail: aostime keeps none per entry).

- toggl: User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End
  time,Duration,Tags,Amount (CUR) - UTF-8 with a byte-order mark, as Toggl writes it. Toggl names
  one currency per file (its workspace's): the first entry's; no rate column (the import works
  it out from the amount), not invoiced.
- clockify: "Project","Client","Description","Task","User","Group","Email","Tags","Billable",
  "Start Date","Start Time","End Date","End Time","Duration (h)","Duration (decimal)","Billable
  Rate (CUR)","Billable Amount (CUR)","Invoiced","Invoice ID" - every cell quoted, with a BOM;
  one currency per file (the first entry's), like Toggl.
- harvest: Date,Client,Project,Project Code,Task,Notes,Hours,Hours Rounded,Billable?,Invoiced?,
  Approved?,First Name,Last Name,Roles,Employee?,Billable Rate,Billable Amount,Cost Rate,Cost
  Amount,Currency,External Reference URL - no times of day (Harvest has none: the import lays a
  day's entries from day_start); Hours to the second (up to 6 decimals, so totals survive),
  Hours Rounded to two; the currency per row as Harvest names it ('Euro - EUR').
- kimai: "Date","From","To","Duration","Currency","Price","Internal price","Hourly price","Fixed
  price","Name","User","E-mail","Staff number","Customer","Project","Activity","Description",
  "Exported","Billable","Tags","Type","Category","Customer number","Project number","VAT-ID",
  "Order number" (Kimai 2's CSV export) - From/To as H:MM (H:MM:SS when the entry has seconds),
  an entry past midnight ends at a To before its From; Exported is the invoiced flag.
"""

from __future__ import annotations

import csv
import itertools
from collections.abc import Iterable, Iterator
from decimal import ROUND_HALF_UP, Decimal
from typing import TextIO

from aostime.interchange.writers.fields import Doc, finished, local, tags_of_notes

BOM = "\ufeff"


def _money(value) -> str:
    return "" if value is None else f"{Decimal(str(value)):.2f}"


def _yes(flag) -> str:
    return "Yes" if flag else "No"


def _clock(seconds: int) -> str:
    return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def _first_currency(docs: Iterable[Doc]) -> tuple[str, Iterator[Doc]]:
    """The first finished entry's currency (the file's, for formats naming one) and every doc."""
    it = iter(docs)
    seen: list[Doc] = []
    for doc in it:
        seen.append(doc)
        if finished(doc):
            break
    currency = next((d.get("currency") for d in seen if finished(d) and d.get("currency")), None)
    return currency or "", itertools.chain(seen, it)


def _rows(out: TextIO, header: list[str], rows: Iterable[list[str]], bom: bool = False,
          quote_all: bool = False) -> int:  # fmt: skip
    if bom:
        out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL)
    writer.writerow(header)
    count = 0
    for row in rows:
        writer.writerow(row)
        count += 1
    return count


# -- Toggl ----------------------------------------------------------------------------------

TOGGL = ["User", "Email", "Client", "Project", "Task", "Description", "Billable", "Start date", "Start time",
         "End date", "End time", "Duration", "Tags"]  # fmt: skip


def write_toggl(docs: Iterable[Doc], out: TextIO) -> int:
    currency, docs = _first_currency(docs)

    def rows():
        for doc in docs:
            if not finished(doc):
                continue
            start, end = local(doc["start_time"]), local(doc["end_time"])
            yield [doc.get("user_name") or "", "", doc.get("client_name") or "", doc["project_name"],
                   doc.get("task_name") or "", doc.get("description") or "", _yes(doc.get("billable")),
                   f"{start:%Y-%m-%d}", f"{start:%H:%M:%S}", f"{end:%Y-%m-%d}", f"{end:%H:%M:%S}",
                   _clock(doc["duration"]), ", ".join(tags_of_notes(doc.get("notes"))), _money(doc.get("amount"))]  # fmt: skip

    return _rows(out, [*TOGGL, f"Amount ({currency})"], rows(), bom=True)


# -- Clockify -------------------------------------------------------------------------------

CLOCKIFY = ["Project", "Client", "Description", "Task", "User", "Group", "Email", "Tags", "Billable", "Start Date",
            "Start Time", "End Date", "End Time", "Duration (h)", "Duration (decimal)"]  # fmt: skip


def write_clockify(docs: Iterable[Doc], out: TextIO) -> int:
    currency, docs = _first_currency(docs)

    def rows():
        for doc in docs:
            if not finished(doc):
                continue
            start, end = local(doc["start_time"]), local(doc["end_time"])
            decimal = (Decimal(doc["duration"]) / 3600).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            yield [doc["project_name"], doc.get("client_name") or "", doc.get("description") or "",
                   doc.get("task_name") or "", doc.get("user_name") or "", "", "",
                   ", ".join(tags_of_notes(doc.get("notes"))), _yes(doc.get("billable")),
                   f"{start:%Y-%m-%d}", f"{start:%H:%M:%S}", f"{end:%Y-%m-%d}", f"{end:%H:%M:%S}",
                   _clock(doc["duration"]), f"{decimal}", _money(doc.get("hourly_rate")), _money(doc.get("amount")),
                   _yes(doc.get("invoiced")), doc.get("invoice_number") or ""]  # fmt: skip

    header = [*CLOCKIFY, f"Billable Rate ({currency})", f"Billable Amount ({currency})", "Invoiced", "Invoice ID"]
    return _rows(out, header, rows(), bom=True, quote_all=True)


# -- Harvest --------------------------------------------------------------------------------

HARVEST = ["Date", "Client", "Project", "Project Code", "Task", "Notes", "Hours", "Hours Rounded", "Billable?",
           "Invoiced?", "Approved?", "First Name", "Last Name", "Roles", "Employee?", "Billable Rate",
           "Billable Amount", "Cost Rate", "Cost Amount", "Currency", "External Reference URL"]  # fmt: skip
CURRENCY_NAMES = {
    "USD": "United States Dollar", "EUR": "Euro", "GBP": "British Pound", "CAD": "Canadian Dollar",
    "AUD": "Australian Dollar", "NZD": "New Zealand Dollar", "CHF": "Swiss Franc", "JPY": "Japanese Yen",
    "SEK": "Swedish Krona", "NOK": "Norwegian Krone", "DKK": "Danish Krone", "PLN": "Polish Zloty",
    "CZK": "Czech Koruna", "INR": "Indian Rupee", "BRL": "Brazilian Real", "MXN": "Mexican Peso",
    "ZAR": "South African Rand", "SGD": "Singapore Dollar", "HKD": "Hong Kong Dollar",
}  # fmt: skip


def harvest_hours(seconds: int) -> str:
    """Hours to the second: '1.5', '0.616667' (six decimals read back to the same second)."""
    value = (Decimal(seconds) / 3600).quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP)
    text = f"{value.normalize():f}"
    return text if "." in text else text + ".0"


def harvest_currency(code: str | None) -> str:
    if not code:
        return ""
    return f"{CURRENCY_NAMES[code]} - {code}" if code in CURRENCY_NAMES else code


def write_harvest(docs: Iterable[Doc], out: TextIO) -> int:
    def rows():
        for doc in docs:
            if not finished(doc):
                continue
            first, _, last = (doc.get("user_name") or "").partition(" ")
            rounded = (Decimal(doc["duration"]) / 3600).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            yield [doc["date"], doc.get("client_name") or "", doc["project_name"], "", doc.get("task_name") or "",
                   doc.get("description") or "", harvest_hours(doc["duration"]), f"{rounded}",
                   _yes(doc.get("billable")), _yes(doc.get("invoiced")), "No", first, last, "", "Yes",
                   _money(doc.get("hourly_rate")), _money(doc.get("amount")), "", "",
                   harvest_currency(doc.get("currency")), ""]  # fmt: skip

    return _rows(out, HARVEST, rows())


# -- Kimai ----------------------------------------------------------------------------------

KIMAI = ["Date", "From", "To", "Duration", "Currency", "Price", "Internal price", "Hourly price", "Fixed price",
         "Name", "User", "E-mail", "Staff number", "Customer", "Project", "Activity", "Description", "Exported",
         "Billable", "Tags", "Type", "Category", "Customer number", "Project number", "VAT-ID", "Order number"]  # fmt: skip


def _kimai_time(moment) -> str:
    return f"{moment:%H:%M:%S}" if moment.second else f"{moment:%H:%M}"


def write_kimai(docs: Iterable[Doc], out: TextIO) -> int:
    def rows():
        for doc in docs:
            if not finished(doc):
                continue
            start, end = local(doc["start_time"]), local(doc["end_time"])
            seconds = doc["duration"]
            user = doc.get("user_name") or ""
            yield [f"{start:%Y-%m-%d}", _kimai_time(start), _kimai_time(end), f"{seconds // 3600}:{seconds // 60 % 60:02d}",
                   doc.get("currency") or "", _money(doc.get("amount")), "", _money(doc.get("hourly_rate")), "",
                   user, user, "", "", doc.get("client_name") or "", doc["project_name"], doc.get("task_name") or "",
                   doc.get("description") or "", _yes(doc.get("invoiced")), _yes(doc.get("billable")),
                   ",".join(tags_of_notes(doc.get("notes"))), "timesheet", "work", "", "", "", ""]  # fmt: skip

    return _rows(out, KIMAI, rows(), quote_all=True)
