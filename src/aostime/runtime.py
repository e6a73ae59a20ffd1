"""Where a command runs: the database file and the acting user picked by the global options.

Kept free of Typer so that the fast path in entry.py and the full CLI share it."""

from __future__ import annotations

import os

GLOBAL: dict[str, str | None] = {"db": None, "user": None}
GLOBAL_OPTIONS = {"--db": "db", "--user": "user"}  # they come before the command


def option_at(args: list[str], i: int, names: dict[str, str]) -> tuple[str, str, int] | None:
    """(parameter, value, next index) when args[i] is one of `names` with its value, as
    `--name VALUE`, `-n VALUE` or `--name=VALUE`; else None."""
    arg = args[i]
    if arg in names:
        if i + 1 >= len(args):
            return None
        return names[arg], args[i + 1], i + 2
    if arg.startswith("--") and "=" in arg:
        name, value = arg.split("=", 1)
        if name in names:
            return names[name], value, i + 1
    return None


def leading_global_options(args: list[str]) -> tuple[list[tuple[str, str]], int] | None:
    """The (parameter, value) pairs of the global options argv starts with and the index of the
    argument after them; None when the last of them lacks its value."""
    found: list[tuple[str, str]] = []
    i = 0
    while i < len(args) and args[i].split("=", 1)[0] in GLOBAL_OPTIONS:
        parsed = option_at(args, i, GLOBAL_OPTIONS)
        if parsed is None:
            return None
        found.append(parsed[:2])
        i = parsed[2]
    return found, i


def db_path() -> str:
    """--db, else AOS_DB, else the default database (created on first use)."""
    return GLOBAL["db"] or os.environ.get("AOS_DB") or default_db_path()


def default_db_path() -> str:
    """aostime.db in platformdirs' user data dir for "aostime"."""
    return os.path.join(user_dir("data"), "aostime.db")


def login_path() -> str:
    """Where `aos login` keeps the server and token: login.json in the user config dir."""
    return os.path.join(user_dir("config"), "login.json")


def journal_path() -> str:
    """The team client's offline journal (aostime.storage.sqlite.journal), in the user data dir."""
    return os.path.join(user_dir("data"), "team-journal.db")


def team_settings_path() -> str:
    """The team's settings as the team client last read them (aostime.remote.team_settings)."""
    return os.path.join(user_dir("data"), "team-settings.json")


def status_cache_path() -> str:
    """The team client's last status, for a shell prompt (aostime.remote.prompt)."""
    return os.path.join(user_dir("data"), "team-status.json")


def user_dir(kind: str) -> str:
    """platformdirs' user data or config dir for "aostime".

    On Linux that directory is the XDG rule, read here without importing platformdirs: its
    import (pathlib, tempfile, shutil) costs more than the rest of `aos status` together.
    tests/cli/test_default_location.py pins this to platformdirs' own answer; anything off the
    plain rule (another platform, Android, a HOME that is not absolute) asks platformdirs."""
    import sys

    home = os.environ.get("HOME", "")
    plain = sys.platform == "linux" and os.path.isabs(home) and not _maybe_android()
    if plain:
        variable, fallback = {"data": ("XDG_DATA_HOME", "~/.local/share"), "config": ("XDG_CONFIG_HOME", "~/.config")}[
            kind
        ]
        base = os.environ.get(variable, "")
        if not os.path.isabs(base):
            base = os.path.expanduser(fallback)
        return os.path.join(base, "aostime")
    import platformdirs

    return platformdirs.user_data_dir("aostime") if kind == "data" else platformdirs.user_config_dir("aostime")


def _maybe_android() -> bool:
    import sys

    return hasattr(sys, "getandroidapilevel") or "ANDROID_DATA" in os.environ or "ANDROID_ROOT" in os.environ


def session(user: str | None = None):
    """The Session a command runs in: the store at db_path(), acting as `user` (else --user);
    or, logged in to a team server (aostime.remote), a session that runs the use cases there."""
    server = remote_target()
    if server is not None:
        from aostime.remote.session import RemoteSession

        session = RemoteSession(server, journal_path(), user_ref=user or GLOBAL["user"], notify=_note,
                                settings_path=team_settings_path())  # fmt: skip
        session.status_cache = status_cache_path()
        return session
    from aostime.services import Session
    from aostime.storage import open_storage

    return Session(open_storage(db_path()), user_ref=user or GLOBAL["user"], notify=_note)


def remote_target():
    """The team server commands act on (aostime.remote.Target), or None for a local database:
    --db and AOS_DB always mean a local one."""
    if GLOBAL["db"] or os.environ.get("AOS_DB"):
        return None
    from aostime.remote import target

    return target(login_path())


def refuse_remote(command: str) -> None:
    """Commands that work on a database file or server themselves (backup, restore, serve) do
    not run through a team server: logged in, they need --db or AOS_DB to say which database."""
    server = remote_target()
    if server is not None:
        from aostime.errors import BadInput

        raise BadInput(f"{command} works on a database, not through the team server {server.server}; "
                       "give the database with --db or AOS_DB")  # fmt: skip


def _note(text: str) -> None:
    import sys

    sys.stderr.write(f"Note: {text}\n")
