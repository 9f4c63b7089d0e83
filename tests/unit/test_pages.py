"""Every page is registered once (``sozialraum.ui.pages``), every registered file exists, and every link
or page switch in the code names a registered page: a missing page fails here, it does not turn into text."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from sozialraum.ui import pages

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [*(ROOT / "src" / "sozialraum").rglob("*.py"), *(ROOT / "views").glob("*.py"), ROOT / "app.py"]


def test_every_registered_page_exists_and_every_view_is_registered():
    registered = {spec.file for spec in pages.PAGES}
    assert len(registered) == len(pages.PAGES)
    for spec in pages.PAGES:
        assert spec.path.is_file(), spec
    assert registered == {path.name for path in (ROOT / "views").glob("*.py")}
    assert sum(spec.default for spec in pages.PAGES) == 1


def test_app_folders_are_found_beside_app_py():
    assert pages.VIEWS_DIR == ROOT / "views"
    assert (pages.ASSETS_DIR / "favicon.png").is_file()
    assert pages.STATIC_DIR == ROOT / "static"


def test_unknown_or_missing_page_raises():
    with pytest.raises(pages.UnknownPageError, match="not registered"):
        pages.page_path("gibtsnicht.py")
    assert pages.page_path("steckbrief") == pages.page_path("steckbrief.py") == str(ROOT / "views" / "steckbrief.py")


def _page_names_in_code() -> set[tuple[str, str]]:
    """(file, literal) for every string literal ending in ``.py`` that names a views file: the targets of
    links, switches and page constants such as ``PROFILE_PAGE = "steckbrief.py"``."""
    found = set()
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.endswith(".py"):
                name = Path(node.value).name
                if "/" not in node.value and " " not in node.value and name[:-3].isidentifier():
                    found.add((str(path.relative_to(ROOT)), name))
    return found


def test_every_page_named_in_code_is_registered():
    registered = {spec.file for spec in pages.PAGES}
    ignored = {"app.py", "env.py", "__init__.py"}
    unknown = sorted((where, name) for where, name in _page_names_in_code() if name not in registered | ignored)
    assert not unknown, f"links to pages that are not registered: {unknown}"


def test_no_page_path_arithmetic_outside_config():
    """Folders beside app.py are found through ``config.PROJECT_ROOT`` only (``ui.pages`` builds on it)."""
    offenders = set()
    for path in SOURCES:
        text = path.read_text(encoding="utf-8")
        if "Path(__file__).resolve().parents[" in text:
            offenders.add(str(path.relative_to(ROOT)))
    assert offenders <= {"src/sozialraum/config.py"}, offenders
