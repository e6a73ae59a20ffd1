"""/import and /export: `aos import` and `aos export` as pages.

A manager uploads a Toggl Track export in the browser: the dry run shows what `aos import csv
--dry-run --json` says of the same file, nothing written; "Import" imports exactly that file, and
the entries are those `aos import` of the same file makes in a fresh database; a second submit
imports nothing more. An upload over the limit, a file the reader refuses, rows whose dates could
be read two ways: refused in the CLI's words, 400 (413 for the size), nothing written. A member
may not import (the use case is a manager's). /export downloads what `aos export` writes for the
same format and filters, byte for byte."""

from __future__ import annotations

import json
import re
import shutil
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from web_support import signed_in as http_signed_in
from web_support import signed_in_page

sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (aostime[test])")
pytest.importorskip("argon2")
PASSWORD = "correct horse battery"
NOW = "2026-04-08T10:00:00+00:00"
ZONE = "Europe/Berlin"
FIXTURES = Path(__file__).parent.parent / "fixtures" / "csv"
TOGGL = FIXTURES / "toggl.csv"  # the column headers of Toggl Track's detailed CSV export
LIMIT = 20 * 1024 * 1024


@pytest.fixture
def team(aos, tmp_path, isolated, monkeypatch):
    monkeypatch.setenv("AOS_NOW", NOW)
    aos("user", "add", "max", "--role", "manager", "--time-zone", ZONE, "--email", "max@example.com")
    aos("user", "add", "ann", "--time-zone", ZONE, "--email", "ann@example.com")
    for name in ("max", "ann"):
        aos("user", "password", name, "--stdin", input=PASSWORD + "\n")
    monkeypatch.setenv("TZ", ZONE)  # the CLI reads and writes in the members' zone from here on
    monkeypatch.chdir(tmp_path)  # a file given to the CLI by its name, as the page names an upload
    return {"AOS_NOW": NOW, "TZ": "UTC"}


@pytest.fixture
def site(team, tmp_path):
    from server_support import start_server, stop_server

    server = start_server(tmp_path, env=team)
    yield server
    log = stop_server(server)
    assert "Traceback" not in log, log


@contextmanager
def fresh_database(monkeypatch, tmp_path):
    """`aos` against another, empty database for the block."""
    import os

    if os.environ.get("AOS_TEST_BACKEND", "sqlite") == "postgres":
        import pg_support

        url, schema = pg_support.fresh_schema_url()
        with monkeypatch.context() as m:
            m.setenv("AOS_DB", url)
            yield
        pg_support.drop_schema(schema)
        return
    with monkeypatch.context() as m:
        m.setenv("AOS_DB", str(tmp_path / "fresh.db"))
        yield


def add_the_files_people(aos) -> None:
    """The team members the Toggl file names: a manager's import may not add members (an admin's)."""
    aos("user", "add", "Jane Doe", "--email", "jane@example.com")
    aos("user", "add", "Bob Smith", "--email", "bob@example.com")


def entries(aos) -> list[dict]:
    """`aos list --json`'s entries without their ids (two databases number them differently)."""
    found = json.loads(aos("list", "--json").out)["entries"]
    return [{k: v for k, v in e.items() if k != "version" and k != "id" and not k.endswith("_id")} for e in found]


def shown_counts(page) -> dict[str, str]:
    rows = page.locator("table.import-counts tr").evaluate_all(
        "rows => rows.map(r => [r.cells[0].textContent.trim(), r.cells[1].textContent.trim()])"
    )
    return dict(rows)


