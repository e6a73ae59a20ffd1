"""What a search's text asks for: its words, each matched as the start of a word (so that one sees
results while still typing), all of them required. One home for the rule, so the CLI's
`aos list --search`, the API's `search` and the web app's search box read text alike; each
backend runs it with its own index (SQLite FTS5, PostgreSQL full-text search: their
SEARCH_CLAUSE and search_query)."""

from __future__ import annotations

import re
from collections import namedtuple

from aostime.errors import BadInput

MAX_WORDS = 8  # a search is a few words typed; more is a paste, not a question
WORD = re.compile(r"\w+")


def search_words(text: str) -> tuple[str, ...]:
    """The words of a search, lower-cased; a text without any is refused."""
    words = tuple(dict.fromkeys(word.casefold() for word in WORD.findall(text)))
    if not words:
        raise BadInput(f"search {text[:40]!r} has no words to look for (letters or digits)")
    if len(words) > MAX_WORDS:
        raise BadInput(f"search has {len(words)} words; give at most {MAX_WORDS}")
    return words


def name_matches(name: str, words: tuple[str, ...]) -> bool:
    """Whether every word starts a word of `name` (a client's, project's or task's)."""
    own = [word.casefold() for word in WORD.findall(name)]
    return all(any(part.startswith(word) for part in own) for word in words)


class Found(namedtuple("Found", "words clients projects tasks entries")):
    """What a search found: its words (tuple of str), the clients, projects and tasks whose names
    match (tuples of the models, archived ones left out) and the newest matching entries."""

    __slots__ = ()
