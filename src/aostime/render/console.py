"""Where output goes: results to stdout, messages to stderr; colour only on a terminal and
never with NO_COLOR (Rich reads it). Rich is imported only when something is drawn."""

from __future__ import annotations

import os
import sys
from functools import cache

PIPE_WIDTH = 160  # a pipe or a file has no width: tables should not be squeezed to 80 columns


@cache
def out():
    from rich.console import Console

    width = None if is_terminal() or os.environ.get("COLUMNS") else PIPE_WIDTH
    return Console(highlight=False, no_color=bool(os.environ.get("NO_COLOR")) or None, width=width)


@cache
def err():
    from rich.console import Console

    return Console(stderr=True, highlight=False, no_color=bool(os.environ.get("NO_COLOR")) or None)


def message(text: str) -> None:
    """A plain line on stderr (no markup interpretation)."""
    sys.stderr.write(text + "\n")
    sys.stderr.flush()


def warn(text: str) -> None:
    message(f"Warning: {text}")


def is_terminal(stream=None) -> bool:
    stream = stream or sys.stdout
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
