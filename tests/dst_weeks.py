"""Weeks with a daylight-saving change, in the zones of two members (ann in Berlin, ned in New
York), filled through the real `aos`: entries that cross local midnight, that span the jump or
the repeated hour, that fall on another day in UTC than in the member's zone, billable and not,
for two clients in two currencies (EUR and USD) at rates with odd cents, and in two of the
weeks a timer still running at the server's fixed clock."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

PASSWORD = "correct horse battery"
MEMBERS = {"ann": "Europe/Berlin", "ned": "America/New_York"}
OTHERS = "The other member's hour"


@dataclass(frozen=True)
class Week:
    name: str
    who: str
    monday: str
    sunday: str
    iso: str  # what /time?week= takes
    now: str  # the server's and the CLI's clock (AOS_NOW)
    entries: list[tuple[str, str, str, str, bool]]  # start, end, project, description, billable
    running: tuple[str, str, str] | None = None  # start, project, description
    outside: list[str] = field(default_factory=list)  # descriptions the week must not show

    @property
    def zone(self) -> str:
        return MEMBERS[self.who]


WEEKS = [
    Week(
        "berlin-spring",
        "ann",
        "2026-03-23",
        "2026-03-29",
        "2026-W13",
        "2026-03-29T12:00:00+00:00",
        [
            ("2026-03-22T23:30:00+01:00", "2026-03-23T00:20:00+01:00", "Website", "Sunday before", True),
            ("2026-03-23T00:30:00+01:00", "2026-03-23T01:10:07+01:00", "Website", "Monday in Berlin", True),
            ("2026-03-23T22:30:00+01:00", "2026-03-24T00:45:00+01:00", "Website", "Late release", True),
            ("2026-03-25T09:00:00+01:00", "2026-03-25T10:20:33+01:00", "Website", "Internal review", False),
            ("2026-03-26T13:07:11+01:00", "2026-03-26T15:00:00+01:00", "App", "Globex sprint", True),
            ("2026-03-29T01:30:00+01:00", "2026-03-29T03:30:00+02:00", "App", "Over the jump", True),
            ("2026-03-29T03:31:00+02:00", "2026-03-29T04:02:59+02:00", "Website", "After the jump", False),
        ],
        running=("2026-03-29T10:00:00+02:00", "Website", "Sunday support"),
        outside=["Sunday before"],
    ),
    Week(
        "berlin-autumn",
        "ann",
        "2026-10-19",
        "2026-10-25",
        "2026-W43",
        "2026-10-26T09:00:00+00:00",
        [
            ("2026-10-19T00:15:00+02:00", "2026-10-19T01:00:00+02:00", "App", "Monday in Berlin", True),
            ("2026-10-24T23:00:00+02:00", "2026-10-25T01:00:00+02:00", "Website", "Saturday night", True),
            ("2026-10-25T01:45:00+02:00", "2026-10-25T02:30:00+01:00", "Website", "Through the repeated hour", True),
            ("2026-10-25T02:40:00+02:00", "2026-10-25T02:55:00+02:00", "App", "First 02:40", True),
            ("2026-10-25T02:40:00+01:00", "2026-10-25T02:55:00+01:00", "App", "Second 02:40", False),
            ("2026-10-25T23:10:00+01:00", "2026-10-26T00:40:00+01:00", "Website", "Into next week", True),
            ("2026-10-26T00:10:00+01:00", "2026-10-26T00:30:00+01:00", "Website", "Next Monday", True),
        ],
        outside=["Next Monday"],
    ),
    Week(
        "new-york-spring",
        "ned",
        "2026-03-02",
        "2026-03-08",
        "2026-W10",
        "2026-03-10T15:00:00+00:00",
        [
            ("2026-03-02T20:00:00-05:00", "2026-03-02T21:30:00-05:00", "Website", "Monday evening", True),
            ("2026-03-04T10:00:00-05:00", "2026-03-04T11:11:11-05:00", "App", "Globex call", True),
            ("2026-03-05T14:00:00-05:00", "2026-03-05T14:45:00-05:00", "App", "Unbilled call", False),
            ("2026-03-07T23:00:00-05:00", "2026-03-08T03:30:00-04:00", "Website", "Night over the jump", True),
            ("2026-03-08T21:00:00-04:00", "2026-03-08T23:59:59-04:00", "App", "Sunday evening", True),
        ],
    ),
    Week(
        "new-york-autumn",
        "ned",
        "2026-10-26",
        "2026-11-01",
        "2026-W44",
        "2026-11-01T20:00:00+00:00",
        [
            ("2026-10-26T19:30:00-04:00", "2026-10-26T20:00:00-04:00", "App", "Monday evening", True),
            ("2026-10-31T22:00:00-04:00", "2026-11-01T01:15:00-04:00", "Website", "Halloween release", True),
            ("2026-11-01T01:20:00-04:00", "2026-11-01T01:10:00-05:00", "Website", "Back an hour", True),
            ("2026-11-01T09:00:00-05:00", "2026-11-01T09:20:00-05:00", "App", "Sunday check", False),
        ],
        running=("2026-11-01T13:00:00-05:00", "App", "Sunday on call"),
    ),
]


def fill(aos, week: Week) -> None:
    """The clients, projects and members, then the week's entries, typed with their offsets."""
    aos("client", "add", "Acme", "--rate", "99.99", "--currency", "EUR")
    aos("client", "add", "Globex", "--rate", "87.33", "--currency", "USD")
    aos("project", "add", "Website", "--client", "Acme")
    aos("project", "add", "App", "--client", "Globex")
    for who, zone in MEMBERS.items():
        aos("user", "add", who, "--time-zone", zone)
        aos("user", "password", who, "--stdin", input=PASSWORD + "\n")
    for start, end, project, description, billable in week.entries:
        flag = "--billable" if billable else "--non-billable"
        aos("add", "-p", project, "--start", start, "--end", end, "-d", description, flag, "-u", week.who)
    other = next(who for who in MEMBERS if who != week.who)
    aos("add", "-p", "Website", "--start", f"{week.monday}T12:00:00Z", "--end", f"{week.monday}T13:00:00Z",
        "-d", OTHERS, "-u", other)  # fmt: skip
    if week.running is not None:
        start, project, description = week.running
        aos("start", description, "-p", project, "--at", start, "-u", week.who)


