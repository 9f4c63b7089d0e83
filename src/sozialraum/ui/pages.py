"""Every page of the app, once: its file, title, icon and navigation section. ``app.py`` builds the
navigation from ``PAGES``; every link and page switch names its target by file (``"steckbrief.py"``) and
goes through ``page_path``, so a page that is not registered or whose file is missing raises
``UnknownPageError`` (a test failure) instead of quietly becoming plain text.

The app's folders (``views/``, ``assets/``, ``static/``) sit beside ``app.py`` in the checkout; where that
is, ``config.PROJECT_ROOT`` says, in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from sozialraum.config import PROJECT_ROOT

# Not "pages/": a folder of that name puts Streamlit in its legacy multipage mode until st.navigation
# has run once, so a deep link opened first after a server start shows the wrong page.
VIEWS_DIR = PROJECT_ROOT / "views"
ASSETS_DIR = PROJECT_ROOT / "assets"
#: Streamlit serves ./static (beside app.py) at /app/static/; the map's Leaflet files are copied there.
STATIC_DIR = PROJECT_ROOT / "static"


class UnknownPageError(LookupError):
    """A link names a page that is not registered here or whose file does not exist."""


@dataclass(frozen=True)
class PageSpec:
    file: str  # file name in views/, the name links use
    title: str
    icon: str
    section: str
    url_path: str | None = None
    default: bool = False

    @property
    def path(self) -> Path:
        return VIEWS_DIR / self.file


PAGES: tuple[PageSpec, ...] = (
    PageSpec("uebersicht.py", "Übersicht", ":material/dashboard:", "Steuerung", default=True),
    PageSpec("ziele.py", "Wirkungsziele", ":material/flag:", "Steuerung"),
    PageSpec("budget.py", "Budget & Wirkung", ":material/euro:", "Steuerung"),
    PageSpec("karte.py", "Karte", ":material/map:", "Analyse"),
    PageSpec("steckbrief.py", "Steckbrief", ":material/id_card:", "Analyse"),
    PageSpec("vergleich.py", "Vergleich", ":material/compare_arrows:", "Analyse"),
    PageSpec("entwicklung.py", "Entwicklung", ":material/show_chart:", "Analyse"),
    PageSpec("sozialindex.py", "Sozialindex", ":material/stacked_bar_chart:", "Analyse"),
    PageSpec("sitzungsmappe.py", "Sitzungsmappe", ":material/playlist_play:", "Präsentation"),
    PageSpec("praesentation.py", "Präsentation", ":material/slideshow:", "Präsentation"),
    PageSpec("daten.py", "Daten", ":material/database:", "Daten", url_path="daten"),
)
_BY_FILE = {page.file: page for page in PAGES}


def page(name: str) -> PageSpec:
    """The registered page ``name`` (``"steckbrief.py"`` or ``"steckbrief"``); UnknownPageError otherwise."""
    file = name if name.endswith(".py") else f"{name}.py"
    spec = _BY_FILE.get(Path(file).name)
    if spec is None:
        raise UnknownPageError(f"page {name!r} is not registered in sozialraum.ui.pages.PAGES")
    if not spec.path.is_file():
        raise UnknownPageError(f"page {name!r} is registered but {spec.path} does not exist")
    return spec


def page_path(name: str) -> str:
    """The absolute path of page ``name`` as ``st.page_link``/``st.switch_page`` take it."""
    return str(page(name).path)


def navigation() -> dict[str, list[st.Page]]:
    """``st.navigation``'s argument: the pages by section, in ``PAGES`` order."""
    sections: dict[str, list[st.Page]] = {}
    for spec in PAGES:
        extra = {"url_path": spec.url_path} if spec.url_path else {}
        sections.setdefault(spec.section, []).append(
            st.Page(page(spec.file).path, title=spec.title, icon=spec.icon, default=spec.default, **extra)
        )
    return sections


def link(name: str, label: str, query_params: dict[str, str] | None = None, **kwargs: object) -> bool:
    """A page link; False (the caller shows plain text) only when the page runs without the app's
    navigation, as in an AppTest of one page file. An unknown or missing page raises."""
    target = page_path(name)
    try:
        st.page_link(target, label=label, query_params=query_params, **kwargs)
    except st.errors.StreamlitAPIException:  # this script runs alone, not under app.py's navigation
        return False
    return True


def switch(name: str, query_params: dict[str, str] | None = None) -> None:
    """Open page ``name`` (``st.switch_page``); an unknown or missing page raises."""
    st.switch_page(page_path(name), query_params=query_params)
