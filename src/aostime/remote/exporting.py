"""`aos export` through the team server: the document the server writes, streamed."""

from __future__ import annotations

from aostime.remote.common import (
    given,
    ref_id,
    task_id_of,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from aostime.services import Session


def write_export(session: Session, write, out, fmt="json", project=None, task=None, client=None, user=None, billable=None,
                 invoiced=None, since=None, until=None, currency=None) -> int:  # fmt: skip
    """`aos export` remotely: the server writes the document (GET /export), streamed to `out`."""
    project_id = ref_id(session, "project", project)
    params = given({"format": fmt, "project_id": project_id, "task_id": task_id_of(session, task, project_id),
                     "client_id": ref_id(session, "client", client), "user_id": ref_id(session, "user", user),
                     "billable": billable, "invoiced": invoiced, "from_date": since, "to_date": until, "currency": currency})  # fmt: skip
    with session.remote.stream("GET", "/export", params) as response:
        for text in response.iter_text():
            out.write(text)
        return int(response.headers.get("x-wp-total", "0"))
