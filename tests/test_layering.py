"""Dependencies point one way (architecture.md "Layout"):

    api → schema → models.actions → models (ORM models, clock, db) → models.rules
    workers → models.actions → …

with the process-wide configuration (models/config.py) at the very bottom, where every
layer may read it. Every import counts, at module level or inside a function, except
those under `if TYPE_CHECKING:` (they never run). Two modules that need each other's
types at run time use Strawberry's lazy types (schema/lazy.py) instead of an import.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("api", "schema", "models", "workers")

# layer → the project layers it may import (its own layer always allowed)
ALLOWED: dict[str, set[str]] = {
    "models.config": set(),
    "models.rules": set(),
    "models": {"models.rules", "models.config"},
    "models.actions": {"models", "models.rules", "models.config"},
    "workers": {"models.actions", "models", "models.rules", "models.config"},
    "schema": {"models.actions", "models", "models.rules", "models.config"},
    "api": {"schema", "workers", "models.actions", "models", "models.rules", "models.config"},
}


def _modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            found[name.removesuffix(".__init__")] = path
    return found


MODULES = _modules()


def layer_of(module: str) -> str:
    """The most specific layer a module belongs to."""
    for layer in sorted(ALLOWED, key=len, reverse=True):
        if module == layer or module.startswith(layer + "."):
            return layer
    raise AssertionError(f"{module} is in no layer")


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _runtime_nodes(tree: ast.AST) -> list[ast.AST]:
    """Every node except those inside `if TYPE_CHECKING:` bodies."""
    out: list[ast.AST] = []
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        out.append(node)
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            stack.extend(node.orelse)
            continue
        stack.extend(ast.iter_child_nodes(node))
    return out


def _resolve(name: str) -> str | None:
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def project_imports(path: Path) -> set[str]:
    """The project modules a file imports at run time."""
    deps: set[str] = set()
    for node in _runtime_nodes(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            deps.update(r for a in node.names if (r := _resolve(a.name)))
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # `from package import module` depends on that module (a package's
            # __init__ importing its own modules is no circle); `from m import name`, on m
            submodules = {f"{node.module}.{a.name}" for a in node.names} & MODULES.keys()
            if len(submodules) < len(node.names) and (r := _resolve(node.module)):
                deps.add(r)
            deps.update(submodules)
    return {d for d in deps if d in MODULES}


GRAPH = {name: project_imports(path) - {name} for name, path in MODULES.items()}


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components of more than one module (the circles)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []
    counter = 0

    def visit(v: str) -> None:
        nonlocal counter
        index[v] = low[v] = counter
        counter += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return circles


def test_no_import_circles() -> None:
    assert strongly_connected(GRAPH) == []


def test_the_circle_finder_finds_a_circle() -> None:
    """The finder itself: a → b → c → a is one circle, d alone is none."""
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set()}
    assert strongly_connected(graph) == [["a", "b", "c"]]


@pytest.mark.parametrize("package", PACKAGES)
def test_imports_point_down(package: str) -> None:
    offences = []
    for module in sorted(m for m in GRAPH if m == package or m.startswith(package + ".")):
        mine = layer_of(module)
        for dep in sorted(GRAPH[module]):
            theirs = layer_of(dep)
            if theirs != mine and theirs not in ALLOWED[mine]:
                offences.append(f"{module} ({mine}) imports {dep} ({theirs})")
    assert offences == []


def test_settings_sit_at_the_bottom() -> None:
    """models/config.py imports nothing of the project, and nobody reads api.settings."""
    assert GRAPH["models.config"] == set()
    assert "api.settings" not in MODULES
    readers = {m for m, deps in GRAPH.items() if "models.config" in deps}
    assert {layer_of(m) for m in readers} >= {"api", "schema", "models.actions", "workers"}
