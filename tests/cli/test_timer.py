"""The timer: start, status, stop with review-and-adjust, switch, cancel, restart."""


def test_the_seed_world_is_created_with_ids(aos):
    client = aos("client", "add", "Acme Corp", "--rate", "150", "--json").json
    assert isinstance(client["id"], int) and client["hourly_rate"] == 150
    project = aos("project", "add", "Website Redesign", "--client", "1", "--json").json
    assert project["client_id"] == client["id"]
    task = aos("task", "add", "Design mockups", "--project", "1", "--json").json
    assert task["project_id"] == project["id"]


def test_start_then_status_shows_the_running_entry(acme):
    acme("start", "Homepage concepts", "--project", "1", "--task", "1")
    status = acme("status", "--json").json
    assert status["running"] is True
    assert status["entry"]["project_name"] == "Website Redesign"
    assert status["entry"]["task_name"] == "Design mockups"
    assert status["entry"]["description"] == "Homepage concepts"
    assert isinstance(status["entry"]["elapsed"], int)


def test_a_second_start_is_refused_with_a_clear_message(acme):
    acme("start", "-p", "1")
    result = acme("start", "-p", "1", expect=1)
    assert result.err.startswith("Error: a timer is already running")
    assert result.out == ""


def test_stop_returns_the_entry_with_duration_and_the_clients_rate(acme):
    acme("start", "-p", "1", "-t", "1", "--at", "-30m")
    entry = acme("stop", "--json").json
    assert entry["end_time"] is not None
    assert isinstance(entry["duration"], int) and 1795 <= entry["duration"] <= 1805
    assert '"hourly_rate": 150.00' in acme("list", "--json").out


def test_stop_with_nothing_running_is_refused(acme):
    result = acme("stop", expect=1)
    assert result.err == "Error: no timer is running\n"


def test_names_work_instead_of_ids_case_insensitively(acme):
    entry = acme("start", "-p", "website redesign", "-t", "DESIGN MOCKUPS", "--json").json
    assert (entry["project_id"], entry["task_id"]) == (1, 1)


def test_an_unknown_project_is_refused_naming_it(acme, db_dump):
    before = db_dump()
    result = acme("start", "-p", "Nope", expect=1)
    assert "'Nope'" in result.err
    assert db_dump() == before


def test_an_unparseable_at_is_a_usage_error(acme):
    result = acme("start", "-p", "1", "--at", "soon", expect=2)
    assert result.err.startswith("Error: cannot read time 'soon'")
    assert acme("status", "--json").json["running"] is False


def test_a_negative_rate_is_a_usage_error(acme):
    acme("start", "-p", "1", "--rate", "-10", expect=2)
    assert acme("status", "--json").json["running"] is False


def test_switch_stops_the_running_timer_where_the_new_one_starts(acme, monkeypatch):
    monkeypatch.setenv("AOS_NOW", "2026-03-04T17:00:00+00:00")  # one clock: the two --at are 50 min apart
    first = acme("start", "-p", "1", "--at", "-1h", "--json").json
    acme("project", "add", "Maintenance", "--client", "1")
    second = acme("start", "-p", "Maintenance", "--switch", "--at", "-10m", "--json").json
    stopped = acme("list", "--json").json["entries"][1]
    assert stopped["id"] == first["id"] and stopped["end_time"] == second["start_time"]
    assert stopped["duration"] == 3000


def test_cancel_discards_the_timer(acme):
    acme("start", "-p", "1")
    acme("cancel")
    assert acme("status", "--json").json == {"running": False, "entry": None}
    assert acme("list", "--json").json["count"] == 0
    acme("cancel", expect=1)


def test_restart_repeats_the_last_entry(acme):
    acme("start", "Concepts", "-p", "1", "-t", "1", "--rate", "200", "--at", "-1h")
    acme("stop")
    again = acme("restart", "--json").json
    assert (again["project_id"], again["task_id"], again["description"]) == (1, 1, "Concepts")
    assert again["hourly_rate"] == 200 and again["running"] is True


def test_stop_review_and_adjust_in_one_call(acme):
    acme("start", "-p", "1", "--at", "2026-03-31 09:05")
    entry = acme("stop", "--at", "2026-03-31 12:30", "--start", "2026-03-31 09:00", "-d", "Mockups",
                 "-n", "client call", "--non-billable", "--json").json  # fmt: skip
    assert entry["duration"] == 12600 and entry["description"] == "Mockups" and entry["notes"] == "client call"
    assert entry["billable"] is False and entry["amount"] == 0


def test_stop_before_the_start_is_a_usage_error_and_the_timer_keeps_running(acme):
    acme("start", "-p", "1", "--at", "-10m")
    acme("stop", "--at", "-1h", expect=2)
    assert acme("status", "--json").json["running"] is True


def test_status_says_plainly_when_nothing_runs(acme):
    assert "No timer is running" in acme("status").out
    acme("status", "--quiet", expect=1)


def test_status_quiet_is_silent_and_exits_0_when_running(acme):
    acme("start", "-p", "1")
    result = acme("status", "--quiet")
    assert result.out == "" and result.err == ""


def test_a_forgotten_timer_is_warned_about(acme):
    acme("config", "set", "long_timer_hours", "2")
    acme("start", "-p", "1", "--at", "-3h")
    assert "Warning: this timer has run for more than 2 h" in acme("status").err


def test_the_rate_comes_from_the_most_specific_level(acme):
    acme("user", "add", "bob", "--rate", "80")
    acme("config", "set", "default_rate", "50")
    acme("task", "edit", "1", "--rate", "175")
    assert acme("start", "-p", "1", "-t", "1", "--json").json["hourly_rate"] == 175
    acme("cancel")
    assert acme("start", "-p", "1", "--json").json["hourly_rate"] == 150  # the client's
    acme("cancel")
    acme("client", "edit", "1", "--rate", "none")
    assert acme("start", "-p", "1", "--user", "bob", "--json").json["hourly_rate"] == 80
    assert acme("start", "-p", "1", "--json").json["hourly_rate"] == 50  # alice: the default


def test_a_non_billable_task_makes_non_billable_entries(acme):
    acme("task", "add", "Admin", "-p", "1", "--non-billable")
    assert acme("start", "-p", "1", "-t", "Admin", "--json").json["billable"] is False


def test_json_errors_go_to_stderr_as_an_object(acme):
    result = acme("stop", "--json", expect=1)
    assert result.out == ""
    lines = result.err.splitlines()
    assert lines[0] == "Error: no timer is running"
    assert '"code": "nothing"' in lines[1]


def test_times_are_shown_in_local_time_with_offset(acme, monkeypatch):
    monkeypatch.setenv("TZ", "Europe/Berlin")
    entry = acme("add", "-p", "1", "--start", "2026-03-31 09:00", "--end", "2026-03-31 10:00", "--json").json
    assert entry["start_time"] == "2026-03-31T09:00:00+02:00"
    monkeypatch.setenv("TZ", "UTC")
    assert acme("list", "--json").json["entries"][0]["start_time"] == "2026-03-31T07:00:00+00:00"


def test_switching_within_the_same_second_replaces_the_timer_instead_of_failing(acme):
    acme("project", "add", "Maintenance", "--client", "1")
    first = acme("start", "-p", "1", "--at", "2026-03-31 09:00", "--json").json
    result = acme("start", "-p", "Maintenance", "--switch", "--at", "2026-03-31 09:00", "--json")
    assert result.json["project_name"] == "Maintenance" and result.json["running"] is True
    assert f"replaced the timer started this second (entry {first['id']}" in result.err
    assert acme("list", "--json").json["count"] == 1
