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
    from aostime.domain.logo import described

    value = described(value) if key == "company_logo" else value
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
    """Change a setting: aos config set currency EUR (company_logo: an image FILE, read here)."""
    from aostime.services import catalog

    if key == "company_logo" and value.strip():
        value = _uploaded(value.strip())
    _show(key, catalog.set_setting(session(), key, value), as_json)


def _uploaded(path_text: str) -> str:
    """The logo file's image, read on this machine: the database (or the team server) keeps the
    image itself, never a path of this machine."""
    from pathlib import Path

    from aostime.domain.logo import MAX_BYTES, logo_value
    from aostime.errors import BadInput

    what = f"company_logo {path_text!r}"
    try:
        with Path(path_text).expanduser().open("rb") as file:
            data = file.read(MAX_BYTES + 1)  # no more than the limit, whatever the file (/dev/zero)
    except OSError as exc:
        raise BadInput(f"{what} cannot be read ({exc.strerror})") from None
    return logo_value(data, what)


@app.command("unset")
def unset(key: KeyArg, as_json: JsonFlag = False) -> None:
    """Return a setting to its default."""
    from aostime.services import catalog

    _show(key, catalog.unset_setting(session(), key), as_json)


@app.command("list")
def list_(as_json: JsonFlag = False) -> None:
    """Every setting with its value."""
    from aostime.domain.logo import described
    from aostime.services import catalog

    values = catalog.all_settings(session())
    if values.get("company_logo"):
        values["company_logo"] = described(values["company_logo"])
    if as_json:
        from aostime.render.json import write

        write(values, sys.stdout)
    else:
        from aostime.domain.settings import SETTINGS
        from aostime.render.tables import print_mapping

        print_mapping(values, {key: SETTINGS[key].help for key in values})
