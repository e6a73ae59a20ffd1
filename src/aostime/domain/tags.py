"""Tags on time entries: free words an entry carries beside its project and task ("meeting",
"urgent", "travel"). Any number per entry; two tags are one tag when their names fold alike
(domain.names.fold: "Urgent" and "URGENT"), and the first spelling given is the one kept.

Several tags as a filter match an entry carrying ANY of them, as Toggl's and Kimai's tag
filters do; `report --by tag` puts an entry into every group of a tag it carries (the groups
overlap) and an entry without tags into NO_TAG."""

from __future__ import annotations

from collections.abc import Iterable

from aostime.domain.names import fold, tidy
from aostime.errors import BadInput

MAX_TAG = 100  # Toggl and Clockify allow tags of up to 100 characters
NO_TAG = "(no tag)"  # report --by tag: the group of the entries that carry none
SEPARATOR = "\x1f"  # between an entry's tags in one stored text (no tag holds a control character)


def clean_tag(name: str) -> str:
    """A tag as it is stored: composed, trimmed, runs of spaces as one; refused when empty, too
    long or holding control characters."""
    if not isinstance(name, str):
        raise BadInput(f"tag {name!r} is not text")
    if any(ord(c) < 32 or 127 <= ord(c) < 160 for c in name):
        raise BadInput(f"tag {name!r} holds control characters")
    cleaned = tidy(name)
    if not cleaned:
        raise BadInput("a tag must not be empty")
    if len(cleaned) > MAX_TAG:
        raise BadInput(f"tag {cleaned[:20]!r}... is too long (at most {MAX_TAG} characters)")
    return cleaned


def clean_tags(names: Iterable[str] | None) -> tuple[str, ...]:
    """Tags as given, cleaned, each folded name once (its first spelling), sorted (sorted_tags)."""
    kept: dict[str, str] = {}
    for name in names or ():
        cleaned = clean_tag(name)
        kept.setdefault(fold(cleaned), cleaned)
    return sorted_tags(kept.values())


def sorted_tags(names: Iterable[str]) -> tuple[str, ...]:
    """Tags in the order every document lists them: by folded name, then as spelled."""
    return tuple(sorted(names, key=lambda name: (fold(name), name)))


def changed_tags(current: Iterable[str], add: Iterable[str] | None, remove: Iterable[str] | None) -> tuple[str, ...]:
    """An entry's tags after `aos edit --tag A --untag B`: removing a tag it does not carry is no
    error; a tag both added and removed is refused (which one was meant?)."""
    added, removed = clean_tags(add), clean_tags(remove)
    both = {fold(t) for t in added} & {fold(t) for t in removed}
    if both:
        raise BadInput(f"tag {min(both)!r} is both added (--tag) and removed (--untag)")
    gone = {fold(t) for t in removed}
    return clean_tags([*(t for t in current if fold(t) not in gone), *added])


def tag_changes(current: Iterable[str], wanted: Iterable[str]) -> tuple[list[str], list[str]]:
    """(added, removed): what a whole list of tags typed anew (a form's "Tags" field) adds to an
    entry's `current` tags and takes from them, by folded name, as `edit --tag`/`--untag` give
    them (changed_tags). A tag the entry keeps in another spelling is no change; a wanted tag is
    passed on as typed, so the use case cleans it and refuses it in its own words."""
    wanted, current = list(wanted), list(current)
    having, keeping = {fold(t) for t in current}, {fold(t) for t in wanted}
    return [t for t in wanted if fold(t) not in having], [t for t in current if fold(t) not in keeping]


def split_tags(text: str | None, separator: str = ",") -> list[str]:
    """Tags as a CSV cell holds them ("a, b"): each non-empty piece, trimmed."""
    return [piece.strip() for piece in (text or "").split(separator) if piece.strip()]


def from_joined(text: str) -> tuple[str, ...]:
    """An entry's tags from one text, SEPARATOR between them (as the store reads them at once)."""
    return sorted_tags(text.split(SEPARATOR))
