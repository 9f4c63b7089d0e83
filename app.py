"""Sozialraum-Monitor: entry point. Run from the repository root: ``streamlit run app.py``."""

from pathlib import Path

import streamlit as st

from sozialraum.ui import data
from sozialraum.ui.components import DEMO_LABEL, is_demo
from sozialraum.ui.database_fault import stop_if_database_unreachable
from sozialraum.ui.errors import run_guarded
from sozialraum.ui.german_ui import inject_german_ui
from sozialraum.ui.markup import markdown_literal
from sozialraum.ui.selection import render_sidebar

# Not "pages/": a folder of that name puts Streamlit in its legacy multipage mode until st.navigation
# has run once, so a deep link opened first after a server start shows the wrong page.
VIEWS_DIR = Path(__file__).parent / "views"
ASSETS_DIR = Path(__file__).parent / "assets"

# A local icon: Material-symbol favicons are fetched from a Google CDN, which breaks the offline rule.
st.set_page_config(page_title="Sozialraum-Monitor", page_icon=str(ASSETS_DIR / "favicon.png"), layout="wide")
navigation = st.navigation(
    {
        "Steuerung": [
            st.Page(VIEWS_DIR / "uebersicht.py", title="Übersicht", icon=":material/dashboard:", default=True),
            st.Page(VIEWS_DIR / "ziele.py", title="Wirkungsziele", icon=":material/flag:"),
            st.Page(VIEWS_DIR / "budget.py", title="Budget & Wirkung", icon=":material/euro:"),
        ],
        "Analyse": [
            st.Page(VIEWS_DIR / "karte.py", title="Karte", icon=":material/map:"),
            st.Page(VIEWS_DIR / "steckbrief.py", title="Steckbrief", icon=":material/id_card:"),
            st.Page(VIEWS_DIR / "vergleich.py", title="Vergleich", icon=":material/compare_arrows:"),
            st.Page(VIEWS_DIR / "entwicklung.py", title="Entwicklung", icon=":material/show_chart:"),
            st.Page(VIEWS_DIR / "sozialindex.py", title="Sozialindex", icon=":material/stacked_bar_chart:"),
        ],
        "Präsentation": [
            st.Page(VIEWS_DIR / "sitzungsmappe.py", title="Sitzungsmappe", icon=":material/playlist_play:"),
            st.Page(VIEWS_DIR / "praesentation.py", title="Präsentation", icon=":material/slideshow:"),
        ],
        "Daten": [
            st.Page(VIEWS_DIR / "daten.py", title="Daten", icon=":material/database:", url_path="daten"),
        ],
    }
)
inject_german_ui()  # German where Streamlit's own chrome has no parameter for its text


def run_page() -> None:
    # Before any page: a database lost mid-session gets a German message, not stale or English-error pages.
    stop_if_database_unreachable()
    data.refresh_if_data_changed()  # a write by the CLI or another server shows now, not after the cache TTL
    info = data.dataset_info(data.database_url())
    st.sidebar.markdown(f"**{markdown_literal(info.get('name', 'Sozialraum-Monitor'))}**")
    if is_demo(info) and DEMO_LABEL not in info.get("name", ""):
        st.sidebar.caption(f":orange[{DEMO_LABEL}]")
    st.session_state["selection"] = render_sidebar()
    navigation.run()


# Everything after navigation runs guarded: a failing sidebar or page shows a German message, not Streamlit's box.
run_guarded(run_page)
