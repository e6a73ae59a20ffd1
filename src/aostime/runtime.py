"""Where a command runs: the database file and the acting user picked by the global options.

Kept free of Typer so that the fast path in entry.py and the full CLI share it."""

from __future__ import annotations

import os

GLOBAL: dict[str, str | None] = {"db": None, "user": None}


def db_path() -> str:
    """--db, else AOS_DB, else the platform's user data dir (created on first use)."""
    path = GLOBAL["db"] or os.environ.get("AOS_DB")
    if path:
        return path
    import platformdirs

    return os.path.join(platformdirs.user_data_dir("aostime"), "aostime.db")


def session(user: str | None = None):
    """The Session a command runs in: the store at db_path(), acting as `user` (else --user)."""
    from aostime.services import Session
    from aostime.store import open_store

    return Session(open_store(db_path()), user_ref=user or GLOBAL["user"])
