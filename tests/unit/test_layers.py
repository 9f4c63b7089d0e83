"""The import rules of docs/architecture.md (»Layout«), checked on the source with ``ast``.

Every module under src/sozialraum is parsed; every import counts, at module level and inside functions,
except those under ``if TYPE_CHECKING:`` (they never run). ``from package import name`` is an import of
``package.name`` when that is a module, else of ``package``. Packages are the first level below
``sozialraum`` (``analysis``, ``store`` …); the top-level modules (``config``, ``models`` …) are each their own
node.

Some rules do not hold yet: the views, slides and reports are being rewritten on other branches (issue 16),
and the pairs they still break are listed below, each with the file that breaks it. When those branches
land, the lists shrink; a pair that no longer occurs fails ``test_allow_lists_hold_only_live_exceptions``,
so an exception cannot outlive its reason.
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

#: (importing module, imported module) pairs that break a rule until the issue-16 branches land.
#: slides -> store: slide renderers read through ``sozialraum.reports`` once each view has its report.
KNOWN_UNTIL_REPORTS_LAND: set[tuple[str, str]] = {
    ("sozialraum.slides.budget_slides", "sozialraum.store.repository"),
    ("sozialraum.slides.index_slides", "sozialraum.store.repository"),
    ("sozialraum.slides.index_slides", "sozialraum.store.social_index"),
    ("sozialraum.slides.index_slides", "sozialraum.services.social_index"),
    ("sozialraum.slides.indicator_slides", "sozialraum.store.repository"),
    ("sozialraum.slides.registry", "sozialraum.store.repository"),
    ("sozialraum.slides.steering_slides", "sozialraum.store.goals"),
    ("sozialraum.slides.steering_slides", "sozialraum.store.repository"),
    # export.steckbrief_pdf draws the Steckbrief's charts (charts.steckbrief reads reports.steckbrief).
    ("sozialraum.charts.steckbrief", "sozialraum.reports.steckbrief"),
    # analysis.budget labels levels with importing.lookup.LEVEL_NAMES: vocabulary.LEVEL_SINGULAR replaces it.
    ("sozialraum.analysis.budget", "sozialraum.importing.lookup"),
    # store.social_index materialises an index through services.social_index, which reads the store.
    ("sozialraum.store.social_index", "sozialraum.services.social_index"),
}
#: Module cycles that exist until the issue-16 branches land (each as the sorted set of its modules).
KNOWN_MODULE_CYCLES: set[frozenset[str]] = {
    frozenset({"sozialraum.services.social_index", "sozialraum.store.social_index"}),
}
#: Package cycles that exist until then, as (package, package) edges that close them.
KNOWN_PACKAGE_CYCLE_EDGES: set[tuple[str, str]] = {
    ("store", "services"),  # store.social_index -> services.social_index (see above)
    ("charts", "maps"),  # charts.social_index/static_map -> maps.colours/choropleth; maps.index_map -> charts
    ("analysis", "importing"),  # analysis.budget -> importing.lookup
    # reports use export's pure helpers (export.provenance, export.tables) and export renders reports
    # (steckbrief_pdf): the helpers belong one layer down; until they move, reports -> export closes a cycle.
    ("reports", "export"),
}


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
    cycles = set(_cycles(internal_graph()))
    assert cycles <= KNOWN_MODULE_CYCLES, sorted(sorted(cycle) for cycle in cycles - KNOWN_MODULE_CYCLES)


def test_no_package_import_cycles():
    edges = {
        source: targets - {t for s, t in KNOWN_PACKAGE_CYCLE_EDGES if s == source}
        for source, targets in package_edges().items()
    }
    cycles = _cycles(edges)
    assert not cycles, sorted(sorted(cycle) for cycle in cycles)


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_layer_rules(package):
    broken = sorted(
        (source, target)
        for source, targets in internal_graph().items()
        if group(source) == package
        for target in targets
        if group(target) in FORBIDDEN[package] and (source, target) not in KNOWN_UNTIL_REPORTS_LAND
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


def test_allow_lists_hold_only_live_exceptions():
    edges = internal_graph()
    stale = sorted(pair for pair in KNOWN_UNTIL_REPORTS_LAND if pair[1] not in edges.get(pair[0], set()))
    assert not stale, f"no longer imported, remove from KNOWN_UNTIL_REPORTS_LAND: {stale}"
    cycles = set(_cycles(edges))
    assert not KNOWN_MODULE_CYCLES - cycles, KNOWN_MODULE_CYCLES - cycles
    pkg = package_edges()
    gone = sorted(pair for pair in KNOWN_PACKAGE_CYCLE_EDGES if pair[1] not in pkg.get(pair[0], set()))
    assert not gone, f"no longer imported, remove from KNOWN_PACKAGE_CYCLE_EDGES: {gone}"
    for pair in KNOWN_PACKAGE_CYCLE_EDGES:
        rest = KNOWN_PACKAGE_CYCLE_EDGES - {pair}
        edges_without_rest = {s: ts - {t for a, t in rest if a == s} for s, ts in pkg.items()}
        assert _cycles(edges_without_rest), f"{pair} closes no cycle any more: remove it from KNOWN_PACKAGE_CYCLE_EDGES"
