"""Clients, projects, tasks, team members and settings."""

from db_query import execute


def test_names_are_unique_case_insensitively(aos):
    aos("client", "add", "Acme Corp")
    result = aos("client", "add", "ACME corp", expect=1)
    assert "already exists" in result.err


def test_the_same_project_name_under_two_clients_is_ambiguous_and_lists_candidates(aos):
    aos("client", "add", "Acme")
    aos("client", "add", "Globex")
    aos("project", "add", "Website", "-c", "Acme")
    aos("project", "add", "Website", "-c", "Globex")
    result = aos("start", "-p", "website", expect=1)
    assert "ambiguous" in result.err and "Acme / Website" in result.err and "Globex / Website" in result.err
    assert aos("start", "-p", "2", "--json").json["client_name"] == "Globex"


def test_ids_are_never_reused(aos, isolated):
    aos("client", "add", "A")
    aos("client", "add", "B")
    execute(isolated, "DELETE FROM clients WHERE id = 2")
    assert aos("client", "add", "C", "--json").json["id"] == 3


def test_archived_records_leave_lists_but_keep_their_entries(acme):
    acme("add", "-p", "1", "--hours", "1")
    acme("project", "archive", "1")
    assert acme("project", "list", "--json").json == []
    assert len(acme("project", "list", "--all", "--json").json) == 1
    assert acme("list", "--json").json["count"] == 1
    acme("project", "unarchive", "Website Redesign")
    assert len(acme("project", "list", "--json").json) == 1


def test_editing_a_rate_does_not_rewrite_history(acme):
    acme("add", "-p", "1", "--hours", "1")
    acme("project", "edit", "1", "--rate", "300")
    entry = acme("list", "--json").json["entries"][0]
    assert entry["hourly_rate"] == 150 and entry["amount"] == 150
    assert acme("add", "-p", "1", "--hours", "1", "--json").json["hourly_rate"] == 300


def test_tasks_list_by_project(acme):
    acme("project", "add", "Other", "-c", "1")
    acme("task", "add", "Elsewhere", "-p", "Other")
    names = [t["name"] for t in acme("task", "list", "--project", "Website Redesign", "--json").json]
    assert names == ["Design mockups"]


def test_config_set_checks_values_and_lists_defaults(aos):
    assert aos("config", "get", "currency").out == "USD\n"
    aos("config", "set", "currency", "eur")
    assert aos("config", "get", "currency", "--json").json == {"key": "currency", "value": "EUR"}
    aos("config", "set", "currency", "euros", expect=2)
    aos("config", "set", "nonsense", "1", expect=2)
    assert aos("config", "list", "--json").json["week_start"] == "monday"
    aos("config", "unset", "currency")
    assert aos("config", "get", "currency").out == "USD\n"


def test_a_client_currency_and_email(aos):
    client = aos("client", "add", "Globex", "--currency", "eur", "--email", "ap@globex.test", "--json").json
    assert client["currency"] == "EUR" and client["email"] == "ap@globex.test"


def test_an_empty_or_all_digit_name_is_refused(aos):
    aos("client", "add", "  ", expect=2)
    aos("client", "add", "123", expect=2)


def test_a_rate_from_a_day_reprices_exactly_the_entries_it_lists_and_never_invoiced_ones(aos, monkeypatch, db_dump):
    monkeypatch.setenv("AOS_NOW", "2026-03-10T12:00:00+00:00")
    aos("client", "add", "Acme", "--rate", "100")
    aos("project", "add", "Site", "-c", "Acme")
    aos("project", "add", "Fixed", "-c", "Acme", "--rate", "80")  # its own rate: a client's change is not its
    for day in ("02", "04", "06"):
        aos("add", "-p", "Site", "--date", f"2026-03-{day}", "--hours", "2", "-d", f"work {day}")
    aos("add", "-p", "Fixed", "--date", "2026-03-05", "--hours", "1")
    aos("invoice", "create", "-c", "Acme", "--to", "2026-03-03")  # the 2nd's entry is invoiced
    before = db_dump()
    preview = aos("client", "reprice", "Acme", "--rate", "120", "--from", "2026-03-01", "--dry-run", "--json").json
    assert db_dump() == before and preview["saved"] is False
    listed = [(e["description"], e["old_hourly_rate"], e["hourly_rate"], e["old_amount"], e["amount"])
              for e in preview["entries"]]  # fmt: skip
    assert listed == [("work 04", 100, 120, 200, 240), ("work 06", 100, 120, 200, 240)]
    done = aos("client", "reprice", "Acme", "--rate", "120", "--from", "2026-03-01", "--json").json
    assert [e["id"] for e in done["entries"]] == [e["id"] for e in preview["entries"]] and done["saved"] is True
    held = {e["description"]: (e["hourly_rate"], e["amount"]) for e in aos("list", "--json").json["entries"]}
    assert held == {"work 02": (100, 200), "work 04": (120, 240), "work 06": (120, 240), "": (80, 80)}
    assert aos("client", "list", "--json").json[0]["hourly_rate"] == 120
    again = aos("client", "reprice", "Acme", "--rate", "120", "--from", "2026-03-01")
    assert "Repriced 0 entries from 2026-03-01 on." in again.err


def test_a_members_language_week_start_and_theme_are_kept_on_her_record(aos):
    aos("user", "add", "ann")
    assert {k: aos("user", "list", "--json").json[0][k] for k in ("locale", "week_start", "theme")} == {
        "locale": None, "week_start": None, "theme": None}  # fmt: skip
    saved = aos("user", "edit", "ann", "--locale", "DE", "--week-start", "Sunday", "--theme", "dark", "--json").json
    assert (saved["locale"], saved["week_start"], saved["theme"]) == ("de", "sunday", "dark")
    assert aos("user", "list", "--json").json == [saved]
    cleared = aos("user", "edit", "ann", "--week-start", "", "--theme", "none", "--json").json
    assert (cleared["locale"], cleared["week_start"], cleared["theme"]) == ("de", None, None)


def test_a_preference_out_of_its_words_is_refused_and_nothing_changes(aos, db_dump):
    aos("user", "add", "ann")
    before = db_dump()
    for option, value, said in (
        ("--locale", "es", "locale 'es' is not one of: en, de, fr"),
        ("--theme", "blue", "theme 'blue' is not one of: system, light, dark"),
        ("--week-start", "sun", ("week start 'sun' is not one of: monday, tuesday, wednesday, thursday, friday, "
                                 "saturday, sunday")),
    ):  # fmt: skip
        refused = aos("user", "edit", "ann", option, value, "--time-zone", "Europe/Berlin", expect=2)
        assert refused.err.strip() == f"Error: {said}"
    assert db_dump() == before


def test_a_week_start_is_read_by_the_team_settings_own_rule(aos):
    aos("user", "add", "ann")
    setting = aos("config", "set", "week_start", "funday", expect=2).err.strip().removeprefix("Error: ")
    member = aos("user", "edit", "ann", "--week-start", "funday", expect=2).err.strip().removeprefix("Error: ")
    assert member == f"week start {setting}"
