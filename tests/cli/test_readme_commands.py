"""Every command the README shows exists, with the options it shows: the first column of its
command tables, every `aos ...` code span (in tables and in prose) and every `aos` line of its
sh/console examples are checked against the real command tree (Typer's click commands), so a
renamed command or an option that was never there (`aos invoice void --yes`) fails here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer

from aostime.cli import app

README = Path(__file__).resolve().parents[2] / "README.md"
ROOT = typer.main.get_command(app)
GLOBAL_OPTIONS = {"--db": True, "--user": True, "--version": False, "--help": False, "-h": False}

Found = list[tuple[tuple[str, ...], object]]  # (command path, click command)
NAME = re.compile(r"^[a-z][a-z0-9-]*(?:[|/][a-z][a-z0-9-]*)*$")  # `client|project`, `add/list`
PLACEHOLDER = re.compile(r"^[A-Z][A-Z_]*$")  # FORMAT, KIND
OPTION = re.compile(r"(?<![\w-])--?[A-Za-z][\w-]*")
CODE_SPAN = re.compile(r"`([^`]+)`")
CELL_SPLIT = re.compile(r"(?<!\\)\|")
SHELL_PIPE = re.compile(r"\s\|\s+(?=[^\s-])")  # `a | b`; `(--hours H \| --start S)` is a choice
SHELL_FENCES = ("sh", "console", "bash", "shell")


def subcommands(command) -> dict:
    return getattr(command, "commands", None) or {}


def options_of(command) -> set[str]:
    names = {"--help", "-h"}
    for param in command.params:
        if param.param_type_name == "option":
            names.update(param.opts, param.secondary_opts)
    return names


def _words(text: str) -> list[str]:
    text = text.replace("\\|", "|")
    text = re.sub(r"'[^']*'|\"[^\"]*\"", "VALUE", text)
    return text.split()


def _walk(words: list[str], start, prefix: tuple[str, ...]) -> tuple[Found, int, str]:
    """The commands the leading words name from `start` (several where they give choices, as
    `client|project add/list`), how many words they took, and a problem or ''."""
    found = [(prefix, start)]
    i = 0
    while i < len(words) and any(subcommands(command) for _, command in found):
        word = words[i].strip("[]()")
        if PLACEHOLDER.match(word):  # `aos import FORMAT PATH --json`: every command of the group
            found = [((*path, name), sub) for path, command in found for name, sub in subcommands(command).items()]
            i += 1
            continue
        if not NAME.match(word):
            break
        following = []
        for path, command in found:
            for name in re.split(r"[|/]", word):
                sub = subcommands(command).get(name)
                if sub is None:
                    return found, i, f"no command `aos {' '.join((*path, name))}`"
                following.append(((*path, name), sub))
        found = following
        i += 1
    return found, i, ""


def problems(text: str, start=ROOT, prefix: tuple[str, ...] = ()) -> tuple[Found, list[str]]:
    """The commands a form such as `aos invoice show N [--csv\\|--html]` names, and what is wrong
    with it: an unknown command, or an option its command does not take."""
    words = _words(text)
    if start is ROOT and words and (words[0] == "aos" or words[0].endswith("/aos")):
        words = words[1:]
        while words and words[0] in GLOBAL_OPTIONS:
            words = words[2:] if GLOBAL_OPTIONS[words[0]] else words[1:]
    found, used, problem = _walk(words, start, prefix)
    if problem:
        return found, [problem]
    return found, check_options(found, " ".join(words[used:]))


def check_options(found, rest: str) -> list[str]:
    wrong = []
    for option in OPTION.findall(rest):
        for path, command in found:
            if option not in options_of(command):
                wrong.append(f"`aos {' '.join(path)}` has no option {option}")
    return wrong


def _table_forms(lines: list[str]):
    """(line number, text, kind) for the code spans of the README's tables: `aos ...` spans
    anywhere, and in the first column of a `command` or `option` table the forms written
    without `aos` that follow one (`show N`, `void N [--yes]`, `token list/revoke`)."""
    header: list[str] | None = None
    for number, line in enumerate(lines, 1):
        if not line.lstrip().startswith("|"):
            header = None
            continue
        cells = [cell.strip() for cell in CELL_SPLIT.split(line.strip().strip("|"))]
        if header is None:
            header = cells
            continue
        if set(line.replace("|", "").strip()) <= set("-: "):
            continue
        for column, cell in enumerate(cells):
            first = column == 0 and header[0].lower() in ("command", "option")
            for span in CODE_SPAN.findall(cell):
                if span.startswith("aos "):
                    yield number, span, "aos"
                elif first:
                    yield number, span, "sibling"


def _shell_forms(lines: list[str]):
    """(line number, text) for each `aos` command in the README's sh/console examples."""
    fence: str | None = None
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if stripped.startswith("```"):
            fence = None if fence is not None else stripped[3:].strip()
            continue
        if fence not in SHELL_FENCES:
            continue
        command = re.sub(r"'[^']*'|\"[^\"]*\"", "VALUE", stripped.removeprefix("$ "))
        command = re.split(r"(?:^|\s)#", command)[0]
        for part in re.split(r"&&|;|\|\||" + SHELL_PIPE.pattern, command):
            part = part.strip()
            if part.startswith("aos ") or re.match(r"\S*/aos\s", part):
                yield number, part


