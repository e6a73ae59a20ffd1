"""What an import reports (services/interchange.py runs it): what it created, updated and left
alone, and the totals per project. Filled by each part of an import (import_catalog,
entry_import, restore)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Progress = Callable[[int, int], None]


@dataclass
class ProjectTotal:
    client: str
    project: str
    currency: str | None = None  # the client's: the amounts are in it
    entries: int = 0
    seconds: int = 0
    cents: int = 0


@dataclass
class ImportSummary:
    format: str
    path: str
    dry_run: bool
    created: int = 0
    updated: int = 0  # imported before, changed in the source since (services/reimport.py)
    unchanged: int = 0  # imported before, the same
    skipped: int = 0  # changed but invoiced (left alone), or twice in the input
    dropped: int = 0  # could not be entries (the warnings say why)
    clients: list[str] = field(default_factory=list)
    projects: list[str] = field(default_factory=list)
    tasks: list[str] = field(default_factory=list)
    users: list[str] = field(default_factory=list)
    settings: list[str] = field(default_factory=list)
    running: list[dict[str, Any]] = field(default_factory=list)  # the timers started
    seconds: int = 0
    cents: int = 0
    totals: dict[tuple[str, str], ProjectTotal] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    # entries of the file's scope it no longer holds (services/removed.py): {"entry_id", "start",
    # "end", "project", "description", "invoiced", "deleted", "kept_because"}
    removed: list[dict[str, Any]] = field(default_factory=list)
    pruned: int = 0  # of those, deleted (--prune)
