"""What each role may do through a token: the one table of the team's rights.

Requests made with a token (the server, and so the team client) act as the token's member with
that member's role; opening the database directly (a SQLite file, PostgreSQL credentials) is full
control and checks nothing. The "Roles" table of docs/team/users.md says the same for people."""

from __future__ import annotations

ROLES = ("member", "manager", "admin")  # each may do everything the ones before it may

# action -> the least role allowed to do it
LEAST_ROLE = {
    "own_time": "member",  # their own timer and entries (read, create, edit, delete while not invoiced),
    #                        their own reports and unbilled time
    "read_catalog": "member",  # clients, projects and tasks
    "everyones_time": "manager",  # the same for every member: entries, timers, reports, unbilled
    "edit_catalog": "manager",  # add, edit, archive clients, projects and tasks
    "invoices": "manager",  # invoices (read and write), mark and unmark entries invoiced
    "users": "admin",  # team members and their roles
    "everyones_tokens": "admin",  # tokens of other members
    "settings": "admin",  # read and change the settings
}

WHAT = {  # for messages: "not allowed for your role (member): <what>"
    "own_time": "tracking time",
    "read_catalog": "reading clients, projects and tasks",
    "everyones_time": "other members' time",
    "edit_catalog": "changing clients, projects and tasks",
    "invoices": "invoices",
    "users": "team members and roles",
    "everyones_tokens": "other members' tokens",
    "settings": "settings",
}


def check_role(text: str) -> str:
    """A role as typed (any case), or ValueError naming the roles."""
    role = (text or "").strip().lower()
    if role not in ROLES:
        raise ValueError(f"role {text!r} is not one of: {', '.join(ROLES)}")
    return role


def permitted(role: str, action: str) -> bool:
    return ROLES.index(role) >= ROLES.index(LEAST_ROLE[action])