def _prose_forms(lines: list[str]):
    """(line number, text) for each `aos ...` code span outside tables and code blocks."""
    fenced = False
    for number, line in enumerate(lines, 1):
        if line.strip().startswith("```"):
            fenced = not fenced
            continue
        if fenced or line.lstrip().startswith("|"):
            continue
        for span in CODE_SPAN.findall(line):
            if span.startswith("aos "):
                yield number, span


def readme_problems(text: str) -> tuple[int, list[str]]:
    lines = text.splitlines()
    checked, wrong = 0, []
    previous: Found = []
    for number, span, kind in _table_forms(lines):
        checked += 1
        if kind == "aos":
            previous, found = problems(span)
        elif span.startswith("-"):  # more options of the form before: `edit ID --start` / `--end`
            found = check_options(previous, span)
        else:  # relative to the group of the form before (`show N` after `aos invoice list`), else `aos`
            path = previous[0][0] if previous else ()
            parent, group = path[:-1], ROOT
            for name in parent:
                group = subcommands(group)[name]
            names = re.split(r"[|/]", _words(span)[0].strip("[]()"))
            if not any(name in subcommands(group) for name in names) and any(name in ROOT.commands for name in names):
                parent, group = (), ROOT
            named, found = problems(span, group, parent)
            previous = previous if found else named
        wrong += [f"README.md:{number}: `{span}`: {p}" for p in found]
    for number, span in (*_shell_forms(lines), *_prose_forms(lines)):
        checked += 1
        wrong += [f"README.md:{number}: `{span}`: {p}" for p in problems(span)[1]]
    return checked, wrong


def test_every_command_and_option_the_readme_shows_exists():
    checked, wrong = readme_problems(README.read_text(encoding="utf-8"))
    assert checked > 150, f"only {checked} command forms found: is the parser still reading the README?"
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize(
    "text",
    [
        "| command | does |\n|---|---|\n| `aos invoice list [-c C]`, `void N [--yes]` | x |\n",
        "| command | does |\n|---|---|\n| `aos invoice void N --yes` | x |\n",
        "```sh\naos invoice void INV-2026-0001 --yes   # gone\n```\n",
        "Void it with `aos invoice void N --yes`.\n",
        "```console\n$ aos invoice frobnicate 7\n```\n",
        "```sh\naos list --json | aos import json - --merge\n```\n",
        "`aos import FORMAT PATH --utc-offset 2`\n",
        "| command | does |\n|---|---|\n| `aos client\\|project\\|tsak add` | x |\n",
        "| option | day |\n|---|---|\n| `stop --start` / `--begin` | x |\n",
    ],
)
def test_a_command_or_option_that_does_not_exist_is_caught(text):
    checked, wrong = readme_problems(text)
    assert checked and wrong


@pytest.mark.parametrize(
    "text",
    [
        (
            "| command | does |\n|---|---|\n"
            "| `aos invoice list [-c C]`, `show N [--csv\\|--html]`, `token list/revoke` | x |\n"
        ),
        "```sh\naos --db other.db import json - && timew export | aos import timewarrior -   # -x\n```\n",
        "| option | day |\n|---|---|\n| `edit ID --start` / `--end`, `list/report/export --from/--to` | x |\n",
        "`aos import FORMAT PATH --dry-run --json`\n",
        "`aos add -p 1 (--hours H \\| --start S --end E) [--billable/--non-billable]`\n",
    ],
)
def test_forms_that_exist_pass(text):
    checked, wrong = readme_problems(text)
    assert checked and not wrong, wrong


def _anchor(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def test_every_link_to_a_section_names_a_heading():
    text = README.read_text(encoding="utf-8")
    fenced, anchors = False, set()
    for line in text.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and (heading := re.match(r"#{1,6} (.+)", line)):
            anchors.add(_anchor(heading.group(1)))
    links = re.findall(r"\]\(#([^)]+)\)", text)
    assert len(links) > 10
    assert sorted(set(links) - anchors) == []


def test_every_code_block_is_closed_where_it_should_be():
    """A stray fence turns the prose after it into code: it shows as a fence with a language
    where a block should close (```sh inside a block), or a block left open at the end."""
    open_at = None
    for number, line in enumerate(README.read_text(encoding="utf-8").splitlines(), 1):
        if not line.startswith("```"):
            continue
        if open_at is None:
            open_at = number
        else:
            assert line == "```", f"README.md:{number}: {line!r} inside the block opened at line {open_at}"
            open_at = None
    assert open_at is None, f"README.md:{open_at}: a code block is never closed"


def test_the_readme_test_command_is_the_one_ci_runs():
    text = README.read_text(encoding="utf-8")
    section = text.split("## Two commands for a fresh machine", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"^```sh\n(.*?)\n```$", section, re.MULTILINE | re.DOTALL)
    ci = (README.parent / ".ci" / "run").read_text(encoding="utf-8").rstrip("\n").splitlines()[-1]
    assert len(commands) == 2 and commands[1] == ci
