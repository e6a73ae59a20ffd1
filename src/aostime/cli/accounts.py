"""aos user password / invite / sign-out: a member's account of the web app."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from aostime.cli.options import JsonFlag, session
from aostime.errors import BadInput

RefArg = Annotated[str, typer.Argument(metavar="ID_OR_NAME", help="The team member.")]
DEFAULT_URL = "http://127.0.0.1:8000"  # `aos serve`'s own address when nothing else says where


def add_account_commands(group: typer.Typer) -> None:
    group.command("password")(password)
    group.command("invite")(invite)
    group.command("sign-out")(sign_out)


def password(ref: RefArg, stdin: Annotated[bool, typer.Option("--stdin", help="Read it from one line of "
                                                                                "standard input.")] = False,
             as_json: JsonFlag = False) -> None:  # fmt: skip
    """Set a member's password for the web app (asks twice on a terminal); their sessions end."""
    from aostime.services import accounts

    if stdin:
        given = sys.stdin.readline().rstrip("\r\n")
    elif sys.stdin.isatty():
        given = typer.prompt("Password", hide_input=True, confirmation_prompt=True, err=True)
    else:
        raise BadInput("give --stdin to read the password from standard input (it is never an argument)")
    name = accounts.set_password(session(), ref, given)
    _said({"user": name, "password": "set"}, f"Password set for {name}; their sessions have ended.", as_json)


def invite(ref: RefArg,
           expires: Annotated[str, typer.Option("--expires", help="How long the link works: 1d to 60d.")] = "7d",
           url: Annotated[str | None, typer.Option("--url", help="The web app's address people open "
                                                                 f"(default: the team server, else {DEFAULT_URL}).")]
           = None, as_json: JsonFlag = False) -> None:  # fmt: skip
    """Print a one-time link with which a member chooses a password."""
    from aostime.domain.timeparse import show
    from aostime.services import accounts

    current = session()
    name, secret, until = accounts.invite_user(current, ref, expires)
    remote = getattr(current, "remote", None)
    base = (url or (remote.target.server if remote is not None else DEFAULT_URL)).rstrip("/")
    link = f"{base}/invite/{secret}"
    _said({"user": name, "link": link, "expires_at": show(until, current.zone)},
          f"A link for {name}, valid once until {show(until, current.zone)}:\n{link}", as_json)  # fmt: skip


def sign_out(ref: RefArg, as_json: JsonFlag = False) -> None:
    """End every session of a member in the web app."""
    from aostime.services import accounts

    ended = accounts.sign_out_user(session(), ref)
    _said({"user": ref, "sessions_ended": ended}, f"{ended} session(s) ended.", as_json)


def _said(document: dict, text: str, as_json: bool) -> None:
    if as_json:
        from aostime.render.json import write

        write(document, sys.stdout)
    else:
        print(text)
