"""The Karte's controls: indicator, level, view, comparison year and classes, seeded from and kept in the URL.

``choose_params`` draws the two rows of pickers and returns the ``KarteParams`` they describe; where the
settings cannot give a map (no values in the year, no manual breaks) it says so and stops the page.
"""

from __future__ import annotations

import streamlit as st

from sozialraum.analysis.availability import indicator_period_in_year, latest_data_year
from sozialraum.analysis.classification import (
    MAX_CLASSES,
    METHOD_LABELS,
    MIN_CLASSES,
    ClassificationError,
    Method,
    parse_manual_breaks,
)
from sozialraum.analysis.keyfigures import choose_key_indicators
from sozialraum.formatting import format_date
from sozialraum.reports import karte
from sozialraum.reports.source import Source
from sozialraum.ui import coverage
from sozialraum.ui import social_index as index_ui
from sozialraum.ui.components import source_footer
from sozialraum.ui.markup import markdown_literal
from sozialraum.ui.selection import Selection, seed_from_url, write_to_url
from sozialraum.vocabulary import LEVEL_PLURAL, level_from_word, ordered_levels, word_for

VIEW_LABELS = {karte.VIEW_VALUES: "Werte", karte.VIEW_CHANGE: "Veränderung"}
#: The default level is the first of these where the indicator has values: social spaces are what the
#: sidebar selects, then coarse to fine.
LEVEL_PREFERENCE = ("social_space", "district", "region", "planning_area")
AUTO_LEVEL = "karte_ebene_auto"  # the level last set as a default, not by the user


def stop(message: str, info: dict[str, str], kind: str = "info") -> None:
    getattr(st, kind)(message)
    source_footer(info)
    st.stop()


def _indicator(source: Source, year: int, column) -> str:
    catalogue, availability = source.indicators(), source.availability()
    options = list(dict.fromkeys(choose_key_indicators(catalogue, count=1) + list(catalogue.index)))
    with_values = [key for key in options if karte.map_period(availability, key, year) is not None]
    is_plan_year = karte.is_plan_year(availability, year)
    # In a plan year, the default is an indicator with the newest values, not one whose last Stichtag is old.
    newest_year = latest_data_year(availability)
    newest = [key for key in with_values if indicator_period_in_year(availability, key, newest_year) is not None]
    default = (newest if is_plan_year and newest else with_values or options)[0]

    def label(key: str) -> str:
        text = f"{catalogue.loc[key, 'name']} ({catalogue.loc[key, 'topic']})"
        return text if key in with_values else f"{text} – keine Werte {year}"

    seed_from_url("kennzahl", options, default=default)
    key = column.selectbox("Kennzahl", options, format_func=label, key="kennzahl")
    write_to_url("kennzahl", key, default)
    return key


def _level(url: str, key: str, levels: list[str], period, column) -> str:
    has_values = {level: coverage.has_values(url, key, level, period) for level in levels}
    preferred = [level for level in LEVEL_PREFERENCE if level in levels]
    default = next((level for level in preferred if has_values[level]), preferred[0])

    def label(level: str) -> str:
        if has_values[level]:
            return LEVEL_PLURAL[level]
        return f"{LEVEL_PLURAL[level]} – keine Werte ({coverage.missing_reason(url, key, level, period)})"

    # A level the user did not choose follows the indicator to a level with values (see AUTO_LEVEL).
    if st.session_state.get("ebene") is not None and st.session_state.get(AUTO_LEVEL) == st.session_state["ebene"]:
        st.session_state["ebene"] = default
    seed_from_url("ebene", levels, level_from_word, default=default)
    if st.session_state["ebene"] == default:
        st.session_state[AUTO_LEVEL] = default
    level = column.selectbox("Gebietsebene", levels, format_func=label, key="ebene")
    write_to_url("ebene", word_for(level), word_for(default))
    return level


