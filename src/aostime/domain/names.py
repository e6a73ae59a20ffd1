"""When two names are the same name: one rule for uniqueness, lookups and imports alike.

Names compare by Unicode case folding of their compatibility form (NFKC_Casefold, as Unicode
defines for identifiers): "Müller & Söhne GmbH", "MÜLLER & SÖHNE GMBH" and "müller & söhne gmbh"
are one name, and so are "Maße" and "MASSE" (ß folds to ss), "Ａcme" and "Acme" (full-width
letters), "Acme  Corp" and "Acme\u00a0Corp" (any run of spaces is one space) and "Acme\u200bCorp"
(invisible format characters do not count). The database stores this key beside each name,
under a unique index, so the rule holds for every writer."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from aostime.errors import BadInput

MAX_NAME = 200


@lru_cache(maxsize=8192)  # an import folds the same few names once per entry
def fold(name: str) -> str:
    """The key a name is compared by (compatibility caseless matching, Unicode §3.13)."""
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())
    visible = "".join(c for c in folded if unicodedata.category(c) != "Cf")
    return " ".join(visible.split())


def tidy(name: str) -> str:
    """A name as it is stored: composed (NFC), runs of spaces as one, no invisible characters."""
    composed = unicodedata.normalize("NFC", name)
    return " ".join("".join(c for c in composed if unicodedata.category(c) != "Cf").split())


def clean_name(kind: str, name: str) -> str:
    """A typed name of a client, project, task or team member, as it is stored; refused (naming
    `kind`) when empty, too long, all digits or holding control characters."""
    if any(ord(c) < 32 or ord(c) == 127 for c in name or ""):
        raise BadInput(f"{kind} name {name!r} holds control characters")
    cleaned = tidy(name or "")
    if not cleaned:
        raise BadInput(f"{kind} name must not be empty")
    if len(cleaned) > MAX_NAME:
        raise BadInput(f"{kind} name {name!r} is too long (at most {MAX_NAME} characters)")
    if cleaned.isdigit():
        raise BadInput(f"{kind} name {name!r} is all digits, which would read as an id")
    return cleaned


def closest(name: str, candidates: list[str], limit: int = 3) -> list[str]:
    """The candidates that look most like `name`, best first, for "did you mean ...?"."""
    from difflib import get_close_matches

    by_key: dict[str, str] = {}
    for candidate in candidates:
        by_key.setdefault(fold(candidate), candidate)
    return [by_key[key] for key in get_close_matches(fold(name), list(by_key), n=limit, cutoff=0.5)]
