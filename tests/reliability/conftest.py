"""Fixtures of the reliability tests (helpers live in reliability_helpers.py)."""

from __future__ import annotations

import pytest


@pytest.fixture
def world(aos, isolated):
    """Client Acme Corp at 150/h, project 1 Website Redesign, task 1 Design mockups, user alice;
    returns the database (an SQLite path or a PostgreSQL URL)."""
    aos("client", "add", "Acme Corp", "--rate", "150")
    aos("project", "add", "Website Redesign", "--client", "Acme Corp")
    aos("task", "add", "Design mockups", "--project", "Website Redesign")
    aos("user", "add", "alice")
    return isolated
