"""Request bodies of the routes beyond the seed's (the seed's are in schemas.py). Unknown keys
are refused (a typo is a 400, not a silently ignored field); types are strict (schemas.Id)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, Strict

from aostime.domain.invoicing import GROUPINGS, ROUNDING_MODES, SETTABLE_STATUSES
from aostime.domain.parties import LANGUAGES, TAX_MODES
from aostime.domain.permissions import ROLES
from aostime.server.schemas import Body, Flag, Id, Name, Rate, TagList, Text, TimeText, number_or_text


def one_of(values):
    """A type accepting exactly the domain's values (the OpenAPI document lists them as an enum)."""
    return Literal[tuple(values)]


Note = Annotated[Text, Field(max_length=10_000)]
Short = Annotated[Text, Field(max_length=100)]


class EntryEditIn(Body):
    """PUT /time-entries/{id}: only the keys given change (as `aos edit`)."""

    start_time: TimeText | None = None
    end_time: TimeText | None = None
    hours: number_or_text(100) | None = Field(None, description="A length (1.5, 1:30, 90m) in place of end_time.")
    date: Short | None = Field(None, description="Move the entry to this day (as `aos edit --date`).")
    project_id: Id | None = None
    task_id: Id | None = None
    description: Note | None = None
    notes: Note | None = None
    billable: Flag | None = None
    hourly_rate: Rate | None = None
    reset_rate: Flag = Field(False, description="Take the rate of the (new) project or task.")
    force: Flag = Field(False, description="Save an entry longer than max_entry_hours.")
    tags: TagList | None = Field(None, description="Tags to add, as `aos edit --tag`.")
    untag: TagList | None = Field(None, description="Tags to remove, as `aos edit --untag`.")


class TimerStartIn(Body):
    project_id: Id
    task_id: Id | None = None
    description: Note = ""
    notes: Note = ""
    billable: Flag | None = None
    hourly_rate: Rate | None = None
    start_time: TimeText | None = Field(None, description="When it started (default: now), as `aos start --at`.")
    switch: Flag = Field(False, description="Stop a running timer first.")
    force: Flag = False
    user_id: Id | None = Field(None, description="Another member's timer (managers); default: your own.")
    tags: TagList | None = Field(None, description="Tags, as `aos start --tag`.")


class TimerStopIn(Body):
    """The seed's review and adjust, in the same write as the stop."""

    end_time: TimeText | None = Field(None, description="When it stopped (default: now), as `aos stop --at`.")
    start_time: TimeText | None = Field(None, description="A corrected start.")
    description: Note | None = None
    notes: Note | None = None
    billable: Flag | None = None
    force: Flag = False
    user_id: Id | None = Field(None, description="Another member's timer (managers); default: your own.")


class TimerRestartIn(Body):
    entry_id: Id | None = Field(None, description="The entry to start again (default: the last one).")
    start_time: TimeText | None = None
    switch: Flag = False
    force: Flag = False
    user_id: Id | None = Field(None, description="Another member's timer (managers); default: your own.")


class ClientBillingIn(Body):
    """Where a client's invoices go (domain/parties.py checks each; '' clears one)."""

    address: (
        Annotated[Text, Field(max_length=1000, description="Lines as the country writes them, separated by \\n")] | None
    ) = None
    country: Annotated[Text, Field(max_length=2, description="ISO 3166 two letters ('' clears)")] | None = None
    vat_id: Annotated[Text, Field(max_length=20)] | None = None
    language: one_of((*LANGUAGES, "")) | None = None
    tax_mode: one_of((*TAX_MODES, "")) | None = None
    buyer_reference: (
        Annotated[Text, Field(max_length=200, description="BT-10: a German public buyer's Leitweg-ID ('' clears)")]
        | None
    ) = None
    peppol_id: (
        Annotated[Text, Field(max_length=120, description="SCHEME:ID on Peppol's EAS list, e.g. 0204:991-12345-67")]
        | None
    ) = None


class ClientIn(ClientBillingIn):
    name: Name
    hourly_rate: Rate | None = None
    currency: Annotated[Text, Field(min_length=3, max_length=3)] | None = None
    email: Annotated[Text, Field(max_length=320)] | None = None


class ClientEditIn(ClientBillingIn):
    name: Name | None = None
    hourly_rate: Rate | None = None
    currency: Annotated[Text, Field(min_length=3, max_length=3)] | None = None
    email: Annotated[Text, Field(max_length=320)] | None = None
    archived: Flag | None = Field(None, description="Archive (true) or bring back (false).")


