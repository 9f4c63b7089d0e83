"""Pieces of the Sozialindex page: the Stichtag and partner selects, the class map, the "what if" panel.

The index runs themselves are read through ``ui.source`` (``reports.sozialindex.build``).
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator
from streamlit_folium import st_folium

from sozialraum.analysis.classification import Method
from sozialraum.analysis.social_index import IndexDefinition, IndexResult
from sozialraum.formatting import format_date, format_number
from sozialraum.maps.geometry import missing_shapes_text
from sozialraum.maps.index_map import index_map
from sozialraum.reports.social_index_tables import (
    class_changes,
    class_ranges,
    plain_number,
    what_if,
    what_if_definition,
)
from sozialraum.reports.sozialindex import SozialindexReport
from sozialraum.store import social_index as social_index_store
from sozialraum.ui import data, mapview, pages
from sozialraum.ui.markup import markdown_literal
from sozialraum.ui.selection import seed_from_url, write_to_url
from sozialraum.ui.tables import german_table
from sozialraum.vocabulary import LEVEL_PLURAL

PARTNER_KEY = "partner"


@st.cache_data(ttl=data.TTL_SECONDS, show_spinner=False)
def definitions(url: str) -> list[IndexDefinition]:
    return social_index_store.list_definitions(data.engine_for(url))


def _use_index_breaks(breaks: str) -> None:
    st.session_state["methode"] = Method.MANUAL
    st.session_state.pop("grenzen", None)  # the text field then takes its value from the URL
    st.query_params["grenzen"] = breaks


def index_class_offer(url: str, indicator_key: str) -> None:
    """On the Karte, a stored index is classified like any indicator (quantiles by default); offer its own
    thresholds, so the map shows the same classes as the Sozialindex page."""
    definition = next(
        (d for d in definitions(url) if social_index_store.output_indicator_key(d.key) == indicator_key), None
    )
    if definition is None:
        return
    breaks = "; ".join(plain_number(threshold) for threshold in definition.thresholds)
    using = st.session_state.get("methode") == Method.MANUAL and st.query_params.get("grenzen") == breaks
    text, button = st.columns([5, 2], vertical_alignment="center")
    text.caption(
        f"»{markdown_literal(definition.name)}« hat eigene Klassen: "
        f"{markdown_literal('; '.join(class_ranges(definition)))}."
    )
    if not using:
        button.button(
            "Klassen des Index übernehmen",
            on_click=_use_index_breaks,
            args=(breaks,),
            key="index_klassen",
            icon=":material/stacked_bar_chart:",
        )


def period_select(column: DeltaGenerator, periods: list[date], year: int) -> date:
    """The Stichtag select (URL ``stichtag``): the newest Stichtag of the sidebar's year first, then newest first."""
    newest = list(reversed(periods))
    in_year = [p for p in newest if p.year == year]
    options = ([in_year[0]] if in_year else []) + [p for p in newest if not in_year or p != in_year[0]]
    seed_from_url("stichtag", options, date.fromisoformat)
    period = column.selectbox("Stichtag", options, format_func=format_date, key="stichtag")
    write_to_url("stichtag", period.isoformat(), options[0].isoformat())
    return period


def partner_select(partners: list[IndexDefinition]) -> str | None:
    """The index of the other kind for the status × dynamics matrix (URL ``partner``); None without one."""
    if not partners:
        return None
    st.subheader("Status und Dynamik kombiniert")
    keys = [p.key for p in partners]
    if len(keys) == 1:
        return keys[0]
    names = {p.key: p.name for p in partners}
    seed_from_url(PARTNER_KEY, keys)
    key = st.selectbox("kombiniert mit", keys, format_func=names.__getitem__, key=PARTNER_KEY)
    write_to_url(PARTNER_KEY, key, keys[0])
    return key


