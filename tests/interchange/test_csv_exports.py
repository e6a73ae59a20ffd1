"""CSV exports as the tools really write them (fixtures under fixtures/csv): Kimai's Open/Cleared
and money cells with their currency and its totals row, Clockify's day-first dates settled by
any date column (Date of creation) or refused, invoiced work, Harvest rows kept on their dates,
and an identity that survives a later export of the same work. Expected totals are worked out
by hand from the fixtures, not computed from them."""

from __future__ import annotations

from datetime import UTC, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from interchange_helpers import FIXTURES, entries, totals

from aostime.errors import BadInput
from aostime.interchange import csv_dates, csvformats, records

CSV = FIXTURES / "csv"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def parse(name: str, **options) -> records.Batch:
    text = (CSV / name).read_text(encoding="utf-8-sig")
    return csvformats.parse(text, name, None, UTC, **options)


def clients(aos) -> dict[str, str]:
    return {c["name"]: c["currency"] for c in aos("client", "list", "--json").json}


def billable_seconds(aos) -> int:
    return sum(e["duration"] for e in entries(aos) if e["billable"])


# -- Kimai ----------------------------------------------------------------------------------


def test_kimai_open_cleared_money_cells_and_the_totals_row():
    batch = parse("kimai_nzd_totals.csv")
    assert batch.format == "kimai" and len(batch.entries) == 5  # the sixth row is Kimai's totals
    got = [(e.start, e.end, e.amount_cents, e.rate_cents, e.currency, e.invoiced) for e in batch.entries]
    assert got == [
        (at("2026-03-02 09:00"), at("2026-03-02 10:30"), 9750, 6500, "NZD", True),
        (at("2026-03-02 13:00"), at("2026-03-02 13:45"), 4875, 6500, "NZD", False),
        (at("2026-03-03 22:00"), at("2026-03-04 00:30"), 12000, 4800, "NZD", False),
        (at("2026-03-04 10:00"), at("2026-03-04 11:00"), 20000, 0, "NZD", True),  # ' NZD - ' is 0
        (at("2026-03-04 15:00"), at("2026-03-04 15:30"), 0, 0, "NZD", False),
    ]


def test_kimai_locale_money_and_a_currency_column():
    batch = parse("kimai_eur_locale.csv")
    got = [(e.user, e.amount_cents, e.rate_cents, e.currency, e.invoiced) for e in batch.entries]
    assert got == [
        ("Lena Vogel", 12000, 8000, "EUR", True),
        ("Lena Vogel", 4875, 6500, "EUR", False),
        ("Jonas Berg", 125000, None, "EUR", False),  # '1.250,00 €' fixed price, no hourly price
    ]


KIMAI_HEAD = '"Date","From","To","Duration","Rate","User","Customer","Project","Activity","Exported"\n'
KIMAI_ROW = '"2026-03-02","09:00","10:00","[01]:00"," EUR 50.00 ","Ann","Acme","Web","Dev","Open"\n'


@pytest.mark.parametrize(
    "last",
    [
        '"","","","[01]:00"," EUR 50.00 ","Ann","Acme","Web","Dev","Open"\n',  # a row without its date
        '"","","","[01]:00","50.00","","Acme","","",""\n',  # names a customer: not a totals row
        '"","","","soon","50.00","","","","",""\n',  # no duration in the duration cell
    ],
)
def test_only_a_row_shaped_like_kimais_totals_is_left_out(last):
    with pytest.raises(BadInput, match="row 3: date is empty"):
        csvformats.parse(KIMAI_HEAD + KIMAI_ROW + last, "k.csv", None, UTC)


def test_kimais_totals_row_is_left_out_only_at_the_end():
    totals_row = '"","","","[00]:00","50.00","","","","",""\n'
    assert len(csvformats.parse(KIMAI_HEAD + KIMAI_ROW + totals_row, "k.csv", None, UTC).entries) == 1
    with pytest.raises(BadInput, match="row 2: date is empty"):
        csvformats.parse(KIMAI_HEAD + totals_row + KIMAI_ROW, "k.csv", None, UTC)


def test_a_kimai_money_cell_in_another_currency_than_the_row_is_refused():
    text = "Date,From,To,Currency,Price,Customer,Project\n2026-03-02,09:00,10:00,EUR,NZD 50.00,Acme,Web\n"
    with pytest.raises(BadInput, match="row 2: the price is in NZD but the row's currency is EUR"):
        csvformats.parse(text, "k.csv", "kimai", UTC)


