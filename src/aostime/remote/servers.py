"""A team server to talk to and how long to wait for it: what both the login (remote/__init__)
and the HTTP client (remote/client.py) need."""

from __future__ import annotations

import os

from aostime.errors import BadInput

CONNECT_TIMEOUT_S = 2.0  # AOS_CONNECT_TIMEOUT overrides


class Target:
    """A team server and the token to use there."""

    def __init__(self, server: str, token: str, source: str) -> None:
        self.server = server.rstrip("/")
        self.token = token
        self.source = source  # "environment" or the login file's path


def connect_timeout() -> float:
    raw = os.environ.get("AOS_CONNECT_TIMEOUT", "").strip()
    if not raw:
        return CONNECT_TIMEOUT_S
    try:
        value = float(raw)
    except ValueError:
        raise BadInput(f"AOS_CONNECT_TIMEOUT={raw!r} is not a number of seconds") from None
    if not 0 < value <= 120:
        raise BadInput(f"AOS_CONNECT_TIMEOUT={raw!r} must be above 0 and at most 120 seconds")
    return value