def test_a_toggl_export_is_dry_run_then_imported_once_as_aos_import_makes_it(site, new_page, aos, tmp_path,
                                                                            monkeypatch, db_dump):  # fmt: skip
    shutil.copy(TOGGL, tmp_path / "toggl.csv")
    with fresh_database(monkeypatch, tmp_path):
        dry = json.loads(aos("import", "csv", "toggl.csv", "--dry-run", "--json").out)
        aos("import", "csv", "toggl.csv")
        expected = entries(aos)
    assert dry["entries"]["created"] == 4 and len(expected) == 4

    add_the_files_people(aos)
    page = signed_in_page(site, new_page, "max", viewport={"width": 1280, "height": 1400})
    before = db_dump()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Reports").click()
    page.get_by_role("navigation", name="Files").get_by_role("link", name="Import a file").click()
    page.wait_for_url("**/import")
    form = page.get_by_role("form", name="Import a file")
    sync_api.expect(form.get_by_role("textbox", name="Time zone")).to_have_value(ZONE)  # max's own
    form.get_by_label("File").set_input_files(str(tmp_path / "toggl.csv"))
    form.get_by_role("combobox", name="Format", exact=True).select_option("csv")
    form.get_by_role("button", name="Show what it would import").click()
    sync_api.expect(page.locator("#status")).to_have_text("Dry run: nothing has been written yet.")
    counts = dry["entries"]
    assert shown_counts(page) == {
        "To create": str(counts["created"]), "To update": str(counts["updated"]), "Unchanged": str(counts["unchanged"]),
        "Skipped": str(counts["skipped"]), "Dropped": str(counts["dropped"]), "No longer in the file": "0",
    }  # fmt: skip
    dry["created"]["users"] = []  # the members are there already
    for name in dry["created"]["clients"]:
        sync_api.expect(page.get_by_text(re.compile("Clients: .*" + re.escape(name)))).to_be_visible()
    assert db_dump() == before  # a dry run writes nothing
    page.screenshot(path=str(tmp_path / "import-dry-run.png"), full_page=True)

    token = page.locator("input[name=token]").get_attribute("value")
    csrf = page.locator("form[action='/import/confirm'] input[name=csrf]").get_attribute("value")
    page.get_by_role("button", name="Import", exact=True).click()
    sync_api.expect(page.locator("#status")).to_have_text("Imported.")
    assert shown_counts(page)["Created"] == "4"
    assert entries(aos) == expected  # the same entries as `aos import` of the same file

    again = page.request.post(site.url + "/import/confirm", form={"csrf": csrf, "token": token},
                              headers={"Origin": site.url})  # fmt: skip
    assert again.status == 200 and "imported already: nothing more was written" in again.text()
    assert entries(aos) == expected  # a second submit imports nothing more


def _multipart(fields: dict[str, str], name: str, data: bytes) -> tuple[str, bytes]:
    boundary = "aosboundary7f3a"
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
             for k, v in fields.items()]  # fmt: skip
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
                 f"Content-Type: text/csv\r\n\r\n".encode() + data + f"\r\n--{boundary}--\r\n".encode())  # fmt: skip
    return f"multipart/form-data; boundary={boundary}", b"".join(parts)


def _csrf(client: httpx.Client, path: str = "/import") -> str:
    return re.search(r'name="csrf" value="([^"]+)"', client.get(path).text).group(1)


def _upload(client: httpx.Client, name: str, data: bytes, **options: str) -> httpx.Response:
    return client.post("/import", files={"file": (name, data, "text/csv")},
                       data={"csrf": _csrf(client), "format": "csv", "zone": ZONE, **options})  # fmt: skip


def _refusal(answer: httpx.Response) -> str:
    import html

    return html.unescape(re.search(r'<p class="error" role="alert" id="import-error">([^<]*)</p>', answer.text)[1])


def _said(aos, *args: str) -> str:
    """The CLI's refusal as the page words it (a full stop; its first letter raised unless it is
    the file's name)."""
    said = aos(*args, expect=2).err.removeprefix("Error: ").strip()
    if said.startswith(args[2]):  # the file's name, as it is spelt
        return said + "."
    return said[:1].upper() + said[1:] + "."


