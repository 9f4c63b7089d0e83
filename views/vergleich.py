"""Vergleich: two to six areas side by side, and how far each lies from the city in comparable units."""

import streamlit as st

from sozialraum.charts.area_figures import deviation_figure
from sozialraum.formatting import format_date
from sozialraum.reports import vergleich
from sozialraum.reports.vergleich import CITY_METHOD, MAX_AREAS, MIN_AREAS, SHOW_DISTANCE, SHOW_TABLE
from sozialraum.ui.area_choice import choose_areas, choose_level
from sozialraum.ui.components import demo_badge, page_context, source_footer
from sozialraum.ui.exports import file_stem
from sozialraum.ui.markup import markdown_literal
from sozialraum.ui.source import page_source
from sozialraum.ui.view_block import SlideRequest, TableExport, chart_block, table_block

DISTANCE_TEXT = (
    "Damit Kennzahlen mit verschiedenen Einheiten vergleichbar sind, ist der Abstand zum Stadtwert in "
    "Standardabweichungen über alle Gebiete der Ebene angegeben. Anzahlen (z. B. Fälle) werden je Einwohner "
    "verglichen, denn ihr Stadtwert ist eine Summe; die Einwohnerzahl selbst wird nicht verglichen. Bei Kennzahlen "
    "mit Richtung liegt »günstiger« immer rechts; bei Kennzahlen ohne Wertung bedeutet rechts »höher«. "
    "Gesperrte Werte fehlen."
)

url, info, selection = page_context()

st.title(f"Vergleich {selection.year}")
st.caption(f"Stichtag {format_date(selection.period)}")
demo_badge(info)
source = page_source()


def stop(message: str) -> None:
    st.info(message)
    source_footer(info)
    st.stop()


def choose_params() -> vergleich.VergleichParams:
    level = choose_level("vergleich")
    chosen = choose_areas(url, level, selection, "vergleich", MIN_AREAS, MAX_AREAS, fallback_count=3)
    topics = list(dict.fromkeys(source.indicators()["topic"]))
    chosen_topics = st.multiselect(
        "Themen", topics, default=topics, key="vergleich_themen", placeholder="Themen wählen …"
    )
    if len(chosen) < MIN_AREAS:
        stop(f"Bitte mindestens {MIN_AREAS} Gebiete wählen (höchstens {MAX_AREAS}).")
    if not chosen_topics:
        stop("Bitte mindestens ein Thema wählen.")
    return vergleich.VergleichParams(
        ebene=level, gebiete=tuple(area.key for area in chosen), jahr=selection.year, themen=tuple(chosen_topics)
    )


report = vergleich.build(source, choose_params())
params, catalogue = report.params, report.catalogue
st.subheader("Werte")
table_block(
    report.table,
    TableExport(
        report.numbers,
        catalogue=source.indicators(),
        indicator_keys=tuple(catalogue.index),
        method=[CITY_METHOD],
        sheet_name="Vergleich",
    ),
    key="comparison_table",
    stem=file_stem("vergleich", *params.gebiete, selection.year),
    info=info,
    slide=SlideRequest("vergleich", params.slide_settings(SHOW_TABLE), report.title),
    height=(len(catalogue) + 1) * 35 + 3,
    column_config={
        # A short name (»Mitte«) must not make its column too narrow for »383.360 Personen«.
        **{label: st.column_config.TextColumn(width=140) for label in report.labels.values()},
        "Gesamtstadt": st.column_config.TextColumn(
            width=150, help="Anteile und Quoten aus summierten Zählern und Nennern; bei Anzahlen die Summe der Stadt."
        ),
        "Stand": st.column_config.TextColumn(help="Letzter Stichtag der Kennzahl im gewählten Jahr."),
    },
)
if report.gap_notes:
    st.caption("Hinweise zu fehlenden Werten und Summen: " + markdown_literal(" · ".join(report.gap_notes)))

st.subheader("Abstand zum Stadtwert")
st.caption(DISTANCE_TEXT)
if not report.has_city:
    # A database of social spaces without a city area has no city value to measure the distance from.
    stop(
        "Ohne Gebiet der Ebene Gesamtstadt gibt es keinen Stadtwert, daher keinen Abstand. "
        "Die Gesamtstadt lässt sich als Gebiet importieren (Seite Daten)."
    )
chart_block(
    deviation_figure(report.deviations, report.labels, catalogue),
    key="deviation",
    stem=file_stem("abstand", *params.gebiete, selection.year),
    info=info,
    slide=SlideRequest("vergleich", params.slide_settings(SHOW_DISTANCE), report.title),
)
source_footer(info)
