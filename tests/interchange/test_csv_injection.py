"""Every CSV aostime writes neutralises formula cells as OWASP recommends ("CSV Injection"): a
text cell beginning with = + - @ TAB or CR gets a leading single quote, while the numbers aostime
writes as numbers (amounts, durations; negative ones too) stay numbers. The rule has one home,
interchange/writers/csv_cells.py; these tests find the CSV writers (the export formats served as
text/csv, the commands with --csv, the invoice CSV, the server's answers) and feed each a
description that is a formula."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pytest
import typer

from aostime.interchange.writers.csv_cells import FORMULA_STARTS, writer

PAYLOAD = '=HYPERLINK("http://x","y")'
NEUTRAL = "'" + PAYLOAD
PROJECT = "+Site"  # a name that is a formula too: the report and the invoice lines carry names
SRC = Path(__file__).resolve().parents[2] / "src" / "aostime"


def cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text.lstrip("\ufeff"))) for cell in row]


def live_formulas(text: str) -> list[str]:
    """Cells a spreadsheet would run: starting with a formula character and not a number."""
    found = []
    for cell in cells(text):
        if cell.startswith(FORMULA_STARTS):
            try:
                Decimal(cell)
            except InvalidOperation:
                found.append(cell)
    return found


def csv_export_formats() -> list[str]:
    """The export formats written as CSV: those the server answers as text/csv."""
    from aostime.server.exports import MEDIA_TYPES

    return sorted(fmt for fmt, media in MEDIA_TYPES.items() if media.startswith("text/csv"))


def commands_with_csv() -> set[tuple[str, ...]]:
    """Every command with a --csv option, by its path (`invoice show`)."""
    from aostime.cli import app

    found: set[tuple[str, ...]] = set()

    def walk(command, path):
        for name, sub in (getattr(command, "commands", None) or {}).items():
            walk(sub, (*path, name))
        if any("--csv" in getattr(p, "opts", ()) for p in command.params):
            found.add(path)

    walk(typer.main.get_command(app), ())
    return found


@pytest.fixture
def booked(aos, monkeypatch):
    """An entry whose description is a formula, under a project whose name is one, invoiced on a
    draft invoice; a second one left unbilled."""
    monkeypatch.setenv("TZ", "Europe/Berlin")
    aos("client", "add", "Acme", "--rate", "100")
    aos("project", "add", PROJECT, "--client", "Acme")
    aos("add", "-p", PROJECT, "--start", "2026-03-02 09:00", "--end", "2026-03-02 10:30", "-d", PAYLOAD, "-n", "-1+2")
    aos("user", "edit", "alice", "--email", "alice@example.org")
    number = aos("invoice", "create", "-c", "Acme", "--group-by", "project", "--json").json["number"]
    aos("add", "-p", PROJECT, "--start", "2026-03-03 09:00", "--end", "2026-03-03 10:00", "-d", PAYLOAD)
    return number


def test_the_csv_writer_is_the_only_one_in_the_code():
    writers = [p.relative_to(SRC).as_posix() for p in SRC.rglob("*.py")
               if re.search(r"csv\.(writer|DictWriter)\(", p.read_text(encoding="utf-8"))]  # fmt: skip
    assert writers == ["interchange/writers/csv_cells.py"]


def test_text_is_neutralised_and_numbers_stay_numbers():
    out = io.StringIO()
    writer(out).writerow([Decimal("-12.50"), -3, 1.5, "-12.50", "=1+1", "+x", "-x", "@x", "\tx", "\rx", "a=b", ""])
    assert out.getvalue() == "-12.50,-3,1.5,'-12.50,'=1+1,'+x,'-x,'@x,'\tx,\"'\rx\",a=b,\r\n"


def test_every_csv_export_format_neutralises_the_formula(aos, booked):
    formats = csv_export_formats()
    assert {"csv", "toggl", "clockify", "harvest", "kimai"} <= set(formats)
    for fmt in formats:
        text = aos("export", "--format", fmt).out
        assert NEUTRAL in cells(text), fmt
        assert live_formulas(text) == [], fmt


# the arguments each command with --csv needs; a new one must be added here (and so tested)
CSV_COMMANDS = {("list",): (), ("report",): (), ("unbilled",): (), ("invoice", "show"): ("NUMBER",)}


def test_every_command_with_csv_neutralises_the_formula(aos, booked):
    assert commands_with_csv() == set(CSV_COMMANDS)
    for path, args in CSV_COMMANDS.items():
        text = aos(*path, *(booked if a == "NUMBER" else a for a in args), "--csv").out
        found = cells(text)
        # the report and the invoice's lines (by project) carry the project's name, not descriptions
        assert NEUTRAL in found or "'" + PROJECT in found, path
        assert live_formulas(text) == [], path
    assert "'" + PROJECT in cells(aos("invoice", "show", booked, "--format", "csv").out)


def test_the_servers_csv_answers_neutralise_the_formula(aos, booked, tmp_path, isolated):
    from server_support import start_server, stop_server

    aos("user", "edit", "alice", "--role", "manager")
    token = aos("token", "create", "--name", "csv").out.strip().splitlines()[-1]
    invoice_id = aos("invoice", "show", booked, "--json").json["id"]
    server = start_server(tmp_path)
    try:
        with server.client(token) as api:
            answers = {fmt: api.get("/export", params={"format": fmt}) for fmt in csv_export_formats()}
            answers["invoice"] = api.get(f"/invoices/{invoice_id}", params={"format": "csv"})
        for name, answer in answers.items():
            assert answer.status_code == 200, (name, answer.text)
            assert (NEUTRAL if name != "invoice" else "'" + PROJECT) in cells(answer.text), name
            assert live_formulas(answer.text) == [], name
    finally:
        assert "Traceback" not in stop_server(server)


def test_aos_import_csv_takes_the_quote_off_again(aos, booked, tmp_path):
    for fmt in csv_export_formats():
        path = tmp_path / f"{fmt}.csv"
        aos("export", "--format", fmt, "-o", str(path))
        other = str(tmp_path / f"{fmt}.db")
        aos("--db", other, "import", "csv", str(path))
        got = {(e["project_name"], e["description"]) for e in aos("--db", other, "list", "--json").json["entries"]}
        assert got == {(PROJECT, PAYLOAD)}, fmt


def test_a_discounts_negative_amount_stays_a_number_in_the_invoice_csv(aos, booked):
    aos("invoice", "add-line", booked, "-d", "-10% loyalty", "-q", "1", "--unit-price", "-15")
    rows = list(csv.DictReader(io.StringIO(aos("invoice", "show", booked, "--csv").out)))
    line = rows[-1]
    assert (line["description"], line["hourly_rate"], line["amount"]) == ("'-10% loyalty", "-15.00", "-15.00")
