"""Entwicklung: chosen indicators for chosen areas over all periods, against the city."""

import streamlit as st

from sozialraum.analysis.availability import indicator_periods
from sozialraum.analysis.keyfigures import choose_key_indicators
from sozialraum.analysis.trends import (
    boundary_breaks,
    follow_areas,
    index_to_base,
    namesakes,
    series_on_grid,
    trend_table,
)
from sozialraum.charts.profile import trend_figure
from sozialraum.formatting import format_date
from sozialraum.ui import data, profile_data
from sozialraum.ui.area_choice import areas_of_one_version, choose_areas, choose_level, selectable_levels
from sozialraum.ui.components import demo_badge, page_context, source_footer
from sozialraum.ui.coverage import periods_on_version
from sozialraum.ui.deck import add_to_deck_button
from sozialraum.ui.exports import chart_downloads, file_stem, table_downloads
from sozialraum.ui.markup import markdown_literal

INDICATORS_PARAM = "kennzahlen"
MAX_AREAS = 12
MAX_INDICATORS = 6

url, info, selection = page_context()

st.title("Entwicklung")
demo_badge(info)
catalogue = data.indicators(url)
periods = data.periods(url)


def default_view(candidates: list[str]) -> tuple[str | None, str | None]:
    """The first indicator and level (in the order of the candidates and levels) whose values on the
    areas the pickers offer span at least two periods: a line, not a dot or an empty chart."""
    levels = selectable_levels(url)
    for minimum in (2, 1):
        for key in candidates:
            for level in levels:
                version = areas_of_one_version(url, level, selection.period)["boundary_version"]
                if not version.empty and len(periods_on_version(url, key, level, version.iloc[0])) >= minimum:
                    return key, level
    return (candidates[0] if candidates else None), None


from_url = [key for key in (st.query_params.get(INDICATORS_PARAM) or "").split(",") if key in catalogue.index]
key_indicators = choose_key_indicators(catalogue, count=1)
candidates = from_url[:1] or list(dict.fromkeys(key_indicators + list(catalogue.index)))
default_indicator, default_level = default_view(candidates)
level = choose_level("entwicklung", url, default_level)


def keys_with_values(indicator_key: str | None) -> list[str]:
    """Keys of the offered areas that have a value of the indicator: the fallback choice draws a line."""
    if indicator_key is None:
        return []
    offered = areas_of_one_version(url, level, selection.period)
    own_periods = tuple(indicator_periods(data.availability(url), indicator_key))
    values = data.values(url, (indicator_key,), own_periods, level)
    shown = set(values.loc[values["value"].notna(), "area_id"])
    return [key for key, area_id in zip(offered["key"], offered["id"], strict=True) if area_id in shown]


first_indicator = (from_url or [default_indicator])[0]
chosen = choose_areas(
    url, level, selection, "entwicklung", 1, MAX_AREAS, fallback_count=1, preferred=keys_with_values(first_indicator)
)
if "entwicklung_kennzahlen" not in st.session_state:
    st.session_state["entwicklung_kennzahlen"] = from_url or ([default_indicator] if default_indicator else [])
indicator_keys = st.multiselect(
    f"Kennzahlen (bis {MAX_INDICATORS})",
    list(catalogue.index),
    format_func=lambda key: f"{catalogue.loc[key, 'name']} ({catalogue.loc[key, 'topic']})",
    max_selections=MAX_INDICATORS,
    placeholder="Kennzahlen wählen …",
    key="entwicklung_kennzahlen",
)
st.query_params[INDICATORS_PARAM] = ",".join(indicator_keys)
index_column, base_column = st.columns([1, 1])
indexed = index_column.toggle("Als Index (Basisjahr = 100)", key="entwicklung_index")
base_period = None
if indexed:
    # Only Stichtage where a chosen indicator has values: a base without a value indexes nothing.
    availability = data.availability(url)
    base_options = sorted({p for key in indicator_keys for p in indicator_periods(availability, key)}) or periods
    base_period = base_column.selectbox(
        "Basisjahr", base_options, format_func=format_date, key="entwicklung_basis", index=0
    )

if not chosen or not indicator_keys:
    st.info("Bitte mindestens ein Gebiet und eine Kennzahl wählen.")
    source_footer(info)
    st.stop()

st.caption(
    "Gestrichelt: Gesamtstadt (gewichtet aus Zählern und Nennern; bei Anzahlen nur als Index, denn die "
    "Stadtsumme ist kein Vergleich für ein Gebiet). Lücken in den Linien sind Perioden ohne "
    "(oder mit gesperrtem) Wert – es wird nichts ergänzt."
    + (" Ab fünf Gebieten erhält jedes Gebiet ein eigenes kleines Diagramm." if len(chosen) >= 5 else "")
)
# The time axis covers the chosen indicators' Stichtage, not every source's (Berlin: MSS since 2012,
# population since 2015), so the lines fill the chart.
availability = data.availability(url)
periods = sorted({p for key in indicator_keys for p in indicator_periods(availability, key)}) or periods
breaks = boundary_breaks(periods, profile_data.boundary_versions(url))
labels = {area.id: area.label for area in chosen}
# One line per chosen area across boundary versions where key and name stay (see ``namesakes``); the city
# exists once per version, and its series must not have each period twice.
area_ids = namesakes(data.areas(url, level), list(labels))
cities = data.areas(url, "city")
city_ids = {int(city_id): int(cities["id"].iloc[0]) for city_id in cities["id"]} if not cities.empty else {}
level_values = follow_areas(data.values(url, tuple(indicator_keys), tuple(periods), level), area_ids)
city_values = follow_areas(data.values(url, tuple(indicator_keys), tuple(periods), "city"), city_ids)
for key in indicator_keys:
    meta = catalogue.loc[key]
    series = series_on_grid(level_values[level_values["indicator_key"] == key], periods)
    series = series[series["area_id"].isin(labels)]
    city = series_on_grid(city_values[city_values["indicator_key"] == key], periods)
    if base_period is not None:
        series, city = index_to_base(series, base_period), index_to_base(city, base_period)
    elif meta["aggregation"] == "sum":
        # The city's total is no reference for one area's count; indexed, its growth would be.
        city = city.iloc[0:0]
    title = meta["name"] + (f" ({meta['unit']})" if meta["unit"] and base_period is None else "")
    figure = trend_figure(
        series, city, labels, title, meta["unit"], int(meta["decimals"]), breaks=breaks, indexed_to=base_period
    )
    st.plotly_chart(figure, width="stretch", key=f"trend_{key}")
    stem = file_stem("entwicklung", key, *(area.key for area in chosen))
    with st.container(horizontal=True, gap="medium", key=f"trend_{key}_exports"):
        chart_downloads(figure, stem, f"trend_{key}", info)
        table_downloads(
            trend_table(series, city, labels, periods),
            stem,
            f"trend_{key}",
            info,
            catalogue=catalogue,
            indicator_keys=[key],
            method=[("Index", f"{base_period.year} = 100 je Gebiet")] if base_period is not None else [],
            sheet_name="Entwicklung",
        )
    add_to_deck_button(
        "entwicklung",
        {
            "kennzahl": key,
            "ebene": level,
            "gebiete": [area.key for area in chosen],
            "basisjahr": base_period.year if base_period else None,
            "basis": base_period.isoformat() if base_period else None,
        },
        f"Entwicklung: {meta['name']}",
        key=f"deck_trend_{key}",
    )
    if series["value"].isna().all():
        st.caption(f"Für {markdown_literal(meta['name'])} liegen zu den gewählten Gebieten keine Werte vor.")
source_footer(info)
