"""What the web app's browser tests share: Debian's Chromium driven by Playwright (executable_path,
as Playwright's own download is not used; skipped, with the reason, where either is absent), and
pages that are photographed when their test fails (failed-N.png in the test's tmp_path, whose
path the failure report names)."""

from __future__ import annotations

import os
import shutil

import pytest

FAILED = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.failed:
        item.stash[FAILED] = True
    return report


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = os.environ.get("AOS_TEST_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.skip("no Chromium: apt-get install chromium (or set AOS_TEST_CHROMIUM)")
    return path


@pytest.fixture(scope="session")
def _playwright():
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (aostime[test])")
    with sync_api.sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def _chromium(_playwright, chromium_path):
    """One Chromium per test process (its start costs about a second; a test's isolation is its
    browser context: cookies, storage, viewport). Started again should one test have crashed it."""
    running = []

    def launch():
        if not running or not running[-1].is_connected():
            running.append(_playwright.chromium.launch(executable_path=chromium_path, args=["--no-sandbox"]))
        return running[-1]

    yield launch
    for chromium in running:
        if chromium.is_connected():
            chromium.close()


@pytest.fixture
def browser(_chromium):
    """The shared Chromium; every context a test opened on it is closed when the test ends."""
    chromium = _chromium()
    before = set(chromium.contexts)
    yield chromium
    for context in chromium.contexts:
        if context not in before:
            context.close()


@pytest.fixture
def new_page(browser, request, tmp_path):
    """new_page(viewport=..., color_scheme=...) -> a page in a context of its own (its own
    cookies: another person, or the same person in another browser). Every page still open
    when the test fails is photographed."""
    contexts = []

    def open_page(**options):
        context = browser.new_context(**options)
        contexts.append(context)
        return context.new_page()

    yield open_page
    failed = request.node.stash.get(FAILED, False)
    shots = [page for context in contexts for page in context.pages] if failed else []
    for number, page in enumerate(shots, 1):
        path = tmp_path / f"failed-{number}.png"
        page.screenshot(path=str(path), full_page=True)
        print(f"screenshot of a page at {page.url}: {path}")
    for context in contexts:
        context.close()
