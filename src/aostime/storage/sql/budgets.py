"""Budgets and their alerts (the used figures are the report's: ReportsSql.report_rows)."""

from __future__ import annotations

from datetime import datetime

TYPE_CHECKING = False  # typing and the models cost milliseconds at every prompt
if TYPE_CHECKING:
    from typing import Any

    from aostime.domain.budgets import Budget

BUDGET_SELECT = """
    SELECT b.id, b.project_id, p.name, b.task_id, t.name, b.user_id, u.name, b.period, b.budget_seconds,
           b.budget_cents, b.alert_percent, c.currency
    FROM budgets b
    JOIN projects p ON p.id = b.project_id
    JOIN clients c ON c.id = p.client_id
    LEFT JOIN tasks t ON t.id = b.task_id
    LEFT JOIN users u ON u.id = b.user_id"""
# the one budget of a target: NULL task or member read as 0, as the unique index budgets_target does
SAME_TARGET = "b.project_id = ? AND coalesce(b.task_id, 0) = ? AND coalesce(b.user_id, 0) = ?"


class BudgetsSql:
    """SQL of one aggregate, mixed into a backend's Store (which provides the Dialect)."""

    def _budget(self, row) -> Budget:
        from aostime.domain.budgets import Budget

        return Budget(*row)

    def list_budgets(self, project_id: int | None = None) -> list[Budget]:
        """Every budget (or a project's), by project, then task, then member (the project's own first)."""
        where, params = ("", ()) if project_id is None else (" WHERE b.project_id = ?", (project_id,))
        order = " ORDER BY p.name_key, b.project_id, coalesce(b.task_id, 0), coalesce(b.user_id, 0)"
        return [self._budget(row) for row in self._all(BUDGET_SELECT + where + order, params)]

    def budgets_touching(self, project_id: int, task_id: int | None, user_id: int) -> list[Budget]:
        """The budgets an entry counts against: its project's, its task's, its member's on that project."""
        sql = (f"{BUDGET_SELECT} WHERE b.project_id = ? AND (b.task_id IS NULL OR b.task_id = ?)"
               " AND (b.user_id IS NULL OR b.user_id = ?)")  # fmt: skip
        return [self._budget(row) for row in self._all(sql, (project_id, task_id or 0, user_id))]

    def save_budget(self, project_id: int, task_id: int | None, user_id: int | None, values: dict[str, Any],
                    now: datetime) -> None:  # fmt: skip
        """Set the budget of a target (inside the caller's transaction): a new one, or the old one
        changed. A changed budget starts its alerts afresh: thresholds of the new figure are new
        thresholds (raising 40 h to 60 h must alert again at 80 % of 60 h)."""
        stamp = self._time(now)
        columns = ("period", "budget_seconds", "budget_cents", "alert_percent")
        found = self._one(f"SELECT b.id, {', '.join('b.' + c for c in columns)} FROM budgets b WHERE {SAME_TARGET}",
                          (project_id, task_id or 0, user_id or 0))  # fmt: skip
        if found is None:
            self._insert(
                "INSERT INTO budgets (project_id, task_id, user_id, period, budget_seconds, budget_cents, "
                "alert_percent, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (project_id, task_id, user_id, *(values[c] for c in columns), stamp, stamp),
            )
        else:
            if tuple(found[1:]) != tuple(values[c] for c in columns):
                self._run("DELETE FROM budget_alerts WHERE budget_id = ?", (found[0],))
            self._run(
                "UPDATE budgets SET period = ?, budget_seconds = ?, budget_cents = ?, alert_percent = ?, "
                "updated_at = ? WHERE id = ?",
                (*(values[c] for c in columns), stamp, found[0]),
            )

    def find_budget(self, project_id: int, task_id: int | None, user_id: int | None) -> Budget | None:
        row = self._one(f"{BUDGET_SELECT} WHERE {SAME_TARGET}", (project_id, task_id or 0, user_id or 0))
        return None if row is None else self._budget(row)

    def delete_budget(self, budget_id: int) -> None:
        self._run("DELETE FROM budget_alerts WHERE budget_id = ?", (budget_id,))
        self._run("DELETE FROM budgets WHERE id = ?", (budget_id,))

    def claim_alert(self, budget_id: int, period_key: str, threshold: int, now: datetime) -> bool:
        """Record that a threshold was crossed in a period; False when it already was (by this
        change's rival too: the primary key decides, in the writer's transaction)."""
        cursor = self._run(
            "INSERT INTO budget_alerts (budget_id, period_key, threshold, created_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (budget_id, period_key, threshold) DO NOTHING",
            (budget_id, period_key, threshold, self._time(now)),
        )
        return cursor.rowcount == 1

    def unsent_alerts(self) -> list[tuple[int, str, int, str | None]]:
        """(budget id, period key, threshold, last error) of every alert whose mail has not gone out."""
        return [tuple(row) for row in self._all(
            "SELECT budget_id, period_key, threshold, error FROM budget_alerts WHERE sent_at IS NULL "
            "ORDER BY created_at, budget_id, threshold")]  # fmt: skip

    def mark_alert(self, budget_id: int, period_key: str, threshold: int, sent_at: datetime | None,
                   error: str | None) -> None:  # fmt: skip
        self._run(
            "UPDATE budget_alerts SET sent_at = ?, error = ? WHERE budget_id = ? AND period_key = ? AND threshold = ?",
            (sent_at and self._time(sent_at), error, budget_id, period_key, threshold),
        )

    def alert_recipients(self) -> list[str]:
        """The e-mail addresses of the team's managers and admins (active ones, with an address)."""
        rows = self._all(
            "SELECT email FROM users WHERE role IN ('manager', 'admin') AND archived = 0 "
            "AND email IS NOT NULL AND email <> '' ORDER BY id"
        )
        return [row[0] for row in rows]
