"""The pages in English, German and French: the person's own locale (set on /profile, or
`aos user edit --locale`) wins, else the best of the browser's Accept-Language, else English.
German and French pages show money and dates by CLDR (1.234,50 € · 1 234,50 €); English pages
stay the CLI's figures (1234.50 EUR). Two requests in two languages at once never mix, and every
text the templates and the page code mark has a German and a French translation."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from html import unescape
from pathlib import Path

import httpx
import pytest

pytest.importorskip("argon2")
pytest.importorskip("babel")
PASSWORD = "correct horse battery"
NOW = "2026-03-04T16:00:00+00:00"  # Wednesday of 2026-W10
ROOT = Path(__file__).parents[2]
NNBSP, NBSP = "\u202f", "\xa0"  # CLDR: French groups thousands by a narrow no-break space; € follows a no-break space
GERMAN_MONEY, FRENCH_MONEY = f"1.234,50{NBSP}€", f"1{NNBSP}234,50{NBSP}€"


@pytest.fixture
def site(aos, tmp_path, isolated, monkeypatch):
    """An entry of 10 hours at 123.45 EUR an hour (1234.50 EUR) on Monday 2 March 2026, of ann
    (German), of bea (no language of her own) and of cy (French)."""
    from server_support import start_server, stop_server

    monkeypatch.setenv("AOS_NOW", NOW)
    aos("client", "add", "Acme", "--rate", "123.45", "--currency", "EUR")
    aos("project", "add", "Website", "--client", "Acme")
    for name, locale in (("ann", "de"), ("bea", None), ("cy", "fr")):
        aos("user", "add", name, "--time-zone", "Europe/Berlin")
        aos("user", "password", name, "--stdin", input=PASSWORD + "\n")
        if locale:
            aos("user", "edit", name, "--locale", locale)
        aos("add", "-p", "Website", "--start", "2026-03-02T08:00+01:00", "--end", "2026-03-02T18:00+01:00",
            "-d", "Relaunch", "-u", name)  # fmt: skip
    server = start_server(tmp_path, env={"AOS_NOW": NOW})
    yield server
    log = stop_server(server)
    assert "Traceback" not in log, log


def signed_in(site, who: str, accept_language: str | None = None) -> closing[httpx.Client]:
    headers = {"Origin": site.url} | ({"Accept-Language": accept_language} if accept_language else {})
    client = httpx.Client(base_url=site.url, headers=headers, timeout=30)
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text).group(1)
    assert client.post("/login", data={"who": who, "password": PASSWORD, "csrf": token}).status_code == 303
    return closing(client)


def lang(html: str) -> str:
    return re.search(r'<html lang="([^"]+)"', html).group(1)


def texts(html: str) -> str:
    """The page's text as a person reads it (tags dropped, entities read)."""
    return re.sub(r"[ \t\r\n]+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))  # CLDR's no-break spaces kept


def nav(html: str) -> list[str]:
    found = re.search(r'<nav [^>]*data-nav="main">(.*?)</nav>', html, re.DOTALL).group(1)
    return [unescape(t) for t in re.findall(r"<a [^>]*>([^<]+)</a>", found)]


def test_a_german_person_reads_german_money_dates_and_words(site):
    with signed_in(site, "ann", accept_language="fr") as ann:  # her own locale wins over the browser's
        week = ann.get("/time?week=2026-W10").text
        assert lang(week) == "de"
        assert nav(week) == ["Übersicht", "Zeiten", "Stundenzettel", "Kalender", "Berichte"]
        shown = texts(week)
        assert GERMAN_MONEY in shown and "1234.50 EUR" not in shown
        assert "KW 10, 2. März – 8. März 2026, Zeiten in Europe/Berlin" in shown
        assert "Montag, 2. März" in shown and "Tag: 10:00:00 h" in shown
        assert "Uhrzeit" in shown  # the column of an entry's times, not the page "Zeiten"
        for words in (
            "Eintrag manuell hinzufügen",
            "Timer starten",
            "Abmelden",
            "Beschreibung",
            "Betrag",
            "Tastenkürzel",
        ):
            assert words in shown, words
        assert 'aria-label="Einträge vom Montag, 2. März"' in week

        report = texts(ann.get("/reports?by=project&period=custom&from=2026-03-01&to=2026-03-31").text)
        assert "1. März 2026 – 31. März 2026" in report
        assert f"Summe EUR 10:00:00 10:00:00 {GERMAN_MONEY} {GERMAN_MONEY} 1" in report
        assert "Bericht anzeigen" in report and "Gruppieren nach" in report

        dashboard = texts(ann.get("/dashboard").text)
        assert "Mo., 2. März 10:00:00 0:00:00 10:00:00" in dashboard
        assert f"Nicht abgerechnet {GERMAN_MONEY} (10:00:00, 1 Eintrag)" in dashboard
        assert "Top-Projekte dieser Woche" in dashboard


def test_a_manager_s_clients_page_in_german_shows_rates_with_a_decimal_comma(site, aos):
    aos("user", "edit", "ann", "--role", "manager")
    with signed_in(site, "ann") as ann:
        clients = ann.get("/clients").text
        unbilled = texts(ann.get("/invoices").text)  # three members' 10 hours at 123.45 EUR
    assert "Nicht abgerechnete Zeit" in unbilled and "Acme 3 30,00 3.703,50\xa0€" in unbilled
    shown = texts(clients)
    assert "Kunden" in shown and "Acme 123,45 EUR aktiv" in shown and "Kunden hinzufügen" in shown
    assert 'aria-label="Projekt Website bearbeiten"' in clients


def test_a_browser_in_french_gets_french_pages_when_the_person_has_no_language(site):
    login = httpx.get(site.url + "/login", headers={"Accept-Language": "fr-CH, de;q=0.8, en;q=0.5"})
    assert lang(login.text) == "fr" and "Se connecter" in texts(login.text)
    with signed_in(site, "bea", accept_language="fr-CH, de;q=0.8, en;q=0.5") as bea:
        week = bea.get("/time?week=2026-W10").text
        assert lang(week) == "fr"
        assert nav(week) == ["Tableau de bord", "Temps", "Feuille de temps", "Calendrier", "Rapports"]
        shown = texts(week)
        assert FRENCH_MONEY in shown and "Semaine 10, 2 mars – 8 mars 2026" in shown and "lundi 2 mars" in shown
        report = texts(bea.get("/reports?by=project&period=custom&from=2026-03-01&to=2026-03-31").text)
        assert "1 mars 2026 – 31 mars 2026" in report and f"Total EUR 10:00:00 10:00:00 {FRENCH_MONEY}" in report
        dashboard = texts(bea.get("/dashboard").text)
        assert f"Non facturé {FRENCH_MONEY} (10:00:00, 1 entrée)" in dashboard


def test_english_is_the_default_and_stays_the_cli_s_figures(site, aos):
    login = httpx.get(site.url + "/login", headers={"Accept-Language": "es, it;q=0.9, de;q=0"})
    assert lang(login.text) == "en" and "Sign in" in texts(login.text)
    with signed_in(site, "bea") as bea:
        week = bea.get("/time?week=2026-W10").text
        assert lang(week) == "en" and nav(week) == ["Dashboard", "Time", "Timesheet", "Calendar", "Reports"]
        listed = aos("list", "--from", "2026-03-02", "--to", "2026-03-02", "-u", "bea").out
        assert "1234.50" in listed and "1234.50 EUR" in texts(week)
        assert "Week 10, 02 Mar – 08 Mar 2026" in texts(week) and "Monday 02 March" in texts(week)


def test_requests_in_german_and_french_at_the_same_time_never_mix(site):
    with signed_in(site, "ann") as ann, signed_in(site, "cy") as cy:

        def fetch(job: tuple[str, httpx.Client]) -> tuple[str, str]:
            want, client = job
            return want, client.get("/time?week=2026-W10").text

        with ThreadPoolExecutor(max_workers=8) as pool:
            answers = list(pool.map(fetch, [("de", ann), ("fr", cy)] * 20))
    for want, html in answers:
        shown = texts(html)
        assert lang(html) == want
        if want == "de":
            assert GERMAN_MONEY in shown and "Stundenzettel" in shown and "Feuille de temps" not in shown
        else:
            assert FRENCH_MONEY in shown and "Feuille de temps" in shown and "Stundenzettel" not in shown


def test_every_marked_text_has_a_german_and_a_french_translation():
    """The texts of the templates and of the page code, extracted as `pybabel extract -F babel.cfg`
    does: each one translated (not fuzzy) in both catalogs, and the shipped .mo compiled from its .po."""
    from babel.messages.extract import extract_from_dir
    from babel.messages.mofile import read_mo
    from babel.messages.pofile import read_po

    with open(ROOT / "babel.cfg") as config:
        from babel.messages.frontend import parse_mapping_cfg

        method_map, options_map = parse_mapping_cfg(config)
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}
    keywords["pgettext"] = ((1, "c"), 2)
    found = extract_from_dir(str(ROOT), method_map, options_map, keywords)
    marked = {(message, context) for _, _, message, _, context in found}
    assert len(marked) > 300
    locale = ROOT / "src" / "aostime" / "locale"
    for language in ("de", "fr"):
        with open(locale / language / "LC_MESSAGES" / "messages.po", "rb") as po:
            catalog = read_po(po)
        with open(locale / language / "LC_MESSAGES" / "messages.mo", "rb") as mo:
            compiled = read_mo(mo)
        untranslated = []
        for message, context in marked:
            key = message[0] if isinstance(message, tuple) else message
            entry = catalog.get(key, context=context)
            strings = entry and _strings(entry.string)
            if not entry or entry.fuzzy or not all(strings):
                untranslated.append(message)
            elif (shipped := compiled.get(key, context=context)) is None or strings != _strings(shipped.string):
                untranslated.append(("not compiled", message))
        assert untranslated == [], f"{language}: run the commands of docs/web/languages.md"


