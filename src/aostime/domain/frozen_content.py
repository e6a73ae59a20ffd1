"""An issued invoice's document kept as text: at issue, everything its documents show (both
parties, bank, terms, language, tax treatment, notes, lines, totals) is written down once, and
every later rendering reads it back, so the PDF, HTML and e-invoices of an issued invoice are
the same bytes whatever changes in the settings or the client afterwards (GoBD: an issued
invoice must be reproducible as it was sent).

JSON with a tag per value that JSON has no type for (a date, a Decimal, bytes, each dataclass of
domain.invoice_content by its name): what goes in comes back equal, to the last digit."""

from __future__ import annotations

import base64
import dataclasses
import json
from datetime import date
from decimal import Decimal
from typing import Any

from aostime.domain import invoice_content as model

KINDS = {kind.__name__: kind for kind in (model.Address, model.Party, model.Bank, model.Line, model.TaxSubtotal,
                                          model.InvoiceContent)}  # fmt: skip
FORMAT = 1  # the layout of the text; a later layout reads this one too


def frozen(content: model.InvoiceContent) -> str:
    """The document as text, to be kept."""
    return json.dumps({"format": FORMAT, "content": _out(content)}, ensure_ascii=False, sort_keys=True)


def thawed(text: str) -> model.InvoiceContent:
    """The document as it was kept."""
    document = json.loads(text)
    if document.get("format") != FORMAT:
        raise ValueError(f"a kept invoice document of format {document.get('format')!r}, not {FORMAT}")
    return _in(document["content"])


def _out(value: Any) -> Any:
    if dataclasses.is_dataclass(value):
        fields = {f.name: _out(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {"kind": type(value).__name__, "fields": fields}
    if isinstance(value, Decimal):
        return {"decimal": str(value)}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    if isinstance(value, bytes):
        return {"bytes": base64.b64encode(value).decode("ascii")}
    if isinstance(value, tuple):
        return {"tuple": [_out(item) for item in value]}
    if isinstance(value, dict):
        return {"dict": {key: _out(item) for key, item in value.items()}}
    if value is None or isinstance(value, (str, int)):
        return value
    raise TypeError(f"an invoice document holds no {type(value).__name__}")


def _in(value: Any) -> Any:
    if not isinstance(value, dict):
        return value
    ((tag, inner),) = value.items() if len(value) == 1 else (("kind", value),)
    if tag == "kind":
        return KINDS[value["kind"]](**{name: _in(item) for name, item in value["fields"].items()})
    return {"decimal": Decimal, "date": date.fromisoformat, "bytes": base64.b64decode,
            "tuple": lambda items: tuple(_in(i) for i in items),
            "dict": lambda items: {k: _in(i) for k, i in items.items()}}[tag](inner)  # fmt: skip
