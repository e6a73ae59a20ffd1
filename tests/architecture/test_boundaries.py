"""The layers and their boundaries, read from the source: which module may import what, where
SQL and sqlite3 may appear, and that the imports (at module level or inside functions) form no cycle."""

from __future__ import annotations

import ast
import re
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


# No edge from services to a face is allowed: the team client runs use cases by the declarations
# (services.declared: a runner the face sets on the session), never by services importing it.
BEING_REMOVED: set[tuple[str, str]] = set()

FACE_MODULES = ("aostime.cli", "aostime.server", "aostime.remote", "aostime.web", "aostime.commands",
                "aostime.runtime", "aostime.entry", "aostime.fast_options")  # fmt: skip


def imports(path: Path) -> set[str]:
    """The modules a file of the package imports (absolute names), wherever the import stands."""
    module = ".".join(("aostime", *path.relative_to(PACKAGE).with_suffix("").parts))
    package = module.removesuffix(".__init__") if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    return imports_in(path.read_text(encoding="utf-8"), package)


def imports_in(source: str, package: str) -> set[str]:
    """What the import statements of a module of `package` name, at module level or inside
    functions: `import a.b.c` -> a.b.c; `from a.b import c` -> a.b.c when that is a module, else
    a.b; relative imports resolved; importlib.import_module and __import__ of an aostime name too."""
    tree = ast.parse(source)
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(node, package)
            found |= {f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names}
        elif isinstance(node, ast.Call) and (name := _imported_by_name(node, tree)):
            found.add(name)
    return found


def _absolute(node: ast.ImportFrom, package: str) -> str:
    if node.level == 0:
        return node.module or ""
    base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
    return f"{base}.{node.module}" if node.module else base


def _imported_by_name(call: ast.Call, tree: ast.Module) -> str | None:
    """importlib.import_module(...) or __import__(...) of an aostime module: an import all the same.
    A name computed under a literal package ("aostime.remote." + name) imports from that package."""
    func = call.func
    name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
    if name not in ("import_module", "__import__") or not call.args:
        return None
    text = _literal_prefix(call.args[0], tree)
    if not text or not (text + ".").startswith("aostime."):
        return None
    text = text.rstrip(".")
    while text not in MODULES and "." in text:
        text = text.rsplit(".", 1)[0]
    return text


def _literal_prefix(value: ast.expr, tree: ast.Module) -> str | None:
    """The literal beginning of a string expression: "a.b", "a." + x, f"a.{x}", or a variable
    assigned one of those."""
    if isinstance(value, ast.Constant) and isinstance(value.value, str):
        return value.value
    if isinstance(value, ast.BinOp) and isinstance(value.op, ast.Add):
        return _literal_prefix(value.left, tree)
    if isinstance(value, ast.JoinedStr) and value.values:
        return _literal_prefix(value.values[0], tree)
    if isinstance(value, ast.Name):
        assigned = [
            node.value
            for node in ast.walk(tree)
            if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == value.id for t in node.targets)
        ]
        prefixes = {_literal_prefix(a, tree) for a in assigned if a is not value}
        return next((p for p in prefixes if p and (p + ".").startswith("aostime.")), None)
    return None


def import_graph() -> dict[str, set[str]]:
    """module -> the aostime modules its import statements name, wherever they stand. Importing
    a.b.c also runs a/__init__ and a/b/__init__, but those packages are not edges: a package that
    only holds its modules is no dependency of theirs."""
    return {
        module: {name for name in imports(path) if name in MODULES and name != module}
        for module, path in MODULES.items()
    }


def layer_of(module: str) -> str | None:
    return next((layer for layer in ALLOWED if module == layer or module.startswith(layer + ".")), None)


@pytest.mark.parametrize("module", sorted(MODULES), ids=str)
def test_each_layer_imports_only_the_layers_below_it(module):
    layer = layer_of(module)
    if layer is None:
        return  # a face: entry, commands, runtime, exits, cli, server
    own = {
        name for name in imports(MODULES[module]) if name.startswith("aostime.") and (module, name) not in BEING_REMOVED
    }
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


def test_services_and_the_domain_import_no_face():
    upward = sorted(
        f"{module} -> {name}"
        for module, names in import_graph().items()
        if module.startswith(("aostime.services", "aostime.domain"))
        for name in names
        if _in(name, FACE_MODULES) and (module, name) not in BEING_REMOVED
    )
    assert upward == [], "\n".join(["services and domain import a face:", *upward])


def test_the_imports_form_no_cycle():
    graph = {module: {n for n in names if (module, n) not in BEING_REMOVED} for module, names in import_graph().items()}
    cycles = [sorted(group) for group in _strongly_connected(graph) if len(group) > 1]
    report = [
        " <-> ".join(group) + "\n" + "\n".join(f"    {a} -> {b}" for a in group for b in sorted(graph[a] & set(group)))
        for group in sorted(cycles)
    ]
    assert cycles == [], "import cycles:\n" + "\n".join(report)


def test_every_import_statement_counts_lazy_relative_and_by_name_alike():
    source = """
import aostime.domain.money
from aostime.services import billing, Session
from . import tracking
from ..domain.names import fold
TYPE_CHECKING = False
if TYPE_CHECKING:
    from aostime.storage.interfaces import Storage

def later(kind):
    from aostime.cli import app
    import importlib
    importlib.import_module("aostime.render.json")
    __import__("aostime.server.app")
    name = "aostime.remote." + kind
    return importlib.import_module(name), importlib.import_module(f"aostime.interchange.{kind}")
"""
    assert {n for n in imports_in(source, "aostime.services") if n.startswith("aostime")} == {
        "aostime.domain.money", "aostime.services.billing", "aostime.services", "aostime.services.tracking",
        "aostime.domain.names", "aostime.storage.interfaces", "aostime.cli", "aostime.render.json",
        "aostime.server.app", "aostime.remote", "aostime.interchange",
    }  # fmt: skip


def _in(module: str, packages: tuple[str, ...]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in packages)


def _strongly_connected(graph: dict[str, set[str]]) -> list[set[str]]:
    """Tarjan's algorithm, iterative."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, successors = work[-1]
            for nxt in successors:
                if nxt not in index:
                    index[nxt] = low[nxt] = len(index)
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(sorted(graph[nxt]))))
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    group = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.add(member)
                        if member == node:
                            break
                    groups.append(group)
    return groups
