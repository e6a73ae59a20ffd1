"""Shell completion through click/typer's own protocol (`_AOS_COMPLETE=complete_bash aos`).

The scripts in completions/ are what `aos completion show SHELL` prints: Typer's templates,
except zsh's, which also works when autoloaded from $fpath. Values that name records come from
the database, opened read-only (store.open_store(read_only=True)): completing never creates,
migrates or writes a file, and any problem (no database yet, a foreign or locked file) simply
offers nothing. Nothing is ever printed to stderr while completing.

Importing this module costs nothing (the completers import what they need when called), so
cli/options.py can hand them to the shared options.
"""

from __future__ import annotations

import os

COMPLETE_VAR = "_AOS_COMPLETE"
PROG = "aos"
SHELLS = ("bash", "zsh", "fish")
FILES = {"bash": "aos.bash", "zsh": "_aos", "fish": "aos.fish"}
LIMIT = 100

# Typer's bash template, with IFS written as $'\n' rather than a raw line break.
BASH_SOURCE = """\
%(complete_func)s() {
    local IFS=$'\\n'
    COMPREPLY=( $( env COMP_WORDS="${COMP_WORDS[*]}" \\
                   COMP_CWORD=$COMP_CWORD \\
                   %(autocomplete_var)s=complete_bash $1 ) )
    return 0
}

complete -o default -F %(complete_func)s %(prog_name)s
"""

# Autoloaded from $fpath (the file's body runs as the function _aos) or sourced (compdef).
ZSH_SOURCE = """\
#compdef %(prog_name)s

%(complete_func)s() {
  eval $(env _TYPER_COMPLETE_ARGS="${words[1,$CURRENT]}" %(autocomplete_var)s=complete_zsh %(prog_name)s)
}

if [[ "${zsh_eval_context[-1]}" == "loadautofunc" ]]; then
  %(complete_func)s "$@"
else
  compdef %(complete_func)s %(prog_name)s
fi
"""


# -- candidates from the database ---------------------------------------------------------


def _db_path(ctx) -> str:
    root = ctx.find_root() if ctx is not None else None
    path = (root.params.get("db") if root is not None else None) or os.environ.get("AOS_DB")
    if path:
        return path
    from aostime.runtime import default_db_path

    return default_db_path()


def _from_db(ctx, fetch) -> list:
    """fetch(store) on the database opened read-only; [] on any problem."""
    try:
        from aostime.storage.sqlite import open_store

        store = open_store(_db_path(ctx), read_only=True)
    except Exception:  # noqa: BLE001 - completion must never fail in the shell
        return []
    try:
        return fetch(store)
    except Exception:  # noqa: BLE001 - completion must never fail in the shell
        return []
    finally:
        store.close()


def _names(records, incomplete: str, describe) -> list[tuple[str, str]]:
    """Names starting with what was typed (ids when digits were typed), each once."""
    out: dict[str, str] = {}
    seen: set[str] = set()
    for record in records:
        value = str(record.id) if incomplete.isdigit() else record.name
        if value.startswith(incomplete) and value.casefold() not in seen:
            seen.add(value.casefold())
            out[value] = describe(record)
    return list(out.items())[:LIMIT]


def _kind(kind: str, ctx, incomplete: str, parent_id=None, describe=None) -> list[tuple[str, str]]:
    describe = describe or (lambda r: f"{kind} {r.id}")
    prefix = None if incomplete.isdigit() else incomplete

    def fetch(store):
        return _names(store.list_records(kind, parent_id=parent_id, prefix=prefix), incomplete, describe)

    return _from_db(ctx, fetch)


def complete_project(ctx, incomplete: str) -> list[tuple[str, str]]:
    return _kind("project", ctx, incomplete, describe=lambda r: f"{r.client_name} (project {r.id})")


def complete_client(ctx, incomplete: str) -> list[tuple[str, str]]:
    return _kind("client", ctx, incomplete, describe=lambda r: f"client {r.id}")


def complete_user(ctx, incomplete: str) -> list[tuple[str, str]]:
    return _kind("user", ctx, incomplete, describe=lambda r: f"user {r.id}")


def complete_task(ctx, incomplete: str) -> list[tuple[str, str]]:
    """Tasks of the project already given on the line (--project), else of all projects."""
    project = (ctx.params.get("project") if ctx is not None else None) or None
    prefix = None if incomplete.isdigit() else incomplete

    def fetch(store):
        parents: list = [None]
        if project:
            raw = str(project).strip()
            if raw.isdigit():
                parents = [int(raw)]
            else:
                found = store.find_records("project", raw)
                active = [p for p in found if not p.archived] or found
                parents = [p.id for p in active]
        records = [t for parent in parents for t in store.list_records("task", parent_id=parent, prefix=prefix)]
        return _names(records, incomplete, lambda r: f"{r.project_name} (task {r.id})")

    return _from_db(ctx, fetch)


def complete_entry(ctx, incomplete: str) -> list[tuple[str, str]]:
    """The newest entries' ids, described."""
    if incomplete and not incomplete.isdigit():
        return []
    return _from_db(ctx, lambda store: [(str(i), label) for i, label in store.recent_entry_ids(incomplete)])


def complete_invoice(ctx, incomplete: str) -> list[tuple[str, str]]:
    """Invoice numbers (INV-2026-0001), newest first."""
    return _from_db(ctx, lambda store: store.invoice_numbers(incomplete))


# -- the shell side ------------------------------------------------------------------------


def _quote(value: str) -> str:
    """bash inserts a candidate as typed: quote names with spaces or shell characters."""
    import shlex

    return shlex.quote(value) if value else value


def init() -> None:
    """Register the shell classes (Typer's, with bash candidates quoted and an autoload-safe zsh
    script). Called when completing (the env var is set) and by `aos completion`."""
    from typer._click.shell_completion import add_completion_class
    from typer._completion_classes import BashComplete, ZshComplete, completion_init

    completion_init()

    class AosBashComplete(BashComplete):
        source_template = BASH_SOURCE

        def source(self) -> str:  # Typer's source() also runs bash to check its version
            return self.source_template % self.source_vars()

        def format_completion(self, item) -> str:
            return _quote(str(item.value))

    class AosZshComplete(ZshComplete):
        source_template = ZSH_SOURCE

    add_completion_class(AosBashComplete, "bash")
    add_completion_class(AosZshComplete, "zsh")


def prepare_for_completion() -> None:
    """When the shell asks for candidates: register the classes and keep stderr quiet, so no
    warning or error can ever land in the user's prompt (AOS_DEBUG=1 keeps it)."""
    if not os.environ.get(COMPLETE_VAR):
        return
    init()
    if not os.environ.get("AOS_DEBUG"):
        import sys

        sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - lives until the process exits


def script(shell: str, command) -> str:
    """The completion script of a shell, as the shell's class writes it."""
    from typer._click.shell_completion import get_completion_class

    init()
    cls = get_completion_class(shell)
    if cls is None or shell not in SHELLS:
        from aostime.errors import BadInput

        raise BadInput(f"unknown shell {shell!r}; known: {', '.join(SHELLS)}")
    text = cls(command, {}, PROG, COMPLETE_VAR).source().strip()
    return text + "\n"
