"""JSON that keeps money exact: Decimal values are written as numbers digit for digit, so
675.00 prints as 675.00, never 675.0 or 674.9999."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal

TYPE_CHECKING = False  # typing costs milliseconds at every prompt (`aos status`)
if TYPE_CHECKING:
    from typing import Any, TextIO

try:  # the C escaper json.encoder itself uses; `import json` would also load json.decoder and re
    from _json import encode_basestring_ascii as _string
except ImportError:  # a Python without the C accelerator
    from json.encoder import encode_basestring_ascii as _string


def dumps(value: Any) -> str:
    parts: list[str] = []
    _encode(value, parts.append)
    return "".join(parts)


def _encode(value: Any, write) -> None:
    if value is None:
        write("null")
    elif value is True:
        write("true")
    elif value is False:
        write("false")
    elif isinstance(value, str):
        write(_string(value))
    elif isinstance(value, (int, Decimal)):
        write(str(value))
    elif isinstance(value, dict):
        write("{")
        first = True
        for key, item in value.items():
            if not first:
                write(", ")
            first = False
            write(_string(str(key)))
            write(": ")
            _encode(item, write)
        write("}")
    elif isinstance(value, (list, tuple)):
        write("[")
        for i, item in enumerate(value):
            if i:
                write(", ")
            _encode(item, write)
        write("]")
    elif isinstance(value, (datetime, date)):
        write(_string(value.isoformat()))
    elif isinstance(value, float):
        import json

        write(json.dumps(value))
    else:
        raise TypeError(f"cannot write {type(value).__name__} as JSON")


def write(value: Any, out: TextIO) -> None:
    out.write(dumps(value))
    out.write("\n")


def write_streamed(head: dict[str, Any], key: str, items: Iterable[Any], tail_fn, out: TextIO, encode=dumps) -> None:
    """{head..., key: [items...], tail...} written item by item, so memory stays flat however
    many items there are; tail_fn() is called after the items (totals computed meanwhile).
    encode=str takes items that are JSON text already (render.lists' fast entry rows)."""
    out.write("{")
    out.writelines(f"{_string(name)}: {dumps(value)}, " for name, value in head.items())
    out.write(f"{_string(key)}: [")
    first = True
    for item in items:
        out.write("\n  " if first else ",\n  ")
        first = False
        out.write(encode(item))
    out.write("\n]" if not first else "]")
    out.writelines(f", {_string(name)}: {dumps(value)}" for name, value in tail_fn().items())
    out.write("}\n")