def test_kimais_own_id_column_is_the_source_id():
    text = "ID,Date,From,To,Customer,Project\n4711,2026-03-02,09:00,10:00,Acme,Web\n"
    (entry,) = csvformats.parse(text, "k.csv", None, UTC).entries
    assert (entry.source, entry.source_id) == ("kimai", "4711")


@pytest.mark.parametrize(
    ("text", "cents", "currency"),
    [
        (" NZD 48.75 ", 4875, "NZD"), ("48,75 €", 4875, "EUR"), ("€48.75", 4875, "EUR"),
        ("1.234,50 €", 123450, "EUR"), ("1\u202f234,50\u00a0€", 123450, "EUR"), (" EUR - ", 0, "EUR"),
        ("£5", 500, "GBP"), ("NZ$48.75", 4875, "NZD"), ("$48.75", 4875, None), ("150.00", 15000, None),
        ("", None, None),
    ],
)  # fmt: skip
def test_money_cells_give_cents_and_the_currency_they_name(text, cents, currency):
    assert records.parse_money(text, "f", "row 2", "price") == (cents, currency)


def test_kimai_end_to_end_keeps_cleared_work_invoiced_and_the_client_currency(aos):
    result = aos("import", "csv", str(CSV / "kimai_nzd_totals.csv"), "--json").json
    assert result["format"] == "kimai" and result["entries"]["created"] == 5
    assert totals(aos) == {
        ("Kiwi Foods", "Online Shop"): (2, 5400 + 2700, Decimal("146.25")),
        ("Kiwi Foods", "Hosting"): (1, 9000, Decimal("120.00")),
        ("Harbour Council", "Website"): (2, 3600 + 1800, Decimal("200.00")),
    }
    assert [e["invoiced"] for e in entries(aos)] == [True, False, False, True, False]
    assert clients(aos) == {"Kiwi Foods": "NZD", "Harbour Council": "NZD"}


# -- Clockify: day and month ----------------------------------------------------------------


def test_clockify_day_first_is_settled_by_the_date_of_creation_column():
    batch = parse("clockify_dmy_invoiced.csv")
    got = [(e.start, e.end, e.invoiced, e.currency) for e in batch.entries]
    assert got == [
        (at("2024-04-03 09:00"), at("2024-04-03 10:30"), True, "USD"),
        (at("2024-04-04 14:00"), at("2024-04-04 16:15"), False, "USD"),
        (at("2024-04-05 08:30"), at("2024-04-05 09:10"), False, "USD"),
        (at("2024-04-02 23:30"), at("2024-04-03 00:45"), True, "USD"),
    ]


def test_clockify_dates_nothing_settles_are_refused_never_guessed():
    both = r"'03/04/2024' is 3 April 2024 \(day first\) or March 4, 2024 \(month first\)"
    with pytest.raises(BadInput, match=both + r".*--date-order dmy or mdy.*aos config set date_order dmy"):
        parse("clockify_ambiguous.csv")
    as_told = parse("clockify_ambiguous.csv", explicit_order="dmy")
    assert as_told.entries[0].start == at("2024-04-03 09:00")
    setting = parse("clockify_ambiguous.csv", order_setting="mdy")
    assert setting.entries[0].start == at("2024-03-04 09:00")
    wins = parse("clockify_ambiguous.csv", order_setting="mdy", explicit_order="dmy")
    assert wins.entries[0].start == at("2024-04-03 09:00"), "--date-order wins over the setting"


def test_a_date_order_the_file_contradicts_is_refused():
    with pytest.raises(BadInput, match=r"--date-order mdy, but '15/04/2024' can only be read day first"):
        parse("clockify_dmy_invoiced.csv", explicit_order="mdy")
    with pytest.raises(BadInput, match="does not start with the year"):
        parse("clockify_dmy_invoiced.csv", explicit_order="ymd")


def test_the_files_own_evidence_wins_over_the_date_order_setting():
    # every Start/End Date here reads both ways; only 'Date of creation' 15/04/2024 says day first
    batch = parse("clockify_dmy_invoiced.csv", order_setting="mdy")
    assert [e.start.date().isoformat() for e in batch.entries] == ["2024-04-03", "2024-04-04", "2024-04-05",
                                                                     "2024-04-02"]  # fmt: skip


