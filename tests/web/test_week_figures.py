"""Every figure the week at /time shows equals the CLI's `--json` answer to the same question
(SPEC §10), to the cent and the second, in the member's own zone (users.time_zone) across weeks
with a daylight-saving change: each row against `aos list --json`, each day and the week against
`aos report --json --by day` (a running timer counted up to now, as the report counts it), the
running timer against `aos status --json`. The CLI answers with TZ set to the member's zone; the
server runs in UTC, so only the member's zone can put an entry on her day."""

from __future__ import annotations

import html
import re
from decimal import Decimal

import pytest

from dst_weeks import OTHERS, WEEKS, fill
from web_support import signed_in

pytest.importorskip("httpx")
pytest.importorskip("argon2")


def clock(seconds: int) -> str:
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def money(amount) -> str:
    return f"{Decimal(str(amount)):.2f}"


def text_of(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def figures(line: str) -> tuple[str, dict[str, str]]:
    """A totals line ("Day: 5:00:00 h · 399.96 EUR · 87.33 USD") as its duration and amounts."""
    duration = re.search(r"(\d+:\d\d:\d\d) h", line)
    return duration and duration.group(1), {c: a for a, c in re.findall(r"(-?\d+\.\d\d) ([A-Z]{3})", line)}


def week_page(text: str) -> tuple[list[dict], str]:
    """The days of the page (heading, rows as their cells, totals line) and the week's totals line."""
    main = text.split('<main id="main">', 1)[1]
    days = []
    for section in re.findall(r'<section aria-labelledby="day-\d+">(.*?)</section>', main, re.DOTALL):
        rows = [[text_of(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.DOTALL)]
                for row in re.findall(r"<tr[^>]*>(.*?)</tr>", section.split("<tbody>", 1)[-1], re.DOTALL)
                if "<td" in row]  # fmt: skip
        total = re.search(r'<p class="total">(.*?)</p>', section, re.DOTALL)
        heading = text_of(re.search(r"<h2[^>]*>(.*?)</h2>", section, re.DOTALL).group(1))
        days.append({"heading": heading, "rows": rows, "total": text_of(total.group(1)) if total else ""})
    week_line = re.findall(r'<p class="total">(Week:.*?)</p>', main, re.DOTALL)
    return days, text_of(week_line[-1])


@pytest.fixture(params=WEEKS, ids=lambda week: week.name)
def dst_week(request, aos, tmp_path, isolated, monkeypatch):
    week = request.param
    monkeypatch.setenv("AOS_NOW", week.now)
    fill(aos, week)
    monkeypatch.setenv("TZ", week.zone)  # the CLI asks in the member's zone from here on
    with signed_in(tmp_path, {"AOS_NOW": week.now, "TZ": "UTC"}, who=week.who) as client:
        yield week, client


def cli(aos, week, *args: str) -> dict:
    return aos(*args, "--json", "-u", week.who).json


def test_each_row_is_the_entry_aos_list_shows_on_the_day_it_counts_on(dst_week, aos):
    week, client = dst_week
    days, _ = week_page(client.get("/time", params={"week": week.iso}).text)
    listed = cli(aos, week, "list", "--from", week.monday, "--to", week.sunday)["entries"]
    shown = {row[0]: (day, row) for day, each in enumerate(days) for row in each["rows"]}
    assert len(shown) == sum(len(each["rows"]) for each in days) == len(listed)  # each once, no other
    status = cli(aos, week, "status")
    for entry in listed:
        day, row = shown[entry["description"]]
        assert days[day]["heading"].split()[1] == entry["date"][8:]  # "Monday 23 March": the entry's date
        assert row[3].startswith(entry["start_time"][11:16])
        if entry["running"]:
            assert status["entry"]["id"] == entry["id"]
            assert (row[4], row[5]) == (
                clock(status["entry"]["elapsed"]), f"{money(status['entry']['amount_so_far'])} {entry['currency']}")  # fmt: skip
            continue
        assert entry["end_time"][11:16] in row[3].split("–", 1)[1]
        if entry["start_time"][-6:] != entry["end_time"][-6:]:  # the offset changed: both are shown
            assert entry["start_time"][-6:] in row[3] and entry["end_time"][-6:] in row[3]
        assert (row[4], row[5]) == (clock(entry["duration"]), f"{money(entry['amount'])} {entry['currency']}")
    spans = [(day, row[3]) for day, each in enumerate(days) for row in each["rows"]]
    assert len(set(spans)) == len(spans)  # two entries at other instants never read the same
    for outside in [*week.outside, OTHERS]:
        assert outside not in shown


def test_each_day_and_the_week_total_what_aos_report_by_day_answers(dst_week, aos):
    week, client = dst_week
    days, week_line = week_page(client.get("/time", params={"week": week.iso}).text)
    report = cli(aos, week, "report", "--by", "day", "--from", week.monday, "--to", week.sunday)
    assert [each["heading"].split()[1] for each in days] == [
        f"{day:02d}" for day in _days_of(week.monday)]  # fmt: skip
    for each in days:
        date = next(d for d in _dates_of(week.monday) if d.endswith("-" + each["heading"].split()[1]))
        rows = [row for row in report["rows"] if row["day"] == date]
        if not rows:
            assert each["total"] == "" and each["rows"] == []
            continue
        duration, amounts = figures(each["total"])
        assert duration == clock(sum(row["duration"] for row in rows)), (date, each["total"])
        assert amounts == {row["currency"]: money(row["amount"]) for row in rows}, (date, each["total"])
    duration, amounts = figures(week_line)
    assert duration == clock(report["totals"]["duration"])
    assert amounts == {t["currency"]: money(t["amount"]) for t in report["totals_by_currency"]}
    assert set(amounts) == {"EUR", "USD"}  # two currencies, never added


def test_the_running_timers_amount_is_what_aos_status_says(dst_week, aos):
    week, client = dst_week
    status = cli(aos, week, "status")
    region = (
        client.get("/time", params={"week": week.iso}).text.split('aria-label="Timer"', 1)[1].split("</section>")[0]
    )
    if not status["running"]:
        assert "Start timer" in region
        return
    entry = status["entry"]
    assert f'data-seconds="{entry["elapsed"]}"' in region and clock(entry["elapsed"]) in region
    assert f"{money(entry['amount_so_far'])} {entry['currency']} so far" in region


def _dates_of(monday: str) -> list[str]:
    from datetime import date, timedelta

    first = date.fromisoformat(monday)
    return [(first + timedelta(days=n)).isoformat() for n in range(7)]


def _days_of(monday: str) -> list[int]:
    return [int(d[8:]) for d in _dates_of(monday)]
