"""Vergleich: two to six areas side by side, and how far each lies from the city in comparable units."""

import pandas as pd
import streamlit as st

from sozialraum.analysis.comparison import at_own_periods, standardised_deviations
from sozialraum.analysis.gaps import comparison_gaps, is_count
from sozialraum.analysis.keyfigures import choose_population_indicator, periods_for_keys, wanted_periods
from sozialraum.analysis.profile import shown_values
from sozialraum.charts.profile import deviation_figure
from sozialraum.formatting import format_date, format_value, round_or_none
from sozialraum.reports.steckbrief_tables import period_label
from sozialraum.ui import data, profile_data
from sozialraum.ui.area_choice import choose_areas, choose_level
from sozialraum.ui.components import demo_badge, page_context, source_footer
from sozialraum.ui.deck import add_to_deck_button
from sozialraum.ui.exports import chart_downloads, file_stem, table_downloads
from sozialraum.ui.markup import markdown_literal

MIN_AREAS, MAX_AREAS = 2, 6

url, info, selection = page_context()

st.title(f"Vergleich {selection.year}")
st.caption(f"Stichtag {format_date(selection.period)}")
demo_badge(info)
level = choose_level("vergleich")
chosen = choose_areas(url, level, selection, "vergleich", MIN_AREAS, MAX_AREAS, fallback_count=3)
catalogue = data.indicators(url)
topics = list(dict.fromkeys(catalogue["topic"]))
chosen_topics = st.multiselect("Themen", topics, default=topics, key="vergleich_themen", placeholder="Themen wählen …")
if len(chosen) < MIN_AREAS:
    st.info(f"Bitte mindestens {MIN_AREAS} Gebiete wählen (höchstens {MAX_AREAS}).")
    source_footer(info)
    st.stop()
if not chosen_topics:
    st.info("Bitte mindestens ein Thema wählen.")
    source_footer(info)
    st.stop()

shown_catalogue = catalogue[catalogue["topic"].isin(chosen_topics)]
keys = tuple(shown_catalogue.index)
# Each indicator at its own latest Stichtag of the year (Berlin's MSS: 31.12. of every other year).
inventory = profile_data.observation_inventory(url)
own_periods = periods_for_keys(inventory, keys, selection.period)
periods = wanted_periods(own_periods) or (selection.period,)
raw_level_values = data.values(url, keys, periods, level)
level_values = at_own_periods(shown_values(raw_level_values), own_periods)
raw_city_values = data.values(url, keys, periods, "city")
city_values = at_own_periods(shown_values(raw_city_values), own_periods)
labels = {area.id: area.label for area in chosen}

table = {"Thema": shown_catalogue["topic"].tolist(), "Kennzahl": shown_catalogue["name"].tolist()}
for area in chosen:
    own = level_values[level_values["area_id"] == area.id].set_index("indicator_key")["value"]
    table[area.label] = [
        format_value(own.get(key), meta["unit"], int(meta["decimals"])) for key, meta in shown_catalogue.iterrows()
    ]
city = city_values.drop_duplicates("indicator_key").set_index("indicator_key")["value"]
# A count's city value is the city's total, never an average: the cell says so.
table["Gesamtstadt"] = [
    format_value(city.get(key), meta["unit"], int(meta["decimals"]))
    + (" gesamt" if is_count(meta) and pd.notna(city.get(key)) else "")
    for key, meta in shown_catalogue.iterrows()
]
# The Stichtag per indicator only when some differ from the year's (a survey every other year, half-years).
if any(own_periods[key][0] != selection.period for key in shown_catalogue.index):
    table["Stand"] = [period_label(own_periods[key][0]) for key in shown_catalogue.index]
