"""A request the body or query checks refuse, said in words: which field, which rule. pydantic's
own messages are not passed on (they speak of "items after validation" and can name functions
and addresses of the server's code)."""

from __future__ import annotations

import re
from typing import Any

RULES = {
    "missing": "is required",
    "extra_forbidden": "is not a field here",
    "string_type": "must be text",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "decimal_type": "must be a number, e.g. 150.00",
    "decimal_parsing": "must be a number, e.g. 150.00",
    "float_type": "must be a number",
    "float_parsing": "must be a number",
    "finite_number": "must be a finite number",
    "dict_type": "must be a JSON object",
    "list_type": "must be a JSON list",
    "json_invalid": "is not valid JSON",
    "json_type": "is not valid JSON",
    "timezone_aware": "needs an offset (e.g. +01:00 or Z)",
    "datetime_type": "must be a date and time (ISO 8601)",
    "datetime_parsing": "must be a date and time (ISO 8601)",
    "datetime_from_date_parsing": "must be a date and time (ISO 8601)",
    "string_pattern_mismatch": "has a form that is not allowed here",
}


def in_words(error: dict[str, Any]) -> str:
    """What is wrong with one field, for a person reading the answer."""
    kind, ctx = error.get("type", ""), error.get("ctx") or {}
    if kind in RULES:
        return RULES[kind]
    if kind == "value_error":  # our own validators' words
        return str(ctx.get("error", "is not valid"))
    if kind == "literal_error":
        return f"must be one of {ctx.get('expected', 'the values listed in the API document')}"
    bound = _bound(kind, ctx, error.get("input"))
    return bound or "is not valid"


def _bound(kind: str, ctx: dict[str, Any], given: Any) -> str | None:
    counted = "items" if isinstance(given, list | dict) else "characters"
    if kind in ("too_long", "string_too_long"):
        return f"is longer than {ctx.get('max_length'):,} {counted}"
    if kind in ("too_short", "string_too_short"):
        least = ctx.get("min_length")
        return "may not be empty" if least == 1 else f"needs at least {least:,} {counted}"
    words = {"greater_than_equal": ("at least", "ge"), "less_than_equal": ("at most", "le"),
             "greater_than": ("more than", "gt"), "less_than": ("less than", "lt")}  # fmt: skip
    if kind in words:
        said, key = words[kind]
        return f"must be {said} {ctx.get(key)}"
    return None


# The use cases speak to the CLI (`--to`); a request names the API's fields (`to_date`).
API_NAMES = {"at": "start_time", "start": "start_time", "end": "end_time", "rate": "hourly_rate",
             "client": "client_id", "project": "project_id", "task": "task_id", "user": "user_id",
             "from": "from_date", "to": "to_date", "tax": "tax_rate", "due": "due_days"}  # fmt: skip
_FLAG = re.compile(r"(?<![\w-])--([a-z][a-z-]*[a-z])\b")


_COMMAND = re.compile(r"('aos [^']*')")  # a command to run, quoted: kept as it is typed


def in_api_terms(message: str) -> str:
    """A use case's message with the CLI's options named as the API's fields."""
    parts = _COMMAND.split(message)
    for i in range(0, len(parts), 2):  # the parts between quoted commands
        parts[i] = _FLAG.sub(lambda m: API_NAMES.get(m.group(1), m.group(1).replace("-", "_")), parts[i])
    return "".join(parts)
