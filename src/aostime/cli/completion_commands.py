"""aos completion show|generate|install: the completion scripts of bash, zsh and fish (made by
cli.completion from the whole command tree)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from aostime.cli.completion import SHELLS
from aostime.cli.options import JsonFlag

completion_app = typer.Typer(help="Shell completion for bash, zsh and fish.", no_args_is_help=True,
                             rich_markup_mode=None)  # fmt: skip

ShellArg = Annotated[str, typer.Argument(metavar="SHELL", help="bash, zsh or fish.")]


# The whole command tree the scripts complete: the cli package gives it to register()
_ROOT: list[typer.Typer] = []


def _root_command():
    return typer.main.get_command(_ROOT[0])


@completion_app.command("show")
def completion_show(shell: ShellArg) -> None:
    """Print the completion script of a shell (what completions/ holds): aos completion show bash."""
    from aostime.cli.completion import script

    sys.stdout.write(script(shell.lower(), _root_command()))


@completion_app.command("generate")
def completion_generate(
    directory: Annotated[str, typer.Argument(metavar="DIR", help="Where to write aos.bash, _aos and aos.fish.")],
    as_json: JsonFlag = False,
) -> None:
    """Write the scripts of all shells into DIR (the repository's completions/ is made so)."""
    from aostime.cli.completion import FILES, script
    from aostime.errors import BadInput

    target = Path(directory).expanduser()
    if target.exists() and not target.is_dir():
        raise BadInput(f"{directory!r} is a file, not a directory; give the directory to write the scripts into")
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BadInput(f"cannot make directory {directory!r}: {exc.strerror}") from None
    written = []
    command = _root_command()
    for shell in SHELLS:
        path = target / FILES[shell]
        try:
            path.write_text(script(shell, command), encoding="utf-8")
        except OSError as exc:
            raise BadInput(f"cannot write {str(path)!r}: {exc.strerror}") from None
        written.append(str(path))
    _show_written(written, as_json, hint=None)


def install_path(shell: str, environ=None) -> tuple[Path, str | None]:
    """Where a shell looks for completions of a user's commands, and what to add to the
    shell's startup file when it does not look there by itself (zsh)."""
    env = os.environ if environ is None else environ
    home = Path(env.get("HOME") or Path.home())
    if shell == "bash":
        user_dir = env.get("BASH_COMPLETION_USER_DIR")
        base = (
            Path(user_dir) if user_dir else Path(env.get("XDG_DATA_HOME") or home / ".local/share") / "bash-completion"
        )
        return base / "completions" / "aos", None
    if shell == "fish":
        return Path(env.get("XDG_CONFIG_HOME") or home / ".config") / "fish" / "completions" / "aos.fish", None
    zdot = Path(env.get("ZDOTDIR") or home)
    rc = zdot / ".zshrc"
    hint = None
    try:
        rc_text = rc.read_text(encoding="utf-8", errors="replace") if rc.exists() else ""
    except OSError:
        rc_text = ""
    if ".zfunc" not in rc_text:
        hint = f"add to {rc} (before compinit): fpath=(~/.zfunc $fpath); autoload -Uz compinit; compinit"
    return home / ".zfunc" / "_aos", hint


@completion_app.command("install")
def completion_install(
    shell: Annotated[
        str | None, typer.Option("--shell", help="bash, zsh or fish (default: the one in $SHELL).")
    ] = None,
    as_json: JsonFlag = False,
) -> None:  # fmt: skip
    """Install completion for your shell where it looks for it: bash-completion's user directory,
    ~/.zfunc (zsh) or ~/.config/fish/completions. Open a new shell afterwards."""
    from aostime.cli.completion import script
    from aostime.errors import BadInput

    name = (shell or Path(os.environ.get("SHELL", "")).name).lower()
    if name not in SHELLS:
        raise BadInput(f"cannot tell the shell ({name or 'SHELL is not set'}); give --shell bash, zsh or fish")
    path, hint = install_path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(script(name, _root_command()), encoding="utf-8")
    _show_written([str(path)], as_json, hint)


def _show_written(paths: list[str], as_json: bool, hint: str | None) -> None:
    if as_json:
        from aostime.render.json import write

        write({"written": paths, "hint": hint}, sys.stdout)
        return
    for path in paths:
        print(f"Wrote {path}")
    if hint:
        from aostime.render.console import message

        message(f"To finish: {hint}")


def register(app: typer.Typer) -> None:
    from aostime.cli.completion import prepare_for_completion

    prepare_for_completion()
    _ROOT[:] = [app]
    app.add_typer(completion_app, name="completion")