def test_refusals_are_the_clis_words_beside_the_form_and_write_nothing(team, tmp_path, aos, db_dump):
    (tmp_path / "clockify.csv").write_bytes((FIXTURES / "clockify_ambiguous.csv").read_bytes())
    (tmp_path / "broken.csv").write_text("User,Email,Project\nJane,jane@example.com,Site\n", encoding="utf-8")
    with http_signed_in(tmp_path, team, "max") as client:
        before = db_dump()  # signed in: the session is written
        for name in ("clockify.csv", "broken.csv"):  # dates read two ways; columns Toggl's rows need missing
            answer = _upload(client, name, (tmp_path / name).read_bytes())
            assert answer.status_code == 400, answer.text
            assert _refusal(answer) == _said(aos, "import", "csv", name, "--dry-run")
        (tmp_path / "latin1.timeclock").write_bytes("i 2026-03-02 09:00:00 M\xe4rz\n".encode("latin-1"))
        answer = _upload(client, "latin1.timeclock", (tmp_path / "latin1.timeclock").read_bytes(), format="timeclock")
        assert answer.status_code == 400
        assert _refusal(answer) == _said(aos, "import", "timeclock", "latin1.timeclock", "--dry-run")
        answer = _upload(client, "toggl.csv", TOGGL.read_bytes(), format="paper")
        assert answer.status_code == 400 and "Unknown import format 'paper'" in _refusal(answer)
        answer = _upload(client, "toggl.csv", TOGGL.read_bytes(), zone="Mars/Olympus")
        assert answer.status_code == 400 and "is not an IANA zone name" in _refusal(answer)

        stale = client.post("/import/confirm", data={"csrf": _csrf(client), "token": "../../etc/passwd"})
        assert stale.status_code == 400 and "no longer here" in stale.text

        big = b"User,Email\n" + b"x" * LIMIT
        content_type, body = _multipart({"csrf": _csrf(client), "format": "csv", "zone": ZONE}, "big.csv", big)
        declared = client.post("/import", content=body, headers={"Content-Type": content_type})

        def chunks():  # no Content-Length: the server counts what arrives
            for start in range(0, len(body), 1 << 20):
                yield body[start : start + (1 << 20)]

        streamed = client.post("/import", content=chunks(), headers={"Content-Type": content_type})
        for answer in (declared, streamed):
            assert answer.status_code == 413
            assert _refusal(answer) == "The file is larger than 20 MB: nothing was imported."
        assert db_dump() == before


def test_a_member_may_not_import_and_a_manager_may(team, tmp_path, aos, db_dump):
    with http_signed_in(tmp_path, team, "ann") as client:
        before = db_dump()
        assert client.get("/import").status_code == 403
        csrf = _csrf(client, "/export")
        answer = client.post("/import", files={"file": ("toggl.csv", TOGGL.read_bytes(), "text/csv")},
                             data={"csrf": csrf, "format": "csv", "zone": ZONE})  # fmt: skip
        assert answer.status_code == 403 and "your role (member)" in answer.text
        assert client.get("/export").status_code == 200  # her own time
        reports = client.get("/reports").text
        assert 'href="/export"' in reports and 'href="/import"' not in reports
        assert db_dump() == before
    with http_signed_in(tmp_path, team, "max") as client:
        before = db_dump()
        answer = _upload(client, "toggl.csv", TOGGL.read_bytes())  # its people are new: an admin's to add
        assert answer.status_code == 403 and "your role (manager)" in answer.text
        assert db_dump() == before
        add_the_files_people(aos)
        before = db_dump()
        review = _upload(client, "toggl.csv", TOGGL.read_bytes())
        assert review.status_code == 200 and "Dry run" in review.text
        token = re.search(r'name="token" value="([^"]+)"', review.text).group(1)
        csrf = re.search(r'name="csrf" value="([^"]+)"', review.text).group(1)
        assert db_dump() == before
        done = client.post("/import/confirm", data={"csrf": csrf, "token": token})
        assert done.status_code == 200 and "Imported." in done.text
        again = _upload(client, "toggl.csv", TOGGL.read_bytes())  # the same file again: nothing new
        assert re.search(r"To create</th><td class=\"num\">0<", again.text)
        assert re.search(r"Unchanged</th><td class=\"num\">4<", again.text)
    assert len(entries(aos)) == 4
    with http_signed_in(tmp_path, team, "max") as other:  # another session cannot take the upload
        answer = other.post("/import/confirm", data={"csrf": _csrf(other), "token": token})
        assert answer.status_code == 400 and "no longer here" in answer.text


