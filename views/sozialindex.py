"""Sozialindex: a composite index of status or dynamics, its classes on a map, its method in plain German,
how robust the classes are, and the editor for its definition.

The numbers come from ``reports.sozialindex`` — the report its slides render too."""

import streamlit as st

from sozialraum.charts.social_index import (
    class_distribution_figure,
    combined_matrix_figure,
    index_strip_figure,
    sensitivity_figure,
)
from sozialraum.formatting import format_date, format_number
from sozialraum.reports.social_index_tables import LEVEL_LABELS
from sozialraum.reports.sozialindex import SozialindexParams, SozialindexReport, build, index_label, partners_of
from sozialraum.ui import social_index as index_ui
from sozialraum.ui import social_index_editor as editor
from sozialraum.ui.components import demo_badge, page_context, source_footer
from sozialraum.ui.deck import add_to_deck_button
from sozialraum.ui.exports import file_stem
from sozialraum.ui.markup import markdown_literal
from sozialraum.ui.selection import seed_from_url, write_to_url
from sozialraum.ui.source import page_source
from sozialraum.ui.tables import download_buttons, german_table
from sozialraum.ui.view_block import SlideRequest, chart_block

url, info, selection = page_context()
st.title("Sozialindex")
demo_badge(info)
editor.show_flash()

source = page_source()
catalogue = source.indicators()
definitions = {d.key: d for d in source.index_definitions()}
default_level = "planning_area" if "planning_area" in set(source.areas()["level"]) else "social_space"

if not definitions:
    st.info("Noch kein Sozialindex definiert. Legen Sie unten einen an oder laden Sie eine TOML-Definition hoch.")
    editor.editor(url, None, catalogue, default_level)
    source_footer(info)
    st.stop()

editor.apply_pending_selection()
keys = list(definitions)
seed_from_url(editor.SELECT_KEY, keys)
top = st.columns([3, 2, 3])
key = top[0].selectbox("Index", keys, format_func=lambda k: index_label(definitions[k]), key=editor.SELECT_KEY)
write_to_url(editor.SELECT_KEY, key, keys[0])
definition = definitions[key]
periods = source.index_periods(definition)
if not periods:
    st.warning(
        f"Für »{markdown_literal(definition.name)}« gibt es keinen Stichtag, an dem alle Indikatoren auf der Ebene "
        f"{LEVEL_LABELS.get(definition.level, definition.level)} vorliegen"
        + (f" (auch {definition.change_years} Jahre zuvor)." if definition.change_years else ".")
    )
    editor.editor(url, definition, catalogue, default_level)
    st.stop()
period = index_ui.period_select(top[1], periods, selection.year)

tab_result, tab_robust, tab_edit = st.tabs(["Ergebnis", "Wie robust ist die Einteilung?", "Definition bearbeiten"])
with tab_result:
    map_column, side_column = st.columns([3, 2], gap="medium")
    matrix_block = st.container()
    partners = partners_of(source, definition, period)
    with matrix_block:
        partner = index_ui.partner_select(partners)
try:
    report: SozialindexReport = build(source, SozialindexParams(key, period, partner))
except ValueError as error:
    st.error(markdown_literal(error))
    st.stop()
top[2].caption(
    f"{report.level_name}: {format_number(report.valid_count)} von {format_number(report.total)} mit Klasse · "
    f"{format_number(report.total - report.valid_count)} ausgeschlossen · Stichtag {format_date(period)}"
)
stem = file_stem("sozialindex", key, period.isoformat())


def slide(view: str, title: str) -> SlideRequest:
    params = report.params if view == "matrix" else SozialindexParams(key, period)
    return SlideRequest("sozialindex", {**params.to_query(), "darstellung": view}, title)


with map_column:
    index_ui.class_map(url, report.result, period, report.title)
    map_slide = slide("karte", report.title)
    add_to_deck_button(map_slide.kind, dict(map_slide.params), map_slide.title, key="deck_index_map")
    strip = index_strip_figure(report.result, report.result.table["area_name"])
    chart_block(strip, key="indexwerte", stem=f"{stem}_indexwerte", info=info)
with side_column:
    chart_block(
        class_distribution_figure(report.result),
        key="verteilung",
        stem=f"{stem}_klassen",
        info=info,
        slide=slide("verteilung", f"{report.title}: Gebiete je Klasse"),
    )
    st.markdown("**So wird der Index berechnet**")
    st.markdown("\n".join(f"- {line}" for line in report.method_lines(markdown_literal)))
    if definition.description:
        st.caption(markdown_literal(definition.description))
with matrix_block:
    if report.matrix is not None:
        st.caption(index_ui.matrix_caption(report))
        chart_block(
            combined_matrix_figure(report.matrix),
            key="matrix",
            stem=f"{stem}_status_dynamik",
            info=info,
            slide=slide("matrix", report.matrix_title),
        )
with tab_result:
    st.subheader("Alle Gebiete")
    german_table(report.areas, report.areas_spec, key="index_tabelle")
    method_notes = [("Methode", " ".join(report.method_lines()))]
    download_buttons(
        report.areas,
        report.areas_spec,
        stem,
        "index_download",
        info,
        catalogue=catalogue,
        indicator_keys=definition.indicator_keys,
        method=method_notes,
    )

with tab_robust:
    st.markdown(
        "Wie viele Gebiete wechseln die Klasse, wenn ein Indikator wegfällt oder sein Gewicht halbiert bzw. "
        "verdoppelt wird? Wenige Wechsel: die Einteilung hängt nicht an einer einzelnen Kennzahl."
    )
    chart_block(
        sensitivity_figure(report.sensitivity, report.indicator_names),
        key="sensitivitaet",
        stem=f"{stem}_robustheit",
        info=info,
        slide=slide("robustheit", report.robustness_title),
    )
    st.caption("Gebiete mit anderer Klasse als in der gespeicherten Definition, je Indikator und Variante:")
    german_table(report.robustness, report.robustness_spec, key="sensitivitaet_tabelle")
    st.subheader("Was wäre, wenn …")
    st.caption("Gewichte verschieben oder Indikatoren weglassen; verglichen wird mit der gespeicherten Definition.")
    index_ui.what_if_panel(report.result, dict(report.indicator_names))

with tab_edit:
    editor.editor(url, definition, catalogue, default_level)

source_footer(info)
