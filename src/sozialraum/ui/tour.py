"""The first-start tour: one line on the Übersicht saying what the app is and where each user starts.

Leadership starts on the Übersicht, social planners on Karte and Steckbrief, council members on
Präsentation. »Ausblenden« hides the line for good. Where that is remembered: Streamlit has no per-browser
storage without a component that runs JavaScript (cookies, localStorage), and the session state is gone with
the tab. The app is typically run by one office on one database, so the dismissal is a mark in
``dataset_info`` (``tour_dismissed``): once closed, it stays closed for everyone on this database, also
after a restart. A new database (a new import, a fresh demo) shows it again.
"""

from __future__ import annotations

import logging

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from sozialraum.models import DatasetInfo
from sozialraum.ui import data, pages
from sozialraum.ui.selection import AREA_PARAM, YEAR_PARAM, Selection

DISMISSED_MARK = "tour_dismissed"
SESSION_KEY = "tour_hidden"  # when the database cannot take the mark (read-only), closed for this session
_log = logging.getLogger(__name__)
# One line that costs the cockpit no room: it sits in the top padding the cockpit otherwise leaves empty,
# so the Übersicht still fits a 1440×900 screen while the tour is shown.
TOUR_STYLE = """
<style>
[data-testid="stMainBlockContainer"] { padding-top: 0.6rem !important; }
.st-key-first_start_tour { gap: 0 0.4rem; align-items: center; padding: 0 0.6rem; margin-bottom: -0.4rem;
  background: #eef4fa; border-radius: 0.5rem; }
.st-key-first_start_tour [data-testid="stElementContainer"] { height: 1.6rem; display: flex; align-items: center; }
.st-key-first_start_tour p, .st-key-first_start_tour a span {
  margin: 0 !important; font-size: 0.85rem; line-height: 1.6rem; white-space: nowrap; }
.st-key-first_start_tour [data-testid="stMarkdownContainer"] { margin-bottom: 0 !important; }
.st-key-first_start_tour [data-testid="stPageLink-NavLink"] { padding: 0 0.2rem; margin: 0; }
.st-key-first_start_tour button { min-height: 0; padding: 0 0.2rem; }
</style>
"""

#: (page file, label, whom it is for); the label is also the link text.
STARTING_POINTS = (
    ("uebersicht.py", "Übersicht", "Leitung"),
    ("karte.py", "Karte", "Planung"),
    ("steckbrief.py", "Steckbrief", "Planung"),
    ("praesentation.py", "Präsentation", "Rat"),
)


def is_dismissed(info: dict[str, str]) -> bool:
    return info.get(DISMISSED_MARK) == "1"


def dismiss(url: str) -> None:
    """Remember in the database that the tour was closed (see the module docstring for why there)."""
    st.session_state[SESSION_KEY] = True
    try:
        with Session(data.engine_for(url)) as session, session.begin():
            session.merge(DatasetInfo(key=DISMISSED_MARK, value="1"))
    except SQLAlchemyError as error:
        _log.warning("tour dismissal not stored: %s", error)
        st.toast("Der Hinweis ist für diese Sitzung ausgeblendet; die Datenbank nimmt keine Änderung an.")
        return
    data.dataset_info.clear()


def first_start_tour(url: str, info: dict[str, str], selection: Selection) -> None:
    """One line above the cockpit until someone closes it."""
    if is_dismissed(info) or st.session_state.get(SESSION_KEY):
        return
    st.html(TOUR_STYLE)
    params = {YEAR_PARAM: str(selection.year)}
    if selection.area_key:
        params[AREA_PARAM] = selection.area_key
    with st.container(horizontal=True, key="first_start_tour"):
        st.markdown("**Neu hier?** Kennzahlen, Budgets, Wirkungsziele je Sozialraum.", width="content")
        audience = ""
        for page, label, whom in STARTING_POINTS:
            if whom != audience:
                st.markdown(f"{'· ' if audience else ''}{whom}:", width="content")
                audience = whom
            pages.link(page, label, params, width="content")
        if st.button("", key="tour_dismiss", icon=":material/close:", type="tertiary", help="Hinweis ausblenden"):
            dismiss(url)
            st.rerun()