@pytest.mark.parametrize("fmt", ["json", "toggl", "klog"])
def test_export_downloads_what_aos_export_writes_byte_for_byte(team, tmp_path, aos, fmt):
    import html

    aos("client", "add", "Acme", "--rate", "97.35", "--currency", "EUR")
    aos("project", "add", "Website", "--client", "Acme")
    aos("project", "add", "Shop", "--client", "Acme")
    for day, project, who in (("02", "Website", "max"), ("03", "Shop", "ann"), ("20", "Website", "ann")):
        aos("add", "-p", project, "--start", f"2026-03-{day}T09:00:00+01:00", "--end",
            f"2026-03-{day}T10:23:45+01:00", "-d", f"{project} work", "-u", who)  # fmt: skip
    with http_signed_in(tmp_path, team, "max") as client:
        whole = client.get("/export/download", params={"format": fmt})
        assert whole.status_code == 200, whole.text
        assert whole.content == aos("export", "--format", fmt).out.encode("utf-8")
        filtered = client.get("/export/download", params={"format": fmt, "from": "2026-03-01", "to": "2026-03-10",
                                                          "client": "1", "project": "1"})  # fmt: skip
        assert filtered.status_code == 200
        cli = aos("export", "--format", fmt, "--from", "2026-03-01", "--to", "2026-03-10", "-c", "1", "-p", "1")
        assert filtered.content == cli.out.encode("utf-8") and filtered.headers["x-wp-total"] == "1"
        assert "attachment" in filtered.headers["content-disposition"]
        refused = client.get("/export/download", params={"format": fmt, "from": "whenever"})
        assert refused.status_code == 400
        said = aos("export", "--format", fmt, "--from", "whenever", expect=2).err.removeprefix("Error: ").strip()
        assert said[1:] in html.unescape(refused.text)


@pytest.mark.browser_only
@pytest.mark.parametrize(("scheme", "width", "height"), [("light", 1280, 900), ("dark", 412, 915)],
                         ids=["laptop-light", "phone-dark"])  # fmt: skip
def test_the_import_and_export_pages_have_no_wcag_2_2_a_or_aa_violation(site, new_page, aos, tmp_path, scheme,
                                                                       width, height):  # fmt: skip
    from web_support import axe_violations

    add_the_files_people(aos)
    page = signed_in_page(site, new_page, "max", viewport={"width": width, "height": height}, color_scheme=scheme,
                          bypass_csp=True)  # fmt: skip
    found = {}
    page.goto(site.url + "/export")
    found["export"] = axe_violations(page)
    page.goto(site.url + "/import")
    form = page.get_by_role("form", name="Import a file")
    form.get_by_label("File").set_input_files(str(FIXTURES / "clockify_ambiguous.csv"))
    form.get_by_role("button", name="Show what it would import").click()
    sync_api.expect(page.get_by_role("alert")).to_contain_text("--date-order")
    found["import, a refusal"] = axe_violations(page)
    page.screenshot(path=str(tmp_path / f"import-form-{scheme}-{width}.png"), full_page=True)
    form.get_by_label("File").set_input_files(str(TOGGL))
    form.get_by_role("button", name="Show what it would import").click()
    sync_api.expect(page.locator("#status")).to_have_text("Dry run: nothing has been written yet.")
    found["import, its dry run"] = axe_violations(page)
    page.screenshot(path=str(tmp_path / f"import-{scheme}-{width}.png"), full_page=True)
    assert {name: v for name, v in found.items() if v} == {}
