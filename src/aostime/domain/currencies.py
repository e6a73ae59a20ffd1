"""Money of two currencies is never added. Every amount belongs to its client's currency; where
entries of several currencies meet (a listing, unbilled time, a report), sums are kept per
currency, and an overall money figure exists only when there is a single currency (else None:
JSON null, never a meaningless mixed number). Hours and counts add up across currencies."""

from __future__ import annotations

from collections.abc import Iterable, Sequence


class CurrencySums:
    """Integer figures (seconds, cents, counts...) summed per currency as rows go by."""

    def __init__(self, figures: Sequence[str], money: Iterable[str]) -> None:
        self.figures = tuple(figures)
        self.money = frozenset(money)
        self.by_currency: dict[str, dict[str, int]] = {}

    def add(self, currency: str | None, **values: int) -> None:
        sums = self.by_currency.get(currency or "")
        if sums is None:
            sums = self.by_currency[currency or ""] = dict.fromkeys(self.figures, 0)
        for name, value in values.items():
            sums[name] += value

    def add_row(self, row: dict) -> None:
        self.add(row.get("currency"), **{name: row[name] for name in self.figures})

    def overall(self) -> dict[str, int | None]:
        """Every figure summed over all currencies; money figures only when there is one."""
        return {
            name: None if self.mixed and name in self.money else sum(s[name] for s in self.by_currency.values())
            for name in self.figures
        }

    def per_currency(self) -> list[tuple[str, dict[str, int]]]:
        """(currency, figures) in currency order."""
        return sorted(self.by_currency.items())

    @property
    def mixed(self) -> bool:
        return len(self.by_currency) > 1


def sums_of(rows: Iterable[dict], figures: Sequence[str], money: Iterable[str]) -> CurrencySums:
    sums = CurrencySums(figures, money)
    for row in rows:
        sums.add_row(row)
    return sums
