"""/dashboard (also `/` once signed in): this week's hours per day, billable and not, and the top
projects, as `aos report --period week` counts them; the unbilled amount per currency; the
running timers. A member's own; a manager may show the team's week, and sees the team's timers."""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal
from html import unescape

import httpx
import pytest

pytest.importorskip("argon2")
PASSWORD = "correct horse battery"
NOW = "2026-03-04T16:00:00+00:00"  # Wednesday


@pytest.fixture
def site(aos, tmp_path, isolated, monkeypatch):
    from server_support import start_server, stop_server

    monkeypatch.setenv("AOS_NOW", NOW)
    aos("client", "add", "Acme", "--rate", "100", "--currency", "EUR")
    aos("client", "add", "Globex", "--rate", "80", "--currency", "USD")
    aos("project", "add", "Website", "--client", "Acme")
    aos("project", "add", "Shop", "--client", "Globex")
    for name, role in (("ann", "member"), ("max", "manager")):
        aos("user", "add", name, "--role", role)
        aos("user", "password", name, "--stdin", input=PASSWORD + "\n")
    for args in (["-p", "Website", "--start", "2026-03-02 09:00", "--end", "2026-03-02 11:00", "-u", "ann"],
                 ["-p", "Shop", "--start", "2026-03-03 09:00", "--end", "2026-03-03 10:30", "--non-billable", "-u", "ann"],
                 ["-p", "Shop", "--start", "2026-03-03 13:00", "--end", "2026-03-03 16:20", "-u", "max"],
                 ["-p", "Website", "--start", "2026-02-20 09:00", "--end", "2026-02-20 10:00", "-u", "ann"]):  # fmt: skip
        aos("add", *args, "-d", "work")
    aos("start", "-p", "Website", "-d", "running", "-u", "ann", "--at", "15:00")
    server = start_server(tmp_path, env={"AOS_NOW": NOW})
    yield server
    log = stop_server(server)
    assert "Traceback" not in log, log


def signed_in(site, who: str) -> httpx.Client:
    client = httpx.Client(base_url=site.url, headers={"Origin": site.url}, timeout=30)
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text).group(1)
    assert client.post("/login", data={"who": who, "password": PASSWORD, "csrf": token}).status_code == 303
    return client


def table(html: str, caption: str) -> list[list[str]]:
    """The cells of the table with this caption, a list per row (head and foot included)."""
    found = re.search(rf"<caption[^>]*>{re.escape(caption)}</caption>(.*?)</table>", html, re.DOTALL)
    rows = re.findall(r"<tr>(.*?)</tr>", found.group(1), re.DOTALL)
    return [[unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, re.DOTALL)]
            for r in rows]  # fmt: skip


def clock(seconds: int) -> str:
    return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


def test_a_members_week_by_day_and_top_projects_are_the_reports_figures(site, aos):
    page = signed_in(site, "ann").get("/dashboard")
    assert page.status_code == 200
    by_day = defaultdict(lambda: [0, 0])
    for row in aos("report", "--by", "day", "--period", "week", "-u", "ann", "--json").json["rows"]:
        by_day[row["day"]][0] += row["billable_duration"]
        by_day[row["day"]][1] += row["duration"]
    shown = table(page.text, "Hours per day")
    days = {"Mon 02 Mar": "2026-03-02", "Tue 03 Mar": "2026-03-03", "Wed 04 Mar": "2026-03-04"}
    for label, billable, other, total in shown[1:8]:
        b, t = by_day.get(days.get(label, ""), [0, 0])
        assert (billable, other, total) == (clock(b), clock(t - b), clock(t)), label
    assert shown[1][0] == "Mon 02 Mar" and len(shown) == 9  # head, 7 days, the week
    assert shown[2][1:] == ["0:00:00", "1:30:00", "1:30:00"]  # Tuesday's non-billable Shop
    assert shown[3][1:] == ["1:00:00", "0:00:00", "1:00:00"]  # Wednesday's running timer, up to now
    report = aos("report", "--by", "project", "--period", "week", "-u", "ann", "--json").json["rows"]
    expected = [[r["project_name"], clock(r["duration"]), f"{Decimal(str(r['amount'])):,.2f} {r['currency']}"]
                for r in sorted(report, key=lambda r: -r["duration"])]  # fmt: skip
    assert [[name, time, money.replace("\xa0", " ")] for name, time, money in table(page.text, "Top projects")[1:]] == (
        expected)  # fmt: skip


def test_unbilled_per_currency_and_running_timers_a_members_own_and_a_managers_team(site, aos):
    entries = aos("list", "--json").json["entries"]

    def unbilled(who=None) -> list[str]:
        cents = defaultdict(int)
        for e in entries:
            if e["billable"] and not e["invoiced"] and e["end_time"] and who in (None, e["user_name"]):
                cents[e["currency"]] += round(Decimal(str(e["amount"])) * 100)
        return [f"{Decimal(v) / 100:,.2f} {c}" for c, v in sorted(cents.items())]

    ann = signed_in(site, "ann")
    mine = ann.get("/dashboard").text
    assert re.findall(r"<strong>(.*?)</strong>", unescape(mine).replace("\xa0", " ")) == unbilled("ann")
    assert [row[0] for row in table(mine, "Running timers")[1:]] == ["ann"]
    assert ann.get("/dashboard", params={"whose": "team"}).status_code == 403
    assert ann.get("/", follow_redirects=False).headers["location"] == "/dashboard"
    manager = signed_in(site, "max")
    theirs = manager.get("/dashboard").text
    assert re.findall(r"<strong>(.*?)</strong>", unescape(theirs).replace("\xa0", " ")) == unbilled()
    running = table(theirs, "Running timers")[1:]
    assert [(r[0], r[1], r[4]) for r in running] == [("ann", "Website", "1:00:00")]
    team = table(manager.get("/dashboard", params={"whose": "team"}).text, "Hours per day")
    assert team[2][1:] == ["3:20:00", "1:30:00", "4:50:00"]  # Tuesday: max's billable Shop and ann's non-billable
