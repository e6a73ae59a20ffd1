"""Readable at 80 columns: report, list, unbilled, invoice list and invoice show fit an 80-column
terminal with every figure whole (names wrap instead); the printable invoice gives its totals
once, after the last line."""

from __future__ import annotations

import re

import pytest


@pytest.fixture
def wide_names(aos, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("AOS_NOW", "2026-11-30T12:00:00+00:00")  # invoices are issued "today"
    aos("client", "add", "Acme Corporation International", "--rate", "150")
    aos("client", "add", "Bäckerei Müller & Söhne GmbH", "--rate", "95.5", "--currency", "EUR")
    aos("project", "add", "Website Redesign and Relaunch", "-c", "1")
    aos("project", "add", "Online Shop", "-c", "2")
    aos("task", "add", "Design mockups for the homepage", "-p", "1")
    for day in range(1, 7):
        aos("add", "-p", "1", "-t", "1", "--hours", "7.5", "--date", f"2026-11-0{day}",
            "-d", "Homepage concepts and a long description that goes on and on")  # fmt: skip
        aos("add", "-p", "2", "--hours", "3", "--date", f"2026-11-0{day}", "-d", "Shop")
    aos("add", "-p", "1", "--hours", "1000h", "--force", "--date", "2026-11-10")
    return aos


FIGURES = ["156750.00 USD", "1719.00 EUR", "1045.00", "1063.00"]


def assert_fits(out: str, figures: list[str]) -> None:
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 80, "\n".join(line for line in lines if len(line) > 80)
    for figure in figures:
        assert figure in out, f"{figure!r} is missing or cut:\n{out}"
    assert "…" not in out, out


@pytest.mark.parametrize("by", ["project", "client,project", "user,month"])
def test_a_report_fits_80_columns_with_every_figure_whole(wide_names, by):
    out = wide_names("report", "--by", by, "--from", "2026-11-01", "--to", "2026-11-30", "--chart").out
    assert_fits(out, FIGURES)
    if "project" in by:
        assert re.search(r"\bWebsite\b", out) and re.search(r"\bOnline\s+(\S+\s+)?Shop\b", out)
    assert "Entries" in out and "Unbilled" in out


def test_list_and_unbilled_fit_80_columns(wide_names):
    listed = wide_names("list").out
    assert_fits(listed, ["150000.00 USD", "286.50 EUR", "1000.00", "2026-11-10", "09:00-16:30"])
    assert_fits(wide_names("unbilled").out, ["156750.00 USD", "1719.00 EUR", "2026-11-06"])


def test_invoices_fit_80_columns_and_show_their_totals_once(wide_names):
    wide_names("invoice", "create", "-c", "1", "--tax", "19")
    assert_fits(wide_names("invoice", "list").out, ["INV-2026-0001", "186532.50", "2026-11-30", "2026-12-30"])
    shown = wide_names("invoice", "show", "1").out
    assert_fits(shown, ["156750.00", "29782.50", "186532.50", "1000.00"])
    assert shown.count("Subtotal") == 1 and shown.count("Total (USD)") == 1


def test_the_printable_invoice_gives_its_totals_once_after_the_last_line(wide_names):
    for day in range(11, 30):
        wide_names("add", "-p", "1", "--hours", "1", "--date", f"2026-11-{day}")
    wide_names("invoice", "create", "-c", "1")
    page = wide_names("invoice", "show", "1", "--html").out
    assert page.count("Subtotal") == 1 and page.count(">Total (USD)<") == 1
    assert "<tfoot" not in page, "a table footer repeats on every printed page"
    assert page.index("Subtotal") > page.rindex("2026-11-29")
    assert "break-inside: avoid" in page
