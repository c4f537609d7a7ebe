"""The package's layers: data flows down, no import circles, no display library below the views."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.paths import PACKAGE_DIR

LAYERS: dict[str, int] = {
    "paths": 0, "text": 1, "outlets": 1, "corpus": 2, "scorers": 2, "table": 3, "compare": 3,
    "evaluation": 4, "views": 5,
}
"""Each package of ``analysis`` and its floor: a module imports only from its own floor or below."""
DISPLAY_LIBRARIES = ("IPython", "ipywidgets", "plotly", "itables")


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """The ``analysis`` modules ``path`` imports, at module level or inside functions."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("analysis"):
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("analysis"))
    return found


def _graph() -> dict[str, set[str]]:
    paths = {_module_name(p): p for p in PACKAGE_DIR.rglob("*.py")}
    packages = {name for name, p in paths.items() if p.name == "__init__.py"}
    return {name: {m for m in _imports(p) if m in paths and m not in packages}
            for name, p in paths.items() if name not in packages}


def _floor(module: str) -> int | None:
    parts = module.split(".")
    return LAYERS.get(parts[1]) if len(parts) > 1 else None


def test_every_package_has_a_floor():
    packages = {p.parent.name for p in PACKAGE_DIR.glob("*/__init__.py")}
    assert packages <= set(LAYERS), packages - set(LAYERS)


def test_modules_import_only_from_their_floor_or_below():
    upward = [(module, imported) for module, imports in _graph().items() for imported in imports
              if _floor(module) is not None and _floor(imported) is not None
              and _floor(imported) > _floor(module)]
    assert upward == []


def test_no_import_circles():
    graph = _graph()
    state: dict[str, int] = {}
    circles = []

    def visit(module: str, trail: list[str]) -> None:
        state[module] = 1
        for imported in sorted(graph.get(module, ())):
            if state.get(imported) == 1:
                circles.append(trail[trail.index(imported):] + [imported])
            elif imported not in state:
                visit(imported, trail + [imported])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert circles == []


@pytest.mark.parametrize("module", ["analysis", "analysis.table", "analysis.table.command", "analysis.compare",
                                    "analysis.evaluation.stories", "analysis.evaluation.attribution"])
def test_layers_below_the_views_load_no_display_library(module):
    code = (f"import sys, {module}\n"
            f"print(sorted(m for m in sys.modules if m.split('.')[0] in {DISPLAY_LIBRARIES!r}))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"


def test_nothing_reads_another_packages_private_internals():
    pattern = ("re._parser", "re._constants", "sre_parse", "sre_constants", ".hd.patterns")
    hits = [(p.name, word) for p in PACKAGE_DIR.rglob("*.py") for word in pattern
            if word in p.read_text(encoding="utf-8")]
    assert hits == []
