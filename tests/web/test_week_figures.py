"""Every figure the week at /time shows equals the CLI's `--json` answer to the same question
(SPEC §10), to the cent and the second, in the member's own zone (users.time_zone) across weeks
with a daylight-saving change: each row against `aos list --json`, each day and the week against
`aos report --json --by day` (a running timer counted up to now, as the report counts it), the
running timer against `aos status --json`. The CLI answers with TZ set to the member's zone; the
server runs in UTC, so only the member's zone can put an entry on her day."""

from __future__ import annotations

import html
import re

import pytest

from dst_weeks import OTHERS, WEEKS, clock, dates, day_figures, figures, fill, money, week_figures
from web_support import signed_in

pytest.importorskip("httpx")
pytest.importorskip("argon2")


def text_of(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


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


def form_of(page: str) -> dict[str, str]:
    """What a browser sends of the page's dialog as it is shown (a checkbox only when checked)."""
    page = page.split("<dialog open", 1)[1]  # the dialog shown, not the palette's (closed until asked for)
    fields = {name: html.unescape(value) for name, value in re.findall(r'name="([a-z]+)" value="([^"]*)"', page)}
    if not re.search(r'name="billable" value="true" checked', page):
        fields.pop("billable", None)
    return fields


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
            running = status["entry"]
            assert (row[4], row[5]) == (clock(running["elapsed"]), money(running["amount_so_far"], entry["currency"]))
            continue
        assert entry["end_time"][11:16] in row[3].split("–", 1)[1]
        if entry["start_time"][-6:] != entry["end_time"][-6:]:  # the offset changed: both are shown
            assert entry["start_time"][-6:] in row[3] and entry["end_time"][-6:] in row[3]
        assert (row[4], row[5]) == (clock(entry["duration"]), money(entry["amount"], entry["currency"]))
    spans = [(day, row[3]) for day, each in enumerate(days) for row in each["rows"]]
    assert len(set(spans)) == len(spans)  # two entries at other instants never read the same
    for outside in [*week.outside, OTHERS]:
        assert outside not in shown


def test_each_day_and_the_week_total_what_aos_report_by_day_answers(dst_week, aos):
    week, client = dst_week
    days, week_line = week_page(client.get("/time", params={"week": week.iso}).text)
    report = cli(aos, week, "report", "--by", "day", "--from", week.monday, "--to", week.sunday)
    assert [each["heading"].split()[1] for each in days] == [day[8:] for day in dates(week)]
    for day, each in zip(dates(week), days):
        expected = day_figures(report, day)
        if expected is None:
            assert each["total"] == "" and each["rows"] == []
        else:
            assert figures(each["total"]) == expected, (day, each["total"])
    duration, amounts = figures(week_line)
    assert (duration, amounts) == week_figures(report)
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
    assert f"{money(entry['amount_so_far'], entry['currency'])} so far" in region


@pytest.mark.parametrize("dst_week", [WEEKS[0]], indirect=True, ids=[WEEKS[0].name])
def test_deleting_the_running_timers_row_discards_it_without_an_undo(dst_week, aos):
    week, client = dst_week
    running = cli(aos, week, "status")["entry"]
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/time").text).group(1)
    answer = client.post(f"/time/{running['id']}/delete", data={"csrf": token})
    assert answer.status_code == 200 and 'action="/time/undo"' not in answer.text
    assert cli(aos, week, "status")["running"] is False


@pytest.mark.parametrize("dst_week", [WEEKS[1]], indirect=True, ids=[WEEKS[1].name])
def test_a_week_that_does_not_exist_is_refused_in_words(dst_week):
    _, client = dst_week
    assert client.get("/time", params={"week": "2026-W53"}).status_code == 200  # 2026 has 53 weeks
    for missing in ("2025-W53", "2026-W00", "0000-W01", "9999-W52"):
        refused = client.get("/time", params={"week": missing})
        assert refused.status_code == 400 and f"There is no week {missing}" in refused.text, missing


@pytest.mark.parametrize("dst_week", [WEEKS[1]], indirect=True, ids=[WEEKS[1].name])
def test_an_edit_in_the_repeated_hour_keeps_the_entrys_instants(dst_week, aos):
    """The form shows a wall time the autumn change repeats with its offset, as the CLI's grammar
    reads a bare repeated time as its first occurrence: saving it unchanged moves nothing."""
    week, client = dst_week
    for description in ("Second 02:40", "First 02:40", "Through the repeated hour"):
        before = next(e for e in cli(aos, week, "list")["entries"] if e["description"] == description)
        form = form_of(client.get(f"/time/{before['id']}/edit").text)
        saved = client.post(f"/time/{before['id']}/edit", data=dict(form, description=description + ", edited"))
        assert saved.status_code == 303, text_of(saved.text)
        after = next(e for e in cli(aos, week, "list")["entries"] if e["id"] == before["id"])
        assert (after["start_time"], after["end_time"], after["amount"]) == (
            before["start_time"], before["end_time"], before["amount"])  # fmt: skip


@pytest.mark.parametrize("dst_week", [WEEKS[3]], indirect=True, ids=[WEEKS[3].name])
def test_the_review_of_a_timer_started_in_the_repeated_hour_keeps_its_start(dst_week, aos):
    week, client = dst_week
    aos("stop", "--at", "2026-11-01T14:00:00-05:00", "-u", week.who)
    aos("start", "-p", "App", "--at", "2026-11-01T01:30:00-05:00", "-d", "Second 01:30", "-u", week.who, "--force")
    started = cli(aos, week, "status")["entry"]["start_time"]
    assert client.post("/timer/stop", data=form_of(client.get("/timer/review").text)).status_code == 303
    saved = next(e for e in cli(aos, week, "list")["entries"] if e["description"] == "Second 01:30")
    assert saved["start_time"] == started == "2026-11-01T01:30:00-05:00"