def matrix_caption(report: SozialindexReport) -> str:
    status, dynamics = report.status, report.dynamics
    if status is None or dynamics is None:
        return ""
    return (
        f"{markdown_literal(status.definition.name)} × {markdown_literal(dynamics.definition.name)} "
        f"am {format_date(report.period)}; gezählt werden "
        "Gebiete mit beiden Klassen. Unten rechts: niedriger Status und negative Dynamik – eine "
        "ungünstige Lage, die sich weiter verschlechtert."
    )


def class_map(url: str, index: IndexResult, period: date, title: str) -> None:
    """The class map on the areas the index was computed for (the boundary version its data sit on)."""
    mapview.leaflet_assets(str(pages.STATIC_DIR))
    definition = index.definition
    version = mapview.data_boundary_version(url, definition.indicator_keys[0], period)
    areas = mapview.areas_at(url, definition.level, period, version)
    if areas.empty:
        st.warning("Für diesen Stichtag sind keine Gebietsgrenzen gespeichert; die Karte entfällt.")
        return
    geometries, outline = mapview.map_geometries(url, definition.level, areas["boundary_version"].iloc[0], period)
    without_shape = areas.loc[~areas["key"].isin(geometries["key"]), "name"].astype(str).tolist()
    if missing_text := missing_shapes_text(without_shape, LEVEL_PLURAL.get(definition.level, "Gebiete")):
        st.info(markdown_literal(missing_text))
    if geometries.empty:
        return
    tile_url, tile_attribution = mapview.tile_settings()
    folium_map = index_map(geometries, outline, index, title, tile_url=tile_url, tile_attribution=tile_attribution)
    # No returned objects: the tooltip says everything, and panning must not rerun the page.
    st_folium(folium_map, key="sozialindex_karte", height=620, use_container_width=True, returned_objects=[])


def what_if_panel(index: IndexResult, indicator_names: dict[str, str]) -> None:
    """Sliders for the weights and boxes to leave indicators out, against the stored definition."""
    definition = index.definition
    weights: dict[str, float] = {}
    left_out: set[str] = set()
    for component in definition.components:
        key = f"wi_{definition.key}_{component.indicator_key}"
        columns = st.columns([3, 1])
        steps = sorted({*(i / 4 for i in range(int(max(4.0, component.weight * 3) * 4) + 1)), component.weight})
        weights[component.indicator_key] = columns[0].select_slider(
            markdown_literal(indicator_names.get(component.indicator_key, component.indicator_key)),
            options=steps,
            value=component.weight,
            format_func=lambda v: format_number(v, 2),
            key=f"{key}_w",
            help=f"Gespeichertes Gewicht: {format_number(component.weight, 2)}",
        )
        if columns[1].checkbox("weglassen", key=f"{key}_out"):
            left_out.add(component.indicator_key)
    variant_definition = what_if_definition(definition, weights, left_out)
    if variant_definition is None:
        st.warning("Mindestens ein Indikator mit einem Gewicht über 0 muss übrig bleiben.")
        return
    variant = what_if(index, variant_definition)
    changes = class_changes(index, variant)
    compared = int((index.table["class_position"].notna() & variant.table["class_position"].notna()).sum())
    if changes.empty:
        st.success(f"Alle {compared} Gebiete behalten ihre Klasse.")
        return
    st.warning(
        f"**{len(changes)} von {compared} Gebieten** wechseln die Klasse gegenüber der gespeicherten Definition."
    )
    frame = pd.DataFrame(
        {
            "Gebiet": changes["area_name"].to_numpy(),
            "Klasse bisher": changes["class_before"].to_numpy(),
            "Klasse neu": changes["class_after"].to_numpy(),
            "Index bisher": changes["index_before"].to_numpy(),
            "Index neu": changes["index_after"].to_numpy(),
        }
    )
    german_table(
        frame,
        {
            "Gebiet": "text",
            "Klasse bisher": "text",
            "Klasse neu": "text",
            "Index bisher": "factor",
            "Index neu": "factor",
        },
        key="was_waere_wenn_tabelle",
    )
