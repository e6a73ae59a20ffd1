"""aos serve, aos token create / list / revoke. FastAPI and uvicorn are imported only when
`serve` runs, and only if the `server` extra is installed."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from aostime.cli.options import JsonFlag, db_path, session


def serve(
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on; other than loopback prints a warning.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="TCP port (0: any free one).")] = 8787,
    access_log: Annotated[
        bool, typer.Option("--access-log/--no-access-log", help="Log each request (on stderr).")
    ] = True,
    as_json: Annotated[
        bool, typer.Option("--json", help="Once listening, print {url, host, port, database, pid, workers} on stdout.")
    ] = False,
    workers: Annotated[
        int,
        typer.Option("--workers", min=1, max=64, help="Processes serving requests (each with its own connections)."),
    ] = 1,
    max_body: Annotated[
        int, typer.Option("--max-body", min=1024, max=1024**3, help="Largest request body in bytes (413 above).")
    ] = 1024 * 1024,
    public_docs: Annotated[
        bool, typer.Option("--public-docs", help="Serve /docs and /openapi.json without a token.")
    ] = False,
) -> None:
    """Serve the REST API over this database: aos serve --port 8787 (needs aostime[server]). Tokens
    act as their members, with their roles; SIGTERM or Ctrl-C finishes the requests under way."""
    from aostime.runtime import refuse_remote
    from aostime.server import check_extra

    refuse_remote("aos serve")
    check_extra()
    from aostime.server import serve as run_server

    run_server(db_path(), host, port, access_log, as_json, workers, max_body, public_docs)


token_app = typer.Typer(
    help="API tokens for 'aos serve': each acts as one team member.", no_args_is_help=True, rich_markup_mode=None
)


@token_app.command("create")
def token_create(
    user: Annotated[
        str | None, typer.Option("--user", "-u", help="Team member the token acts as (default: you).")
    ] = None,
    name: Annotated[
        str | None, typer.Option("--name", "-n", help="What the token is for, e.g. 'invoicing app'.")
    ] = None,
    expires: Annotated[
        str | None, typer.Option("--expires", help="Valid for this long (90d, 12h, 2w) or until a day (2027-03-31).")
    ] = None,
    read_only: Annotated[bool, typer.Option("--read-only", help="The token may read, never write.")] = False,
    as_json: JsonFlag = False,
) -> None:
    """Create a token; it is printed once, on the last line of stdout, and only its hash is kept.
    It acts as its member with that member's role (aos user edit NAME --role)."""
    from aostime.domain.documents import token_document
    from aostime.services import tokens

    run = session(user)
    token, secret = tokens.create_token(run, None, name or "", expires, read_only)
    if as_json:
        from aostime.render.json import write

        write(dict(token_document(token, run.zone), token=secret), sys.stdout)
        return
    from aostime.render.console import message

    label = f" ({token['name']})" if token["name"] else ""
    message(f"Created token {token['id']}{label} for {token['user_name']}. It is shown only now; keep it secret:")
    sys.stdout.write(secret + "\n")


@token_app.command("list")
def token_list(as_json: JsonFlag = False) -> None:
    """List tokens: id, name, team member, created, expires, last used, revoked. Never the tokens themselves."""
    from aostime.domain.documents import token_document
    from aostime.services import tokens

    run = session()
    documents = [token_document(t, run.zone) for t in tokens.list_tokens(run)]
    if as_json:
        from aostime.render.json import write

        write(documents, sys.stdout)
        return
    from rich.table import Table

    from aostime.render.console import out

    table = Table(header_style="bold")
    for title in ("ID", "Name", "User", "Created", "Expires", "Last used", "Revoked"):
        table.add_column(title, justify="right" if title == "ID" else "left")
    for doc in documents:
        name = " ".join(filter(None, [doc["name"], "(read-only)" if doc["read_only"] else ""]))
        table.add_row(
            str(doc["id"]), name, doc["user_name"], _short(doc["created_at"]), _short(doc["expires_at"]) or "never",
            _short(doc["last_used_at"]) or "never", _short(doc["revoked_at"]),
        )  # fmt: skip
    out().print(table)


def _short(stamp: str | None) -> str:
    return "" if stamp is None else stamp[:16].replace("T", " ")


@token_app.command("revoke")
def token_revoke(
    token_id: Annotated[str, typer.Argument(metavar="ID", help="Token id (see 'aos token list').")],
    as_json: JsonFlag = False,
) -> None:
    """Revoke a token: requests with it are refused from now on, even by a running server."""
    from aostime.domain.documents import token_document
    from aostime.services import tokens

    run = session()
    token = tokens.revoke_token(run, token_id)
    if as_json:
        from aostime.render.json import write

        write(token_document(token, run.zone), sys.stdout)
        return
    from aostime.render.console import out

    out().print(f"Revoked token {token['id']} of {token['user_name']}", markup=False)


def register(app: typer.Typer) -> None:
    app.command()(serve)
    app.add_typer(token_app, name="token")
