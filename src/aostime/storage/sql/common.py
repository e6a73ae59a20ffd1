"""What every repository mixin shares: the entry and catalog SELECTs, and building domain values
from rows. Rows become models through the backend's _instant (stored instant -> aware UTC)."""

from __future__ import annotations

from collections.abc import Sequence

TYPE_CHECKING = False  # typing and the models cost milliseconds at every prompt; each loads where used
if TYPE_CHECKING:
    from datetime import datetime
    from typing import Any, Protocol

    from aostime.domain.models import Entry

    class Dialect(Protocol):
        """What a backend's base class gives the shared SQL, beside _run, _one, _all, _iter,
        transaction() and snapshot()."""

        IntegrityError: type[Exception]
        DriverError: type[Exception]
        RUNNING_INDEX_HINT: str  # after "FROM time_entries": the running-timer index, if it must be named
        NO_LIMIT: Any  # the LIMIT value that means none (with an OFFSET)
        LIKE_ANY_CASE: str  # LIKE that ignores ASCII case

        def _time(self, value: datetime | None) -> Any: ...
        def _instant(self, value: Any) -> datetime | None: ...
        def _encoded(self, values: dict[str, Any]) -> dict[str, Any]: ...
        def _row_values(self, row: Sequence[Any]) -> list[Any]: ...
        def _insert(self, sql: str, params: Sequence[Any] | dict) -> int: ...
        def _many(self, sql: str, rows) -> int: ...
        def _violation(self, exc: Exception) -> str: ...
        def _translate(self, exc: Exception) -> Exception: ...
        def _concat_ids(self, column: str) -> str: ...
        def _time_text(self, column: str) -> str: ...
        def _live_seconds(self, column: str) -> str: ...
        def _tags_of(self, entry_id: str) -> str: ...


ENTRY_COLUMNS = """
    e.id, e.project_id, p.name, e.task_id, t.name, p.client_id, c.name, e.user_id, u.name,
    e.start_time, e.end_time, e.duration, e.description, e.notes, e.billable,
    e.hourly_rate_cents, e.amount_cents, e.invoiced, e.invoice_id, i.number, c.currency
"""
ENTRY_FROM = """
    FROM time_entries e
    JOIN projects p ON p.id = e.project_id
    JOIN clients c ON c.id = p.client_id
    JOIN users u ON u.id = e.user_id
    LEFT JOIN tasks t ON t.id = e.task_id
    LEFT JOIN invoices i ON i.id = e.invoice_id
"""

# The catalog: one SELECT per kind, all returning rows in the model's field order.
CATALOG_SELECT = {
    "client": """SELECT id, name, email, currency, hourly_rate_cents, archived, address, country, vat_id, language,
                        tax_mode, buyer_reference, peppol_id FROM clients x""",
    "project": """SELECT x.id, x.client_id, c.name, x.name, x.hourly_rate_cents, x.archived
                  FROM projects x JOIN clients c ON c.id = x.client_id""",
    "task": """SELECT x.id, x.project_id, p.name, x.name, x.hourly_rate_cents, x.billable,
                      x.archived
               FROM tasks x JOIN projects p ON p.id = x.project_id""",
    "user": "SELECT id, name, email, hourly_rate_cents, archived, role, time_zone, locale, week_start, theme FROM users x",
}
CATALOG_TABLE = {"client": "clients", "project": "projects", "task": "tasks", "user": "users"}
CATALOG_PARENT = {"project": "client_id", "task": "project_id"}
CATALOG_COLUMNS = {
    "client": {
        "name",
        "name_key",
        "email",
        "currency",
        "hourly_rate_cents",
        "archived",
        "address",
        "country",
        "vat_id",
        "language",
        "tax_mode",
        "buyer_reference",
        "peppol_id",
    },
    "project": {"client_id", "name", "name_key", "hourly_rate_cents", "archived"},
    "task": {"project_id", "name", "name_key", "hourly_rate_cents", "billable", "archived"},
    "user": {
        "name",
        "name_key",
        "email",
        "hourly_rate_cents",
        "archived",
        "role",
        "time_zone",
        "locale",
        "week_start",
        "theme",
    },
}


def tags_from_text(text: str | None) -> tuple[str, ...]:
    """An entry's tags from the column its dialect's _tags_of gives (domain.tags.from_joined)."""
    if not text:
        return ()
    from aostime.domain.tags import from_joined

    return from_joined(text)


def entry_from_row(row: Sequence[Any], instant) -> Entry:
    """An Entry from a row of ENTRY_COLUMNS followed by the entry's tags (_tags_of); `instant` is
    the backend's _instant."""
    from aostime.domain.models import Entry

    return Entry(
        id=row[0], project_id=row[1], project_name=row[2], task_id=row[3], task_name=row[4],
        client_id=row[5], client_name=row[6], user_id=row[7], user_name=row[8],
        start=instant(row[9]), end=instant(row[10]), duration=row[11],
        description=row[12], notes=row[13], billable=bool(row[14]),
        hourly_rate_cents=row[15], amount_cents=row[16], invoiced=bool(row[17]),
        invoice_id=row[18], invoice_number=row[19], currency=row[20], tags=tags_from_text(row[21]),
    )  # fmt: skip


def with_name_key(values: dict[str, Any]) -> dict[str, Any]:
    """Every name is stored with its folded key (aostime.domain.names), which the unique indexes use."""
    if "name" not in values:
        return values
    from aostime.domain.names import fold

    return {**values, "name_key": fold(values["name"])}


def record_from_row(kind: str, row: Sequence[Any]):
    from aostime.domain.models import Client, Project, Task, User

    if kind == "client":
        return Client(row[0], row[1], row[2], row[3], row[4], bool(row[5]), *row[6:13])
    if kind == "project":
        return Project(row[0], row[1], row[2], row[3], row[4], bool(row[5]))
    if kind == "task":
        billable = None if row[5] is None else bool(row[5])
        return Task(row[0], row[1], row[2], row[3], row[4], billable, bool(row[6]))
    return User(row[0], row[1], row[2], row[3], bool(row[4]), *row[5:10])


def where_equal(columns: dict[str, Any]) -> tuple[str, list[Any]]:
    """A WHERE clause keeping the rows whose column equals each value given (a None value asks
    nothing of its column), and its parameters: where_equal({"i.status": "paid"})."""
    asked = {column: value for column, value in columns.items() if value is not None}
    where = " WHERE " + " AND ".join(f"{column} = ?" for column in asked) if asked else ""
    return where, list(asked.values())


def number_params(sql: str) -> str:
    """Turn positional ? marks into :p0, :p1 ... so they mix with named parameters."""
    parts = sql.split("?")
    out = parts[0]
    for i, part in enumerate(parts[1:]):
        out += f":p{i}" + part
    return out
