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
