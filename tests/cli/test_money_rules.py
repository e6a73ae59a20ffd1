"""The money rules, pinned where a person sees them: each level of the rate chain beats the next,
tax is rounded half-up on a tie, and a non-billable running timer is worth 0.00 everywhere."""

from __future__ import annotations

from decimal import Decimal

import pytest

from aostime.domain.invoicing import totals
from aostime.domain.models import InvoiceLine
from aostime.domain.money import percent_of


@pytest.fixture
def chain(aos):
    """Every level of the chain has its own rate: task 60, project 50, client 40, user 30, default 20."""
    aos("config", "set", "default_rate", "20")
    aos("user", "add", "alice", "--rate", "30")
    aos("client", "add", "Acme", "--rate", "40")
    aos("project", "add", "Site", "--client", "Acme", "--rate", "50")
    aos("task", "add", "Design", "--project", "Site", "--rate", "60")
    return aos


def rate_of(aos, *args) -> float:
    return aos("add", "-p", "Site", "--hours", "1", "--date", "2026-03-02", *args, "--json").json["hourly_rate"]


def test_each_level_of_the_rate_chain_beats_the_next(chain):
    assert rate_of(chain, "-t", "Design", "--rate", "70") == 70  # explicit
    assert rate_of(chain, "-t", "Design") == 60  # task
    chain("task", "edit", "Design", "--rate", "none")
    assert rate_of(chain, "-t", "Design") == 50  # project
    chain("project", "edit", "Site", "--rate", "none")
    assert rate_of(chain) == 40  # client
    chain("client", "edit", "Acme", "--rate", "none")
    assert rate_of(chain) == 30  # the team member
    chain("user", "edit", "alice", "--rate", "none")
    assert rate_of(chain) == 20  # the default_rate setting
    chain("config", "unset", "default_rate")
    assert rate_of(chain) == 0


@pytest.mark.parametrize(("cents", "percent", "tax"), [(25, "10", 3), (50, "1", 1), (150, "1", 2), (5, "10", 1),
                                                        (15, "10", 2), (1005, "19", 191)])  # fmt: skip
def test_tax_is_rounded_half_up_on_a_tie(cents, percent, tax):
    assert percent_of(cents, Decimal(percent)) == tax
    line = InvoiceLine(None, "x", 3600, cents, cents, None, None, ())
    assert totals([line], Decimal(percent)) == (cents, tax, cents + tax)


def test_an_invoices_tax_is_rounded_half_up(aos):
    aos("client", "add", "Acme", "--rate", "0.25")
    aos("project", "add", "Site", "--client", "Acme")
    aos("add", "-p", "Site", "--hours", "1", "--date", "2026-03-02")
    invoice = aos("invoice", "create", "-c", "Acme", "--tax", "10", "--json").json
    assert (invoice["subtotal"], invoice["tax"], invoice["total"]) == (0.25, 0.03, 0.28)


def test_a_non_billable_running_timer_is_worth_nothing_everywhere(chain, monkeypatch):
    monkeypatch.setenv("AOS_NOW", "2026-03-02T12:00:00+00:00")
    chain("start", "-p", "Site", "-t", "Design", "--non-billable", "--at", "-2h")
    assert chain("status", "--json").json["entry"]["amount_so_far"] == 0
    assert chain("status", "--format", "{amount}").out.strip() == "0.00"
    assert "Billable" in chain("status").out and "120.00" not in chain("status").out
    report = chain("report", "--by", "project", "--from", "2026-03-02", "--to", "2026-03-02", "--json").json
    assert report["totals"]["amount"] == 0 and report["totals"]["hours"] == 2
    chain("stop")
    chain("start", "-p", "Site", "-t", "Design", "--at", "-1h")
    assert chain("status", "--json").json["entry"]["amount_so_far"] == 60
    assert chain("status", "--format", "{amount}").out.strip() == "60.00"
