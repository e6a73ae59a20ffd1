"""Every field of every declared use case (services.declared) is carried by a face: some call in
the CLI, the server or the team client passes it, by position or by name. Together with the
parity test (tests/e2e/test_parity.py, every field through the server's derived route), a field
added to a use case and forgotten by the faces fails here."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "aostime"
FACES = ["cli", "server", "remote", "web", "commands.py", "entry.py"]


def face_calls() -> dict[str, list[ast.Call]]:
    """Calls by the name they call (f(...) or module.f(...)), in every face module."""
    calls: dict[str, list[ast.Call]] = {}
    for face in FACES:
        root = PACKAGE / face
        paths = [root] if root.suffix == ".py" else sorted(root.rglob("*.py")) if root.exists() else []
        for path in paths:
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Call):
                    name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
                    if name:
                        calls.setdefault(name, []).append(node)
    return calls


def carried(case, call: ast.Call) -> set[str] | None:
    """The fields a call passes (None: it passes **something, which carries anything)."""
    names = [name for name, _ in case.parameters()]
    given = set(names[: max(len(call.args) - 1, 0)])  # the session comes first
    for keyword in call.keywords:
        if keyword.arg is None:
            return None
        given.add(keyword.arg)
    return given


def test_every_field_of_every_declared_use_case_is_passed_by_some_face():
    from aostime.server.uses import all_use_cases

    calls = face_calls()
    missing = {}
    for name, case in sorted(all_use_cases().items()):
        fields = {f for f, _ in case.parameters()} | set(case.fields)
        passed: set[str] = set()
        for call in calls.get(name, []):
            got = carried(case, call)
            passed |= fields if got is None else got
        if fields - passed:
            missing[name] = sorted(fields - passed)
    assert missing == {}, f"fields no face passes: {missing}"
