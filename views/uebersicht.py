"""Übersicht: the leadership cockpit for the selected year, on one screen without scrolling."""

import streamlit as st

from sozialraum.formatting import format_date
from sozialraum.reports.uebersicht import UebersichtParams, build, warning_keys
from sozialraum.ui import uebersicht_page
from sozialraum.ui.components import demo_badge, page_context, source_footer
from sozialraum.ui.deck import add_to_deck_button
from sozialraum.ui.goals import trend_periods
from sozialraum.ui.markup import markdown_literal
from sozialraum.ui.source import CachedSource
from sozialraum.ui.tour import first_start_tour

url, info, selection = page_context()
first_start_tour(url, info, selection)

uebersicht_page.follow_map_choice()
uebersicht_page.compact_style()
# The goals' traffic light uses the trend window chosen on the Wirkungsziele page.
params = UebersichtParams(year=selection.year, area_key=selection.area_key, trend=trend_periods())
title, badge, deck = st.columns([3, 1.4, 1.1], vertical_alignment="center")
title.title(f"Übersicht {selection.year}")
with badge:
    demo_badge(info)
with deck:
    add_to_deck_button("uebersicht", params.to_query(), f"Übersicht {selection.year}: {selection.area_name}")
st.caption(f"{markdown_literal(selection.area_name)} · Stichtag {format_date(selection.period)}")

source = CachedSource(url)
goals_column, warning_column, budget_column, figures_column = st.columns(4, border=True)
with warning_column:
    # The rules are widgets: drawn first, then the report is built with them.
    catalogue = source.indicators()
    rules = uebersicht_page.early_warning_rules(catalogue, warning_keys(catalogue))
report = build(source, UebersichtParams(params.year, params.area_key, params.trend, rules))
with goals_column:
    uebersicht_page.goals_panel(report, selection)
with warning_column:
    uebersicht_page.early_warning_panel(report, selection)
with budget_column:
    uebersicht_page.budget_panel(report, selection)
with figures_column:
    uebersicht_page.key_figures_panel(report, selection)

source_footer(info)
