"""Reports through the team server: the report document back into the Report the table prints."""

from __future__ import annotations

from typing import Any

from aostime.remote.models import cents, instant

TYPE_CHECKING = False
if TYPE_CHECKING:
    from aostime.services import Session


def report_from(session: Session, document: dict[str, Any]):
    """The Report a report document was made from (services.reporting.Report), for the table:
    figures back in seconds and cents (the document carries both exactly), and the projects'
    "Client / Project" labels from the server's project list, by the same rule as locally."""
    from aostime.domain.reports import project_labels
    from aostime.services.reporting import Report

    def figures(doc: dict[str, Any]) -> dict[str, Any]:
        return {"seconds": doc["duration"], "billable_seconds": doc["billable_duration"], "cents": cents(doc["amount"]),
                "unbilled_cents": cents(doc["unbilled_amount"]), "entries": doc["entries"], "running": doc["running"]}  # fmt: skip

    figure_keys = ("hours", "billable_hours", "non_billable_hours", "amount", "unbilled_amount", "entries",
                   "duration", "billable_duration", "running", "currency")  # fmt: skip
    rows = [{**{k: v for k, v in row.items() if k not in figure_keys}, **figures(row), "currency": row["currency"]}
            for row in document["rows"]]  # fmt: skip
    labels: dict[int, str] = {}
    if "project" in document["group_by"]:
        projects = session.remote.call("GET", "/projects", params={"archived": True})
        labels = project_labels({p["id"]: p["name"] for p in projects}, {p["client_id"]: p["client_name"] for p in projects},
                                {p["id"]: p["client_id"] for p in projects})  # fmt: skip
    return Report(document["group_by"], instant(document["from"]), instant(document["to"]), rows,
                  figures(document["totals"]),
                  [(doc["currency"], figures(doc)) for doc in document["totals_by_currency"]], labels)  # fmt: skip
