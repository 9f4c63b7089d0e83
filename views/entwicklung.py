"""Entwicklung: chosen indicators for chosen areas over all periods, against the city."""

import streamlit as st

from sozialraum.analysis.availability import indicator_periods
from sozialraum.analysis.keyfigures import choose_key_indicators
from sozialraum.charts.area_figures import trend_figure
from sozialraum.formatting import format_date
from sozialraum.reports import entwicklung
from sozialraum.reports.entwicklung import MAX_AREAS, MAX_INDICATORS
from sozialraum.ui.area_choice import areas_of_one_version, choose_areas, choose_level, selectable_levels
from sozialraum.ui.components import demo_badge, page_context, source_footer
from sozialraum.ui.coverage import periods_on_version
from sozialraum.ui.deck import add_to_deck_button
from sozialraum.ui.exports import chart_downloads, file_stem, table_downloads
from sozialraum.ui.markup import markdown_literal
from sozialraum.ui.source import page_source

INDICATORS_PARAM = "kennzahlen"

url, info, selection = page_context()

st.title("Entwicklung")
demo_badge(info)
source = page_source()
catalogue = source.indicators()


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


def keys_with_values(indicator_key: str | None, level: str) -> list[str]:
    """Keys of the offered areas that have a value of the indicator: the fallback choice draws a line."""
    if indicator_key is None:
        return []
    offered = areas_of_one_version(url, level, selection.period)
    own_periods = tuple(indicator_periods(source.availability(), indicator_key))
    values = source.values((indicator_key,), own_periods, level)
    shown = set(values.loc[values["value"].notna(), "area_id"])
    return [key for key, area_id in zip(offered["key"], offered["id"], strict=True) if area_id in shown]


def choose_params() -> entwicklung.EntwicklungParams:
    """Level, areas, indicators and index base from the pickers (seeded from the URL)."""
    from_url = [key for key in (st.query_params.get(INDICATORS_PARAM) or "").split(",") if key in catalogue.index]
    key_indicators = choose_key_indicators(catalogue, count=1)
    candidates = from_url[:1] or list(dict.fromkeys(key_indicators + list(catalogue.index)))
    default_indicator, default_level = default_view(candidates)
    level = choose_level("entwicklung", url, default_level)
    preferred = keys_with_values((from_url or [default_indicator])[0], level)
    chosen = choose_areas(url, level, selection, "entwicklung", 1, MAX_AREAS, fallback_count=1, preferred=preferred)
    if "entwicklung_kennzahlen" not in st.session_state:
        st.session_state["entwicklung_kennzahlen"] = from_url or ([default_indicator] if default_indicator else [])
    keys = st.multiselect(
        f"Kennzahlen (bis {MAX_INDICATORS})",
        list(catalogue.index),
        format_func=lambda key: f"{catalogue.loc[key, 'name']} ({catalogue.loc[key, 'topic']})",
        max_selections=MAX_INDICATORS,
        placeholder="Kennzahlen wählen …",
        key="entwicklung_kennzahlen",
    )
    st.query_params[INDICATORS_PARAM] = ",".join(keys)
    index_column, base_column = st.columns([1, 1])
    base = None
    if index_column.toggle("Als Index (Basisjahr = 100)", key="entwicklung_index"):
        options = entwicklung.base_options(source, tuple(keys))
        base = base_column.selectbox("Basisjahr", options, format_func=format_date, key="entwicklung_basis", index=0)
    if not chosen or not keys:
        st.info("Bitte mindestens ein Gebiet und eine Kennzahl wählen.")
        source_footer(info)
        st.stop()
    return entwicklung.EntwicklungParams(
        kennzahlen=tuple(keys), ebene=level, gebiete=tuple(a.key for a in chosen), jahr=selection.year, basis=base
    )


def draw(report: entwicklung.EntwicklungReport, trend: entwicklung.Trend) -> None:
    """One indicator's chart, its downloads and »Zur Sitzungsmappe«."""
    key = trend.key
    figure = trend_figure(
        trend.series,
        trend.city,
        trend.labels,
        trend.chart_title,
        trend.unit,
        trend.decimals,
        breaks=report.breaks,
        indexed_to=trend.base,
    )
    stem = file_stem("entwicklung", key, *report.params.gebiete)
    st.plotly_chart(figure, width="stretch", key=f"trend_{key}")
    with st.container(horizontal=True, gap="medium", key=f"trend_{key}_exports"):
        chart_downloads(figure, stem, f"trend_{key}", info)
        table_downloads(
            trend.table,
            stem,
            f"trend_{key}",
            info,
            catalogue=catalogue,
            indicator_keys=[key],
            method=trend.method,
            sheet_name="Entwicklung",
        )
    title = f"Entwicklung: {trend.indicator['name']}"
    add_to_deck_button("entwicklung", report.params.slide_settings(key), title, key=f"deck_trend_{key}")
    if trend.empty:
        st.caption(f"Für {markdown_literal(trend.indicator['name'])} liegen zu den gewählten Gebieten keine Werte vor.")


params = choose_params()
report = entwicklung.build(source, params)
st.caption(
    entwicklung.CITY_NOTE
    + (" Ab fünf Gebieten erhält jedes Gebiet ein eigenes kleines Diagramm." if len(report.labels) >= 5 else "")
)
for trend in report.trends:
    draw(report, trend)
source_footer(info)
