"""A shell prompt's `aos status --quiet/--format` against a team server: the answer of the last
status (kept a few seconds in the user data dir) is used again without a request, and without
importing httpx; any change made through this machine forgets it at once."""

from __future__ import annotations

import json
import os

FRESH_S = 5.0
MISS = object()


def cached(path: str, server: str, user_ref: str | None):
    """The timer document (or None: no timer) of a status asked less than FRESH_S ago, else MISS."""
    try:
        with open(path) as f:
            saved = json.load(f)
    except (OSError, ValueError):
        return MISS
    fresh = 0 <= _now() - saved.get("at", 0) < FRESH_S
    if not fresh or saved.get("server") != server or saved.get("user_ref") != user_ref:
        return MISS
    return saved.get("entry")


def remember(path: str, server: str, user_ref: str | None, entry_document: dict | None) -> None:
    """Keep the running timer (remote.wire's form of the Entry, or None) for FRESH_S."""
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        temporary = f"{path}.{os.getpid()}.tmp"
        with open(temporary, "w") as f:
            json.dump({"server": server, "user_ref": user_ref, "at": _now(), "entry": entry_document}, f, default=str)
        os.replace(temporary, path)
    except OSError:
        pass  # a prompt's cache is a convenience: without it the next status asks the server


def forget(path: str) -> None:
    try:
        os.remove(path)
    except OSError:
        pass


def _now() -> float:
    from aostime.domain.timeparse import now_utc  # the one clock (AOS_NOW in tests)

    return now_utc().timestamp()
