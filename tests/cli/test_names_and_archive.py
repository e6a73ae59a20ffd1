"""Names fold like people expect, in one place (aostime.domain.names), for the CLI, the database and the
importer alike; archived records take no new time."""

from __future__ import annotations

import pytest

from aostime.domain.names import fold
from db_query import execute, integrity_error


def test_names_that_differ_only_in_case_are_one_name(aos):
    aos("client", "add", "Müller & Söhne GmbH")
    refused = aos("client", "add", "MÜLLER & SÖHNE GMBH", expect=1)
    assert "already exists" in refused.err and "Müller & Söhne GmbH" in refused.err
    aos("client", "add", "Masse")
    aos("client", "add", "MASSE", expect=1)
    aos("client", "add", "Maße", expect=1)  # str.casefold: ß is ss
    assert [c["name"] for c in aos("client", "list", "--json").json] == ["Müller & Söhne GmbH", "Masse"]
    aos("project", "add", "Site", "-c", "müller & söhne gmbh")
    assert aos("project", "list", "--json").json[0]["client_name"] == "Müller & Söhne GmbH"


def test_the_database_itself_refuses_a_folded_duplicate(aos, isolated):
    aos("client", "add", "Müller")
    with pytest.raises(integrity_error(isolated), match="(?i)unique constraint"):
        execute(
            isolated,
            "INSERT INTO clients (name, name_key, currency, created_at, updated_at)"
            " VALUES (?, ?, 'USD', '2026-01-01 00:00:00', '2026-01-01 00:00:00')",
            ("MÜLLER", fold("MÜLLER")),
        )


def test_a_unique_prefix_resolves_and_says_so(aos):
    aos("client", "add", "Acme Corp", "--rate", "100")
    aos("client", "add", "Globex")
    result = aos("project", "add", "Site", "-c", "acme", "--json")
    assert result.json["client_name"] == "Acme Corp"
    assert "Acme Corp" in result.err
    aos("client", "add", "Acme Labs")
    ambiguous = aos("project", "add", "Other", "-c", "Acme", expect=1)
    assert "ambiguous" in ambiguous.err and "Acme Corp" in ambiguous.err and "Acme Labs" in ambiguous.err


def test_an_unknown_name_suggests_the_closest(aos):
    aos("client", "add", "Globex Corporation")
    missing = aos("project", "add", "Site", "-c", "Glboex Corporation", expect=1)
    assert "did you mean 'Globex Corporation'?" in missing.err


def test_the_importer_finds_clients_by_the_same_rule(aos, tmp_path):
    aos("client", "add", "Müller & Söhne GmbH", "--rate", "90")
    csv = tmp_path / "toggl.csv"
    csv.write_text(
        "Client,Project,Start date,Start time,End date,End time\n"
        "MÜLLER & SÖHNE GMBH,Web,2026-03-02,09:00:00,2026-03-02,10:00:00\n",
        encoding="utf-8",
    )
    aos("import", "csv", str(csv))
    assert [c["name"] for c in aos("client", "list", "--json").json] == ["Müller & Söhne GmbH"]
    assert aos("list", "--json").json["entries"][0]["hourly_rate"] == 90


@pytest.mark.parametrize("login", ["x" * 300, "tab\there"])
def test_aos_user_follows_the_rules_of_user_add(acme, monkeypatch, login):
    monkeypatch.setenv("AOS_USER", login)
    err = acme("add", "-p", "1", "--hours", "1", "--date", "2026-03-02", expect=2).err
    assert "AOS_USER" in err


@pytest.fixture
def archived(acme):
    acme("task", "add", "Old task", "--project", "Website Redesign")
    acme("user", "add", "bob")
    return acme


@pytest.mark.parametrize(
    "archive, args",
    [
        (["project", "archive", "1"], ["start", "-p", "1"]),
        (["client", "archive", "1"], ["start", "-p", "1"]),
        (["task", "archive", "2"], ["add", "-p", "1", "-t", "2", "--hours", "1", "--date", "2026-03-02"]),
        (["user", "archive", "bob"], ["add", "-p", "1", "-u", "bob", "--hours", "1", "--date", "2026-03-02"]),
        (["user", "archive", "bob"], ["--user", "bob", "start", "-p", "1"]),
    ],
)
def test_archived_records_take_no_new_time(archived, db_dump, archive, args):
    archived(*archive)
    before = db_dump()
    refused = archived(*args, expect=1)
    assert "archived" in refused.err and "unarchive" in refused.err
    assert db_dump() == before


def test_an_archived_project_keeps_its_entries_and_refuses_imports(archived, tmp_path):
    archived("add", "-p", "1", "--hours", "1", "--date", "2026-03-02")
    archived("project", "archive", "1")
    assert archived("list", "--json").json["count"] == 1
    csv = tmp_path / "toggl.csv"
    csv.write_text(
        "Client,Project,Start date,Start time,End date,End time\n"
        "Acme Corp,Website Redesign,2026-03-03,09:00:00,2026-03-03,10:00:00\n"
    )
    assert "archived" in archived("import", "csv", str(csv), expect=1).err
    archived("project", "unarchive", "1")
    archived("import", "csv", str(csv))


def test_same_named_projects_of_different_clients_are_told_apart_in_reports(aos):
    for client in ("Acme", "Globex"):
        aos("client", "add", client, "--rate", "100")
        aos("project", "add", "Website", "-c", client)
        aos("add", "-p", str(len(aos("project", "list", "--json").json)),
            "--hours", "1", "--date", "2026-03-02")  # fmt: skip
    out = aos("report", "--by", "project", "--from", "2026-03-01", "--to", "2026-03-31").out
    assert "Acme / Website" in out and "Globex / Website" in out
    ambiguous = aos("start", "-p", "Website", expect=1).err
    assert "Acme / Website" in ambiguous and "Globex / Website" in ambiguous


def test_look_alike_names_are_the_same_name(aos):
    aos("client", "add", "Acme Corp")
    for twin in ("Acme  Corp", "Acme\u00a0Corp", "Acme\u200b Corp", "\uff21cme Corp", "ACME CORP "):
        aos("client", "add", twin, expect=1)
    aos("client", "add", "Ju\u0308rgen")  # decomposed: stored composed
    assert aos("client", "list", "--json").json[-1]["name"] == "Jürgen"


def test_a_prefix_never_skips_an_archived_record_and_never_picks_a_person(aos):
    aos("client", "add", "Acme Corp")
    aos("client", "add", "Acme Inc")
    aos("client", "archive", "Acme Corp")
    assert "ambiguous" in aos("list", "-c", "Acme", expect=1).err
    aos("client", "unarchive", "Acme C")
    aos("user", "add", "bobby")
    assert "no user named 'bo'" in aos("--user", "bo", "status", expect=1).err


def test_an_edit_does_not_move_time_onto_archived_records(archived):
    archived("add", "-p", "1", "--hours", "1", "--date", "2026-03-02")
    archived("project", "add", "Old", "--client", "Acme Corp")
    archived("project", "archive", "Old")
    assert "archived" in archived("edit", "1", "-p", "Old", expect=1).err
    archived("task", "archive", "2")
    assert "archived" in archived("edit", "1", "-t", "2", expect=1).err
