"""pyproject.toml names every third-party package the app and the CLI import, once; its package-data
patterns name files that exist."""

from __future__ import annotations

import ast
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _canonical(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-")


def _imported_top_modules() -> set[str]:
    files = [*(ROOT / "src").rglob("*.py"), *(ROOT / "views").glob("*.py"), ROOT / "app.py"]
    modules: set[str] = set()
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules.add(node.module.split(".")[0])
    return {module for module in modules if module not in sys.stdlib_module_names and module != "sozialraum"}


def test_every_imported_package_is_a_declared_dependency():
    declared = {_canonical(Requirement(text).name) for text in PYPROJECT["project"]["dependencies"]}
    distributions = packages_distributions()
    missing = []
    for module in sorted(_imported_top_modules()):
        names = {_canonical(name) for name in distributions.get(module, [module])}
        if not names & declared:
            missing.append(f"{module} ({', '.join(sorted(names))})")
    assert not missing, f"imported but not in pyproject's dependencies: {missing}"


def test_dependencies_are_listed_once():
    names = [_canonical(Requirement(text).name) for text in PYPROJECT["project"]["dependencies"]]
    assert len(names) == len(set(names))


def test_requirements_install_the_project_and_nothing_else():
    lines = [
        line.strip()
        for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    assert lines == ["-e ."]
    dev = (ROOT / "requirements-dev.txt").read_text(encoding="utf-8").splitlines()
    assert "-r requirements.txt" in dev


def test_package_data_patterns_match_files():
    package = ROOT / "src" / "sozialraum"
    for pattern in PYPROJECT["tool"]["setuptools"]["package-data"]["sozialraum"]:
        assert list(package.glob(pattern)), f"package-data {pattern!r} matches no file"
