"""aos login / logout / whoami: the CLI as a team server's client (aostime.remote)."""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from aostime.cli.options import JsonFlag


def login(
    url: Annotated[str, typer.Argument(help="The team server, e.g. https://time.example.com")],
    token_file: Annotated[
        str | None, typer.Option("--token-file", help="Read the token from this file (else AOS_TOKEN, else asked).")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Check a token with the team server and keep both (readable by you alone): from now on
    commands act on the server, as your member with your role. --db or AOS_DB still mean a
    local database."""
    from aostime.errors import BadInput
    from aostime.remote import Target, open_remote, save_login

    server = url.strip().rstrip("/")
    if not server.startswith(("http://", "https://")):
        raise BadInput(f"{url!r} is not a server address; give it with http:// or https://")
    token = _token(token_file)
    remote = open_remote(Target(server, token, "login"))
    try:
        me = remote.call("GET", "/me")
    finally:
        remote.close()
    from aostime.runtime import login_path

    path = login_path()
    save_login(path, server, token)
    if as_json:
        from aostime.render.json import write

        write({"server": server, "user": me, "login_file": path}, sys.stdout)
        return
    from aostime.render.console import out

    out().print(f"Logged in to {server} as {me['name']} ({me['role']})", markup=False)


def _token(token_file: str | None) -> str:
    from aostime.errors import BadInput

    if token_file is not None:
        try:
            with open(os.path.expanduser(token_file)) as f:
                token = f.read().strip()
        except OSError as exc:
            raise BadInput(f"cannot read the token file {token_file}: {exc.strerror}") from None
    elif os.environ.get("AOS_TOKEN", "").strip():
        token = os.environ["AOS_TOKEN"].strip()
    elif sys.stdin.isatty():
        token = typer.prompt("Token (from 'aos token create' on the server)", hide_input=True, err=True).strip()
    else:
        raise BadInput("no token: give --token-file FILE or AOS_TOKEN (a terminal would be asked)")
    if not token or any(c.isspace() for c in token):
        raise BadInput("the token is empty or holds spaces; paste the last line 'aos token create' printed")
    return token


def logout(as_json: JsonFlag = False) -> None:
    """Forget the team server and token kept by 'aos login': commands act on the local database again."""
    from aostime.remote import forget_login
    from aostime.runtime import login_path

    path = login_path()
    was_logged_in = forget_login(path)
    if as_json:
        from aostime.render.json import write

        write({"logged_out": was_logged_in, "login_file": path}, sys.stdout)
        return
    from aostime.render.console import message

    message("Logged out; commands use the local database again" if was_logged_in else "Not logged in")


def whoami(as_json: JsonFlag = False) -> None:
    """Where commands act: the team server, your member and role; or the local database."""
    from aostime.runtime import remote_target

    server = remote_target()
    if server is None:
        from aostime.runtime import db_path
        from aostime.storage import shown

        document = {"server": None, "database": shown(db_path()), "user": None}
    else:
        from aostime.remote import open_remote

        remote = open_remote(server)
        try:
            document = {"server": server.server, "database": None, "user": remote.call("GET", "/me")}
        finally:
            remote.close()
    if as_json:
        from aostime.render.json import write

        write(document, sys.stdout)
        return
    from aostime.render.console import out

    if document["server"] is None:
        out().print(f"Local database {document['database']} (not logged in to a team server)", markup=False)
    else:
        user = document["user"]
        out().print(f"{user['name']} ({user['role']}{', read-only token' if user['read_only'] else ''}) "
                    f"on {document['server']}", markup=False)  # fmt: skip


def sync(
    clear_conflicts: Annotated[
        bool, typer.Option("--clear-conflicts", help="Forget the conflicts shown (after settling them by hand).")
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """Send what was queued while the team server could not be reached, in order, and show the
    conflicts kept (changes the server refused when they arrived)."""
    from aostime.cli.options import session
    from aostime.errors import BadInput
    from aostime.remote.sync import flush

    run = session()
    if run.remote is None:
        raise BadInput("not logged in to a team server: nothing to sync ('aos login URL')")
    sent, _ = flush(run)  # the new conflicts are among run.journal.conflicts()
    conflicts = run.journal.conflicts()
    cleared = run.journal.clear_conflicts() if clear_conflicts else 0
    if as_json:
        from aostime.render.json import write

        write({"sent": sent, "conflicts": conflicts, "cleared": cleared}, sys.stdout)
        return
    from aostime.render.console import message

    message(f"Sent {sent} queued change{'' if sent == 1 else 's'}")
    for conflict in conflicts:
        message(f"Conflict #{conflict['id']}: {conflict['change']} (made {conflict['made_at']}) - "
                f"the team server said: {conflict['server_said']}")  # fmt: skip
    if cleared:
        message(f"Cleared {cleared} conflict{'' if cleared == 1 else 's'}")


def register(app: typer.Typer) -> None:
    app.command()(login)
    app.command()(logout)
    app.command()(whoami)
    app.command()(sync)
