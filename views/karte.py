"""Karte: any indicator on any area level, values of a year or their change, with an honest legend."""

from datetime import date
from functools import partial
from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from sozialraum.analysis.availability import (
    comparison_periods,
    data_versions,
    indicator_period_in_year,
    indicator_periods,
    latest_data_year,
    latest_period_until,
    years_with_values,
)
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
from sozialraum.maps.geometry import missing_shapes_text
from sozialraum.maps.indicator_map import MapSubject, area_fills, indicator_map, tooltip_rows
from sozialraum.ui import coverage, data, mapview, profile_data
from sozialraum.ui import social_index as index_ui
from sozialraum.ui.components import demo_badge, page_context, source_footer
from sozialraum.ui.deck import add_to_deck_button
from sozialraum.ui.exports import chart_downloads, file_stem, table_downloads
from sozialraum.ui.markup import markdown_literal
from sozialraum.ui.selection import seed_from_url, write_to_url
from sozialraum.vocabulary import LEVEL_PLURAL, LEVEL_SINGULAR, level_from_word, ordered_levels, word_for

VIEW_VALUES, VIEW_CHANGE = "werte", "veraenderung"
VIEW_LABELS = {VIEW_VALUES: "Werte", VIEW_CHANGE: "Veränderung"}
CHART_MAX_AREAS = 60  # more bars than this are unreadable: a table instead
#: The default level is the first of these where the indicator has values: social spaces are what the
#: sidebar selects, then coarse to fine.
LEVEL_PREFERENCE = ("social_space", "district", "region", "planning_area")
AUTO_LEVEL = "karte_ebene_auto"  # the level last set as a default, not by the user

mapview.leaflet_assets(str(Path(__file__).resolve().parents[1] / "static"))
url, info, selection = page_context()

st.title(f"Karte {selection.year}")
demo_badge(info)

catalogue = data.indicators(url)
availability = data.availability(url)
is_plan_year = selection.year not in years_with_values(availability)
levels = ordered_levels(data.areas(url)["level"])
if not levels or catalogue.empty:
    st.info("Für eine Karte fehlen Gebiete unterhalb der Gesamtstadt oder Kennzahlen.")
    source_footer(info)
    st.stop()


def period_of(key: str) -> date | None:
    """The indicator's latest Stichtag in the year; in a plan year without any values its latest before."""
    if is_plan_year:
        return latest_period_until(availability, key, selection.year)
    return indicator_period_in_year(availability, key, selection.year)


indicator_options = list(dict.fromkeys(choose_key_indicators(catalogue, count=1) + list(catalogue.index)))
with_values = [key for key in indicator_options if period_of(key) is not None]
# In a plan year, the default is an indicator with the newest values, not one whose last Stichtag is old.
newest_year = latest_data_year(availability)
newest = [key for key in with_values if indicator_period_in_year(availability, key, newest_year) is not None]
default_indicator = (newest if is_plan_year and newest else with_values or indicator_options)[0]


def indicator_label(key: str) -> str:
    label = f"{catalogue.loc[key, 'name']} ({catalogue.loc[key, 'topic']})"
    return label if key in with_values else f"{label} – keine Werte {selection.year}"


top = st.columns([3, 2, 2, 2])
seed_from_url("kennzahl", indicator_options, default=default_indicator)
indicator_key = top[0].selectbox("Kennzahl", indicator_options, format_func=indicator_label, key="kennzahl")
write_to_url("kennzahl", indicator_key, default_indicator)
indicator = catalogue.loc[indicator_key]
period = period_of(indicator_key)
if period is None:
    years_text = ", ".join(str(year) for year in years_with_values(availability, indicator_key)) or "keine"
    st.info(
        f"Für »{indicator['name']}« liegen {selection.year} keine Werte vor (Jahre mit Werten: {years_text}). "
        "Bitte in der Seitenleiste ein anderes Jahr oder oben eine andere Kennzahl wählen."
    )
    source_footer(info)
    st.stop()

level_has_values = {level: coverage.has_values(url, indicator_key, level, period) for level in levels}
preferred = [level for level in LEVEL_PREFERENCE if level in levels]
default_level = next((level for level in preferred if level_has_values[level]), preferred[0])


def level_label(level: str) -> str:
    if level_has_values[level]:
        return LEVEL_PLURAL[level]
    return f"{LEVEL_PLURAL[level]} – keine Werte ({coverage.missing_reason(url, indicator_key, level, period)})"


# A level the user did not choose follows the indicator to a level with values (see AUTO_LEVEL).
if st.session_state.get("ebene") is not None and st.session_state.get(AUTO_LEVEL) == st.session_state["ebene"]:
    st.session_state["ebene"] = default_level
seed_from_url("ebene", levels, level_from_word, default=default_level)
if st.session_state["ebene"] == default_level:
    st.session_state[AUTO_LEVEL] = default_level
level = top[1].selectbox("Gebietsebene", levels, format_func=level_label, key="ebene")
write_to_url("ebene", word_for(level), word_for(default_level))
seed_from_url("ansicht", list(VIEW_LABELS))
view = top[2].selectbox("Darstellung", list(VIEW_LABELS), format_func=VIEW_LABELS.__getitem__, key="ansicht")
write_to_url("ansicht", view, VIEW_VALUES)

