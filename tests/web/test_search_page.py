"""The search box in every page's header: results as one types, in place, by accessible names;
without scripts a plain GET form giving the same results."""

from __future__ import annotations

import pytest
from test_browser import in_same_document, mark_document, signed_in_tab, site  # noqa: F401

from web_support import settled

sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (aostime[test])")


def test_typing_in_the_search_box_shows_what_the_words_name_without_leaving_the_page(site, new_page):  # noqa: F811
    page = signed_in_tab(site, new_page)
    mark_document(page)
    box = page.get_by_role("search").get_by_role("searchbox", name="Search")
    box.press_sequentially("hom", delay=30)  # as one types: the answer follows the last key
    results = page.get_by_role("region", name="Search results")
    sync_api.expect(results.get_by_role("link", name="Homepage mockups")).to_be_visible()
    assert in_same_document(page) and "1 found for “hom”" in results.inner_text()
    box.fill("web red")
    sync_api.expect(results.get_by_role("heading", name="Projects")).to_be_visible()
    assert "Website Redesign (Acme)" in results.inner_text() and not results.get_by_role("link").count()
    box.fill("nothing")
    sync_api.expect(results).to_contain_text("Nothing found for “nothing”")
    box.fill("homepage")
    results.get_by_role("link", name="Homepage mockups").click()
    page.wait_for_url("**/time?week=2026-W10&focus=*")
    settled(page)
    assert page.get_by_role("row", name="Homepage mockups").is_visible()
    edit = page.get_by_role("row", name="Homepage mockups").get_by_role("button", name="Edit")
    sync_api.expect(edit).to_be_focused()  # the entry found, ready to be changed


def test_without_scripts_the_search_is_a_form_whose_answer_is_a_page(site, new_page):  # noqa: F811
    page = signed_in_tab(site, new_page, java_script_enabled=False)
    page.get_by_role("searchbox", name="Search").fill("mock")
    page.get_by_role("search").get_by_role("button", name="Find").click()
    page.wait_for_url("**/search?q=mock")
    assert page.get_by_role("heading", name="Search", level=1).is_visible()
    assert page.get_by_role("region", name="Search results").get_by_role("link", name="Homepage mockups").is_visible()
    page.get_by_role("searchbox", name="Search").fill("?")
    page.get_by_role("search").get_by_role("button", name="Find").click()
    assert "has no words to look for" in page.get_by_role("region", name="Search results").inner_text()
