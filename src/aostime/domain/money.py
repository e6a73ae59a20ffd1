"""Money is Decimal in Python and integer cents on disk; nothing here touches float."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from aostime.errors import BadInput

CENT = Decimal("0.01")
MAX_RATE_CENTS = 100_000_000  # 1,000,000.00 an hour: anything above is a typo


def parse_money(text: str | int | Decimal, what: str = "rate") -> int:
    """'150', '150.5', '100.01' -> cents. Refuses NaN, infinities, negatives, sub-cent digits."""
    raw = str(text).strip()
    try:
        value = Decimal(raw)
    except (InvalidOperation, ValueError):
        raise BadInput(f"{what} {raw!r} is not a number (e.g. 150 or 99.50)") from None
    if not value.is_finite():
        raise BadInput(f"{what} {raw!r} is not a finite number (e.g. 150 or 99.50)")
    if value < 0:
        raise BadInput(f"{what} {raw!r} is negative; a {what} must be 0 or more")
    if value > MAX_RATE_CENTS // 100:
        raise BadInput(f"{what} {raw!r} is too large (at most {MAX_RATE_CENTS // 100})")
    if value != value.quantize(CENT):
        raise BadInput(f"{what} {raw!r} has more than two decimals; give whole cents (e.g. 99.50)")
    cents = int(value * 100)
    if cents > MAX_RATE_CENTS:
        raise BadInput(f"{what} {raw!r} is too large (at most {MAX_RATE_CENTS // 100})")
    return cents


def amount_cents(seconds: int, rate_cents: int) -> int:
    """duration/3600 x rate, rounded half-up to the cent, in integers so it is exact."""
    return (seconds * rate_cents * 2 + 3600) // 7200


def entry_amount_cents(seconds: int, rate_cents: int, billable: bool) -> int:
    """An entry's money: billable time at its rate; a non-billable entry keeps its rate (so it
    is priced if marked billable later) but is worth 0.00."""
    return amount_cents(seconds, rate_cents) if billable else 0


def to_decimal(cents: int) -> Decimal:
    return (Decimal(cents) / 100).quantize(CENT)


def format_money(cents: int) -> str:
    """Always two decimals: 67500 -> '675.00'."""
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(cents), 100)
    return f"{sign}{whole}.{part:02d}"


def hours(seconds: int) -> Decimal:
    """Seconds as hours, rounded half-up to two decimals (SPEC §4)."""
    return (Decimal(seconds) / 3600).quantize(CENT, rounding=ROUND_HALF_UP)


def percent_of(cents: int, rate_percent: Decimal) -> int:
    """A tax or discount on an amount, rounded half-up to the cent."""
    return int((Decimal(cents) * rate_percent / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