def clock(seconds: int) -> str:
    """Seconds as the page writes a duration: H:MM:SS."""
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def money(amount, currency: str) -> str:
    """A JSON amount as the page writes it: 224.98 EUR."""
    return f"{Decimal(str(amount)):.2f} {currency}"


def figures(line: str) -> tuple[str | None, dict[str, str]]:
    """A totals line of the page ("Day: 5:00:00 h · 399.96 EUR · 87.33 USD"): its time and amounts."""
    duration = re.search(r"(\d+:\d\d:\d\d) h", line)
    amounts = {currency: f"{amount} {currency}" for amount, currency in re.findall(r"(-?\d+\.\d\d) ([A-Z]{3})", line)}
    return duration and duration.group(1), amounts


def day_figures(report: dict, day: str) -> tuple[str, dict[str, str]] | None:
    """What `aos report --by day --json` says of one day (None: no entry that day)."""
    rows = [row for row in report["rows"] if row["day"] == day]
    if not rows:
        return None
    return clock(sum(row["duration"] for row in rows)), {
        row["currency"]: money(row["amount"], row["currency"]) for row in rows
    }


def week_figures(report: dict) -> tuple[str, dict[str, str]]:
    """What `aos report --by day --json` says of the whole week."""
    by_currency = report["totals_by_currency"]
    return clock(report["totals"]["duration"]), {t["currency"]: money(t["amount"], t["currency"]) for t in by_currency}


def dates(week: Week) -> list[str]:
    first = date.fromisoformat(week.monday)
    return [(first + timedelta(days=n)).isoformat() for n in range(7)]
