"""Dependencies point one way: api → schema → models.actions → models.rules, and
workers → models.actions → models.rules (architecture.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# package → top-level project packages it may not import (api.settings and api.db are
# leaf modules everyone may read)
FORBIDDEN = {
    "models": {"schema", "workers", "api.app", "api.graphql", "api.cli", "api.pages"},
    "workers": {"schema", "api.app", "api.graphql", "api.pages"},
    "schema": {"workers", "api.app", "api.cli"},
}


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_imports_point_one_way(package: str) -> None:
    offences = []
    for path in (ROOT / package).rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for name in _imports(path):
            for banned in FORBIDDEN[package]:
                if name == banned or name.startswith(banned + "."):
                    offences.append(f"{path.relative_to(ROOT)} imports {name}")
    assert offences == []
