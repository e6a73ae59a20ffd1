"""Every command has its page in the documentation site and every page is in its navigation: the
command reference is written from the Typer app (tools/docs_reference.py, run by the site's build
through tools/mkdocs_hooks.py), and mkdocs.yml names every hand-written page. `mkdocs build
--strict` in .ci/run checks the links and the navigation again on the built site."""

from __future__ import annotations

import sys
from pathlib import Path

import click
import pytest
import typer

from aostime.cli import app

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import docs_reference  # tools/ is not a package: found through the path above

yaml = pytest.importorskip("yaml")


def _all_commands(command: click.Command, path: tuple[str, ...] = ()):
    yield path, command
    for name, sub in (getattr(command, "commands", None) or {}).items():
        if not sub.hidden:
            yield from _all_commands(sub, (*path, name))


def _nav_pages(nav) -> list[str]:
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, dict):
        return [page for value in nav.values() for page in _nav_pages(value)]
    return [page for item in nav for page in _nav_pages(item)]


def test_every_command_has_a_page_with_its_help_usage_and_options():
    pages = docs_reference.pages()
    commands = list(_all_commands(typer.main.get_command(app)))
    assert len(commands) > 80
    assert len(pages) == len(commands)
    for path, command in commands:
        name = " ".join(("aos", *path))
        page = pages.get(docs_reference.page_of(path))
        assert page is not None, f"{name} has no page"
        assert page.startswith(f"# {name}\n\n"), name
        assert (command.help or "").strip(), f"{name} has no help text to put on its page"
        assert f"\n{name} " in page or f"\n{name}\n" in page, f"{name}: its page shows no usage"
        for param in command.params:
            for option in param.opts if param.param_type_name == "option" else ():
                assert f"`{option}`" in page, f"{name}: its page does not list {option}"
        for sub in getattr(command, "commands", None) or {}:
            assert f"`{name} {sub}`" in page, f"{name}: its page does not link to {sub}"


def test_the_reference_navigation_holds_every_command_page_once():
    listed = _nav_pages(docs_reference.nav())
    assert sorted(listed) == sorted(docs_reference.pages())


def test_mkdocs_yml_names_every_hand_written_page_and_only_pages_that_exist():
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    docs = ROOT / config["docs_dir"]
    listed = _nav_pages(config["nav"])
    assert len(listed) == len(set(listed)), "a page is named twice in mkdocs.yml"
    assert [page for page in listed if not (docs / page).is_file()] == []
    written = {str(page.relative_to(docs)) for page in docs.rglob("*.md")}
    # tools/mkdocs_hooks.py adds any page under web/ that the navigation leaves out
    assert sorted(written - set(listed) - {p for p in written if p.startswith("web/")}) == []
    assert "tools/mkdocs_hooks.py" in config["hooks"]
