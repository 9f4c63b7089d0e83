"""Sozialindex: a composite index of status or dynamics, its classes on a map, its method in plain German,
how robust the classes are, and the editor for its definition."""

from datetime import date

import streamlit as st

from sozialraum.analysis.social_index import IndexDefinition, combined_classes
from sozialraum.charts.social_index import (
    class_distribution_figure,
    combined_matrix_figure,
    index_strip_figure,
    sensitivity_figure,
)
from sozialraum.formatting import format_date, format_number
from sozialraum.reports.social_index_tables import (
    KIND_LABELS,
    LEVEL_LABELS,
    area_table,
    combined_counts,
    method_lines,
    sensitivity_overview,
)
from sozialraum.ui import data
from sozialraum.ui import social_index as index_ui
from sozialraum.ui import social_index_editor as editor
from sozialraum.ui.components import demo_badge, page_context, source_footer
from sozialraum.ui.deck import add_to_deck_button
from sozialraum.ui.exports import chart_downloads, file_stem
from sozialraum.ui.markup import markdown_literal
from sozialraum.ui.selection import seed_from_url, write_to_url
from sozialraum.ui.tables import download_buttons, german_table

url, info, selection = page_context()
st.title("Sozialindex")
demo_badge(info)
editor.show_flash()

catalogue = data.indicators(url)
names = catalogue["short_name"].to_dict()
definitions = {d.key: d for d in index_ui.definitions(url)}
default_level = "planning_area" if "planning_area" in set(data.areas(url)["level"]) else "social_space"

if not definitions:
    st.info("Noch kein Sozialindex definiert. Legen Sie unten einen an oder laden Sie eine TOML-Definition hoch.")
    editor.editor(url, None, catalogue, default_level)
    source_footer(info)
    st.stop()


def _label(key: str) -> str:
    definition = definitions[key]
    kind = KIND_LABELS.get(definition.kind, definition.kind)
    return definition.name if kind.split("-")[0] in definition.name else f"{definition.name} ({kind})"


editor.apply_pending_selection()
keys = list(definitions)
seed_from_url(editor.SELECT_KEY, keys)
top = st.columns([3, 2, 3])
key = top[0].selectbox("Index", keys, format_func=_label, key=editor.SELECT_KEY)
write_to_url(editor.SELECT_KEY, key, keys[0])
definition: IndexDefinition = definitions[key]
periods = index_ui.index_periods(url, definition)
if not periods:
    st.warning(
        f"Für »{markdown_literal(definition.name)}« gibt es keinen Stichtag, an dem alle Indikatoren auf der Ebene "
        f"{LEVEL_LABELS.get(definition.level, definition.level)} vorliegen"
        + (f" (auch {definition.change_years} Jahre zuvor)." if definition.change_years else ".")
    )
    editor.editor(url, definition, catalogue, default_level)
    st.stop()
newest = list(reversed(periods))
in_year = [p for p in newest if p.year == selection.year]
options = ([in_year[0]] if in_year else []) + [p for p in newest if not in_year or p != in_year[0]]
seed_from_url("stichtag", options, date.fromisoformat)
period = top[1].selectbox("Stichtag", options, format_func=format_date, key="stichtag")
write_to_url("stichtag", period.isoformat(), options[0].isoformat())

try:
    result = index_ui.run(url, definition, period)
except ValueError as error:
    st.error(markdown_literal(error))
    st.stop()
valid_count, total = len(result.valid), len(result.table)
level_name = LEVEL_LABELS.get(definition.level, definition.level)
top[2].caption(
    f"{level_name}: {format_number(valid_count)} von {format_number(total)} mit Klasse · "
    f"{format_number(total - valid_count)} ausgeschlossen · "
    f"Stichtag {format_date(period)}"
)

stem = file_stem("sozialindex", definition.key, period.isoformat())
slide = {"index": definition.key, "stichtag": period.isoformat()}
method_notes = [("Methode", " ".join(method_lines(definition, names)))]

