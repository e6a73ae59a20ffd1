"""GET /budgets: every budget and what is used of it (managers and admins: it holds everyone's time)."""

from __future__ import annotations

from starlette.responses import Response

from aostime.server.common import Current, IdParam, json_response, ref, subject_router

router = subject_router("budgets")


@router.get("/budgets", response_model=None, responses={200: {"description": "As `aos budget --json`"}})
def get_budgets(session: Current, project_id: IdParam = None) -> Response:
    """Budgets with the hours and money used in their current period, as a report sums them."""
    from aostime.domain.documents import budgets_document
    from aostime.services.budgets import list_budgets

    return json_response(budgets_document(list_budgets(session, ref(project_id))))
