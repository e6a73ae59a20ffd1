"""The detailed CSV exports of Toggl Track, Clockify, Harvest and Kimai, with the columns each
tool's own importer documents, in the shapes aostime's `aos import csv` (csvformats) tells apart
by their headers. Every cell goes through csv_cells (formula cells neutralised; money, hours and
durations written as numbers).

Shared rules: finished entries only (none of these exports holds a running timer); dates ISO
(2026-03-02: a date format each tool offers, and one no reader takes for day-first or
month-first); times the entry's local wall time in the session's zone; money as the entry has it
(two decimals). The person: name and e-mail (`user_email`, which services.exporting adds from
the user's record and requires for the formats in NEED_EMAIL).

- toggl: User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End
  time,Duration,Tags,Amount (CUR) - UTF-8 with a byte-order mark, as Toggl writes it. Toggl's
  import (support.toggl.com, "Editing and uploading a CSV file") needs Email, Start date, Start
  time and Duration for a time entry and reads User, Client, Project, Task, Description,
  Billable, Tags; the other columns are its Detailed report's. One currency per file (ONE_CURRENCY).
- clockify: "Project","Client","Description","Task","User","Group","Email","Tags","Billable",
  "Start Date","Start Time","End Date","End Time","Duration (h)","Duration (decimal)","Billable
  Rate (CUR)","Billable Amount (CUR)","Invoiced","Invoice ID" - every cell quoted, with a BOM;
  Clockify's import requires Email, Start Date, Start Time and Duration. One currency per file.
- harvest: Date,Client,Project,Project Code,Task,Notes,Hours,Hours Rounded,Billable?,Invoiced?,
  Approved?,First Name,Last Name,Roles,Employee?,Billable Rate,Billable Amount,Cost Rate,Cost
  Amount,Currency,External Reference URL - Harvest's detailed time report, which its time import
  accepts (it reads Date, Client, Project, Task, Notes, Hours, First and Last name; people are
  matched by name; a Task is required: the project's name for an entry without one). No times of day (Harvest has none: aostime's import lays a day's entries
  from day_start); Hours to the second (up to 6 decimals, so totals survive), Hours Rounded to
  two; the currency per row as Harvest names it ('Euro - EUR').
- kimai: "Date","From","To","Duration","Rate","User","Email","Customer","Project","Activity",
  "Description","Exported","Tags","HourlyRate","FixedRate","InternalRate","Billable","Currency" -
  the timesheet columns of Kimai's importer plugin (its TimesheetImporter: Date, From, To or
  Duration, Rate, User, Customer, Project and Activity required, Email checked on every row),
  then the currency per row. Duration in seconds, as the importer's sample; From/To as H:MM
  (H:MM:SS when the entry has seconds), an entry past midnight ends at a To before its From;
  Exported (the invoiced flag) and Billable as 1/0; the Activity is the task, else the project's
  name (Kimai refuses a row without one).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from decimal import ROUND_HALF_UP, Decimal
from typing import TextIO

from aostime.errors import BadInput
from aostime.interchange.writers.csv_cells import writer as csv_writer
from aostime.interchange.writers.fields import Doc, doc_tags, finished, local

BOM = "\ufeff"
# the formats naming one currency for the whole file, in a column's header ('Amount (EUR)')
ONE_CURRENCY = ("toggl", "clockify")
# the formats whose importers find the person by e-mail (Toggl, Clockify: required; Kimai: its
# timesheet importer's Email column, required by its row check)
NEED_EMAIL = ("toggl", "clockify", "kimai")


def _money(value) -> Decimal | str:
    """Two decimals, as a number (csv_cells leaves numbers alone); blank without one."""
    return "" if value is None else Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _yes(flag) -> str:
    return "Yes" if flag else "No"


def _clock(seconds: int) -> str:
    return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def _task_or_project(doc: Doc) -> str:
    """Harvest's Task and Kimai's Activity, which their importers require: the task's name, else
    the project's."""
    return doc.get("task_name") or doc["project_name"]


def _one_currency(docs: Iterable[Doc], fmt: str) -> tuple[str, Iterator[Doc]]:
    """The currency of the file's header (the first finished entry's) and every doc; an entry in
    another currency is refused, never written under the first one's label (services.exporting
    refuses such an export before anything is written; this is the last guard)."""
    it = iter(docs)
    seen: list[Doc] = []
    for doc in it:
        seen.append(doc)
        if finished(doc):
            break
    currency = next((d.get("currency") for d in seen if finished(d) and d.get("currency")), None) or ""

    def checked() -> Iterator[Doc]:
        for doc in itertools.chain(seen, it):
            if finished(doc) and (doc.get("currency") or "") != currency:
                raise BadInput(f"a {fmt} file names one currency ({currency}); entry {doc.get('id')} is in "
                               f"{doc.get('currency')}: export with --currency, or --split-currency")  # fmt: skip
            yield doc

    return currency, checked()


