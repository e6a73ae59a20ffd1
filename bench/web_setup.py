"""What bench/web.py and bench/web_browser.py share: the member, the fixed clock, where writes
go, and signing in by the login form."""

from __future__ import annotations

import math
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from datetime import datetime

import httpx

PY = sys.executable
PASSWORD = "bench horse battery staple"
MEMBER = "u01"
ADMIN = "admin01"  # added to the copy (the generated history's users are members): the catalog, team, settings
NOW = "2026-11-25T12:00:00+00:00"  # the Wednesday after generate.END_DAY (a Tuesday)
THIS_WEEK, BUSY_WEEK = "2026-W48", "2026-W47"
STOP_BASE = datetime(1980, 1, 1)  # before every generated entry: stopped timers clash with nothing
MANUAL_BASE = datetime(1981, 1, 1)
BROWSER_BASE = datetime(1982, 1, 1)
FORMAT = "%Y-%m-%d %H:%M:%S"
CHROMIUM = "/usr/bin/chromium"
P95_TARGET, P50_TARGET, LCP_TARGET, CLICK_TARGET = 0.200, 0.060, 1.0, 0.100


def log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def field_of(html: str, name: str) -> str:
    """A form field's value as the page shows it (input value, the selected option, a textarea)."""
    import html as entities

    found = re.search(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"', html)
    if found:
        return entities.unescape(found.group(1))
    select = re.search(rf'<select[^>]*name="{name}".*?</select>', html, re.DOTALL)
    if select:
        chosen = re.search(r'<option value="([^"]*)" selected', select.group(0))
        return chosen.group(1) if chosen else ""
    area = re.search(rf'<textarea[^>]*name="{name}"[^>]*>(.*?)</textarea>', html, re.DOTALL)
    return entities.unescape(area.group(1)) if area else ""


def prepare(source: str, workdir: str) -> tuple[str, int]:
    """A copy of the cached history with u01's password set; the id of a u01 entry of the busy week."""
    db = os.path.join(workdir, "web.db")
    shutil.copyfile(source, db)
    env = dict(os.environ, AOS_DB=db, TZ="UTC", NO_COLOR="1")
    subprocess.run([PY, "-m", "aostime", "user", "password", MEMBER, "--stdin"], input=PASSWORD + "\n", text=True,
                   env=env, check=True, capture_output=True, timeout=120)  # fmt: skip
    with sqlite3.connect(db) as conn:
        (entry,) = conn.execute(
            "SELECT id FROM time_entries WHERE user_id = 1 AND start_time >= '2026-11-18' AND invoiced = 0 "
            "ORDER BY start_time LIMIT 1"
        ).fetchone()
    return db, entry


def add_admin(db: str) -> None:
    """An admin with a password in the copy, as `aos user add --role admin` makes one."""
    env = dict(os.environ, AOS_DB=db, TZ="UTC", NO_COLOR="1")
    for args, given in (("add", ADMIN, "--role", "admin"), None), (("password", ADMIN, "--stdin"), PASSWORD + "\n"):
        subprocess.run([PY, "-m", "aostime", "user", *args], input=given, text=True, env=env, check=True,
                       capture_output=True, timeout=120)  # fmt: skip


def add_draft_invoice(db: str) -> tuple[int, int]:
    """A draft invoice, one line per entry, of the unbilled time before the busy week of the client
    with the most of it (the busy week's entries stay unbilled, for the calendar's moves), as
    `aos invoice create` makes one: (its id, its lines)."""
    import json

    with sqlite3.connect(db) as conn:
        (client,) = conn.execute(
            "SELECT p.client_id FROM time_entries e JOIN projects p ON p.id = e.project_id "
            "WHERE e.billable = 1 AND e.invoiced = 0 AND e.end_time IS NOT NULL AND e.start_time < '2026-11-16' "
            "GROUP BY p.client_id ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()
    env = dict(os.environ, AOS_DB=db, TZ="UTC", NO_COLOR="1")
    sender = {"company_name": "Bench Agency GmbH", "company_address": "Hauptstraße 1\\n80331 München",
              "company_country": "DE", "company_vat_id": "DE123456789"}  # fmt: skip
    for key, value in sender.items():
        subprocess.run([PY, "-m", "aostime", "config", "set", key, value], env=env, check=True, capture_output=True,
                       timeout=120)  # fmt: skip
    subprocess.run([PY, "-m", "aostime", "client", "edit", str(client), "--address", "Marktplatz 2\\n20095 Hamburg",
                    "--country", "DE"], env=env, check=True, capture_output=True, timeout=120)  # fmt: skip
    made = subprocess.run([PY, "-m", "aostime", "invoice", "create", "-c", str(client), "--group-by", "entry",
                           "--to", "2026-11-15", "--json"], text=True, env=env, check=True, capture_output=True, timeout=300)  # fmt: skip
    invoice = json.loads(made.stdout)
    return invoice["id"], len(invoice["lines"])


def sign_in(client: httpx.Client, who: str = MEMBER) -> httpx.Client:
    """The client (sending a browser's same-origin Origin) signed in as `who` (u01) through the login form."""
    token = csrf_of(client.get("/login").text)
    answer = client.post("/login", data={"who": who, "password": PASSWORD, "csrf": token})
    if answer.status_code != 303:
        raise RuntimeError(f"sign-in answered {answer.status_code}: {answer.text[:300]}")
    return client


def nearest_rank(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered), max(1, math.ceil(q * len(ordered)))) - 1]
