"""Sozialraum-Monitor: entry point. Run from the repository root: ``streamlit run app.py``."""

from pathlib import Path

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from sozialraum.config import display_url
from sozialraum.ui import data
from sozialraum.ui.components import DEMO_LABEL, is_demo
from sozialraum.ui.selection import render_sidebar

PAGES_DIR = Path(__file__).parent / "pages"
ASSETS_DIR = Path(__file__).parent / "assets"

# A local icon: Material-symbol favicons are fetched from a Google CDN, which breaks the offline rule.
st.set_page_config(page_title="Sozialraum-Monitor", page_icon=str(ASSETS_DIR / "favicon.png"), layout="wide")
navigation = st.navigation(
    {
        "Steuerung": [
            st.Page(PAGES_DIR / "uebersicht.py", title="Übersicht", icon=":material/dashboard:", default=True),
        ],
        "Analyse": [
            st.Page(PAGES_DIR / "karte.py", title="Karte", icon=":material/map:"),
        ],
    }
)

try:
    data.engine()
except SQLAlchemyError as error:
    st.error(
        f"Die Datenbank {display_url(data.database_url())} ist nicht erreichbar oder nicht lesbar "
        f"({error.__class__.__name__}). Bitte die Einstellung SOZIALRAUM_DATABASE_URL prüfen."
    )
    st.stop()

info = data.dataset_info(data.database_url())
st.sidebar.markdown(f"**{info.get('name', 'Sozialraum-Monitor')}**")
if is_demo(info) and DEMO_LABEL not in info.get("name", ""):
    st.sidebar.caption(f":orange[{DEMO_LABEL}]")
st.session_state["selection"] = render_sidebar()
navigation.run()
