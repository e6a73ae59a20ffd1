"""The budgets on a project's page (and a task's): each budget of the project (its own, its tasks',
its members') with its badge and a button that removes it, and a form that sets one. Both call the
use case `aos project|task edit --budget-* / --no-budget` calls (services.budgets.set_budget), so
a figure is refused here in the CLI's words."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from aostime.errors import AosError, Forbidden, NotFound
from aostime.server.web.auth import form_allowed, with_session
from aostime.server.web.language import gettext as _
from aostime.server.web.render import guarded, page, redirect, sentence

router = APIRouter(include_in_schema=False)
Signed = Annotated[Any, Depends(with_session)]
FIELDS = ("figure", "unit", "period", "alert", "member", "task", "remove")


@router.post("/clients/{kind}/{record_id:int}/budget")
async def save_budget(request: Request, session: Signed, kind: str, record_id: int) -> Response:
    """Set a budget (the form's figure, counted in hours or money, per period, alert and member),
    or with remove=true remove the one its hidden task and member name."""
    from aostime.server.web.catalog import _record_answer
    from aostime.services.budgets import set_budget

    form = await request.form(max_fields=20)
    if not form_allowed(request, session, str(form.get("csrf", ""))):
        return redirect("/login")
    if kind not in ("project", "task"):
        return page("error.html", 404, message=_("No such page."), signed_in=True)
    typed = {key: str(form.get(key, "")).strip()[:200] for key in FIELDS}

    def act() -> Response:
        project, task = (str(record_id), typed["task"] or None) if kind == "project" else (None, str(record_id))
        remove = typed["remove"] == "true"
        figure = {} if remove else {"amount" if typed["unit"] == "amount" else "hours": typed["figure"]}
        try:
            budget = set_budget(session, project, task, member=typed["member"] or None, period=typed["period"] or None,
                                alert=typed["alert"] or None, remove=remove, **figure)  # fmt: skip
        except (Forbidden, NotFound) as exc:
            if not remove or isinstance(exc, Forbidden):
                raise
            return _record_answer(session, kind, record_id, status=404, budget={**typed, "error": sentence(exc)})
        except AosError as exc:
            return _record_answer(session, kind, record_id, status=400, budget={**typed, "error": sentence(exc)})
        target = budget.target()
        said = (_("Removed the budget of %(target)s.", target=target) if remove
                else _("Saved the budget of %(target)s.", target=target))  # fmt: skip
        return _record_answer(session, kind, record_id, said=said)

    return guarded(act)
