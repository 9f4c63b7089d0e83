"""Karte: any indicator on any area level, values of a year or their change, with an honest legend."""

from functools import partial
from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from sozialraum.analysis.classification import (
    MAX_CLASSES,
    METHOD_LABELS,
    MIN_CLASSES,
    ClassificationError,
    Method,
    parse_manual_breaks,
)
from sozialraum.analysis.keyfigures import choose_key_indicators
from sozialraum.analysis.mapdata import area_table, city_value, compute_change
from sozialraum.charts.ranking import ranking_figure
from sozialraum.export.tables import TEXT
from sozialraum.formatting import format_date
from sozialraum.maps.export import map_export_table, map_method_notes
from sozialraum.maps.indicator_map import MapSubject, area_fills, indicator_map, tooltip_rows
from sozialraum.markup import markdown_literal
from sozialraum.repository import latest_period_per_year
from sozialraum.ui import data, mapview
from sozialraum.ui import social_index as index_ui
from sozialraum.ui.components import demo_badge, page_context, source_footer
from sozialraum.ui.deck import add_to_deck_button
from sozialraum.ui.exports import chart_downloads, file_stem, table_downloads
from sozialraum.ui.selection import seed_from_url, write_to_url

LEVEL_LABELS = {"district": "Bezirke", "social_space": "Sozialräume", "planning_area": "Planungsräume"}
LEVEL_SINGULAR = {"district": "Bezirk", "social_space": "Sozialraum", "planning_area": "Planungsraum"}
VIEW_VALUES, VIEW_CHANGE = "werte", "veraenderung"
VIEW_LABELS = {VIEW_VALUES: "Werte", VIEW_CHANGE: "Veränderung"}
CHART_MAX_AREAS = 60  # more bars than this are unreadable: a table instead

mapview.leaflet_assets(str(Path(__file__).resolve().parents[1] / "static"))
url, info, selection = page_context()

st.title(f"Karte {selection.year}")
demo_badge(info)

catalogue = data.indicators(url)
years = latest_period_per_year(data.periods(url))
stored_levels = set(data.areas(url)["level"])
levels = [level for level in LEVEL_LABELS if level in stored_levels]
indicator_options = list(dict.fromkeys(choose_key_indicators(catalogue, count=1) + list(catalogue.index)))

top = st.columns([3, 2, 2, 2])
seed_from_url("kennzahl", indicator_options)
indicator_key = top[0].selectbox(
    "Kennzahl",
    indicator_options,
    format_func=lambda key: f"{catalogue.loc[key, 'name']} ({catalogue.loc[key, 'topic']})",
    key="kennzahl",
)
write_to_url("kennzahl", indicator_key, indicator_options[0])
default_level = "social_space" if "social_space" in levels else levels[0]
level_options = [default_level] + [level for level in levels if level != default_level]
seed_from_url("ebene", level_options)
level = top[1].selectbox("Gebietsebene", level_options, format_func=LEVEL_LABELS.__getitem__, key="ebene")
write_to_url("ebene", level, default_level)
seed_from_url("ansicht", list(VIEW_LABELS))
view = top[2].selectbox("Darstellung", list(VIEW_LABELS), format_func=VIEW_LABELS.__getitem__, key="ansicht")
write_to_url("ansicht", view, VIEW_VALUES)
earlier_years = sorted((y for y in years if y < selection.year), reverse=True)
show_change = view == VIEW_CHANGE
earlier_year = earlier_years[0] if earlier_years else None
if show_change:
    if not earlier_years:
        st.info(f"Vor {selection.year} gibt es kein Vergleichsjahr; gezeigt werden die Werte.")
        show_change = False
    else:
        seed_from_url("vergleich", earlier_years, int)
        earlier_year = top[3].selectbox("Vergleichsjahr", earlier_years, key="vergleich")
        write_to_url("vergleich", earlier_year, earlier_years[0])

