"""Entwicklung: chosen indicators for chosen areas over all periods, against the city."""

import streamlit as st

from sozialraum.analysis.keyfigures import choose_key_indicators
from sozialraum.analysis.trends import boundary_breaks, index_to_base, series_on_grid, trend_table
from sozialraum.charts.profile import trend_figure
from sozialraum.markup import markdown_literal
from sozialraum.ui import data, profile_data
from sozialraum.ui.area_choice import choose_areas, choose_level
from sozialraum.ui.components import demo_badge, page_context, source_footer
from sozialraum.ui.deck import add_to_deck_button
from sozialraum.ui.exports import chart_downloads, file_stem, table_downloads

INDICATORS_PARAM = "kennzahlen"
MAX_AREAS = 12
MAX_INDICATORS = 6

url, info, selection = page_context()

st.title("Entwicklung")
demo_badge(info)
catalogue = data.indicators(url)
periods = data.periods(url)

level = choose_level("entwicklung")
chosen = choose_areas(url, level, selection, "entwicklung", 1, MAX_AREAS, fallback_count=1)
if "entwicklung_kennzahlen" not in st.session_state:
    from_url = [key for key in (st.query_params.get(INDICATORS_PARAM) or "").split(",") if key in catalogue.index]
    st.session_state["entwicklung_kennzahlen"] = from_url or choose_key_indicators(catalogue, count=1)
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
    base_period = base_column.selectbox(
        "Basisjahr", periods, format_func=lambda p: str(p.year), key="entwicklung_basis", index=0
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
breaks = boundary_breaks(periods, profile_data.boundary_versions(url))
labels = {area.id: area.label for area in chosen}
level_values = data.values(url, tuple(indicator_keys), tuple(periods), level)
city_values = data.values(url, tuple(indicator_keys), tuple(periods), "city")
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
        },
        f"Entwicklung: {meta['name']}",
        key=f"deck_trend_{key}",
    )
    if series["value"].isna().all():
        st.caption(f"Für {markdown_literal(meta['name'])} liegen zu den gewählten Gebieten keine Werte vor.")
source_footer(info)
