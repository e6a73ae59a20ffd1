"""How tables fit the terminal: figures (ids, dates, times, hours, money) never wrap or
shorten; names and descriptions take what is left and wrap. Below NARROW columns (an 80-column
terminal) tables drop their vertical rules and merge a few columns, so that every figure fits."""

from __future__ import annotations

NARROW = 100


def money_in(cents: int | None, currency: str | None, missing: str = "") -> str:
    """An amount with its currency, as every table shows money: 1234.50 EUR (`missing` for
    none, e.g. a sum over several currencies, which does not exist)."""
    if cents is None:
        return missing
    from aostime.domain.money import format_money

    return f"{format_money(cents)} {currency or ''}".rstrip()


def total_label(currency: str | None) -> str:
    """The label of a totals row: one per currency, as money of two currencies is never added."""
    return f"[bold]{('Total ' + (currency or '')).strip()}[/bold]"


def narrow() -> bool:
    from aostime.render.console import out

    return out().width < NARROW


def new_table(**options):
    from rich import box
    from rich.table import Table

    if narrow():
        options.setdefault("box", box.SIMPLE_HEAD)
        options.setdefault("pad_edge", False)
        options.setdefault("collapse_padding", True)
    options.setdefault("header_style", "bold")
    return Table(**options)


def figure(table, header: str, justify: str = "right", **options) -> None:
    """A column of figures: kept whole, never wrapped or cut."""
    table.add_column(header, justify=justify, no_wrap=True, min_width=len(header), **options)


def text(table, header: str, **options) -> None:
    """A column of names or words: wraps (folding long words) to fit what the figures leave."""
    options.setdefault("overflow", "fold")
    table.add_column(header, **options)
