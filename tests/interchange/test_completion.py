"""Shell completion through the real protocol: bash sourcing the generated script (and the bare
COMP_WORDS / _AOS_COMPLETE protocol) against the real `aos` process; zsh and fish when they are
installed. Completion reads the database read-only and never writes or prints an error."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
COMPLETIONS = ROOT / "completions"
BASH = shutil.which("bash")


@pytest.fixture
def world(acme, db_path):
    """Acme Corp / Website Redesign (task Design mockups), Globex / Mobile App (tasks Backend,
    Frontend), an entry and an invoice."""
    acme("client", "add", "Globex")
    acme("project", "add", "Mobile App", "--client", "Globex")
    acme("task", "add", "Backend", "--project", "Mobile App")
    acme("task", "add", "Frontend", "--project", "Mobile App")
    acme("add", "-p", "Website Redesign", "--hours", "1", "--date", "2026-03-02", "-d", "Homepage")
    return db_path


@pytest.fixture
def shim(tmp_path):
    """A PATH directory whose `aos` runs this Python's aostime (python -m aostime)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    aos = bin_dir / "aos"
    aos.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m aostime "$@"\n')
    aos.chmod(0o755)
    return bin_dir


def _env(shim: Path, **extra: str) -> dict[str, str]:
    return dict(os.environ, PATH=f"{shim}{os.pathsep}{os.environ['PATH']}", **extra)


def bash_complete(shim: Path, *words: str, env: dict | None = None) -> list[str]:
    """Source completions/aos.bash in a real bash, complete the last word, return COMPREPLY."""
    script = (
        f"source {COMPLETIONS / 'aos.bash'}\n"
        'COMP_WORDS=("$@"); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); COMPREPLY=()\n'
        "_aos_completion aos\n"
        "printf '%s\\n' \"${COMPREPLY[@]}\"\n"
    )
    proc = subprocess.run([BASH, "--norc", "-c", script, "bash", *words], capture_output=True, text=True,
                          env=env or _env(shim), timeout=60, check=True)  # fmt: skip
    assert proc.stderr == ""
    return [line for line in proc.stdout.splitlines() if line]


def protocol(command: list[str], words: str, cword: int, env: dict) -> subprocess.CompletedProcess:
    """The bare protocol bash's script speaks: COMP_WORDS, COMP_CWORD and _AOS_COMPLETE."""
    full = dict(env, COMP_WORDS=words, COMP_CWORD=str(cword), _AOS_COMPLETE="complete_bash")
    return subprocess.run(command, capture_output=True, text=True, env=full, timeout=60, check=False)


needs_bash = pytest.mark.skipif(BASH is None, reason="bash is not installed")


@needs_bash
def test_bash_offers_project_names_quoted_for_the_shell(world, shim):
    assert bash_complete(shim, "aos", "start", "--project", "Web") == ["'Website Redesign'"]
    assert bash_complete(shim, "aos", "start", "-p", "'Web") == ["'Website Redesign'"]
    assert bash_complete(shim, "aos", "list", "--client", "") == ["'Acme Corp'", "Globex"]


@needs_bash
def test_bash_offers_only_the_chosen_projects_tasks(world, shim):
    assert bash_complete(shim, "aos", "start", "--project", "'Mobile App'", "--task", "") == ["Backend", "Frontend"]
    assert bash_complete(shim, "aos", "start", "-p", "Website\\ Redesign", "-t", "") == ["'Design mockups'"]
    assert bash_complete(shim, "aos", "start", "-p", "2", "-t", "F") == ["Frontend"]
    assert bash_complete(shim, "aos", "start", "-t", "") == ["'Design mockups'", "Backend", "Frontend"]


@needs_bash
def test_bash_completes_commands_entry_ids_and_the_db_option(world, shim, tmp_path):
    assert bash_complete(shim, "aos", "sta") == ["start", "status"]
    assert bash_complete(shim, "aos", "edit", "") == ["1"]
    other = tmp_path / "other.db"
    assert bash_complete(shim, "aos", "--db", str(other), "start", "-p", "") == []
    assert not other.exists()


def test_the_protocol_works_through_python_m_aostime_and_the_console_script(world, shim):
    words = "aos start --project Web"
    proc = protocol([sys.executable, "-m", "aostime"], words, 3, dict(os.environ))
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "'Website Redesign'\n", "")
    script = Path(sys.executable).with_name("aos")
    if not script.exists():
        pytest.skip("no aos console script next to this Python")
    proc = protocol([str(script)], words, 3, dict(os.environ))
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "'Website Redesign'\n", "")


@pytest.mark.parametrize("kind", ["missing", "missing-dir", "foreign", "empty"])
def test_completion_never_creates_or_changes_a_file_and_prints_no_error(tmp_path, kind):
    target = tmp_path / ("no-such-dir" if kind == "missing-dir" else "") / "aostime.db"
    if kind == "foreign":
        target.write_bytes(b"not a database, just text\n" * 10)
    if kind == "empty":
        target.write_bytes(b"")
    before = target.read_bytes() if target.exists() else None
    env = dict(os.environ, AOS_DB=str(target))
    proc = protocol([sys.executable, "-m", "aostime"], "aos start --project ", 3, env)
    assert (proc.returncode, proc.stdout.strip(), proc.stderr) == (0, "", "")
    assert (target.read_bytes() if target.exists() else None) == before
    assert sorted(p.name for p in tmp_path.rglob("*")) == ([] if before is None else ["aostime.db"])


