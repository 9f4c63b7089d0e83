"""Übersicht: the leadership cockpit for the selected year, on one screen without scrolling."""

import streamlit as st

from sozialraum.analysis.keyfigures import (
    choose_key_indicators,
    choose_population_indicator,
    key_figures,
    periods_for_keys,
    split_unavailable,
    wanted_periods,
)
from sozialraum.formatting import format_date
from sozialraum.ui import cockpit, data, profile_data
from sozialraum.ui.cockpit import figure_notes
from sozialraum.ui.components import demo_badge, page_context, source_footer
from sozialraum.ui.deck import add_to_deck_button
from sozialraum.ui.markup import markdown_literal
from sozialraum.ui.tour import first_start_tour

url, info, selection = page_context()
first_start_tour(url, info, selection)

cockpit.follow_map_choice()
cockpit.compact_style()
title, badge, deck = st.columns([3, 1.4, 1.1], vertical_alignment="center")
title.title(f"Übersicht {selection.year}")
with badge:
    demo_badge(info)
with deck:
    add_to_deck_button(
        "uebersicht",
        {"jahr": selection.year, "raum": selection.area_key},
        f"Übersicht {selection.year}: {selection.area_name}",
    )
st.caption(f"{markdown_literal(selection.area_name)} · Stichtag {format_date(selection.period)}")

catalogue = data.indicators(url)
warning_keys = choose_key_indicators(catalogue)
population_key = choose_population_indicator(catalogue)
figure_keys = ([population_key] if population_key else []) + warning_keys
# Each figure at its own latest Stichtag of the year, against its own Stichtag of an earlier year.
inventory = profile_data.observation_inventory(url)
own_periods = periods_for_keys(inventory, figure_keys, selection.period)
values = data.values(url, tuple(figure_keys), wanted_periods(own_periods), selection.level)
all_figures = key_figures(
    values, catalogue, figure_keys, selection.area_id, selection.period, selection.previous_period, own_periods
)
figures, unavailable = split_unavailable(all_figures)
city_version = data.areas(url).set_index("id")["boundary_version"].get(selection.area_id)
gaps = figure_notes(all_figures, values, catalogue, selection, inventory, city_version)

goals_column, warning_column, budget_column, figures_column = st.columns(4, border=True)
with goals_column:
    cockpit.goals_panel(url, selection)
with warning_column:
    cockpit.early_warning_panel(url, selection, warning_keys)
with budget_column:
    cockpit.budget_panel(url, selection)
with figures_column:
    cockpit.key_figures_panel(url, selection, figures, unavailable, gaps)

source_footer(info)
