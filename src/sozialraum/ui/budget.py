"""Pieces of the page Budget & Wirkung: product picker bound to the URL, population loader, bubble clicks."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit.errors import StreamlitAPIException

from sozialraum.analysis.keyfigures import choose_population_indicator
from sozialraum.analysis.space_budget import population_by_space
from sozialraum.ui import data
from sozialraum.ui.selection import AREA_PARAM

PRODUCT_PARAM = "produkt"
RESIDENTS_INDICATOR = "pop_total"
PROFILE_PAGE = Path(__file__).resolve().parents[3] / "views" / "steckbrief.py"
_OPEN_PROFILE_FLAG = "budget_open_profile"


def default_product(products: pd.DataFrame, preferred: str) -> str:
    """``preferred`` (the demo's Hilfen zur Erziehung) where it exists, else the product with the most money:
    Köln's district budget opens on »Hilfe für junge Menschen«, not on the first code."""
    codes = list(products["code"])
    if preferred in codes:
        return preferred
    if "volume" in products and products["volume"].notna().any():
        return str(products.loc[products["volume"].astype(float).idxmax(), "code"])
    return codes[0]


def product_picker(products: pd.DataFrame, preferred: str) -> str:
    """A selectbox of budget products whose choice lives in the URL (``?produkt=36.3``)."""
    codes = list(products["code"])
    names = products.set_index("code")["name"].to_dict()
    if st.session_state.get(PRODUCT_PARAM) not in codes:
        wanted = st.query_params.get(PRODUCT_PARAM)
        st.session_state[PRODUCT_PARAM] = wanted if wanted in codes else default_product(products, preferred)
    code = st.selectbox(
        "Produkt", codes, key=PRODUCT_PARAM, format_func=lambda c: f"{c} {names[c]}", help="Haushaltsprodukt"
    )
    st.query_params[PRODUCT_PARAM] = code
    return code


def population(
    url: str, periods_of_years: dict[int, date], target_key: str | None, level: str = "social_space"
) -> pd.DataFrame:
    """Residents and target-group residents per area of ``level`` and budget year (area_id, year, residents,
    target_residents). A budget year without its own count (a plan year) uses the latest count before it."""
    residents_key = choose_population_indicator(data.indicators(url)) or RESIDENTS_INDICATOR
    keys = tuple(dict.fromkeys(k for k in (residents_key, target_key) if k))
    values = data.values(url, keys, tuple(sorted(set(periods_of_years.values()))), level)
    if values.empty:
        return pd.DataFrame(columns=["area_id", "year", "residents", "target_residents"])
    by_period = population_by_space(values, residents_key, target_key)
    years = pd.DataFrame({"year": list(periods_of_years), "data_year": [p.year for p in periods_of_years.values()]})
    relabelled = years.merge(by_period.rename(columns={"year": "data_year"}), on="data_year")
    return relabelled.drop(columns="data_year")


def _remember_clicked_space(chart_key: str) -> None:
    """Callback of the bubble chart: make the clicked space the sidebar's space before the next run.

    A callback, because the sidebar's widget already exists when the page script sees the click, and
    a drawn widget's state cannot be changed in the same run.
    """
    points = st.session_state[chart_key].selection.points
    if not points:
        return
    area_key = points[0].get("customdata")
    if isinstance(area_key, list):
        area_key = area_key[0]
    if area_key:
        st.session_state[AREA_PARAM] = str(area_key)
        st.query_params[AREA_PARAM] = str(area_key)
        st.session_state[_OPEN_PROFILE_FLAG] = str(area_key)


def clickable_chart(figure, key: str) -> None:  # a plotly Figure
    """Draw ``figure``; a click on a bubble selects its space (customdata = key) and opens its profile."""
    st.plotly_chart(
        figure,
        width="stretch",
        key=key,
        on_select=lambda: _remember_clicked_space(key),
        selection_mode="points",
    )


def click_hint() -> str:
    return (
        "Klick auf einen Kreis öffnet den Steckbrief des Sozialraums."
        if PROFILE_PAGE.exists()
        else ("Klick auf einen Kreis wählt den Sozialraum in der Seitenleiste aus.")
    )


def open_profile_after_click() -> None:
    """After a bubble click: switch to the profile page if the app has one, else stay with the space selected."""
    area_key = st.session_state.pop(_OPEN_PROFILE_FLAG, None)
    if area_key is None:
        return
    if not PROFILE_PAGE.exists():
        st.toast("Sozialraum in der Seitenleiste ausgewählt.")
        return
    try:
        kept = {name: st.query_params[name] for name in ("jahr",) if name in st.query_params}
        st.switch_page(PROFILE_PAGE, query_params={**kept, AREA_PARAM: area_key})
    except StreamlitAPIException:
        st.toast("Sozialraum in der Seitenleiste ausgewählt; die Steckbrief-Seite ist nicht eingebunden.")
