"""The invoice references over the JSON API: a client's buyer_reference (BT-10) and peppol_id
(BT-49), an invoice's order_reference (BT-13), checked as the CLI checks them and refused in
the API's words."""

from __future__ import annotations

import pytest

from server_support import start_server, stop_server, wp_error_of


@pytest.fixture
def api(tmp_path, isolated, acme, aos):
    secret = aos("token", "create", "--name", "tests").out.strip().splitlines()[-1]
    aos("user", "edit", "alice", "--role", "admin")  # the token's member changes clients
    aos("add", "-p", "Website", "--hours", "2", "--date", "2026-03-02", "-d", "Concepts")
    srv = start_server(tmp_path)
    with srv.client(secret) as client:
        yield client
    assert "Traceback" not in stop_server(srv)


def test_a_clients_references_and_an_invoices_order_reference_are_taken_and_shown(api):
    added = api.post("/clients", json={"name": "Stadt Leipzig", "address": "Martin-Luther-Ring 4\n04109 Leipzig",
                                       "country": "DE", "buyer_reference": "04011000-1234512345-06",
                                       "peppol_id": "0204:04011000-1234512345-06"})  # fmt: skip
    assert added.status_code == 201, added.text
    assert (added.json()["buyer_reference"], added.json()["peppol_id"]) == ("04011000-1234512345-06",
                                                                            "0204:04011000-1234512345-06")  # fmt: skip
    created = api.post("/invoices", json={"client_id": 1, "order_reference": "PO-4711"})  # Acme Corp's hours
    assert created.status_code == 201, created.text
    assert created.json()["order_reference"] == "PO-4711"


def test_a_wrong_peppol_id_or_address_is_refused_naming_the_field(api):
    wrong = wp_error_of(api.put("/clients/1", json={"peppol_id": "4711"}), 400)["message"]
    assert "peppol_id" in wrong and "SCHEME:ID" in wrong and "extra[" not in wrong
    us = wp_error_of(api.put("/clients/1", json={"country": "US", "address": "1 Market St\n94105 San Francisco"}), 400)
    assert "is not a US address" in us["message"]
