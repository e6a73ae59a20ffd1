"""Request bodies (parsed and checked by FastAPI) and the documents the API answers with, as
they appear in the OpenAPI document. Responses are written by aostime.domain.documents and
aostime.render.json, not by these models: they only describe them."""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    WithJsonSchema,
    model_validator,
)

MAX_ID = 2**53 - 1  # the largest integer every JSON reader holds exactly (JavaScript's too)


def _encodable(text: str) -> str:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("holds a lone surrogate; send valid UTF-8 text") from None
    return text


Text = Annotated[str, AfterValidator(_encodable)]
# Documented as date-time; any form `aos add` reads is accepted (2026-03-31 09:00, 9:00, -1h).
TimeText = Annotated[Text, Field(max_length=100, json_schema_extra={"format": "date-time"})]
# JSON types are strict: true is not an id, "5" is not a number of seconds, 1 is not a flag.
Id = Annotated[int, Strict(), Field(ge=1, le=MAX_ID)]
Flag = Annotated[bool, Strict()]


def _a_number(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
        raise ValueError("must be a number, e.g. 150 or 150.00")  # noqa: TRY004 (pydantic reports ValueError)
    return value


Rate = Annotated[Decimal, BeforeValidator(_a_number), Field(ge=0, le=1_000_000)]


def _number_as_text(value: Any) -> Any:
    """A JSON number as the text the CLI reads (1.5 -> "1.5"); text is passed on as typed."""
    if isinstance(value, bool):
        raise ValueError('must be a number, e.g. 1.5, or text such as "1:30"')  # noqa: TRY004
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("must be a finite number")
        return str(Decimal(repr(value)))  # the shortest form that reads back as the same float
    return value


def number_or_text(max_length: int, description: str | None = None) -> Any:
    """A quantity given as a JSON number or as text (the seed's examples send strings)."""
    return Annotated[
        Text, BeforeValidator(_number_as_text), Field(max_length=max_length, description=description),
        WithJsonSchema({"anyOf": [{"type": "number"}, {"type": "string", "maxLength": max_length}],
                        **({"description": description} if description else {})}),
    ]  # fmt: skip


class Body(BaseModel):
    """Every request body: unknown keys are refused (a typo is a 400 naming it, never a silently
    ignored field)."""

    model_config = ConfigDict(extra="forbid")


Name = Annotated[Text, Field(min_length=1, max_length=200)]
# tags (domain.tags checks each: trimmed, not empty, no control characters, at most MAX_TAG)
TagList = Annotated[list[Annotated[Text, Field(max_length=1000)]], Field(max_length=1000)]


class EntryIn(Body):
    """The seed's POST time-entries body. Times are ISO 8601 (or any form `aos add` takes);
    without an offset they are the server's local time."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "example": {
                "project_id": 5, "task_id": 23, "user_id": 3, "start_time": "2026-03-31T09:00:00+00:00",
                "end_time": "2026-03-31T12:30:00+00:00", "description": "Homepage design mockups",
                "billable": True, "hourly_rate": 150.00,
            }
        }
    )  # fmt: skip

    project_id: Id
    task_id: Id | None = None
    user_id: Id | None = Field(None, description="Team member; default: the token's.")
    start_time: TimeText | None = Field(None, description="With end_time or duration.")
    end_time: TimeText | None = Field(None, description="Give end_time, duration or hours.")
    # No rule of length here: as for end_time, the use case decides (max_entry_hours, unless
    # force; tracking.add_entry_lasting). The bound only turns away absurd numbers (past a 64-bit
    # integer, the type the database stores a duration in) before they reach any arithmetic.
    duration: Annotated[int, Strict()] | None = Field(
        None, ge=1, le=MAX_ID, description="Seconds, in place of end_time; longer than max_entry_hours: with force."
    )
    hours: number_or_text(100) | None = Field(
        None, description="A length (1.5, 1:30, 90m) on `date`, laid after that day's entries, as `aos add --hours`."
    )
    date: Annotated[Text, Field(max_length=100, json_schema_extra={"format": "date"})] | None = Field(
        None, description="The day of `hours` (default: today)."
    )
    description: Text = Field("", max_length=10_000)
    notes: Text = Field("", max_length=10_000)
    billable: Flag | None = Field(None, description="Default: the task's default, else billable.")
    hourly_rate: Rate | None = Field(
        None, description="Default: task, project, client, user rate, else the default setting."
    )
    force: Flag = Field(False, description="Save an entry longer than max_entry_hours.")
    tags: TagList | None = Field(None, description="Tags, as `aos add --tag`.")

    @model_validator(mode="after")
    def _one_end(self) -> EntryIn:
        ends = [name for name in ("end_time", "duration", "hours") if getattr(self, name) is not None]
        if len(ends) > 1:
            raise ValueError(f"give one of end_time, duration (seconds) or hours, not both {' and '.join(ends)}")
        if not ends:
            raise ValueError("give end_time, duration (seconds) or hours")
        if self.hours is None and self.start_time is None:
            raise ValueError("give start_time with end_time or duration")
        if self.hours is not None and self.start_time is not None:
            raise ValueError("hours are laid on their date; give start_time with end_time or duration instead")
        if self.date is not None and self.hours is None:
            raise ValueError("date goes with hours")
        return self


class MarkInvoicedIn(Body):
    invoice_id: Id | Annotated[Text, Field(max_length=100)] | None = Field(
        None, description="Invoice id or number (e.g. INV-2026-0001) the entry goes on."
    )


class EntryIdsIn(Body):
    ids: list[Id] = Field(min_length=1, max_length=1000, description="Entry ids; all of them or none.")


class MarkEntriesIn(EntryIdsIn, MarkInvoicedIn):
    pass


Money = Annotated[float, Field(description="Exactly two decimals, e.g. 675.00.")]
Instant = Annotated[str, Field(json_schema_extra={"format": "date-time"})]  # with its offset
Day = Annotated[str, Field(json_schema_extra={"format": "date"})]
Hours = Annotated[float, Field(description="Rounded to two decimals.")]


class EntryOut(BaseModel):
    """SPEC §4's time entry."""

    id: int
    project_id: int
    project_name: str
    task_id: int | None
    task_name: str | None
    client_id: int
    client_name: str
    user_id: int
    user_name: str
    start_time: Instant
    end_time: Instant | None
    duration: int | None
    hours: Hours | None
    date: Day
    description: str
    notes: str
    billable: bool
    hourly_rate: Money
    amount: Money | None
    currency: str = Field(description="The client's currency: the amounts are in it.")
    invoiced: bool
    invoice_id: int | None
    invoice_number: str | None
    tags: list[str] = Field(description="The entry's tags, sorted by their case-folded names.")
    running: bool
    version: str = Field(
        description="Changes with any of the entry's own fields: the ETag, and `aos edit --if-version`."
    )


class FoundOut(BaseModel):
    """What a search found: its words, the clients, projects and tasks whose names match each of
    them (as GET /clients etc. give them), and the newest entries whose description does."""

    words: list[str]
    clients: list[dict[str, Any]]
    projects: list[dict[str, Any]]
    tasks: list[dict[str, Any]]
    entries: list[EntryOut]


class UnbilledEntryOut(BaseModel):
    id: int
    project_name: str
    task_name: str | None
    date: Day
    hours: Hours
    description: str
    amount: Money
    currency: str


class CurrencyTotal(BaseModel):
    currency: str
    count: int
    hours: Hours
    amount: Money


class UnbilledOut(BaseModel):
    """The seed's shape (each entry may carry more keys) when the entries are in one currency.
    With several, total_amount is null (money of two currencies is never added) and
    totals_by_currency gives each currency's sums."""

    entries: list[UnbilledEntryOut]
    total_hours: Hours
    total_amount: Money | None
    totals_by_currency: list[CurrencyTotal] | None = None


class ErrorData(BaseModel):
    status: int
    params: dict[str, Any] | None = None


class ErrorOut(BaseModel):
    """WordPress REST error."""

    code: str
    message: str
    data: ErrorData