def _classes(show_change: bool, columns) -> tuple[Method, int, bool]:
    seed_from_url("methode", list(METHOD_LABELS), Method)
    method = columns[0].selectbox(
        "Klassenbildung", list(METHOD_LABELS), format_func=METHOD_LABELS.__getitem__, key="methode"
    )
    write_to_url("methode", method.value, Method.QUANTILES.value)
    class_options = list(range(MIN_CLASSES, MAX_CLASSES + 1))
    seed_from_url("klassen", [karte.DEFAULT_CLASSES, *class_options], int)
    class_count = columns[1].select_slider(
        "Klassen", class_options, key="klassen", disabled=method == Method.MANUAL, help="Anzahl der Farbstufen."
    )
    write_to_url("klassen", class_count, karte.DEFAULT_CLASSES)
    if "fest" not in st.session_state:
        st.session_state["fest"] = st.query_params.get("fest") == "1"
    fixed = (
        columns[2].toggle(
            "Grenzen fest (alle Jahre)",
            key="fest",
            disabled=show_change,
            help="Dieselben Klassengrenzen für jedes Jahr, damit Farben über die Zeit vergleichbar bleiben.",
        )
        and not show_change
    )
    write_to_url("fest", "1" if fixed else "0", "0")
    return method, class_count, fixed


def _manual_breaks(column) -> tuple[float, ...]:
    text = column.text_input(
        "Klassengrenzen", value=st.query_params.get("grenzen", ""), placeholder="z. B. 5; 10; 15", key="grenzen"
    )
    write_to_url("grenzen", text, "")
    if not text.strip():
        st.info("Bitte eigene Klassengrenzen eingeben, mit Semikolon getrennt, z. B. »5; 10; 15«.")
        st.stop()
    try:
        return tuple(parse_manual_breaks(text))
    except ClassificationError as error:
        st.error(markdown_literal(error))
        st.stop()
        raise


def choose_params(source: Source, url: str, selection: Selection, info: dict[str, str]) -> karte.KarteParams:
    """Draw the Karte's pickers; their settings as ``KarteParams`` (stops the page where there is no map)."""
    levels = ordered_levels(source.areas()["level"])
    catalogue = source.indicators()
    if not levels or catalogue.empty:
        stop("Für eine Karte fehlen Gebiete unterhalb der Gesamtstadt oder Kennzahlen.", info)
    top = st.columns([3, 2, 2, 2])
    key = _indicator(source, selection.year, top[0])
    period = karte.map_period(source.availability(), key, selection.year)
    if period is None:
        stop(karte.missing_year_text(source.availability(), catalogue.loc[key, "name"], key, selection.year), info)
    level = _level(url, key, levels, period, top[1])
    seed_from_url("ansicht", list(VIEW_LABELS))
    view = top[2].selectbox("Darstellung", list(VIEW_LABELS), format_func=VIEW_LABELS.__getitem__, key="ansicht")
    write_to_url("ansicht", view, karte.VIEW_VALUES)
    # Comparison years: the indicator's values on the same areas (boundary version) and level, newest first.
    comparable, _, reform_note = karte.comparison_years(source, key, level, period)
    show_change, earlier_year = view == karte.VIEW_CHANGE, None
    if show_change and not comparable:
        st.info(
            f"Für »{catalogue.loc[key, 'name']}« gibt es vor {selection.year} keinen Vergleichsstichtag auf "
            f"denselben Gebieten; gezeigt werden die Werte.{' ' + reform_note if reform_note else ''}"
        )
        show_change = False
    elif show_change:
        years = list(comparable)
        seed_from_url("vergleich", years, int)
        earlier_year = top[3].selectbox(
            "Vergleichsjahr",
            years,
            format_func=lambda year: f"{year} ({format_date(comparable[year])})",
            key="vergleich",
        )
        write_to_url("vergleich", earlier_year, years[0])
        if reform_note:
            st.caption(reform_note)
    second = st.columns([3, 2, 2, 2])
    method, class_count, fixed = _classes(show_change, second)
    index_ui.index_class_offer(url, key)
    breaks = _manual_breaks(second[3]) if method == Method.MANUAL else None
    return karte.KarteParams(
        kennzahl=key,
        ebene=level,
        jahr=selection.year,
        ansicht=karte.VIEW_CHANGE if show_change else karte.VIEW_VALUES,
        vergleich=earlier_year,
        methode=method,
        klassen=class_count,
        fest=fixed,
        grenzen=breaks,
    )
