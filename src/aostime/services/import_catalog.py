"""The clients, projects, tasks and team members an import lands on: found by the same name
rule as everywhere (aostime.domain.names.fold), made when missing (in the file's currency), never
relabelled and never archived ones."""

from __future__ import annotations

from typing import Any

from aostime.domain.names import fold
from aostime.errors import Ambiguous, Conflict
from aostime.interchange.records import Batch
from aostime.services import Session, resolve

TYPE_CHECKING = False
if TYPE_CHECKING:
    from aostime.services.import_summary import ImportSummary

DEFAULT_CLIENT = "Imported"


class ImportCatalog:
    """The hierarchy in memory: name lookups without a query per entry; what it creates is
    recorded in the summary."""

    def __init__(self, session: Session, summary: ImportSummary, client_option: str | None) -> None:
        self.session, self.store, self.summary = session, session.store, summary
        self.now = session.now
        self.clients: dict[str, Any] = {}
        self.clients_by_id: dict[int, Any] = {}
        self.projects: dict[tuple[int, str], Any] = {}
        self.projects_by_name: dict[str, list[Any]] = {}
        self.projects_by_id: dict[int, Any] = {}
        self.tasks_by_id: dict[int, Any] = {}
        self.tasks: dict[tuple[int, str], Any] = {}
        self.task_names: dict[int, dict[str, str]] = {}
        self.users: dict[str, Any] = {}
        # records archived before this import take no new time (the file's own archived ones,
        # created by the import with their history, are not refused)
        self.archived_before: set[tuple[str, int]] = set()
        for kind in ("client", "project", "task", "user"):
            self.archived_before |= {(kind, r.id) for r in self.store.list_records(kind, True) if r.archived}
        for client in self.store.list_records("client", include_archived=True):
            self._add_client(client)
        for project in self.store.list_records("project", include_archived=True):
            self._add_project(project)
        for task in self.store.list_records("task", include_archived=True):
            self._add_task(task)
        for user in self.store.list_records("user", include_archived=True):
            self.users.setdefault(fold(user.name), user)
        self.option_client = self._option_client(client_option) if client_option else None
        self._target_cache: dict[tuple, tuple[int, str, str]] = {}

    # -- loading and creating

    def _add_client(self, record) -> None:
        key = fold(record.name)
        if key not in self.clients or (self.clients[key].archived and not record.archived):
            self.clients[key] = record
        self.clients_by_id[record.id] = record

    def _add_project(self, record) -> None:
        self.projects.setdefault((record.client_id, fold(record.name)), record)
        self.projects_by_name.setdefault(fold(record.name), []).append(record)
        self.projects_by_id[record.id] = record

    def _add_task(self, record) -> None:
        self.tasks.setdefault((record.project_id, fold(record.name)), record)
        self.task_names.setdefault(record.project_id, {}).setdefault(fold(record.name), record.name)
        self.tasks_by_id[record.id] = record

    def _create(self, kind: str, values: dict[str, Any]):
        if kind == "user":  # a new team member is an admin's act, by whatever route it comes
            from aostime.services import access

            access.require(self.session, "users", writes=True)
        record_id = self.store.insert_record(kind, values, self.now)
        return self.store.get_record(kind, record_id)

    def _option_client(self, ref: str):
        ref = ref.strip()
        if ref.isdigit():
            return resolve(self.session, "client", ref)
        return self.client(ref)

    def client(self, name: str, currency: str | None = None, **attrs: Any):
        """The client of that name, made with the file's currency if new; a file that bills an
        existing client in another currency is refused (its amounts would be relabelled)."""
        record = self.clients.get(fold(name))
        if record is not None and currency and record.currency and currency.upper() != record.currency:
            raise Conflict(
                f"the file bills client {record.name!r} in {currency.upper()}, but it bills in {record.currency}; "
                "nothing was imported"
            )
        if record is None:
            from aostime.services.catalog import client_values

            record = self._create("client", client_values(self.session, {"name": name, "currency": currency, **attrs}))
            self._add_client(record)
            self.summary.clients.append(record.name)
        return record

    def project(self, client, name: str, **attrs: Any):
        record = self.projects.get((client.id, fold(name)))
        if record is None:
            record = self._create("project", {"client_id": client.id, "name": name, **attrs})
            self._add_project(record)
            self.summary.projects.append(f"{client.name} / {record.name}")
        return record

    def task(self, project, name: str, **attrs: Any):
        record = self.tasks.get((project.id, fold(name)))
        if record is None:
            record = self._create("task", {"project_id": project.id, "name": name, **attrs})
            self._add_task(record)
            self.summary.tasks.append(f"{project.name} / {record.name}")
        return record

    def user(self, name: str, email: str | None = None, **attrs: Any):
        record = self.users.get(fold(name))
        if record is None:
            values = {"name": name, **attrs}
            if email:
                values["email"] = email
            record = self._create("user", values)
            self.users[fold(record.name)] = record
            self.summary.users.append(record.name)
        return record

    # -- resolving an entry

    def project_names(self) -> dict[str, str]:
        return {key: records[0].name for key, records in self.projects_by_name.items()}

    def target(self, client_name: str | None, project_name: str, currency: str | None):
        """(project record, client name) for an entry."""
        key = (client_name and fold(client_name), fold(project_name))
        cached = self._target_cache.get(key)
        if cached is not None:
            return cached
        if client_name:
            client = self.client(client_name, currency)
        elif self.option_client is not None:
            client = self.option_client
        else:
            found = self.projects_by_name.get(fold(project_name), [])
            active = [p for p in found if not p.archived] or found
            if len(active) > 1:
                options = "; ".join(f"{p.id} ({p.client_name} / {p.name})" for p in active)
                raise Ambiguous(f"project {project_name!r} exists under several clients: {options}; give --client")
            if active:
                result = (active[0], self.clients_by_id[active[0].client_id].name)
                self._target_cache[key] = result
                return result
            client = self.client(DEFAULT_CLIENT, currency)
        result = (self.project(client, project_name), client.name)
        self._target_cache[key] = result
        return result


def apply_catalog(catalog: ImportCatalog, batch: Batch) -> None:
    """aostime's own export carries the hierarchy: create what is missing, as it was."""
    for c in batch.clients:
        catalog.client(c.name, c.currency, email=c.email, hourly_rate_cents=c.rate_cents, archived=c.archived)
    for p in batch.projects:
        catalog.project(catalog.client(p.client), p.name, hourly_rate_cents=p.rate_cents, archived=p.archived)
    for t in batch.tasks:
        project = catalog.project(catalog.client(t.client), t.project)
        billable = t.billable
        catalog.task(project, t.name, hourly_rate_cents=t.rate_cents, billable=billable, archived=t.archived)
    for u in batch.users:
        catalog.user(u.name, u.email, hourly_rate_cents=u.rate_cents, archived=u.archived)


def check_not_archived(catalog: ImportCatalog, batch: Batch, entry, project, task, user) -> None:
    client = catalog.clients_by_id.get(project.client_id)
    for kind, record in (("client", client), ("project", project), ("task", task), ("user", user)):
        if record is not None and (kind, record.id) in catalog.archived_before:
            raise Conflict(
                f"{batch.path}: {entry.where}: {kind} {record.name!r} is archived and takes no new time; "
                f"'aos {kind} unarchive {record.id}' first, then import again"
            )
