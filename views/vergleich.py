"""Vergleich: two to six areas side by side, and how far each lies from the city in comparable units."""

import pandas as pd
import streamlit as st

from sozialraum.analysis.comparison import standardised_deviations
from sozialraum.analysis.profile import shown_values
from sozialraum.charts.profile import deviation_figure
from sozialraum.formatting import format_date, format_value, round_or_none
from sozialraum.ui import data
from sozialraum.ui.area_choice import choose_areas, choose_level
from sozialraum.ui.components import demo_badge, page_context, source_footer
from sozialraum.ui.deck import add_to_deck_button
from sozialraum.ui.exports import chart_downloads, file_stem, table_downloads

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
level_values = shown_values(data.values(url, keys, (selection.period,), level))
city_values = shown_values(data.values(url, keys, (selection.period,), "city"))
labels = {area.id: area.label for area in chosen}

table = {"Thema": shown_catalogue["topic"].tolist(), "Kennzahl": shown_catalogue["name"].tolist()}
for area in chosen:
    own = level_values[level_values["area_id"] == area.id].set_index("indicator_key")["value"]
    table[area.label] = [
        format_value(own.get(key), meta["unit"], int(meta["decimals"])) for key, meta in shown_catalogue.iterrows()
    ]
city = city_values.set_index("indicator_key")["value"]
table["Gesamtstadt"] = [
    format_value(city.get(key), meta["unit"], int(meta["decimals"])) for key, meta in shown_catalogue.iterrows()
]
st.subheader("Werte")
st.dataframe(
    table, hide_index=True, width="stretch", height=(len(shown_catalogue) + 1) * 35 + 3, key="comparison_table"
)
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
    "Standardabweichungen über alle Gebiete der Ebene angegeben (bei Fallzahlen und Einwohnern: Abstand zum "
    "Durchschnitt je Gebiet, denn der Stadtwert ist dort eine Summe). Bei Kennzahlen mit Richtung liegt »günstiger« "
    "immer rechts; bei Kennzahlen ohne Wertung bedeutet rechts »höher«. Gesperrte Werte fehlen."
)
deviations = standardised_deviations(level_values, city_values, shown_catalogue)
deviations = deviations[deviations["area_id"].isin(labels)]
deviation = deviation_figure(deviations, labels, shown_catalogue)
st.plotly_chart(deviation, width="stretch", key="deviation_chart")
chart_downloads(deviation, file_stem("abstand", *(area.key for area in chosen), selection.year), "deviation", info)
add_to_deck_button("vergleich", {**slide_params, "darstellung": "abstand"}, slide_title, key="vergleich_chart")
source_footer(info)
