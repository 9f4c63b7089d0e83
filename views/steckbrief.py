"""Steckbrief: one social space (or district, or planning area) in full for the selected year."""

import streamlit as st

from sozialraum.reports.steckbrief import SteckbriefError, SteckbriefParams
from sozialraum.ui import steckbrief_page as sections
from sozialraum.ui.area_choice import LEVEL_LABELS, choose_area, choose_level
from sozialraum.ui.components import demo_badge, is_demo, page_context, source_footer
from sozialraum.ui.exports import file_stem
from sozialraum.ui.goals import trend_periods
from sozialraum.ui.markup import markdown_literal
from sozialraum.ui.steckbrief_sections import city_area

url, info, selection = page_context()

st.title(f"Steckbrief {selection.year}")
demo_badge(info)
level_column, area_column = st.columns([1, 2])
with level_column:
    level = level_pick = choose_level("steckbrief")
with area_column:
    area = choose_area(url, level, selection, "steckbrief")
if area is None:
    # Nothing chosen (Gesamtstadt in the sidebar): the city profile, the whole city's figures.
    area = city_area(url, selection)
    if area is None:
        st.info(f"Der Steckbrief zeigt ein Gebiet im Detail. Bitte oben einen {LEVEL_LABELS[level]} wählen.")
        source_footer(info)
        st.stop()
    level = "city"
    st.caption(
        "Ohne Auswahl eines Gebiets zeigt der Steckbrief die Gesamtstadt; oben lässt sich ein "
        f"{LEVEL_LABELS[level_pick]} wählen."
    )

# The goals' traffic light uses the trend window chosen on the Wirkungsziele page, as the cockpit does.
params = SteckbriefParams(level=level, area_key=area.key, year=selection.year, trend=trend_periods())
try:
    profile = sections.steckbrief(url, params)
except SteckbriefError as error:
    st.error(markdown_literal(error))
    source_footer(info)
    st.stop()

stem = file_stem("steckbrief", area.key, selection.year, "fiktive-beispieldaten" if is_demo(info) else "")
sections.header(profile, stem)
sections.facts(profile, info)
sections.topics(profile, stem, info)
sections.budget(profile, info)
sections.goals(profile, info)
source_footer(info)
