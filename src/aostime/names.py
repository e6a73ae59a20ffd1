"""When two names are the same name: one rule for uniqueness, lookups and imports alike.

Names compare by Unicode case folding of their canonical form: "Müller & Söhne GmbH",
"MÜLLER & SÖHNE GMBH" and "müller & söhne gmbh" are one name, and so are "Maße" and "MASSE"
(str.casefold folds ß to ss). The database stores this key beside each name, under a unique
index, so the rule holds for every writer."""

from __future__ import annotations

import unicodedata


def fold(name: str) -> str:
    """The key a name is compared by (canonical caseless matching, Unicode §3.13)."""
    return unicodedata.normalize("NFD", unicodedata.normalize("NFD", name).casefold())


def closest(name: str, candidates: list[str], limit: int = 3) -> list[str]:
    """The candidates that look most like `name`, best first, for "did you mean ...?"."""
    from difflib import get_close_matches

    by_key: dict[str, str] = {}
    for candidate in candidates:
        by_key.setdefault(fold(candidate), candidate)
    return [by_key[key] for key in get_close_matches(fold(name), list(by_key), n=limit, cutoff=0.5)]
