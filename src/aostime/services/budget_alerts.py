"""Budget alerts: when a change (start, add, stop) leaves a budget at or past one of its thresholds
in the current period, the change's own transaction records the alert under the key (budget,
period, threshold), so it is recorded once however many members cross it together; after the
commit the person gets a note and the team's managers and admins an e-mail (smtp_url, alert_from).
An e-mail that could not go out stays in the table unsent, with its error, until
`aos budget --send-alerts` sends it (an outbox)."""

from __future__ import annotations

from collections import namedtuple

from aostime.domain import budgets
from aostime.services import Session, access
from aostime.services.declared import use_case

TYPE_CHECKING = False
if TYPE_CHECKING:
    from aostime.domain.models import Entry

SEND_TIMEOUT_SECONDS = 20


class Crossed(namedtuple("Crossed", "usage threshold")):
    """A threshold a change crossed: the budget's Usage after the change, and the percentage."""

    __slots__ = ()


def check(session: Session, entry: Entry) -> list[Crossed]:
    """The thresholds the entry's budgets reached with this change and that were not recorded
    yet in this period: recorded now (inside the caller's transaction)."""
    from aostime.services.budgets import team_zone, usages

    store = session.store
    found = store.budgets_touching(entry.project_id, entry.task_id, entry.user_id)
    if not found:
        return []
    crossed = []
    for usage in usages(store, found, session.now, team_zone()):
        for threshold in usage.reached():
            if store.claim_alert(usage.budget.id, usage.period_key, threshold, session.now):
                crossed.append(Crossed(usage, threshold))
    return crossed


def announce(session: Session, crossed: list[Crossed]) -> None:
    """After the commit: a note per crossing, and the e-mails (whose failure is a note too)."""
    if not crossed:
        return
    for item in crossed:
        session.notice(_note(item))
    _send(session, [(item.usage, item.threshold) for item in crossed])


def _note(item: Crossed) -> str:
    usage = item.usage
    budget = usage.budget
    what = "reached" if item.threshold < 100 else "used up"
    period = f" in {usage.period_key}" if budget.period == "month" else ""
    return (f"budget of {budget.target()} {what} {item.threshold}%{period}: "
            f"{_amount(usage.used, budget)} of {_amount(usage.allowed, budget)} ({usage.percent}%)")  # fmt: skip


def _amount(value: int, budget) -> str:
    from aostime.domain.money import format_money, hours

    return f"{hours(value)} h" if budget.budget_seconds is not None else f"{format_money(value)} {budget.currency}"


class AlertsSent(namedtuple("AlertsSent", "sent failed")):
    """What --send-alerts did: the alerts e-mailed, and those still unsent with their errors
    (a list of "target threshold%: error" lines)."""

    __slots__ = ()


@use_case(needs="edit_catalog", writes=True)
def send_budget_alerts(session: Session) -> AlertsSent:
    """Send the alerts whose e-mail has not gone out (the server was down, smtp_url not set yet)."""
    from aostime.services.budgets import team_zone, usages

    access.require(session, "edit_catalog", writes=True)
    pending = []
    with session.store.snapshot() as store:
        unsent = store.unsent_alerts()
        by_id = {b.id: b for b in store.list_budgets()}
        for budget_id, period_key, threshold, _error in unsent:
            # an alert of an earlier month says what was used in that month
            month = None if period_key == "total" else period_key
            [usage] = usages(store, [by_id[budget_id]], session.now, team_zone(), month)
            pending.append((usage, threshold))
    return _send(session, pending)


def _send(session: Session, pending: list[tuple]) -> AlertsSent:
    """E-mail each alert to the managers and admins, and record which went out."""
    from aostime.services.mail import MailError, send_mail

    url = session.setting("smtp_url")
    sender = session.setting("alert_from") or session.setting("company_email")
    recipients = session.store.alert_recipients()
    sent, failed = 0, []
    for usage, threshold in pending:
        budget = usage.budget
        error = None
        if not url:
            error = "smtp_url is not set"
        elif not sender:
            error = "alert_from is not set"
        elif not recipients:
            error = "no manager or admin has an e-mail address"
        else:
            subject, body = budgets.alert_text(usage, threshold, lambda cents, b=budget: _amount(cents, b))
            try:
                send_mail(budgets.smtp_parts(url), sender, recipients, subject, body, SEND_TIMEOUT_SECONDS)
            except MailError as exc:
                error = str(exc)
        with session.store.transaction() as store:
            store.mark_alert(budget.id, usage.period_key, threshold, None if error else session.now, error)
        if error is None:
            sent += 1
        else:
            failed.append(f"{budget.target()} {threshold}%: {error}")
            if url:  # no smtp_url: e-mail alerts are off, the note of the crossing is all there is
                session.notice(f"budget alert not e-mailed ({error}); 'aos budget --send-alerts' retries")
    return AlertsSent(sent, failed)
