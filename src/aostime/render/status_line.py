"""`aos status --format`: a one-line template for shell prompts and status bars.

Fields: {id} {project} {task} {client} {user} {description} {start} (HH:MM local)
{start_iso} {elapsed} (seconds) {elapsed_hm} (H:MM) {hours} {amount} {rate} {billable} {currency}."""

from __future__ import annotations

import re
import string
from datetime import datetime, tzinfo

from aostime.domain.models import Entry
from aostime.domain.money import format_money, hours
from aostime.domain.timer import amount_so_far, elapsed
from aostime.errors import BadInput

MAX_WIDTH = 500  # '{project:>99999999999}' would build a string of that many characters

FIELDS = ("id", "project", "task", "client", "user", "description", "start", "start_iso",
          "elapsed", "elapsed_hm", "hours", "amount", "rate", "billable", "currency")  # fmt: skip


def fields(entry: Entry, zone: tzinfo, now: datetime) -> dict[str, str]:
    seconds = elapsed(entry, now)
    local = entry.start.astimezone(zone)
    return {
        "id": str(entry.id), "project": entry.project_name, "task": entry.task_name or "",
        "client": entry.client_name, "user": entry.user_name, "description": entry.description,
        "start": local.strftime("%H:%M"), "start_iso": local.isoformat(timespec="seconds"),
        "elapsed": str(seconds), "elapsed_hm": f"{seconds // 3600}:{seconds % 3600 // 60:02d}",
        "hours": str(hours(seconds)),
        "amount": format_money(amount_so_far(entry, now)),
        "rate": format_money(entry.hourly_rate_cents), "billable": "yes" if entry.billable else "no",
        "currency": entry.currency or "",
    }  # fmt: skip


def format_status(template: str, entry: Entry, zone: tzinfo, now: datetime) -> str:
    values = fields(entry, zone, now)
    try:
        for _, name, spec, conversion in string.Formatter().parse(template):
            if name is not None and name not in values:
                raise BadInput(f"unknown field {{{name}}} in --format; known: {', '.join(FIELDS)}")
            if spec and ("{" in spec or any(int(n) > MAX_WIDTH for n in re.findall(r"\d+", spec))):
                raise BadInput(f"--format spec {spec!r} is too wide or nested; widths up to {MAX_WIDTH}")
        return template.format(**values)
    except (ValueError, IndexError, KeyError) as exc:
        raise BadInput(f"bad --format template {template!r} ({exc}); fields: {', '.join(FIELDS)}") from None
