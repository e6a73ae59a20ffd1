"""The team client: the CLI acting through a team server (`aos serve`) instead of a database
file, so that a member works under their role and never holds the database password.

Which one a command uses (runtime.remote_target): --db or AOS_DB always mean a local database;
else AOS_SERVER (with AOS_TOKEN) or the server saved by `aos login`; else the local default
database. Deciding costs a local command one stat() of the login file; remote mode talks JSON
over the standard library's http.client, and needs httpx only to stream documents."""

from __future__ import annotations

import os

from aostime.errors import AosError, BadInput
from aostime.remote.servers import Target


def target(path: str) -> Target | None:
    """The team server of AOS_SERVER (with AOS_TOKEN), else of the login file at `path`, else
    None (the caller has already let --db and AOS_DB win: runtime.remote_target)."""
    server = os.environ.get("AOS_SERVER", "").strip()
    if server:
        token = os.environ.get("AOS_TOKEN", "").strip()
        if not token:
            raise BadInput("AOS_SERVER needs AOS_TOKEN (a token from 'aos token create' on the server)")
        return Target(server, token, "environment")
    try:
        with open(path) as f:
            import json  # only when logged in: a prompt's local `aos status` skips it

            saved = json.load(f)
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise AosError(f"cannot read the login file {path} ({exc}); 'aos logout' removes it") from None
    return Target(saved["server"], saved["token"], path)


def save_login(path: str, server: str, token: str) -> None:
    """Write the login file readable by the user alone (created 0600, never wider)."""
    os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
    temporary = f"{path}.{os.getpid()}.tmp"
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    import json

    with os.fdopen(descriptor, "w") as f:
        json.dump({"server": server.rstrip("/"), "token": token}, f)
    os.chmod(temporary, 0o600)
    os.replace(temporary, path)


def forget_login(path: str) -> bool:
    try:
        os.remove(path)
    except FileNotFoundError:
        return False
    return True


def open_remote(target: Target):
    """The HTTP client of a team server (remote.client.Remote)."""
    from aostime.remote.client import Remote

    return Remote(target)
