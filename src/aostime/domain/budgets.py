"""Budgets as values: hours or money allowed on a project (one of its tasks, or one member's time on
it), over the project's whole life or each calendar month; the thresholds whose crossing sends an
alert; and the alert's mail. No I/O: the figures come from the report's own sums (services.budgets)."""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable
from datetime import datetime, tzinfo
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from urllib.parse import unquote, urlsplit

from aostime.errors import BadInput

PERIODS = ("total", "month")
DEFAULT_ALERT_PERCENT = 80  # Harvest's and Kimai's default warning: a fifth of the budget left
MAX_HOURS = 1_000_000
MAX_CENTS = 10**15  # ten trillion: anything above is a typo, and the figures stay exact integers
PERCENT = Decimal("0.01")


class Budget(namedtuple("Budget", "id project_id project_name task_id task_name user_id user_name period "
                                  "budget_seconds budget_cents alert_percent currency")):  # fmt: skip
    """A budget and the names of what it covers: budget_seconds (hours) or budget_cents (money)
    is set, the other None; task_id and user_id None unless it covers one task or one member."""

    __slots__ = ()

    @property
    def thresholds(self) -> tuple[int, ...]:
        return thresholds(self.alert_percent)

    def target(self) -> str:
        """What the budget covers, as a person reads it: "Website / Design (alice)"."""
        text = self.project_name + (f" / {self.task_name}" if self.task_id is not None else "")
        return text + (f" ({self.user_name})" if self.user_id is not None else "")


class Usage(namedtuple("Usage", "budget seconds cents period_key")):
    """A budget and what is used of it in the period `period_key` ("total", or "2026-12"):
    seconds and cents, the report's figures over the same entries."""

    __slots__ = ()

    @property
    def used(self) -> int:
        """What counts against the budget: seconds for an hours budget, cents for a money one."""
        return self.seconds if self.budget.budget_seconds is not None else self.cents

    @property
    def allowed(self) -> int:
        return self.budget.budget_seconds if self.budget.budget_seconds is not None else self.budget.budget_cents

    @property
    def percent(self) -> Decimal:
        return (Decimal(self.used * 100) / self.allowed).quantize(PERCENT, rounding=ROUND_HALF_UP)

    def reached(self) -> list[int]:
        """The thresholds the use has reached, in exact integers (79.999 % is not 80 %)."""
        return [t for t in self.budget.thresholds if self.used * 100 >= t * self.allowed]

    @property
    def state(self) -> str:
        """ "over" once the budget is used up (100 % or more), "alert" once a threshold below that
        is reached, else "ok": how every face marks a budget."""
        if self.used >= self.allowed:
            return "over"
        return "alert" if self.reached() else "ok"


def thresholds(alert_percent: int) -> tuple[int, ...]:
    """The alert percentage, and 100 % (the budget is spent) when the alert comes before it."""
    return tuple(sorted({alert_percent, 100}))


def parse_hours(text: str) -> int:
    """--budget-hours: a positive number of hours (40, 7.5) -> whole seconds."""
    number = _number(text, "--budget-hours", "e.g. 40 or 7.5")
    if number > MAX_HOURS:
        raise BadInput(f"--budget-hours {text!r} is too large (at most {MAX_HOURS})")
    seconds = int((number * 3600).to_integral_value(rounding=ROUND_HALF_UP))
    if seconds <= 0:
        raise BadInput(f"--budget-hours {text!r} must be above 0")
    return seconds


def parse_amount(text: str) -> int:
    """--budget-amount: a positive sum of money in the project's currency (5000, 4999.50) -> cents."""
    number = _number(text, "--budget-amount", "e.g. 5000 or 4999.50")
    cents = number * 100
    if cents != cents.to_integral_value():
        raise BadInput(f"--budget-amount {text!r} has more than two decimals")
    if cents > MAX_CENTS:
        raise BadInput(f"--budget-amount {text!r} is too large")
    return int(cents)


