"""Every command the documentation (README.md and the pages under docs/) shows exists, with the
options it shows: the first column of its command tables, every `aos ...` code span (in tables
and in prose) and every `aos` line of its sh/console examples are checked against the real
command tree (Typer's click commands), so a renamed command or an option that was never there
(`aos invoice void --yes`) fails here; and every command is shown somewhere in those pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer

from aostime.cli import app

REPO = Path(__file__).resolve().parents[2]
README = REPO / "README.md"
# the command reference under docs/reference/ is written from the commands at build time, not kept here
PAGES = [README, *sorted((REPO / "docs").rglob("*.md"))]
GENERATED = REPO / "docs" / "reference"
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
    """(line number, text, kind) for the code spans of a page's tables: `aos ...` spans
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
    """(line number, text) for each `aos` command in a page's sh/console examples."""
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


def page_problems(text: str, name: str = "README.md", named: set | None = None) -> tuple[int, list[str]]:
    """How many command forms a page shows, what is wrong with them (`name:line: ...`); the
    paths of the commands they name are added to `named`."""
    named = set() if named is None else named
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
            for word in parent:
                group = subcommands(group)[word]
            names = re.split(r"[|/]", _words(span)[0].strip("[]()"))
            if not any(n in subcommands(group) for n in names) and any(n in ROOT.commands for n in names):
                parent, group = (), ROOT
            shown, found = problems(span, group, parent)
            previous = previous if found else shown
        if not found:
            named.update(path for path, _ in previous)
        wrong += [f"{name}:{number}: `{span}`: {p}" for p in found]
    for number, span in (*_shell_forms(lines), *_prose_forms(lines)):
        checked += 1
        shown, found = problems(span)
        named.update(path for path, _ in shown)
        wrong += [f"{name}:{number}: `{span}`: {p}" for p in found]
    return checked, wrong


def _relative(page: Path) -> str:
    return str(page.relative_to(REPO))


def test_every_command_and_option_the_documentation_shows_exists():
    checked, wrong = 0, []
    for page in PAGES:
        found, problems_found = page_problems(page.read_text(encoding="utf-8"), _relative(page))
        checked, wrong = checked + found, wrong + problems_found
    assert checked > 150, f"only {checked} command forms found: is the parser still reading the pages?"
    assert not wrong, "\n".join(wrong)


def _commands(command, path=()):
    for name, sub in subcommands(command).items():
        if not sub.hidden:
            yield from _commands(sub, (*path, name)) if subcommands(sub) else [(*path, name)]


def test_every_command_is_shown_in_the_documentation():
    named: set = set()
    for page in PAGES:
        page_problems(page.read_text(encoding="utf-8"), _relative(page), named)
    missing = sorted(" ".join(("aos", *path)) for path in _commands(ROOT) if path not in named)
    assert len(named) > 50
    assert missing == [], f"commands no page shows: {missing}"


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
    checked, wrong = page_problems(text)
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
    checked, wrong = page_problems(text)
    assert checked and not wrong, wrong


def _anchor(heading: str) -> str:
    """A heading's anchor, as GitHub and MkDocs make it: lower case, punctuation dropped, spaces as hyphens."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def _anchors(page: Path) -> set[str]:
    fenced, anchors = False, set()
    for line in page.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and (heading := re.match(r"#{1,6} (.+)", line)):
            anchors.add(_anchor(heading.group(1)))
    return anchors


def test_every_link_names_a_page_and_a_heading_there():
    """Links between the pages (`times.md#times`, `#endpoints`), checked where the site is not
    built (mkdocs build --strict checks them again)."""
    links, wrong = 0, []
    for page in PAGES:
        for target, anchor in re.findall(r"\]\(([^)#\s]*\.md)?(?:#([^)\s]+))?\)", page.read_text(encoding="utf-8")):
            linked = (page.parent / target).resolve() if target else page
            links += 1
            if linked.is_relative_to(GENERATED):
                continue
            if not linked.is_file():
                wrong.append(f"{_relative(page)}: no page {target}")
            elif anchor and anchor not in _anchors(linked):
                wrong.append(f"{_relative(page)}: no heading #{anchor} in {_relative(linked)}")
    assert links > 50
    assert wrong == []


@pytest.mark.parametrize("page", PAGES, ids=_relative)
def test_every_code_block_is_closed_where_it_should_be(page):
    """A stray fence turns the prose after it into code: it shows as a fence with a language
    where a block should close (```sh inside a block), or a block left open at the end."""
    open_at = None
    for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
        if not line.startswith("```"):
            continue
        if open_at is None:
            open_at = number
        else:
            assert line == "```", f"{_relative(page)}:{number}: {line!r} inside the block opened at line {open_at}"
            open_at = None
    assert open_at is None, f"{_relative(page)}:{open_at}: a code block is never closed"


def test_the_readme_test_command_is_the_one_ci_runs():
    text = README.read_text(encoding="utf-8")
    section = text.split("## Two commands for a fresh machine", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"^```sh\n(.*?)\n```$", section, re.MULTILINE | re.DOTALL)
    ci = (README.parent / ".ci" / "run").read_text(encoding="utf-8").rstrip("\n").splitlines()[-1]
    assert len(commands) == 2 and commands[1] == ci