class ProjectIn(Body):
    name: Name
    client_id: Id
    hourly_rate: Rate | None = None


class ProjectEditIn(Body):
    name: Name | None = None
    client_id: Id | None = None
    hourly_rate: Rate | None = None
    archived: Flag | None = None


class TaskIn(Body):
    name: Name
    project_id: Id
    hourly_rate: Rate | None = None
    billable: Flag | None = None


class TaskEditIn(Body):
    name: Name | None = None
    project_id: Id | None = None
    hourly_rate: Rate | None = None
    billable: Flag | None = None
    archived: Flag | None = None


Role = one_of(ROLES)
Zone = Annotated[Text, Field(max_length=100, description="IANA zone, e.g. Europe/Berlin; '' clears it.")]
# a member's own preferences (domain.preferences), read by the CLI's rules; '' clears one
Locale = Annotated[Text, Field(max_length=20, description="en, de or fr; '' clears it.")]
WeekStart = Annotated[Text, Field(max_length=20, description="monday ... sunday; '' follows the team's week_start.")]
Theme = Annotated[Text, Field(max_length=20, description="system, light or dark; '' clears it.")]


class UserIn(Body):
    name: Name
    email: Annotated[Text, Field(max_length=320)] | None = None
    hourly_rate: Rate | None = None
    role: Role = "member"
    time_zone: Zone | None = None


class UserEditIn(Body):
    name: Name | None = None
    email: Annotated[Text, Field(max_length=320)] | None = None
    hourly_rate: Rate | None = None
    role: Role | None = None
    time_zone: Zone | None = None
    locale: Locale | None = None
    week_start: WeekStart | None = None
    theme: Theme | None = None
    archived: Flag | None = None


class InvoiceIn(Body):
    """POST /invoices: as `aos invoice create`."""

    client_id: Id
    project_id: Id | None = None
    to_date: TimeText | None = Field(None, description="Entries started before the end of this day.")
    group_by: one_of(GROUPINGS) = "entry"
    round: Short | None = Field(None, description="Round each line up to 6m, 15m... (default: the setting).")
    rounding: one_of(ROUNDING_MODES) = "up"
    tax_rate: number_or_text(100) | None = Field(None, description="Percent, e.g. 19 (default: the setting).")
    due_days: Annotated[int, Strict(), Field(ge=0, le=3650)] | None = None
    notes: Note = ""
    dry_run: Flag = Field(False, description="Compute and show the invoice, save nothing.")
    order_reference: Annotated[Text, Field(max_length=200, description="The buyer's purchase order (BT-13)")] | None = (
        None
    )


class InvoiceStatusIn(Body):
    status: one_of(SETTABLE_STATUSES)


class IssueIn(Body):
    issue_date: Annotated[Text, Field(max_length=100, json_schema_extra={"format": "date"})] | None = Field(
        None, description="Default: the day the invoice was made."
    )
    exchange_rate: number_or_text(30, "1 of the invoice's currency in the accounting currency (0.92).") | None = None
    order_reference: Annotated[Text, Field(max_length=200, description="The buyer's purchase order (BT-13)")] | None = (
        None
    )


class PaymentIn(Body):
    amount: number_or_text(30) | None = Field(None, description="Default: the open balance.")
    date: Annotated[Text, Field(max_length=100, json_schema_extra={"format": "date"})] | None = None


class LineIn(Body):
    description: Annotated[Text, Field(min_length=1, max_length=500)]
    quantity: number_or_text(30, "Up to 4 decimals, more than 0.")
    unit_price: number_or_text(30, "Before tax; negative: a discount.")
    unit: Literal["units", "hours"] = "units"
    tax: number_or_text(100, "The line's own VAT percentage (default: the invoice's).") | None = None


class VoidIn(Body):
    paid_too: Flag = Field(False, description="Void even a paid invoice (the CLI asks first).")


class TokenIn(Body):
    user_id: Id | None = Field(None, description="Default: your own (admins: anyone's).")
    name: Annotated[Text, Field(max_length=200)] = ""
    expires: Short | None = Field(None, description="90d, 12h, 2w, or a day.")
    read_only: Flag = False


class LockIn(Body):
    """PUT /lock: lock every entry of a day before `before`, or lift the lock (`before`: null)."""

    before: Short | None = Field(None, description="A day (2026-12-01); null lifts the lock.")


class WeekDecisionIn(Body):
    note: Annotated[Text, Field(max_length=2000)] | None = Field(None, description="A note for the member.")
