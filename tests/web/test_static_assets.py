"""The web app's scripts and styles ship inside the package: the vendored ones unchanged from
their published release (sha256 listed with their licence), our own as small ES modules; no
page loads more than 50 kB of script, gzipped."""

from __future__ import annotations

import gzip
import hashlib
import re
from importlib.resources import files

STATIC = files("aostime") / "static"
VENDOR = STATIC / "vendor"


def _listed() -> dict[str, str]:
    lines = (VENDOR / "SHA256SUMS.txt").read_text().splitlines()
    return {line.split()[1]: line.split()[0] for line in lines if line and not line.startswith("#")}


def test_every_vendored_file_is_listed_with_its_sha256_and_matches_it():
    listed = _listed()
    present = {item.name for item in VENDOR.iterdir() if item.name != "SHA256SUMS.txt"}
    assert present == set(listed), "a vendored file without its line, or a line without its file"
    for name, digest in listed.items():
        assert hashlib.sha256((VENDOR / name).read_bytes()).hexdigest() == digest, name


def test_every_vendored_script_has_its_licence_beside_it():
    text = (VENDOR / "SHA256SUMS.txt").read_text()
    for line in text.splitlines():
        if line.endswith(")") and "licence" in line:
            licence = re.search(r"\((\S+)\)$", line).group(1)
            assert (VENDOR / licence).is_file(), licence


def test_our_modules_are_es_modules_without_eval():
    for module in (STATIC / "js").iterdir():
        source = module.read_text()
        assert re.search(r"^(import|export) ", source, re.MULTILINE), module.name
        assert "eval(" not in source and "new Function" not in source, module.name


def test_the_scripts_a_page_loads_weigh_at_most_50_kb_gzipped():
    page = (files("aostime") / "templates" / "web" / "base.html").read_text()
    scripts = re.findall(r'<script[^>]* src="/static/([^"]+)"', page)
    assert scripts, "the page loads its scripts from /static"
    loaded = set(scripts) | {f"js/{m.name}" for m in (STATIC / "js").iterdir()}  # modules import each other
    size = sum(len(gzip.compress((STATIC / path).read_bytes(), 9)) for path in loaded)
    assert size <= 50_000, size


def test_the_reports_chart_library_weighs_at_most_25_kb_gzipped_and_loads_on_that_page_only():
    templates = files("aostime") / "templates" / "web"
    page = (templates / "reports.html").read_text()
    vendored = re.findall(r'<script[^>]* src="/static/(vendor/[^"]+)"', page)
    assert vendored == ["vendor/uPlot-1.6.32.iife.min.js"]
    assert len(gzip.compress((STATIC / vendored[0]).read_bytes(), 9)) <= 25_000
    others = [t for t in templates.iterdir() if t.name != "reports.html"]
    assert not any("uPlot" in t.read_text() for t in others)


def test_the_service_worker_keeps_every_script_style_and_icon_a_page_loads():
    """Offline, a page whose module imports one the worker did not keep would run none of its
    scripts: every module, the pages' vendored script and style, and the manifest's icons are kept."""
    worker = (STATIC / "sw.js").read_text()
    kept = set(re.findall(r'"/static/([^"]+)"', worker))
    page = (files("aostime") / "templates" / "web" / "base.html").read_text()
    loaded = set(re.findall(r'(?:src|href)="/static/([^"]+)"', page))
    modules = {f"js/{m.name}" for m in (STATIC / "js").iterdir()}
    icons = {f"icons/{i.name}" for i in (STATIC / "icons").iterdir()}
    assert loaded | modules | icons <= kept, sorted((loaded | modules | icons) - kept)
