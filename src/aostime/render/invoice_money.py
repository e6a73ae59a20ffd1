"""Money, dates, quantities and rates as the invoice's locale writes them, by Babel (CLDR data),
never by hand: "2.055,73 €" in German, "€2,055.73" in English, "2 055,73 €" in French (Babel
puts a no-break space before the euro sign and a narrow no-break space, U+202F, between French
thousands, so an amount never wraps across two lines of a printed page).

Amounts arrive as integer cents, as everywhere in aostime, and become exact Decimals here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from babel.dates import format_date, format_interval
from babel.numbers import format_currency, format_decimal, format_percent


@dataclass(frozen=True)
class LocaleFormat:
    """The formatters of one Babel locale, e.g. LocaleFormat("de_DE")."""

    locale: str

    def money(self, cents: int, currency: str) -> str:
        return format_currency(Decimal(cents).scaleb(-2), currency, locale=self.locale)

    def date(self, day: date) -> str:
        """The long form ("31. März 2026", "31 mars 2026"): never ambiguous between countries."""
        return format_date(day, format="long", locale=self.locale)

    def period(self, start: date, end: date | None) -> str:
        """A span of days the locale's way ("2.–27. März 2026"); one day is just that day."""
        if end is None or end == start:
            return self.date(start)
        return format_interval(start, end, skeleton="yMMMd", locale=self.locale)

    def quantity(self, value: Decimal, places: int = 0) -> str:
        """With the locale's decimal sign, at least `places` decimals and as many more as the value
        has (hours with places=2: 12,50 or 3,25; pieces: 1 or 2,5)."""
        pattern = "#,##0" + ("." + "0" * places if places else ".###")
        return format_decimal(value, format=pattern, locale=self.locale, decimal_quantization=False)

    def percent(self, rate: Decimal) -> str:
        """A tax rate in percent (19 -> "19 %" in German, "19%" in English; 7.7 keeps its decimal)."""
        return format_percent(rate / 100, locale=self.locale, decimal_quantization=False)
