"""The import rules of docs/architecture.md (»Layout«), checked on the source with ``ast``.

Every module under src/sozialraum is parsed; every import counts, at module level and inside functions,
except those under ``if TYPE_CHECKING:`` (they never run). ``from package import name`` is an import of
``package.name`` when that is a module, else of ``package``. Packages are the first level below
``sozialraum`` (``analysis``, ``store`` …); the top-level modules (``config``, ``models`` …) are each their own
node.

There is no allow-list: a new exception is a change of docs/architecture.md first.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src"
PACKAGE = SRC / "sozialraum"
TOP_LEVEL_MODULES = {"config", "db", "models", "formatting", "periods", "vocabulary"}
#: Each package and the packages (or top-level modules) it must not import.
FORBIDDEN: dict[str, set[str]] = {
    # Pure computation on frames: no database, no pages, no outputs.
    "analysis": {"store", "reports", "ui", "slides", "cli", "services", "importing", "export", "charts", "maps", "db"},
    # SQL in, frames out. The store may call pure analysis (aggregation rules it applies in SQL), nothing above.
    "store": {"reports", "ui", "slides", "charts", "maps", "export", "cli", "importing", "demo", "services"},
    # Reports build what pages, slides and exports show; they never draw or know Streamlit.
    "reports": {"ui", "slides", "cli", "demo"},
    # Slides and exports render reports: they read no database themselves.
    "slides": {"store", "ui", "cli", "db"},
    "export": {"store", "ui", "cli", "db", "slides"},
    "charts": {"store", "ui", "cli", "db", "slides", "reports"},
    "maps": {"store", "ui", "cli", "db", "slides", "reports"},
    "importing": {"ui", "slides", "charts", "maps", "reports", "cli"},
    "services": {"ui", "slides", "charts", "maps", "reports", "cli", "importing"},
}
STREAMLIT_ALLOWED = ("sozialraum.ui",)  # and app.py and views/, which are not under src/


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def modules() -> dict[str, Path]:
    return {_module_name(path): path for path in PACKAGE.rglob("*.py") if "migrations" not in path.parts}


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(child) for statement in node.body for child in ast.walk(statement))
    return skipped


def _imports(name: str, path: Path) -> set[str]:
    """Every module (``sozialraum.*`` and third-party top-level names) ``name`` imports."""
    known = modules()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = _type_checking_nodes(tree)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                base = f"{base}.{node.module}" if node.module else base
            else:
                base = node.module or ""
            for alias in node.names:
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base)
    resolved = set()
    for target in found:
        if target.startswith("sozialraum"):
            while target and target not in known:
                target = target.rpartition(".")[0]
        if target and target != name:
            resolved.add(target)
    return resolved


@cache
def graph() -> dict[str, frozenset[str]]:
    return {name: frozenset(_imports(name, path)) for name, path in modules().items()}


def internal_graph() -> dict[str, set[str]]:
    return {name: {t for t in targets if t.startswith("sozialraum")} for name, targets in graph().items()}


def group(module: str) -> str:
    """The package (``store``) or top-level module (``config``) a module belongs to; ``sozialraum`` itself."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "sozialraum"


def _cycles(edges: dict[str, set[str]]) -> list[frozenset[str]]:
    """Strongly connected components with more than one node (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []
    counter = 0
    for start in sorted(edges):
        if start in index:
            continue
        work = [(start, iter(sorted(edges.get(start, ()))))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(frozenset(component))
    return found


def package_edges() -> dict[str, set[str]]:
    edges: dict[str, set[str]] = defaultdict(set)
    for source, targets in internal_graph().items():
        for target in targets:
            if group(source) != group(target) and "sozialraum" not in (group(source), group(target)):
                edges[group(source)].add(group(target))
    return edges


def test_the_graph_sees_the_package():
    assert len(modules()) > 100
    assert "sozialraum.store.repository" in internal_graph()["sozialraum.reports.source"]


def test_no_module_import_cycles():
    cycles = _cycles(internal_graph())
    assert not cycles, sorted(sorted(cycle) for cycle in cycles)


def test_no_package_import_cycles():
    cycles = _cycles(package_edges())
    assert not cycles, sorted(sorted(cycle) for cycle in cycles)


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_layer_rules(package):
    broken = sorted(
        (source, target)
        for source, targets in internal_graph().items()
        if group(source) == package
        for target in targets
        if group(target) in FORBIDDEN[package]
    )
    assert not broken, broken


def test_streamlit_only_in_ui():
    # app.py and views/ import Streamlit too; they are not part of the package.
    users = sorted(
        name
        for name, targets in graph().items()
        if "streamlit" in targets or any(t.startswith("streamlit") for t in targets)
    )
    assert all(name.startswith(STREAMLIT_ALLOWED) for name in users), [
        n for n in users if not n.startswith(STREAMLIT_ALLOWED)
    ]


def test_top_level_modules_import_only_each_other():
    for name in TOP_LEVEL_MODULES:
        targets = internal_graph()[f"sozialraum.{name}"]
        above = sorted(t for t in targets if group(t) not in TOP_LEVEL_MODULES)
        assert not above, (name, above)


def test_at_most_eight_modules_at_the_top():
    top = sorted(path.name for path in PACKAGE.glob("*.py"))
    assert len(top) <= 8, top
    assert {path.stem for path in PACKAGE.glob("*.py")} - {"__init__", "__main__"} <= TOP_LEVEL_MODULES
