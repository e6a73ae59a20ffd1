"""An import's summary rebuilt from the team server's document (render.imports' document read
back), with money back in cents and times back as aware datetimes."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any


def cents(value: Any) -> int | None:
    return None if value is None else int(Decimal(str(value)) * 100)


def instant(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


def summary_from(doc: dict[str, Any]):
    """The ImportSummary an import's document was made from (render.imports prints it)."""
    from aostime.services.interchange import ImportSummary, ProjectTotal

    summary = ImportSummary(doc["format"], doc["path"], doc["dry_run"], created=doc["entries"]["created"],
                            updated=doc["entries"]["updated"], unchanged=doc["entries"]["unchanged"],
                            skipped=doc["entries"]["skipped"], dropped=doc["entries"]["dropped"],
                            clients=doc["created"]["clients"], projects=doc["created"]["projects"],
                            tasks=doc["created"]["tasks"], users=doc["created"]["users"], settings=doc["settings"],
                            running=[dict(r, start=instant(r["start"])) for r in doc["running"]],
                            seconds=doc["total_duration"], warnings=doc["warnings"],
                            removed=[dict(r, start=instant(r["start"]), end=instant(r["end"]))
                                     for r in doc["removed"]["entries"]],
                            pruned=doc["removed"]["deleted"])  # fmt: skip
    for total in doc["projects"]:
        key = (total["client_name"], total["project_name"])
        summary.totals[key] = ProjectTotal(key[0], key[1], total["currency"], total["entries"], total["duration"],
                                           cents(total["amount"]) or 0)  # fmt: skip
        summary.cents += summary.totals[key].cents
    return summary