def test_the_date_order_decision():
    decide = csv_dates.decide_order
    assert decide(["03/04/2024", "15/04/2024"], None, None, "f") == "dmy"
    assert decide(["03/04/2024", "04/15/2024"], None, None, "f") == "mdy"
    assert decide(["18.08.2026"], None, None, "f") == "dmy"
    assert decide(["2024-03-04", "04/04/2024"], None, None, "f") is None, "same day either way"
    assert decide(["2024-03-04"], "ymd", "mdy", "f") is None
    with pytest.raises(BadInput, match="its dates disagree: '13/04/2024' is day first, '04/13/2024' month first"):
        decide(["13/04/2024", "04/13/2024"], None, None, "f")
    with pytest.raises(BadInput, match="ymd, but '03/04/2024' does not start with the year"):
        decide(["03/04/2024"], "ymd", None, "f")


def test_clockify_end_to_end_and_the_date_order_option(aos, tmp_path):
    result = aos("import", "csv", str(CSV / "clockify_dmy_invoiced.csv"), "--json").json
    assert result["format"] == "clockify" and result["entries"]["created"] == 4
    assert totals(aos) == {
        ("Acme Corp", "Website Redesign"): (2, 5400 + 8100, Decimal("300.00")),
        ("Globex", "Mobile App"): (2, 2400 + 4500, Decimal("125.00")),
    }
    assert billable_seconds(aos) == 5400 + 8100 + 4500
    assert [e["invoiced"] for e in entries(aos)] == [True, True, False, False]  # by start: 2, 3, 4, 5 April
    assert clients(aos) == {"Acme Corp": "USD", "Globex": "USD"}

    ambiguous = str(CSV / "clockify_ambiguous.csv")
    other = str(tmp_path / "other.db")
    refused = aos("--db", other, "import", "csv", ambiguous, expect=2)
    assert "--date-order dmy or mdy" in refused.err
    aos("--db", other, "config", "set", "date_order", "mdy")
    aos("--db", other, "import", "csv", ambiguous, "--date-order", "dmy", "--dry-run")
    told = aos("--db", other, "import", "csv", ambiguous, "--date-order", "dmy", "--json").json
    assert told["entries"]["created"] == 4
    assert entries(aos, "--db", other)[0]["start_time"] == "2024-04-02T23:30:00+00:00"
    contradicted = aos("import", "csv", str(CSV / "clockify_dmy_invoiced.csv"), "--date-order", "mdy", expect=2)
    assert "can only be read day first" in contradicted.err
    assert "is not one of dmy, mdy, ymd" in aos("import", "csv", ambiguous, "--date-order", "dym", expect=2).err


def test_clockify_invoice_id_alone_marks_the_entry_invoiced():
    text = (
        '"Project","Start Date","Start Time","End Date","End Time","Billable Rate (EURO)","Invoice ID"\n'
        '"Web","2024-03-04","09:00","2024-03-04","10:00","80.00","INV-1"\n'
        '"Web","2024-03-04","11:00","2024-03-04","12:00","80.00",""\n'
    )
    batch = csvformats.parse(text, "c.csv", None, UTC)
    assert [(e.invoiced, e.currency) for e in batch.entries] == [(True, "EUR"), (False, "EUR")]


# -- Toggl: identity ------------------------------------------------------------------------


def test_toggl_identity_survives_a_later_export_without_amount_with_edits():
    first, later = parse("toggl_amount_eur.csv"), parse("toggl_no_amount_edited.csv")
    assert [e.source_id for e in first.entries] == [e.source_id for e in later.entries]
    assert len({e.source_id for e in first.entries}) == 5, "the rows of one person, day and project all count"
    day = first.entries[0].source_id  # Jane's first row of 2 March on Website Redesign, then her second and third
    assert [e.source_id for e in first.entries[:3]] == [day, day + "#2", day + "#3"]
    assert [e.currency for e in first.entries] == ["EUR"] * 5 and later.entries[0].currency is None


def test_identity_is_the_rows_position_which_a_corrected_time_or_text_keeps():
    """The person, the date the row starts on, the client and project, and the rank among such rows."""
    base = parse("toggl_amount_eur.csv").entries[0].source_id
    text = (CSV / "toggl_amount_eur.csv").read_text(encoding="utf-8-sig")
    for old, new in [("Website Redesign,Design", "Mobile App,Design"), ("2026-03-02,09:00:00", "2026-03-01,09:00:00"),
                     ("jane@example.com,Acme", "jd@example.com,Acme"), ("Acme Corp,Website", "Initech,Website")]:  # fmt: skip
        changed = csvformats.parse(text.replace(old, new, 1), "t.csv", None, UTC).entries[0].source_id
        assert changed != base, old
    for old, new in [("09:00:00,2026", "09:05:00,2026"), ("10:30:00,01:30:00", "10:45:00,01:45:00"),
                     ("Homepage concepts,Yes", "Homepage drafts,No"), ("review\",180.00", "review\",210.00")]:  # fmt: skip
        kept = csvformats.parse(text.replace(old, new, 1), "t.csv", None, UTC).entries[0].source_id
        assert kept == base, old


