"""The team's settings in the team client: those that shape what a person types and sees
(services.catalog.TEAM_SETTINGS: date_order, week_start, currency, limits), read from the server
with the session's token and kept beside the login; every answer of the server names their
version (X-Aos-Settings), and a new version is read again at once."""

from __future__ import annotations

import json
import os

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from aostime.services import Session

VERSION_HEADER = "X-Aos-Settings"


def known(session: Session) -> dict[str, str]:
    """The settings last read from this server (read now when none are kept)."""
    kept = _load(session)
    if kept is None:
        kept = refresh(session)
    return kept.get("settings", {})


def refresh(session: Session) -> dict[str, Any]:
    """Read the team's settings from the server and keep them (a server that cannot be reached:
    none, so the defaults apply)."""
    from aostime.errors import StorageError
    from aostime.services.catalog import team_settings

    session.refreshing_settings = True  # its own answer names a version too: no second reading
    try:
        values = team_settings(session)
    except StorageError:
        return {}
    finally:
        session.refreshing_settings = False
    kept = {"server": session.remote.target.server, "version": version_of(values), "settings": values}
    _save(session, kept)
    return kept


def check_version(session: Session, version: str | None) -> None:
    """After an answer: settings not kept yet, or a version other than the kept one (an admin
    changed them), are read again at once, so that an offline command later reads them right."""
    if not version or session.settings_path is None or session.refreshing_settings:
        return
    kept = _load(session)
    if kept is None or kept.get("version") != version:
        refresh(session)


def version_of(values: dict[str, str]) -> str:
    import hashlib

    return hashlib.sha256(json.dumps(values, sort_keys=True).encode()).hexdigest()[:16]


def _load(session: Session) -> dict[str, Any] | None:
    if session.settings_path is None:
        return None
    try:
        with open(session.settings_path) as f:
            kept = json.load(f)
    except (OSError, ValueError):
        return None
    return kept if kept.get("server") == session.remote.target.server else None


def _save(session: Session, kept: dict[str, Any]) -> None:
    if session.settings_path is None:
        return
    try:
        os.makedirs(os.path.dirname(session.settings_path), exist_ok=True)
        temporary = f"{session.settings_path}.{os.getpid()}.tmp"
        with open(temporary, "w") as f:
            json.dump(kept, f)
        os.replace(temporary, session.settings_path)
    except OSError:
        pass  # without it the next command reads them again
