"""The layers and their boundaries, read from the source: which module may import what, where
SQL and sqlite3 may appear, and that module-level imports form no cycle."""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "aostime"
MODULES = {
    ".".join(("aostime", *path.relative_to(PACKAGE).with_suffix("").parts)).removesuffix(".__init__"): path
    for path in sorted(PACKAGE.rglob("*.py"))
}
SQL = re.compile(
    r"\b(SELECT\s.+\sFROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+(TABLE|INDEX))\b", re.DOTALL
)
DRIVERS = {"sqlite3", "psycopg", "psycopg_pool", "sqlite_utils"}
FACES = {"typer", "click", "rich", "fastapi", "starlette", "uvicorn", "httpx", "pydantic"}

# layer -> the aostime layers it may import (faces sit on top and may import anything)
ALLOWED = {
    "aostime.domain": {"aostime.domain", "aostime.errors"},
    "aostime.interchange": {"aostime.interchange", "aostime.domain", "aostime.errors"},
    "aostime.storage": {"aostime.storage", "aostime.domain", "aostime.errors"},
    "aostime.services": {
        "aostime.services",
        "aostime.domain",
        "aostime.errors",
        "aostime.storage",
        "aostime.interchange",
        "aostime.remote",  # a use case's remote form (services.remote_capable), like a backend
    },
    "aostime.remote": {"aostime.remote", "aostime.services", "aostime.domain", "aostime.errors", "aostime.storage"},
    # the peers' export formats and the e-invoices are pure writers of documents, like render's own
    "aostime.render": {
        "aostime.render",
        "aostime.domain",
        "aostime.errors",
        "aostime.interchange.writers",
        "aostime.interchange.einvoice",
    },
}


def imports(path: Path, top_level_only: bool = False) -> set[str]:
    """The modules a file imports (absolute names), everywhere or only at module level."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else ast.walk(tree)
    found = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names if f"{node.module}.{alias.name}" in MODULES}
    return found


def layer_of(module: str) -> str | None:
    return next((layer for layer in ALLOWED if module == layer or module.startswith(layer + ".")), None)


@pytest.mark.parametrize("module", sorted(MODULES), ids=str)
def test_each_layer_imports_only_the_layers_below_it(module):
    layer = layer_of(module)
    if layer is None:
        return  # a face: entry, commands, runtime, exits, cli, server
    own = {name for name in imports(MODULES[module]) if name.startswith("aostime.")}
    upward = sorted(name for name in own if not any(name == ok or name.startswith(ok + ".") for ok in ALLOWED[layer]))
    assert upward == [], f"{module} imports {upward}"


def test_the_domain_knows_no_face_and_no_database():
    for module, path in MODULES.items():
        if layer_of(module) in ("aostime.domain", "aostime.interchange"):
            roots = {name.split(".")[0] for name in imports(path)}
            assert roots & (FACES | DRIVERS) == set(), f"{module} imports {roots & (FACES | DRIVERS)}"


# package -> the drivers it may import; SQL text lives in these packages only
DRIVER_HOMES = {"aostime.storage.sqlite": {"sqlite3"}, "aostime.storage.postgres": {"psycopg", "psycopg_pool"},
                "aostime.storage.sql": set()}  # fmt: skip


def test_each_driver_only_in_its_backend_and_sql_only_in_the_storage_implementations():
    for module, path in MODULES.items():
        home = next((h for h in DRIVER_HOMES if module == h or module.startswith(h + ".")), None)
        roots = {name.split(".")[0] for name in imports(path)}
        allowed = DRIVER_HOMES[home] if home else set()
        assert roots & DRIVERS <= allowed, f"{module} imports {sorted((roots & DRIVERS) - allowed)}"
        if home:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(owner.body[0].value) for owner in ast.walk(tree) if _has_docstring(owner)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                assert not SQL.search(node.value), f"{module} holds SQL: {node.value[:80]!r}"


def _has_docstring(owner: ast.AST) -> bool:
    if not isinstance(owner, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
        return False
    first = owner.body[0] if owner.body else None
    return isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)


def test_module_level_imports_form_no_cycle():
    graph = {}
    for module, path in MODULES.items():
        loaded = set()
        for name in imports(path, top_level_only=True):
            # importing a.b.c runs a/__init__ and a/b/__init__ first, unless they already ran
            # because they are packages of the importing module itself
            loaded |= {n for n in (*_parents(name), name) if n not in _parents(module)}
        graph[module] = {n for n in loaded if n in MODULES and n != module}
    cycle = _find_cycle(graph)
    assert cycle is None, " -> ".join(cycle or [])


def _parents(module: str) -> list[str]:
    parts = module.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def _find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 5000))
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None