def test_identity_is_the_same_whatever_zone_the_file_is_read_in():
    from zoneinfo import ZoneInfo

    text = (CSV / "toggl_amount_eur.csv").read_text(encoding="utf-8-sig")
    ids = {tuple(e.source_id for e in csvformats.parse(text, "t.csv", None, ZoneInfo(zone)).entries)
           for zone in ("UTC", "Asia/Tokyo", "America/Los_Angeles")}  # fmt: skip
    assert len(ids) == 1


def test_toggl_end_to_end_reimport_adds_nothing(aos):
    result = aos("import", "csv", str(CSV / "toggl_amount_eur.csv"), "--json").json
    assert result["format"] == "toggl" and result["entries"]["created"] == 5
    expected = {
        ("Acme Corp", "Website Redesign"): (3, 5400 + 4500 + 4500, Decimal("480.00")),
        ("Globex", "Mobile App"): (1, 8400, Decimal(0)),
        ("Imported", "Internal"): (1, 1530, Decimal(0)),
    }
    assert totals(aos) == expected
    assert billable_seconds(aos) == 5400 + 4500 + 4500
    assert clients(aos)["Acme Corp"] == "EUR"
    again = aos("import", "csv", str(CSV / "toggl_no_amount_edited.csv"), "--json").json
    assert again["entries"]["created"] == 0
    assert len(entries(aos)) == 5


def test_a_toggl_row_without_an_end_takes_its_duration():
    text = "Project,Start date,Start time,End date,End time,Duration\nWeb,2026-03-02,09:00:00,,,01:30:00\n"
    (entry,) = csvformats.parse(text, "t.csv", "toggl", UTC).entries
    assert (entry.start, entry.end) == (at("2026-03-02 09:00"), at("2026-03-02 10:30"))


# -- Harvest: every row keeps its date ------------------------------------------------------


def test_harvest_rows_are_laid_out_on_their_own_date():
    got = [(e.user, e.start, e.end) for e in parse("harvest_long_day.csv").entries]
    assert got == [
        ("Hugo Bernard", at("2024-03-04 01:30"), at("2024-03-04 21:30")),  # 22.5 h: ends at midnight
        ("Hugo Bernard", at("2024-03-04 21:30"), at("2024-03-05 00:00")),
        ("Hugo Bernard", at("2024-03-05 09:00"), at("2024-03-05 10:30")),
        ("Ada Lovelace", at("2024-03-05 09:00"), at("2024-03-05 17:00")),
    ]


def test_harvest_day_layout_follows_the_zone_and_refuses_more_than_a_day():
    head = "Date,Project,Hours,First Name,Last Name,Billable?\n"
    berlin = ZoneInfo("Europe/Berlin")
    text = head + "2026-03-29,Web,23,Ann,Lee,Yes\n"  # the spring-forward day has 23 hours
    (entry,) = csvformats.parse(text, "h.csv", None, berlin, time(9, 0)).entries
    assert (entry.start, entry.end) == (at("2026-03-28 23:00"), at("2026-03-29 22:00"))  # local 00:00-24:00
    with pytest.raises(BadInput, match="row 2: the rows dated 2026-03-02 for Ann Lee add up to 25 h"):
        csvformats.parse(head + "2026-03-02,Web,20,Ann,Lee,Yes\n2026-03-02,Web,5,Ann,Lee,Yes\n", "h.csv", None, UTC)


def test_harvest_end_to_end_keeps_dates_and_the_currency(aos):
    result = aos("import", "csv", str(CSV / "harvest_long_day.csv"), "--json").json
    assert result["format"] == "harvest" and result["entries"]["created"] == 4
    assert totals(aos) == {
        ("Harbour Council", "Data Migration"): (3, 72000 + 9000 + 5400, Decimal("2640.00")),
        ("Harbour Council", "Support"): (1, 28800, Decimal(0)),
    }
    assert billable_seconds(aos) == 72000 + 9000 + 5400
    assert [e["start_time"][:10] for e in entries(aos)] == ["2024-03-04", "2024-03-04", "2024-03-05", "2024-03-05"]
    assert clients(aos) == {"Harbour Council": "USD"}
    assert aos("import", "csv", str(CSV / "harvest_long_day.csv"), "--json").json["entries"]["created"] == 0
