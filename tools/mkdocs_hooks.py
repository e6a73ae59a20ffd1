"""The documentation site's build (mkdocs.yml names this file under `hooks`): the command
reference is written from the Typer app at every build (tools/docs_reference.py), and every page
under docs/web/ that the navigation does not name yet is added to the web app's section, so a new
page is never left out of the site."""

from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.structure.files import File

sys.path.insert(0, str(Path(__file__).resolve().parent))
import docs_reference  # tools/ is not a package: found through the path above

WEB_SECTION = "The web app"


def _named(nav) -> set[str]:
    if isinstance(nav, str):
        return {nav}
    if isinstance(nav, dict):
        return set().union(*(_named(value) for value in nav.values()))
    if isinstance(nav, list):
        return set().union(set(), *(_named(item) for item in nav))
    return set()


def on_config(config):
    nav = config["nav"]
    docs = Path(config["docs_dir"])
    for item in nav:
        if isinstance(item, dict) and WEB_SECTION in item:
            section = item[WEB_SECTION]
            named = _named(nav)
            for page in sorted((docs / "web").glob("*.md")):
                path = f"web/{page.name}"
                if path not in named:
                    title = page.read_text(encoding="utf-8").split("\n", 1)[0].lstrip("# ").strip()
                    section.append({title or page.stem: path})
    nav.append({"Command reference": docs_reference.nav()})
    return config


def on_files(files, config):
    for path, text in docs_reference.pages().items():
        files.append(File.generated(config, path, content=text))
    return files
