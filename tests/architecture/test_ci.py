"""CI runs what the README tells a contributor to run: the last line of .ci/run is the README's
test command, word for word (both backends, the same pytest options)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_ci_runs_the_readmes_test_command_last():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"Install and pass the tests.*?```sh\n(.*?)```", readme, re.DOTALL)
    assert block, "README.md: the test command's block after 'Install and pass the tests' is gone"
    commands = block.group(1).strip().splitlines()
    assert len(commands) == 1, commands
    ci_lines = [line for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines() if line.strip()]
    assert ci_lines[-1] == commands[0]
    assert "AOS_TEST_BACKEND=postgres" in commands[0] and commands[0].count("-m pytest") == 2
