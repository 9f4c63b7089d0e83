"""Sozialraum-Monitor: entry point. Run from the repository root: ``streamlit run app.py``."""

import streamlit as st

from sozialraum.ui import data, pages
from sozialraum.ui.components import DEMO_LABEL, is_demo
from sozialraum.ui.database_fault import stop_if_database_unreachable
from sozialraum.ui.errors import run_guarded
from sozialraum.ui.german_ui import inject_german_ui
from sozialraum.ui.markup import markdown_literal
from sozialraum.ui.selection import render_sidebar

# A local icon: Material-symbol favicons are fetched from a Google CDN, which breaks the offline rule.
st.set_page_config(page_title="Sozialraum-Monitor", page_icon=str(pages.ASSETS_DIR / "favicon.png"), layout="wide")
navigation = st.navigation(pages.navigation())  # every page is registered in sozialraum.ui.pages
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