def test_completion_does_not_write_to_an_existing_database(world):
    before = world.read_bytes()
    proc = protocol([sys.executable, "-m", "aostime"], "aos start --project ", 3, dict(os.environ))
    assert proc.stdout.splitlines() == ["'Website Redesign'", "'Mobile App'"]
    assert world.read_bytes() == before


def test_zsh_and_fish_speak_the_same_protocol(world):
    env = dict(os.environ, _AOS_COMPLETE="complete_zsh", _TYPER_COMPLETE_ARGS="aos start --project Web")
    proc = subprocess.run([sys.executable, "-m", "aostime"], capture_output=True, text=True, env=env, check=True)
    assert proc.stdout.strip() == '_arguments \'*: :(("Website Redesign":"Acme Corp (project 1)"))\''
    env = dict(os.environ, _AOS_COMPLETE="complete_fish", _TYPER_COMPLETE_FISH_ACTION="get-args",
               _TYPER_COMPLETE_ARGS="aos start --project 'Mobile App' --task ")  # fmt: skip
    proc = subprocess.run([sys.executable, "-m", "aostime"], capture_output=True, text=True, env=env, check=True)
    assert [line.split("\t")[0] for line in proc.stdout.splitlines()] == ["Backend", "Frontend"]


@pytest.mark.skipif(shutil.which("fish") is None, reason="fish is not installed")
def test_fish_completes_with_the_generated_script(world, shim):
    cmd = f"source {COMPLETIONS / 'aos.fish'}; complete -C 'aos start --project Web'"
    proc = subprocess.run(["fish", "--no-config", "-c", cmd], capture_output=True, text=True, env=_env(shim),
                          timeout=60, check=True)  # fmt: skip
    assert proc.stdout.split("\t")[0] == "Website Redesign"


@pytest.mark.skipif(shutil.which("zsh") is None, reason="zsh is not installed")
def test_zsh_script_passes_the_words_and_evaluates_the_answer(world, shim):
    """zsh's completion system needs a terminal; here _arguments is stubbed to show what the
    generated _aos hands it."""
    script = (
        "compdef() { print -r -- compdef $* }; _arguments() { print -r -- ARGS $* }\n"
        f"source {COMPLETIONS / '_aos'}\n"
        'words=(aos start --project "Website\\ Redesign" --task ""); CURRENT=6; _aos_completion\n'
    )
    proc = subprocess.run(["zsh", "-f", "-c", script], capture_output=True, text=True, env=_env(shim), timeout=60,
                          check=True)  # fmt: skip
    assert proc.stdout.splitlines() == [
        "compdef _aos_completion aos",
        'ARGS *: :(("Design mockups":"Website Redesign (task 1)"))',
    ]


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_the_committed_scripts_are_what_aos_completion_show_prints(aos, shell):
    name = {"bash": "aos.bash", "zsh": "_aos", "fish": "aos.fish"}[shell]
    assert aos("completion", "show", shell).out == (COMPLETIONS / name).read_text(), (
        "completions/ drifted from the CLI: run `aos completion generate completions`"
    )


def test_generate_writes_all_three_scripts(aos, tmp_path):
    written = aos("completion", "generate", str(tmp_path / "out"), "--json").json["written"]
    assert sorted(Path(p).name for p in written) == ["_aos", "aos.bash", "aos.fish"]
    assert (tmp_path / "out" / "aos.bash").read_text() == (COMPLETIONS / "aos.bash").read_text()


@pytest.mark.parametrize(
    ("shell", "where"),
    [("bash", "xdg-data/bash-completion/completions/aos"), ("fish", "home/.config/fish/completions/aos.fish"),
     ("zsh", "home/.zfunc/_aos")],
)  # fmt: skip
def test_install_writes_where_the_shell_looks(aos, tmp_path, monkeypatch, shell, where):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    monkeypatch.delenv("BASH_COMPLETION_USER_DIR", raising=False)
    monkeypatch.delenv("ZDOTDIR", raising=False)
    monkeypatch.setenv("SHELL", f"/bin/{shell}")
    result = aos("completion", "install", "--json").json
    assert result["written"] == [str(tmp_path / where)]
    assert (tmp_path / where).read_text() == aos("completion", "show", shell).out
    assert (result["hint"] is not None) == (shell == "zsh")


def test_install_needs_a_known_shell(aos, monkeypatch):
    monkeypatch.setenv("SHELL", "/bin/tcsh")
    assert "give --shell bash, zsh or fish" in aos("completion", "install", expect=2).err
    assert "unknown shell 'tcsh'" in aos("completion", "show", "tcsh", expect=2).err
