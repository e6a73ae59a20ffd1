"""Where a refusal stands on a form: beside the field it is about. A field is first read by the
rule the use case reads it with (so a time or hours the CLI would not read is refused beside its
own field, in the CLI's words); what only the use case can refuse is placed by the field it names."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from aostime.errors import BadInput


def refused_field(reads: Iterable[tuple[str, Callable[[], object]]]) -> tuple[str, str] | None:
    """(field, the CLI's words) of the first field its reading refuses; None when all read."""
    for field, read in reads:
        try:
            read()
        except BadInput as exc:
            return field, str(exc)
    return None


def field_named(message: str, fields: Iterable[str]) -> str | None:
    """The first of `fields` a refusal of the use case names (a project or task that is not there)."""
    lowered = message.lower()
    for field in fields:
        if lowered.startswith(field) or f" {field} " in lowered or f"--{field}" in lowered:
            return field
    return None


def tags_refused(message: str) -> bool:
    """A refusal of a tag (domain.tags: "tag 'x' is too long", "a tag must not be empty"): said
    beside the field "Tags", which holds them all."""
    return field_named(message, ("tag",)) is not None