st.subheader("Werte")
st.dataframe(
    table,
    hide_index=True,
    width="stretch",
    height=(len(shown_catalogue) + 1) * 35 + 3,
    key="comparison_table",
    column_config={
        "Gesamtstadt": st.column_config.TextColumn(
            width=150, help="Anteile und Quoten aus summierten Zählern und Nennern; bei Anzahlen die Summe der Stadt."
        ),
        "Stand": st.column_config.TextColumn(help="Letzter Stichtag der Kennzahl im gewählten Jahr."),
    },
)
area_versions = data.areas(url).set_index("id")["boundary_version"].to_dict()
gap_notes = comparison_gaps(
    raw_level_values,
    shown_catalogue,
    {area.id: area.name for area in chosen},
    level,
    {key: pair[0] for key, pair in own_periods.items()},
    selection.period,
    inventory,
    area_versions,
)
city_ids = data.areas(url, "city", selection.period)["id"].tolist()
gap_notes += comparison_gaps(
    raw_city_values,
    shown_catalogue,
    {int(city_ids[0]): "Gesamtstadt"} if city_ids else {},
    "city",
    {key: pair[0] for key, pair in own_periods.items()},
    selection.period,
    inventory,
    area_versions,
)
if gap_notes:
    st.caption("Hinweise zu fehlenden Werten und Summen: " + markdown_literal(" · ".join(gap_notes)))
slide_params = {
    "ebene": level,
    "gebiete": [area.key for area in chosen],
    "jahr": selection.year,
    "themen": chosen_topics,
}
slide_title = f"Vergleich {selection.year}: " + ", ".join(area.name for area in chosen)
add_to_deck_button("vergleich", {**slide_params, "darstellung": "tabelle"}, slide_title, key="vergleich_table")
numbers = {
    "Thema": shown_catalogue["topic"].tolist(),
    "Kennzahl": shown_catalogue["name"].tolist(),
    "Einheit": shown_catalogue["unit"].fillna("").tolist(),
}
for area in chosen:
    own = level_values[level_values["area_id"] == area.id].set_index("indicator_key")["value"]
    numbers[area.label] = [round_or_none(own.get(key), meta["decimals"]) for key, meta in shown_catalogue.iterrows()]
numbers["Gesamtstadt"] = [round_or_none(city.get(key), meta["decimals"]) for key, meta in shown_catalogue.iterrows()]
stem = file_stem("vergleich", *(area.key for area in chosen), selection.year)
table_downloads(
    pd.DataFrame(numbers),
    stem,
    "comparison_table",
    info,
    catalogue=catalogue,
    indicator_keys=keys,
    method=[("Gesamtstadt", "aus summierten Zählern und Nennern (gewichtet); gesperrte Werte fehlen")],
    sheet_name="Vergleich",
)

st.subheader("Abstand zum Stadtwert")
st.caption(
    "Damit Kennzahlen mit verschiedenen Einheiten vergleichbar sind, ist der Abstand zum Stadtwert in "
    "Standardabweichungen über alle Gebiete der Ebene angegeben. Anzahlen (z. B. Fälle) werden je Einwohner "
    "verglichen, denn ihr Stadtwert ist eine Summe; die Einwohnerzahl selbst wird nicht verglichen. Bei Kennzahlen "
    "mit Richtung liegt »günstiger« immer rechts; bei Kennzahlen ohne Wertung bedeutet rechts »höher«. "
    "Gesperrte Werte fehlen."
)
deviations = standardised_deviations(level_values, city_values, shown_catalogue, choose_population_indicator(catalogue))
deviations = deviations[deviations["area_id"].isin(labels)]
if not city_ids:
    # A database of social spaces without a city area has no city value to measure the distance from.
    st.info(
        "Ohne Gebiet der Ebene Gesamtstadt gibt es keinen Stadtwert, daher keinen Abstand. "
        "Die Gesamtstadt lässt sich als Gebiet importieren (Seite Daten)."
    )
    source_footer(info)
    st.stop()
deviation = deviation_figure(deviations, labels, shown_catalogue)
st.plotly_chart(deviation, width="stretch", key="deviation_chart")
chart_downloads(deviation, file_stem("abstand", *(area.key for area in chosen), selection.year), "deviation", info)
add_to_deck_button("vergleich", {**slide_params, "darstellung": "abstand"}, slide_title, key="vergleich_chart")
source_footer(info)