method_options = list(METHOD_LABELS)
second = st.columns([3, 2, 2, 2])
seed_from_url("methode", method_options, Method)
method = second[0].selectbox("Klassenbildung", method_options, format_func=METHOD_LABELS.__getitem__, key="methode")
write_to_url("methode", method.value, Method.QUANTILES.value)
class_options = list(range(MIN_CLASSES, MAX_CLASSES + 1))
seed_from_url("klassen", [5, *class_options], int)
class_count = second[1].select_slider(
    "Klassen", class_options, key="klassen", disabled=method == Method.MANUAL, help="Anzahl der Farbstufen."
)
write_to_url("klassen", class_count, 5)
if "fest" not in st.session_state:
    st.session_state["fest"] = st.query_params.get("fest") == "1"
fixed = (
    second[2].toggle(
        "Grenzen fest (alle Jahre)",
        key="fest",
        disabled=show_change,
        help="Dieselben Klassengrenzen für jedes Jahr, damit Farben über die Zeit vergleichbar bleiben.",
    )
    and not show_change
)
write_to_url("fest", "1" if fixed else "0", "0")
index_ui.index_class_offer(url, indicator_key)
manual_breaks = None
if method == Method.MANUAL:
    manual_text = second[3].text_input(
        "Klassengrenzen", value=st.query_params.get("grenzen", ""), placeholder="z. B. 5; 10; 15", key="grenzen"
    )
    write_to_url("grenzen", manual_text, "")
    if not manual_text.strip():
        st.info("Bitte eigene Klassengrenzen eingeben, mit Semikolon getrennt, z. B. »5; 10; 15«.")
        st.stop()
    try:
        manual_breaks = tuple(parse_manual_breaks(manual_text))
    except ClassificationError as error:
        st.error(markdown_literal(error))
        st.stop()

indicator = catalogue.loc[indicator_key]
subject = MapSubject(
    name=indicator["name"],
    unit=indicator["unit"],
    decimals=int(indicator["decimals"]),
    polarity=int(indicator["polarity"]),
    year=selection.year,
    earlier_year=earlier_year,
    show_change=show_change,
)
period, earlier_period = years[selection.year], years.get(earlier_year) if earlier_year else None
# The areas the data sit on: usually the boundary version valid at the period, but a source may
# publish a Stichtag on the next version (Berlin's MSS 2021: 31.12.2020 on the LOR 2021).
areas = mapview.areas_at(url, level, period, mapview.data_boundary_version(url, indicator_key, period))
if areas.empty:
    st.warning(f"Für {selection.year} sind keine {LEVEL_LABELS[level]} mit gültigen Grenzen gespeichert.")
    st.stop()
wanted_periods = tuple(p for p in (period, earlier_period) if p is not None)
values = data.values(url, (indicator_key,), wanted_periods, level)
table = area_table(areas, values, indicator_key, period, earlier_period, subject.polarity, subject.unit)
if table[subject.mapped_column].isna().all():
    st.warning(
        f"Für »{markdown_literal(subject.name)}« liegen {selection.year} auf der Ebene {LEVEL_LABELS[level]} "
        "keine Werte vor" + (f" (oder nicht für {earlier_year})." if show_change else ".")
    )

city_values = data.values(url, (indicator_key,), wanted_periods, "city")
city_now, _ = city_value(city_values, indicator_key, period)
city_before, _ = city_value(city_values, indicator_key, earlier_period) if earlier_period else (float("nan"), "")
city_change = compute_change(pd.Series([city_now]), pd.Series([city_before]), subject.change_kind).iloc[0]
city_mapped = city_change if show_change else city_now

fixed_years = None
if fixed:
    all_values = data.values(url, (indicator_key,), tuple(years.values()), level)
    pooled = all_values.loc[all_values["flag"] != "suppressed", "value"]
    classified_values = tuple(float(v) for v in pooled)
    fixed_years = (min(years), max(years))
else:
    classified_values = tuple(float(v) for v in table[subject.mapped_column])
try:
    classification = mapview.cached_classification(classified_values, method, class_count, manual_breaks)
except ClassificationError as error:
    st.error(markdown_literal(error))
    st.stop()

