"""models/rules is pure: it imports no ORM, GraphQL, queue, web or cache library and never
reads the clock (architecture.md, "Layout")."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import models.rules

RULES_DIR = Path(models.rules.__file__).parent
MODULES = sorted(path for path in RULES_DIR.glob("*.py"))
FORBIDDEN = {"tortoise", "strawberry", "dramatiq", "starlette", "redis"}
CLOCK_CALLS = {
    ("date", "today"),
    ("datetime", "now"),
    ("datetime", "utcnow"),
    ("datetime", "today"),
}


def module_name(path: Path) -> str:
    return "models.rules" if path.stem == "__init__" else f"models.rules.{path.stem}"


def imported_roots(tree: ast.AST) -> set[str]:
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def clock_calls(tree: ast.AST) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            owner = node.value
            owner_name = (
                owner.id
                if isinstance(owner, ast.Name)
                else owner.attr
                if isinstance(owner, ast.Attribute)
                else None
            )
            if (owner_name, node.attr) in CLOCK_CALLS:
                found.append(f"{owner_name}.{node.attr} (line {node.lineno})")
    return found


def test_every_module_is_checked() -> None:
    names = {path.stem for path in MODULES}
    assert {"dates", "income", "registration", "referral", "services", "payments"} <= names
    assert {"outcomes", "performance", "enums", "errors", "__init__"} <= names


@pytest.mark.parametrize("path", MODULES, ids=lambda path: path.stem)
def test_imports_only_the_standard_library_and_itself(path: Path) -> None:
    roots = imported_roots(ast.parse(path.read_text(encoding="utf-8")))
    assert not roots & FORBIDDEN
    allowed = set(sys.stdlib_module_names) | {"models", "__future__"}
    assert roots <= allowed, roots - allowed


@pytest.mark.parametrize("path", MODULES, ids=lambda path: path.stem)
def test_never_reads_the_clock(path: Path) -> None:
    assert clock_calls(ast.parse(path.read_text(encoding="utf-8"))) == []


def test_the_clock_check_finds_a_clock_call() -> None:
    tree = ast.parse("import datetime\nx = datetime.datetime.now()\ny = date.today()\n")
    assert clock_calls(tree) == ["datetime.now (line 2)", "date.today (line 3)"]


def test_importing_loads_no_forbidden_library() -> None:
    # A fresh interpreter: pytest's own plugins may already have loaded some of them.
    script = (
        "import importlib, sys\n"
        f"for name in {[module_name(path) for path in MODULES]!r}:\n"
        "    importlib.import_module(name)\n"
        "print(' '.join(sorted({name.split('.')[0] for name in sys.modules})))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=RULES_DIR.parent.parent,
        capture_output=True,
        text=True,
        check=True,
    )
    loaded = set(result.stdout.split())
    assert "models" in loaded
    assert not loaded & FORBIDDEN


def test_package_inits_are_empty() -> None:
    for init in (RULES_DIR / "__init__.py", RULES_DIR.parent / "__init__.py"):
        assert ast.parse(init.read_text(encoding="utf-8")).body == []
