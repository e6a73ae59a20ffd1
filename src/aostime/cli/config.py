"""aos config get / set / unset / list."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from aostime.cli.options import JsonFlag, session

app = typer.Typer(help="Settings, stored in the database (currency, default_rate, invoice_prefix, ...).",
                  no_args_is_help=True, rich_markup_mode=None)  # fmt: skip
KeyArg = Annotated[str, typer.Argument(metavar="KEY", help="Setting name; 'aos config list' shows them all.")]


def _show(key: str, value: str, as_json: bool) -> None:
    if as_json:
        from aostime.render.json import write

        write({"key": key, "value": value}, sys.stdout)
    else:
        print(value)


@app.command("get")
def get(key: KeyArg, as_json: JsonFlag = False) -> None:
    """Print a setting's value (its default when unset)."""
    from aostime.services import catalog

    _show(key, catalog.get_setting(session(), key), as_json)


@app.command("set")
def set_(key: KeyArg, value: Annotated[str, typer.Argument(metavar="VALUE")], as_json: JsonFlag = False) -> None:
    """Change a setting: aos config set currency EUR."""
    from aostime.services import catalog

    _show(key, catalog.set_setting(session(), key, value), as_json)


@app.command("unset")
def unset(key: KeyArg, as_json: JsonFlag = False) -> None:
    """Return a setting to its default."""
    from aostime.services import catalog

    _show(key, catalog.unset_setting(session(), key), as_json)


@app.command("list")
def list_(as_json: JsonFlag = False) -> None:
    """Every setting with its value."""
    from aostime.services import catalog

    values = catalog.all_settings(session())
    if as_json:
        from aostime.render.json import write

        write(values, sys.stdout)
    else:
        from aostime.domain.settings import SETTINGS
        from aostime.render.tables import print_mapping

        print_mapping(values, {key: SETTINGS[key].help for key in values})
