"""The console script. Shell prompts call `aos status` constantly, so the cheap status forms
(--quiet, --json, --format) are answered here without importing Typer or Rich."""

from __future__ import annotations


def main() -> int:
    from aostime.cli import main as cli_main

    return cli_main()
