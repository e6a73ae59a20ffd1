"""Which columns of a CSV export mean what: the accepted header names per format, where each
field is in a row (Header) and the format a header row belongs to (detect)."""

from __future__ import annotations

import re

from aostime.interchange.records import currency_mark

FORMATS = ("aostime", "toggl", "clockify", "harvest", "kimai")
NO_PROJECT = "No project"
_ID = ("id", "time entry id", "entry id")  # the source's own id, where an export has one

# logical field -> accepted header names (case-insensitive); a name ending in "(" also matches
# any currency suffix, e.g. "amount (" matches "Amount (USD)" and "Amount ()".
COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    "toggl": {
        "user": ("user",), "email": ("email",), "client": ("client",), "project": ("project",),
        "task": ("task",), "description": ("description",), "billable": ("billable",),
        "start_date": ("start date",), "start_time": ("start time",), "end_date": ("end date",),
        "end_time": ("end time",), "duration": ("duration",), "tags": ("tags",),
        "amount": ("amount", "amount ("), "id": _ID,
    },
    "clockify": {
        "project": ("project",), "client": ("client",), "description": ("description",),
        "task": ("task",), "user": ("user",), "email": ("email",), "tags": ("tags",),
        "billable": ("billable",), "start_date": ("start date",), "start_time": ("start time",),
        "end_date": ("end date",), "end_time": ("end time",), "duration": ("duration (h)", "duration (decimal)"),
        "rate": ("billable rate", "billable rate ("), "amount": ("billable amount", "billable amount ("),
        "invoiced": ("invoiced",), "invoice_id": ("invoice id",), "id": _ID,
    },
    "harvest": {
        "date": ("date",), "client": ("client",), "project": ("project",), "task": ("task",),
        "notes": ("notes",), "hours": ("hours",), "billable": ("billable?", "billable"),
        "invoiced": ("invoiced?", "invoiced"), "first_name": ("first name",), "last_name": ("last name",),
        "rate": ("billable rate",), "amount": ("billable amount",), "currency": ("currency",), "id": _ID,
    },
    "kimai": {
        "date": ("date",), "from": ("from", "begin"), "to": ("to", "end"), "duration": ("duration",),
        "currency": ("currency",), "amount": ("price", "rate", "total price"),
        "hourly": ("hourly price", "hourly rate", "hourlyrate"),
        "fixed": ("fixed price", "fixed rate", "fixedrate"),
        "alias": ("name",), "user": ("user", "username"), "email": ("e-mail", "email"),
        "client": ("customer",), "project": ("project",), "task": ("activity",),
        "description": ("description",), "billable": ("billable",), "exported": ("exported",),
        "tags": ("tags",), "id": _ID,
    },
    "aostime": {
        "start": ("start_time",), "end": ("end_time",), "client": ("client_name",),
        "project": ("project_name",), "task": ("task_name",), "user": ("user_name",),
        "description": ("description",), "notes": ("notes",), "billable": ("billable",),
        "rate": ("hourly_rate",), "amount": ("amount",), "currency": ("currency",), "invoiced": ("invoiced",),
        "source": ("source",), "source_id": ("source_id",), "tags": ("tags",),
    },
}  # fmt: skip

REQUIRED = {
    "toggl": ("project", "start_date", "start_time", "end_date", "end_time"),
    "clockify": ("project", "start_date", "start_time", "end_date", "end_time"),
    "harvest": ("date", "project", "hours"),
    "kimai": ("date", "from", "to", "project"),
    "aostime": ("start", "end", "project"),
}


def _norm(name: str) -> str:
    return " ".join(name.replace("\ufeff", "").split()).casefold()


class Header:
    """Where each logical field is in a row, for one format."""

    def __init__(self, names: list[str], fmt: str) -> None:
        normalised = [_norm(n) for n in names]
        self.index: dict[str, int] = {}
        for name, accepted in COLUMNS[fmt].items():
            for wanted in accepted:
                if wanted.endswith("("):
                    found = next((i for i, n in enumerate(normalised) if n.startswith(wanted)), None)
                else:
                    found = next((i for i, n in enumerate(normalised) if n == wanted), None)
                if found is not None:
                    self.index[name] = found
                    break
        self.names = names
        # every column holding dates (Start Date, End Date, Date of creation...): the day/month
        # order is judged from all of them, not only from the ones read
        self.date_columns = [i for i, n in enumerate(normalised) if "date" in re.split(r"[^a-z]+", n)]

    def missing(self, fmt: str) -> list[str]:
        return [COLUMNS[fmt][f][0] for f in REQUIRED[fmt] if f not in self.index]

    def get(self, row: list[str], name: str) -> str | None:
        i = self.index.get(name)
        if i is None or i >= len(row):
            return None
        return row[i]

    def text(self, row: list[str], name: str) -> str:
        return (self.get(row, name) or "").strip()

    def suffix_currency(self, name: str) -> str | None:
        """'Billable Amount (EUR)' -> 'EUR', 'Billable Rate (EURO)' -> 'EUR', 'Amount ()' -> None."""
        i = self.index.get(name)
        match = re.search(r"\(([^()]*)\)\s*$", self.names[i]) if i is not None else None
        return currency_mark(match.group(1)) if match else None


def detect(names: list[str]) -> str | None:
    """The format a header row belongs to, or None."""
    have = {_norm(n) for n in names}

    def has(*wanted: str) -> bool:
        return all(w in have or any(h.startswith(w + " (") for h in have) for w in wanted)

    if has("start_time", "end_time", "project_name"):
        return "aostime"
    if has("hours", "date", "project") and ("billable?" in have or "hours rounded" in have or "first name" in have):
        return "harvest"
    if has("date", "project") and ("from" in have or "begin" in have) and ("customer" in have or "activity" in have):
        return "kimai"
    if has("start date", "start time", "end date", "end time", "project"):
        if "duration (h)" in have or "duration (decimal)" in have or has("billable rate") or has("billable amount"):
            return "clockify"
        names_raw = {n.replace("\ufeff", "").strip() for n in names}
        if "Start Date" in names_raw:  # Clockify capitalises, Toggl does not
            return "clockify"
        return "toggl"
    return None