selected_key = selection.area_key if level == "social_space" else mapview.clicked_area(level)
tile_url, tile_attribution = mapview.tile_settings()
geometries, outline = mapview.map_geometries(url, level, areas["boundary_version"].iloc[0], period)
folium_map = indicator_map(
    geometries,
    outline,
    table,
    subject,
    classification,
    subject.format_value(city_now) if city_now == city_now else "–",
    selected_key or None,
    fixed_years,
    tile_url,
    tile_attribution,
)

st.caption(
    f"{markdown_literal(subject.title())} · Stichtag {format_date(period)} · {len(table)} {LEVEL_LABELS[level]}. "
    "Fahren Sie über ein Gebiet für Details; ein Klick wählt es aus."
)
map_column, side_column = st.columns([3, 2], gap="medium")
with map_column:
    st_folium(
        folium_map,
        key=mapview.MAP_KEY,
        height=620,
        use_container_width=True,
        returned_objects=["last_active_drawing", "last_object_clicked_count"],
        on_change=partial(mapview.handle_map_click, level, selection.area_key),
    )
    slide_params = {
        "kennzahl": indicator_key,
        "ebene": level,
        "jahr": selection.year,
        "ansicht": VIEW_CHANGE if show_change else VIEW_VALUES,
        "vergleich": earlier_year if show_change else None,
        "methode": method.value,
        "klassen": class_count,
        "fest": fixed,
        "grenzen": list(manual_breaks) if manual_breaks else None,
    }
    add_to_deck_button("karte", slide_params, subject.title(), key="karte_map")
    if level != "social_space" and selected_key in set(table["key"]):
        row = tooltip_rows(table[table["key"] == selected_key], subject).iloc[0]
        st.info(
            f"**{markdown_literal(row['name'])}** ({LEVEL_SINGULAR[level]}): "
            f"{markdown_literal(row['value_text'])} · Rang {row['rank_text']} · "
            f"Veränderung: {markdown_literal(row['change_text'])}"
        )

with side_column:
    fills = area_fills(table, subject, classification)
    colours = fills.where(fills.str.startswith("#"), "#d9d9d9")
    if len(table) <= CHART_MAX_AREAS:
        ranking = ranking_figure(table, subject.mapped_column, colours, city_mapped, subject.format_mapped, "Rangfolge")
        st.plotly_chart(ranking, width="stretch", key="ranking")
        chart_downloads(ranking, file_stem("rangfolge", indicator_key, level, selection.year), "ranking", info)
        add_to_deck_button(
            "karte", {**slide_params, "darstellung": "rangfolge"}, f"Rangfolge: {subject.title()}", key="karte_ranking"
        )
    else:
        st.markdown("**Rangfolge**")
        ranked = tooltip_rows(table, subject).sort_values(subject.mapped_column, ascending=False)
        st.dataframe(
            ranked[["rank_text", "name", "value_text", "change_text"]].rename(
                columns={"rank_text": "Rang", "name": "Gebiet", "value_text": "Wert", "change_text": "Veränderung"}
            ),
            hide_index=True,
            height=560,
            key="ranking_table",
        )
    table_downloads(
        map_export_table(table, subject, classification),
        file_stem("karte", indicator_key, level, selection.year),
        "map_values",
        info,
        formats={"Gebiet": TEXT},
        catalogue=catalogue,
        indicator_keys=[indicator_key],
        method=map_method_notes(subject, classification, fixed_years, subject.format_value(city_now)),
        sheet_name="Karte",
    )
    st.markdown(f"**{markdown_literal(subject.name)}**")
    st.caption(markdown_literal(indicator["definition"] or "Keine Definition hinterlegt."))
    st.caption(f"Quelle: {markdown_literal(indicator['source'] or 'nicht angegeben')}")
    city_text = subject.format_value(city_now) if city_now == city_now else "–"
    st.caption(
        f"Stadtdurchschnitt {selection.year}: {markdown_literal(city_text)} "
        "(aus Summen von Zähler und Nenner, kein Mittel der Gebietswerte)."
    )

source_footer(info)