tab_result, tab_robust, tab_edit = st.tabs(["Ergebnis", "Wie robust ist die Einteilung?", "Definition bearbeiten"])

with tab_result:
    title = f"{definition.name}, {format_date(period)}"
    map_column, side_column = st.columns([3, 2], gap="medium")
    with map_column:
        index_ui.class_map(url, result, period, title)
        add_to_deck_button("sozialindex", {**slide, "darstellung": "karte"}, title, key="deck_index_map")
        strip = index_strip_figure(result, result.table["area_name"])
        st.plotly_chart(strip, width="stretch", key="indexwerte")
        chart_downloads(strip, f"{stem}_indexwerte", "indexwerte", info)
    with side_column:
        distribution = class_distribution_figure(result)
        st.plotly_chart(distribution, width="stretch", key="verteilung")
        with st.container(horizontal=True):
            chart_downloads(distribution, f"{stem}_klassen", "verteilung", info)
            add_to_deck_button(
                "sozialindex", {**slide, "darstellung": "verteilung"}, f"{title}: Gebiete je Klasse", key="deck_dist"
            )
        st.markdown("**So wird der Index berechnet**")
        st.markdown("\n".join(f"- {line}" for line in method_lines(definition, names, markdown_literal)))
        if definition.description:
            st.caption(markdown_literal(definition.description))

    partners = [
        d
        for d in definitions.values()
        if d.kind != definition.kind and d.level == definition.level and period in index_ui.index_periods(url, d)
    ]
    combined = None
    if partners:
        st.subheader("Status und Dynamik kombiniert")
        partner = partners[0]
        if len(partners) > 1:
            partner = st.selectbox("kombiniert mit", partners, format_func=lambda d: d.name, key="partner")
        partner_result = index_ui.run(url, partner, period)
        status, dynamics = (result, partner_result) if definition.kind == "status" else (partner_result, result)
        combined = combined_classes(status, dynamics)
        st.caption(
            f"{markdown_literal(status.definition.name)} × {markdown_literal(dynamics.definition.name)} "
            f"am {format_date(period)}; gezählt werden "
            "Gebiete mit beiden Klassen. Unten rechts: niedriger Status und negative Dynamik – eine "
            "ungünstige Lage, die sich weiter verschlechtert."
        )
        matrix = combined_matrix_figure(combined_counts(status, dynamics))
        st.plotly_chart(matrix, width="stretch", key="matrix")
        with st.container(horizontal=True):
            chart_downloads(matrix, f"{stem}_status_dynamik", "matrix", info)
            add_to_deck_button(
                "sozialindex",
                {**slide, "darstellung": "matrix"},
                f"Status und Dynamik, {format_date(period)}",
                key="deck_matrix",
            )

    st.subheader("Alle Gebiete")
    frame, spec = area_table(result, names, combined)
    german_table(frame, spec, key="index_tabelle")
    download_buttons(
        frame,
        spec,
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
    table = index_ui.sensitivity_table(url, repr(definition), period, result)
    robust_table, robust_spec = sensitivity_overview(table, names)
    robust_figure = sensitivity_figure(table, names)
    st.plotly_chart(robust_figure, width="stretch", key="sensitivitaet")
    with st.container(horizontal=True):
        chart_downloads(robust_figure, f"{stem}_robustheit", "sensitivitaet", info)
        add_to_deck_button(
            "sozialindex",
            {**slide, "darstellung": "robustheit"},
            f"Wie robust ist »{definition.name}«?",
            key="deck_robust",
        )
    st.caption("Gebiete mit anderer Klasse als in der gespeicherten Definition, je Indikator und Variante:")
    german_table(robust_table, robust_spec, key="sensitivitaet_tabelle")
    st.subheader("Was wäre, wenn …")
    st.caption("Gewichte verschieben oder Indikatoren weglassen; verglichen wird mit der gespeicherten Definition.")
    index_ui.what_if_panel(result, names)

with tab_edit:
    editor.editor(url, definition, catalogue, default_level)

source_footer(info)