def _number(text: str, option: str, example: str) -> Decimal:
    try:
        number = Decimal(str(text).strip())
    except InvalidOperation:
        raise BadInput(f"{option} {text!r} is not a number ({example})") from None
    if not number.is_finite():
        raise BadInput(f"{option} {text!r} is not a finite number ({example})")
    if number <= 0:
        raise BadInput(f"{option} {text!r} must be above 0 ({example})")
    return number


def parse_period(text: str) -> str:
    period = str(text).strip().lower()
    if period not in PERIODS:
        raise BadInput(f"--budget-period {text!r} is not one of: {', '.join(PERIODS)}")
    return period


def parse_alert(value: int | str) -> int:
    """--budget-alert: the percentage of the budget at which the managers are told (1-1000)."""
    text = str(value).strip().removesuffix("%")
    if not text.isdigit() or not 1 <= int(text) <= 1000:
        raise BadInput(f"--budget-alert {value!r} is not a whole percentage from 1 to 1000 (e.g. 80)")
    return int(text)


def period_key(period: str, now: datetime, zone: tzinfo) -> str:
    """The period a change falls in: "total", or the month of `now` in the team's zone ("2026-12"),
    so a month budget starts afresh at local midnight on the first."""
    if period == "total":
        return "total"
    return now.astimezone(zone).strftime("%Y-%m")


# -- settings: where alerts are sent from ---------------------------------------------------


def smtp_url(value: str) -> str:
    """smtp://user:password@host:port (STARTTLS when the server offers it) or smtps://... (TLS from
    the first byte); user and password percent-encoded where they hold : @ or /."""
    text = value.strip()
    if not text:
        return ""
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        raise BadInput("smtp_url is not a URL like smtp://user:password@host:587") from None
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise BadInput("smtp_url is not a URL like smtp://user:password@host:587 (or smtps://... for TLS)")
    if parts.path not in ("", "/") or parts.query or parts.fragment or port == 0:
        raise BadInput("smtp_url takes a scheme, user, password, host and port only (smtp://user:password@host:587)")
    return text


def masked_url(value: str) -> str:
    """smtp_url as it is shown back: the password replaced by ****."""
    parts = urlsplit(value)
    if parts.password is None:
        return value
    host = parts.netloc.rpartition("@")[2]
    return parts._replace(netloc=f"{parts.username}:****@{host}").geturl()


class Smtp(namedtuple("Smtp", "implicit_tls host port user password")):
    """smtp_url read: how to reach the mail server."""

    __slots__ = ()


def smtp_parts(value: str) -> Smtp:
    parts = urlsplit(value)
    implicit = parts.scheme == "smtps"
    user = unquote(parts.username) if parts.username else None
    password = unquote(parts.password) if parts.password else None
    return Smtp(implicit, parts.hostname, parts.port or (465 if implicit else 587), user, password)


def alert_text(usage: Usage, threshold: int, money_text: Callable[[int], str]) -> tuple[str, str]:
    """The subject and body of an alert mail. `money_text`: cents -> "4,000.00 EUR" as the caller shows money."""
    budget = usage.budget
    where = f" in {usage.period_key}" if budget.period == "month" else ""
    if budget.budget_seconds is not None:
        used, allowed = f"{_hours(usage.seconds)} h", f"{_hours(budget.budget_seconds)} h"
    else:
        used, allowed = money_text(usage.cents), money_text(budget.budget_cents)
    what = "has reached" if threshold < 100 else "has used up"
    subject = f"Budget alert: {budget.target()} {what} {threshold}% of its budget{where}"
    body = (f"{budget.target()} {what} {threshold}% of its budget{where}.\n\n"
            f"Used: {used} of {allowed} ({usage.percent}%).\n")  # fmt: skip
    return subject, body


def _hours(seconds: int) -> str:
    from aostime.domain.money import hours

    return str(hours(seconds))
