"""Turning unbilled entries into invoice lines: rounding, grouping, numbering, totals.

Rounding is per entry, as Harvest does: each entry's billed time is rounded to the step
(up by default), and a line's time is the sum of its entries'. A line states its hours to the
hundredth (half-up) and its amount is those hours x its rate, half-up to the cent: what the
invoice says is what it charges (EN 16931: a line's net amount is its quantity x its price;
Peppol's PEPPOL-EN16931-R120 checks it to 0.02). So an invoice can differ by a few cents from the
sum of its entries' amounts (an entry's amount is its time to the second x its rate).

Lines made before that rule billed the sum of their entries' amounts; they keep them (an
invoice's total never changes after it is made) and state their hours to the millionth, which
gives their amount (time_quantity)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, tzinfo
from decimal import ROUND_HALF_UP, Decimal

from aostime.domain.models import Entry, InvoiceLine
from aostime.domain.money import format_money, hours
from aostime.domain.settings import ROUNDING_STEPS
from aostime.errors import BadInput

GROUPINGS = ("entry", "task", "project", "day")
ROUNDING_MODES = ("up", "nearest", "down")


def rounding_step(text: str) -> int:
    if text not in ROUNDING_STEPS:
        raise BadInput(f"--round {text!r} is not one of: {', '.join(ROUNDING_STEPS)}")
    return ROUNDING_STEPS[text]


def round_seconds(seconds: int, step: int, mode: str) -> int:
    """Billed seconds for one entry. 'nearest' rounds a half step up."""
    if step <= 0:
        return seconds
    whole, rest = divmod(seconds, step)
    if rest == 0:
        return seconds
    if mode == "up" or (mode == "nearest" and rest * 2 >= step):
        return (whole + 1) * step
    return whole * step


@dataclass
class _Group:
    description: str
    rate: int
    project_id: int | None
    task_id: int | None
    seconds: int = 0
    entry_ids: list[int] = field(default_factory=list)


def _key_and_label(entry: Entry, group_by: str, zone: tzinfo, template: str = "",
                   seconds: int = 0) -> tuple[tuple, str, int | None, int | None]:  # fmt: skip
    day = entry.start.astimezone(zone).date().isoformat()
    where = entry.project_name + (f" / {entry.task_name}" if entry.task_name else "")
    if group_by == "entry":
        text = f"{day} {where}" + (f": {entry.description}" if entry.description else "")
        if template:  # the invoice_line_template setting: what the client reads (no internal names)
            text = " ".join(template.format(date=day, project=entry.project_name, task=entry.task_name or "",
                                            description=entry.description, client=entry.client_name,
                                            hours=hours(seconds)).split())  # fmt: skip
        return (entry.id,), text, entry.project_id, entry.task_id
    if group_by == "task":
        return (entry.project_id, entry.task_id), where, entry.project_id, entry.task_id
    if group_by == "project":
        return (entry.project_id,), entry.project_name, entry.project_id, None
    return (day,), day, None, None


def build_lines(entries: Iterable[Entry], group_by: str, step: int, mode: str, zone: tzinfo,
                template: str = "") -> list[InvoiceLine]:  # fmt: skip
    """One line per group and rate: entries with different rates never share a line."""
    if group_by not in GROUPINGS:
        raise BadInput(f"--group-by {group_by!r} is not one of: {', '.join(GROUPINGS)}")
    if mode not in ROUNDING_MODES:
        raise BadInput(f"--rounding {mode!r} is not one of: {', '.join(ROUNDING_MODES)}")
    groups: dict[tuple, _Group] = {}
    for entry in entries:
        seconds = round_seconds(entry.duration, step, mode)  # the time it bills
        key, label, project_id, task_id = _key_and_label(entry, group_by, zone, template, seconds)
        group = groups.setdefault(
            key + (entry.hourly_rate_cents,), _Group(label, entry.hourly_rate_cents, project_id, task_id)
        )
        group.seconds += seconds
        group.entry_ids.append(entry.id)
    # linear in the entries: appends, and one count of the labels (a tuple += per entry and a
    # list.count per line made 200k entries take minutes under the write lock)
    labels = Counter(g.description for g in groups.values())
    lines = []
    for group in groups.values():
        text = group.description
        if labels[text] > 1:
            text += f" @ {format_money(group.rate)}/h"
        lines.append(
            InvoiceLine(
                None,
                text,
                group.seconds,
                group.rate,
                line_cents(hours(group.seconds), group.rate),
                group.project_id,
                group.task_id,
                tuple(group.entry_ids),
            )
        )
    return lines


def parse_tax(text: str) -> Decimal:
    from aostime.domain.vat import parse_rate

    return parse_rate(text)


def line_rate(line: InvoiceLine, invoice_rate: Decimal) -> Decimal:
    """A line's VAT rate: its own (add-line --tax), else the invoice's."""
    return Decimal(line.tax_rate) if line.tax_rate is not None else invoice_rate


def totals(lines: Iterable[InvoiceLine], tax_rate: Decimal) -> tuple[int, int, int]:
    """(subtotal, tax, total) in cents: subtotal is the sum of the lines, tax the sum of the VAT
    per rate (vat.breakdown: each rate's basis x rate, half-up), so 7 % and 19 % lines add up
    the way the invoice's breakdown shows them."""
    from aostime.domain.vat import breakdown

    lines = list(lines)
    subtotal = sum(line.amount_cents for line in lines)
    tax = sum(vat for _, _, vat in breakdown((line.amount_cents, line_rate(line, tax_rate)) for line in lines))
    return subtotal, tax, subtotal + tax


def with_lines_added(invoice, new_lines: list[InvoiceLine]) -> tuple[int, int, int]:
    """(subtotal, tax, total) of an invoice once `new_lines` are added: the same rule as
    totals(), so total = sum of the lines still holds."""
    return totals([*invoice.lines, *new_lines], Decimal(invoice.tax_rate))


def invoice_number(prefix: str, year: int, sequence: int) -> str:
    return f"{prefix}-{year}-{sequence:04d}" if prefix else f"{year}-{sequence:04d}"


def number_sequence(number: str) -> tuple[int, int] | None:
    """(year, sequence) of a number invoice_number() made, whatever the prefix was then; None
    for a number of another shape (nothing of aostime's numbering can collide with it)."""
    import re

    found = re.fullmatch(r"(?:.*-)?(\d{4})-(\d{4,})", number)
    return (int(found[1]), int(found[2])) if found else None


def numbering_past(numbers: Iterable[str], last: dict[int, int]) -> dict[int, int]:
    """The last number given per year (a series' counter) raised, where needed, to the highest
    sequence among `numbers`: the next number of a year is never one already given."""
    out = dict(last)
    for number in numbers:
        parsed = number_sequence(number)
        if parsed is not None and parsed[1] > out.get(parsed[0], 0):
            out[parsed[0]] = parsed[1]
    return out


# The lifecycle EU rules expect (SPEC §9): a draft is issued (sent) and from then on never
# changes; it is paid, or cancelled by a credit note. Only a draft is voided.
STATUS_MOVES = {"draft": {"sent"}, "sent": {"paid"}, "paid": set(), "void": set(), "cancelled": set()}
SETTABLE_STATUSES = ("sent", "paid")  # what a status change may name: the moves' targets
assert set(SETTABLE_STATUSES) == set().union(*STATUS_MOVES.values())


def check_status_move(current: str, new: str, number: str) -> None:
    from aostime.errors import Conflict

    if new not in SETTABLE_STATUSES:
        hint = {"draft": "an issued invoice stays issued; 'aos invoice cancel' issues a credit note",
                "void": "'aos invoice void' voids a draft", "cancelled": "'aos invoice cancel' cancels one"}  # fmt: skip
        raise BadInput(
            f"status {new!r} is not one of: {', '.join(SETTABLE_STATUSES)}" + (f" ({hint[new]})" if new in hint else "")
        )
    if new != current and new not in STATUS_MOVES[current]:
        raise Conflict(f"invoice {number} is {current}; it cannot become {new}")


# An invoice that bills its entries; a void or cancelled one released them.
LIVE = ("draft", "sent", "paid")


def check_totals(invoice) -> None:
    """An invoice's subtotal is the sum of its lines, its tax and total those totals() makes of
    it at its tax rate."""
    try:
        rate = Decimal(invoice.tax_rate)
    except ArithmeticError:
        raise BadInput(f"invoice {invoice.number}: tax rate {invoice.tax_rate!r} is not a percentage") from None
    subtotal, tax, total = totals(invoice.lines, rate)
    if (invoice.subtotal_cents, invoice.tax_cents, invoice.total_cents) != (subtotal, tax, total):
        raise BadInput(
            f"invoice {invoice.number}: subtotal {format_money(invoice.subtotal_cents)}, tax "
            f"{format_money(invoice.tax_cents)}, total {format_money(invoice.total_cents)} are not its lines': "
            f"{format_money(subtotal)}, {format_money(tax)} at {rate}%, {format_money(total)}"
        )


def open_cents(invoice) -> int:
    """What an invoice still asks to be paid, or a credit note to be paid back (negative): an
    issued one's total less what was paid (a credit note's "paid" is what it settles of its
    invoice's unpaid rest); nothing for a draft, a void or a cancelled invoice."""
    return invoice.total_cents - invoice.paid_cents if invoice.status in ("sent", "paid") else 0


def check_payable(invoice) -> None:
    """Only an issued invoice (not a credit note) is paid."""
    if invoice.kind != "invoice" or invoice.status not in ("sent", "paid"):
        from aostime.errors import Conflict

        raise Conflict(f"{invoice.number} is {invoice.status}: only an issued invoice is paid"
                       + (" ('aos invoice issue' first)" if invoice.status == "draft" else ""))  # fmt: skip


def check_payment(invoice, cents: int, what: str = "--amount") -> None:
    """A payment is more than 0 and at most what is open (invoice.paid_cents is what was paid
    before it): an invoice is never paid above its total."""
    unpaid = invoice.total_cents - invoice.paid_cents  # whatever its status: a restore checks cancelled ones too
    if unpaid <= 0:
        from aostime.errors import Conflict

        raise Conflict(f"invoice {invoice.number} is paid in full")
    if cents <= 0 or cents > unpaid:
        raise BadInput(f"{what} must be more than 0 and at most the open {format_money(unpaid)}")


def check_entry_fits(entry_id: int, client_id: int, client_name: str, currency: str, invoice) -> None:
    """An entry is billed to its own client, in its client's currency: never two currencies on
    one invoice."""
    from aostime.errors import Conflict

    if client_id != invoice.client_id:
        raise Conflict(f"entry {entry_id} belongs to {client_name}, not to {invoice.client_name}")
    if currency != invoice.currency:
        raise Conflict(f"entry {entry_id} is in {currency}, invoice {invoice.number} in {invoice.currency}")


def check_entry_billing(entry_id: int, invoiced: bool, invoice_id: int | None, billed_on, also_on=None) -> None:
    """An entry on the lines of a live invoice (`billed_on`) is invoiced by it; on those of a
    second one (`also_on`) it would be billed twice; an entry that names an invoice is on that
    invoice's lines, and the invoice is live. (An entry invoiced without an invoice was marked
    by hand, or came so from another tool.)"""
    from aostime.errors import Conflict

    if billed_on is not None and also_on is not None:
        twice = (f"on two lines of invoice {billed_on.number}" if also_on.id == billed_on.id else
                 f"on invoice {billed_on.number} and on invoice {also_on.number}, both {'/'.join(LIVE)}")  # fmt: skip
        raise Conflict(f"entry {entry_id} is {twice}: an entry is billed once")
    if billed_on is not None and not invoiced:
        raise Conflict(f"entry {entry_id} is on invoice {billed_on.number} ({billed_on.status}) but not invoiced")
    if invoice_id is not None and (billed_on is None or billed_on.id != invoice_id):
        where = f"invoice {billed_on.number}'s lines" if billed_on is not None else "the lines of no live invoice"
        raise Conflict(f"entry {entry_id} is invoiced by invoice id {invoice_id} but on {where}")
    if billed_on is not None and invoice_id is None:
        raise Conflict(f"entry {entry_id} is on invoice {billed_on.number} ({billed_on.status}) but names no invoice")


def check_draft(invoice, change: str) -> None:
    """Only a draft changes: an issued invoice is final (its corrections are credit notes)."""
    if invoice.status != "draft":
        from aostime.errors import Conflict

        raise Conflict(f"invoice {invoice.number} is {invoice.status}: issued invoices do not change ({change}); "
                       "'aos invoice cancel' issues a credit note")  # fmt: skip


def credit_lines(lines: Iterable[InvoiceLine]) -> list[InvoiceLine]:
    """A credit note's lines: the invoice's, with their amounts (and quantities) negative; the
    time stays as long as it was, the entries it covered are the invoice's to release."""
    out = []
    for line in lines:
        quantity = None if line.quantity is None else str(-Decimal(line.quantity))
        out.append(line._replace(id=None, amount_cents=-line.amount_cents, entry_ids=(), quantity=quantity))
    return out


def fixed_line(description: str, quantity: Decimal, unit_price_cents: int, unit: str,
               tax_rate: Decimal | None = None) -> InvoiceLine:  # fmt: skip
    """A line beyond time: quantity x unit price, half-up to the cent (the invoice's rule), at
    its own VAT rate or (None) the invoice's."""
    cents = line_cents(quantity, unit_price_cents)
    rate = None if tax_rate is None else str(tax_rate)
    return InvoiceLine(None, description, 0, unit_price_cents, cents, None, None, (), str(quantity), unit, rate)


def line_cents(quantity: Decimal, price_cents: int) -> int:
    """A line's amount: its quantity (hours to the hundredth, or units) x its price, half-up to
    the cent."""
    return int((quantity * price_cents).quantize(Decimal(1), ROUND_HALF_UP))


MILLIONTH = Decimal("0.000001")


def time_quantity(seconds: int, rate_cents: int, cents: int) -> Decimal:
    """The hours a line of time states: to the hundredth, which times its rate is its amount;
    a line made before that rule (its amount its entries' sum) states them to the millionth,
    the nearest its amount comes from. `cents` is the line's amount as positive."""
    stated = hours(seconds)
    if line_cents(stated, rate_cents) == cents:
        return stated
    exact = (Decimal(seconds) / 3600).quantize(MILLIONTH, ROUND_HALF_UP)
    return exact.to_integral() if exact == exact.to_integral() else exact.normalize()  # never 1E+2


def due_date(issue: date, days: int) -> date:
    from datetime import timedelta

    return issue + timedelta(days=days)