# Comparison years: the indicator's values on the same areas (boundary version) and level, newest first.
comparable, other_version = comparison_periods(availability, indicator_key, period)
comparable = {year: p for year, p in comparable.items() if coverage.has_values(url, indicator_key, level, p)}
earlier_years = list(comparable)
show_change = view == VIEW_CHANGE
earlier_year = earlier_years[0] if earlier_years else None
if show_change:
    reform_note = ""
    if other_version:
        version_names = profile_data.boundary_versions(url).set_index("key")["name"]
        before = data_versions(availability, indicator_key, next(iter(other_version.values())))
        reform_note = (
            f" Werte von {', '.join(str(year) for year in sorted(other_version))} liegen auf einem anderen "
            f"Gebietsstand vor (»{version_names.get(before[0], before[0]) if before else '?'}«); über eine "
            "Gebietsreform hinweg lassen sich die Gebiete ohne eine importierte Zuordnung nicht vergleichen. "
            "Wer dort vergleichen will, wählt in der Seitenleiste ein Jahr dieses Gebietsstands."
        )
    if not earlier_years:
        st.info(
            f"Für »{indicator['name']}« gibt es vor {selection.year} keinen Vergleichsstichtag auf denselben "
            f"Gebieten; gezeigt werden die Werte.{reform_note}"
        )
        show_change = False
    else:
        seed_from_url("vergleich", earlier_years, int)
        earlier_year = top[3].selectbox(
            "Vergleichsjahr",
            earlier_years,
            format_func=lambda year: f"{year} ({format_date(comparable[year])})",
            key="vergleich",
        )
        write_to_url("vergleich", earlier_year, earlier_years[0])
        if reform_note:
            st.caption(reform_note.strip())

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

subject = MapSubject(
    name=indicator["name"],
    unit=indicator["unit"],
    decimals=int(indicator["decimals"]),
    polarity=int(indicator["polarity"]),
    year=period.year,  # in a plan year: the year of the values shown, not the plan year
    earlier_year=earlier_year,
    show_change=show_change,
)
earlier_period = comparable.get(earlier_year) if show_change and earlier_year else None
# The areas the data sit on: usually the boundary version valid at the period, but a source may
# publish a Stichtag on the next version (Berlin's MSS 2021: 31.12.2020 on the LOR 2021).
areas = mapview.areas_at(url, level, period, mapview.data_boundary_version(url, indicator_key, period))
if areas.empty:
    st.warning(f"Für {selection.year} sind keine {LEVEL_PLURAL[level]} mit gültigen Grenzen gespeichert.")
    source_footer(info)
    st.stop()
wanted_periods = tuple(p for p in (period, earlier_period) if p is not None)
values = data.values(url, (indicator_key,), wanted_periods, level)
table = area_table(areas, values, indicator_key, period, earlier_period, subject.polarity, subject.unit)
if table[subject.mapped_column].isna().all():
    st.warning(
        f"Für »{markdown_literal(subject.name)}« liegen {selection.year} auf der Ebene {LEVEL_PLURAL[level]} "
        "keine Werte vor" + (f" (oder nicht für {earlier_year})." if show_change else ".")
    )

# The city of the boundary version the map shows: a city exists once per version.
city_ids = mapview.areas_at(url, "city", period, areas["boundary_version"].iloc[0])["id"]
city_values = data.values(url, (indicator_key,), wanted_periods, "city")
city_values = city_values[city_values["area_id"].isin(city_ids)]
city_now, _ = city_value(city_values, indicator_key, period)
city_before, _ = city_value(city_values, indicator_key, earlier_period) if earlier_period else (float("nan"), "")
city_change = compute_change(pd.Series([city_now]), pd.Series([city_before]), subject.change_kind).iloc[0]
city_mapped = city_change if show_change else city_now

fixed_years = None
if fixed:
    all_periods = indicator_periods(availability, indicator_key)
    all_values = data.values(url, (indicator_key,), tuple(all_periods), level)
    pooled = all_values.loc[all_values["flag"] != "suppressed", "value"].dropna()
    classified_values = tuple(float(v) for v in pooled)
    fixed_years = (all_periods[0].year, all_periods[-1].year)
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
# Areas imported from a list have no boundary yet: the map draws the others and names these.
without_shape = areas.loc[~areas["key"].isin(geometries["key"]), "name"].astype(str).tolist()
folium_map = (
    indicator_map(
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
    if not geometries.empty
    else None
)

st.caption(
    f"{markdown_literal(subject.title())} · Stichtag {format_date(period)} · {len(table)} {LEVEL_PLURAL[level]}"
    + (f" (letzter Stichtag vor dem Planjahr {selection.year})" if is_plan_year else "")
    + ". "
    "Fahren Sie über ein Gebiet für Details; ein Klick wählt es aus."
)
map_column, side_column = st.columns([3, 2], gap="medium")
with map_column:
    if missing_text := missing_shapes_text(without_shape, LEVEL_PLURAL[level]):
        st.info(markdown_literal(missing_text))
    if folium_map is not None:
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