def _strings(string) -> tuple[str, ...]:
    """A translation's strings: one, or one per plural form (a tuple from a .po, a list from a .mo)."""
    return tuple(string) if isinstance(string, (tuple, list)) else (string,)


@pytest.mark.browser_only
def test_a_german_page_in_chromium_has_no_wcag_violation_and_its_palette_speaks_german(site, new_page, tmp_path):
    pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (aostime[test])")
    from playwright.sync_api import expect

    from web_support import axe_violations, signed_in_page

    page = signed_in_page(site, new_page, "ann", viewport={"width": 1280, "height": 1000}, bypass_csp=True)
    page.goto(site.url + "/time?week=2026-W10")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(
        page.get_by_role("navigation", name="Hauptnavigation").get_by_role("link", name="Stundenzettel")
    ).to_be_visible()
    page.screenshot(path=str(tmp_path / "time-de.png"), full_page=True)
    found = {"time": axe_violations(page)}
    page.keyboard.press("Control+k")
    page.get_by_role("combobox", name="Befehl").fill("stunden")
    expect(page.get_by_role("option", name="Öffnen: Stundenzettel")).to_be_visible()
    found["palette"] = axe_violations(page)
    page.keyboard.press("Enter")
    page.wait_for_url("**/timesheet")
    found["timesheet"] = axe_violations(page)
    page.goto(site.url + "/dashboard")
    expect(page.get_by_role("heading", name="Übersicht")).to_be_visible()
    found["dashboard"] = axe_violations(page)
    assert {name: v for name, v in found.items() if v} == {}