def _rows(out: TextIO, header: list[str], rows: Iterable[list], bom: bool = False, quote_all: bool = False) -> int:
    if bom:
        out.write(BOM)
    writer = csv_writer(out, quote_all=quote_all)
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
    currency, docs = _one_currency(docs, "toggl")

    def rows():
        for doc in docs:
            if not finished(doc):
                continue
            start, end = local(doc["start_time"]), local(doc["end_time"])
            yield [doc.get("user_name") or "", doc.get("user_email") or "", doc.get("client_name") or "",
                   doc["project_name"], doc.get("task_name") or "", doc.get("description") or "",
                   _yes(doc.get("billable")), f"{start:%Y-%m-%d}", f"{start:%H:%M:%S}", f"{end:%Y-%m-%d}",
                   f"{end:%H:%M:%S}", _clock(doc["duration"]), ", ".join(doc_tags(doc)),
                   _money(doc.get("amount"))]  # fmt: skip

    return _rows(out, [*TOGGL, f"Amount ({currency})"], rows(), bom=True)


# -- Clockify -------------------------------------------------------------------------------

CLOCKIFY = ["Project", "Client", "Description", "Task", "User", "Group", "Email", "Tags", "Billable", "Start Date",
            "Start Time", "End Date", "End Time", "Duration (h)", "Duration (decimal)"]  # fmt: skip


def write_clockify(docs: Iterable[Doc], out: TextIO) -> int:
    currency, docs = _one_currency(docs, "clockify")

    def rows():
        for doc in docs:
            if not finished(doc):
                continue
            start, end = local(doc["start_time"]), local(doc["end_time"])
            decimal = (Decimal(doc["duration"]) / 3600).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            yield [doc["project_name"], doc.get("client_name") or "", doc.get("description") or "",
                   doc.get("task_name") or "", doc.get("user_name") or "", "", doc.get("user_email") or "",
                   ", ".join(doc_tags(doc)), _yes(doc.get("billable")),
                   f"{start:%Y-%m-%d}", f"{start:%H:%M:%S}", f"{end:%Y-%m-%d}", f"{end:%H:%M:%S}",
                   _clock(doc["duration"]), decimal, _money(doc.get("hourly_rate")), _money(doc.get("amount")),
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
            yield [doc["date"], doc.get("client_name") or "", doc["project_name"], "", _task_or_project(doc),
                   doc.get("description") or "", harvest_hours(doc["duration"]), rounded,
                   _yes(doc.get("billable")), _yes(doc.get("invoiced")), "No", first, last, "", "Yes",
                   _money(doc.get("hourly_rate")), _money(doc.get("amount")), "", "",
                   harvest_currency(doc.get("currency")), ""]  # fmt: skip

    return _rows(out, HARVEST, rows())


# -- Kimai ----------------------------------------------------------------------------------

# the columns of Kimai's importer plugin (ImportBundle's TimesheetImporter and its sample
# timesheet.csv), then the Currency of Kimai's own export, which the importer passes over
KIMAI = ["Date", "From", "To", "Duration", "Rate", "User", "Email", "Customer", "Project", "Activity",
         "Description", "Exported", "Tags", "HourlyRate", "FixedRate", "InternalRate", "Billable", "Currency"]  # fmt: skip


def _kimai_time(moment) -> str:
    return f"{moment:%H:%M:%S}" if moment.second else f"{moment:%H:%M}"


def write_kimai(docs: Iterable[Doc], out: TextIO) -> int:
    def rows():
        for doc in docs:
            if not finished(doc):
                continue
            start, end = local(doc["start_time"]), local(doc["end_time"])
            activity = _task_or_project(doc)
            yield [f"{start:%Y-%m-%d}", _kimai_time(start), _kimai_time(end), doc["duration"],
                   _money(doc.get("amount")), doc.get("user_name") or "", doc.get("user_email") or "",
                   doc.get("client_name") or "", doc["project_name"], activity, doc.get("description") or "",
                   1 if doc.get("invoiced") else 0, ",".join(doc_tags(doc)),
                   _money(doc.get("hourly_rate")), "", "", 1 if doc.get("billable") else 0, doc.get("currency") or ""]  # fmt: skip

    return _rows(out, KIMAI, rows(), quote_all=True)
