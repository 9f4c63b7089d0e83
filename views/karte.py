"""Karte: any indicator on any area level, values of a year or their change, with an honest legend."""

from functools import partial

import streamlit as st
from streamlit_folium import st_folium

from sozialraum.analysis.classification import ClassificationError
from sozialraum.charts.ranking import ranking_figure
from sozialraum.export.tables import TEXT
from sozialraum.formatting import format_date
from sozialraum.maps.geometry import missing_shapes_text
from sozialraum.maps.indicator_map import indicator_map
from sozialraum.reports import karte
from sozialraum.ui import mapview, pages
from sozialraum.ui.components import demo_badge, page_context, source_footer
from sozialraum.ui.deck import add_to_deck_button
from sozialraum.ui.exports import file_stem, table_downloads
from sozialraum.ui.karte_controls import choose_params, stop
from sozialraum.ui.markup import markdown_literal
from sozialraum.ui.source import page_source
from sozialraum.ui.view_block import SlideRequest, chart_block
from sozialraum.vocabulary import LEVEL_PLURAL, LEVEL_SINGULAR

CHART_MAX_AREAS = 60  # more bars than this are unreadable: a table instead

mapview.leaflet_assets(str(pages.STATIC_DIR))
url, info, selection = page_context()

st.title(f"Karte {selection.year}")
demo_badge(info)
source = page_source()
params = choose_params(source, url, selection, info)
try:
    report = karte.build(source, params, classifier=mapview.cached_classification)
except karte.NoAreasError as error:
    stop(str(error), info, "warning")
except karte.KarteError as error:
    stop(str(error), info)
except ClassificationError as error:
    stop(markdown_literal(error), info, "error")
subject, level, table = report.subject, report.level, report.table
if table[subject.mapped_column].isna().all():
    st.warning(
        f"Für »{markdown_literal(subject.name)}« liegen {selection.year} auf der Ebene {LEVEL_PLURAL[level]} "
        "keine Werte vor" + (f" (oder nicht für {report.earlier_year})." if report.show_change else ".")
    )
slide_settings = report.params.to_settings()


def draw_map() -> None:
    """The Leaflet map with a click handler, its deck button, and the clicked area's figures."""
    selected_key = selection.area_key if level == "social_space" else mapview.clicked_area(level)
    if missing_text := missing_shapes_text(report.without_shape, LEVEL_PLURAL[level]):
        st.info(markdown_literal(missing_text))
    if not report.geometries.empty:
        tile_url, tile_attribution = mapview.tile_settings()
        folium_map = indicator_map(
            report.geometries,
            report.outline,
            table,
            subject,
            report.classification,
            report.city_text,
            selected_key or None,
            report.fixed_years,
            tile_url,
            tile_attribution,
        )
        st_folium(
            folium_map,
            key=mapview.MAP_KEY,
            height=620,
            use_container_width=True,
            returned_objects=["last_active_drawing", "last_object_clicked_count"],
            on_change=partial(mapview.handle_map_click, level, selection.area_key),
        )
    add_to_deck_button("karte", slide_settings, subject.title(), key="karte_map")
    if level != "social_space" and selected_key in set(table["key"]):
        row = report.rows[report.rows["key"] == selected_key].iloc[0]
        st.info(
            f"**{markdown_literal(row['name'])}** ({LEVEL_SINGULAR[level]}): "
            f"{markdown_literal(row['value_text'])} · Rang {row['rank_text']} · "
            f"Veränderung: {markdown_literal(row['change_text'])}"
        )


def draw_ranking() -> None:
    """Bars beside the map up to ``CHART_MAX_AREAS`` areas, a table beyond; then the map's table downloads."""
    key = report.params.kennzahl
    if len(table) <= CHART_MAX_AREAS:
        figure = ranking_figure(
            table, subject.mapped_column, report.ranking_colours, report.city_mapped, subject.format_mapped, "Rangfolge"
        )
        ranking = {**slide_settings, "darstellung": karte.SHOW_RANKING}
        chart_block(
            figure,
            key="ranking",
            stem=file_stem("rangfolge", key, level, selection.year),
            info=info,
            slide=SlideRequest("karte", ranking, f"Rangfolge: {subject.title()}"),
        )
    else:
        st.markdown("**Rangfolge**")
        st.dataframe(report.ranking_table, hide_index=True, height=560, key="ranking_table")
    table_downloads(
        report.export_table,
        file_stem("karte", key, level, selection.year),
        "map_values",
        info,
        formats={"Gebiet": TEXT},
        catalogue=source.indicators(),
        indicator_keys=[key],
        method=report.export_notes,
        sheet_name="Karte",
    )


def describe_indicator() -> None:
    indicator = report.indicator
    st.markdown(f"**{markdown_literal(subject.name)}**")
    st.caption(markdown_literal(indicator["definition"] or "Keine Definition hinterlegt."))
    st.caption(f"Quelle: {markdown_literal(indicator['source'] or 'nicht angegeben')}")
    st.caption(
        f"Stadtdurchschnitt {selection.year}: {markdown_literal(report.city_text)} "
        "(aus Summen von Zähler und Nenner, kein Mittel der Gebietswerte)."
    )


st.caption(
    f"{markdown_literal(subject.title())} · Stichtag {format_date(report.period)} · {len(table)} "
    f"{LEVEL_PLURAL[level]}"
    + (f" (letzter Stichtag vor dem Planjahr {selection.year})" if report.is_plan_year else "")
    + ". Fahren Sie über ein Gebiet für Details; ein Klick wählt es aus."
)
map_column, side_column = st.columns([3, 2], gap="medium")
with map_column:
    draw_map()
with side_column:
    draw_ranking()
    describe_indicator()
source_footer(info)
