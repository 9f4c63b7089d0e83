"""Pieces of the page Budget & Wirkung: product picker bound to the URL, report tables, bubble clicks."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd
import streamlit as st
from streamlit.errors import StreamlitAPIException

from sozialraum.formatting import DASH, KIND_FORMATTERS
from sozialraum.reports.budget.base import PREFERRED_PRODUCT, PRODUCT_PARAM, BudgetParams, default_product
from sozialraum.reports.budget.tables import ReportTable
from sozialraum.reports.provenance import Note
from sozialraum.ui import pages
from sozialraum.ui.selection import AREA_PARAM
from sozialraum.ui.tables import export_formats
from sozialraum.ui.view_block import SlideRequest, TableExport, table_block

__all__ = ["PRODUCT_PARAM", "default_product", "product_picker", "report_table", "click_options", "click_hint"]
_ROW_PX = 35
_MAX_ROWS_SHOWN = 25
PROFILE_PAGE = "steckbrief.py"
_OPEN_PROFILE_FLAG = "budget_open_profile"


def product_picker(products: pd.DataFrame, preferred: str = PREFERRED_PRODUCT) -> str:
    """A selectbox of budget products whose choice lives in the URL (``?produkt=36.3``); without a known
    product in the URL the default rule of ``BudgetParams.from_query`` picks one."""
    codes = list(products["code"])
    names = products.set_index("code")["name"].to_dict()
    if st.session_state.get(PRODUCT_PARAM) not in codes:
        wanted = BudgetParams.from_query(st.query_params.to_dict(), products).product
        st.session_state[PRODUCT_PARAM] = wanted if wanted in codes else default_product(products, preferred)
    code = st.selectbox(
        "Produkt", codes, key=PRODUCT_PARAM, format_func=lambda c: f"{c} {names[c]}", help="Haushaltsprodukt"
    )
    st.query_params[PRODUCT_PARAM] = code
    return code


def report_table(
    table: ReportTable,
    *,
    key: str,
    stem: str,
    info: Mapping[str, str],
    slide: SlideRequest | None = None,
    catalogue: pd.DataFrame | None = None,
    indicator_keys: Iterable[str] = (),
    method: Sequence[Note] = (),
) -> None:
    """A report's table, sortable on its numbers with German formats, with its downloads and deck popover."""
    frame, spec = table.frame, table.spec
    formatters = {column: KIND_FORMATTERS[kind] for column, kind in spec.items() if column in frame.columns}
    height = (min(len(frame), _MAX_ROWS_SHOWN) + 1) * _ROW_PX + 3
    export = TableExport(frame, export_formats(spec), catalogue, tuple(indicator_keys), tuple(method))
    styled = frame.style.format(formatters, na_rep=DASH)
    table_block(styled, export, key=key, stem=stem, info=info, slide=slide, height=height)  # type: ignore[arg-type]


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


def click_options(key: str) -> dict[str, Any]:
    """Chart options for ``chart_block``: a click on a bubble selects its space (customdata = key) and opens
    its profile."""
    return {"on_select": lambda: _remember_clicked_space(key), "selection_mode": "points"}


def click_hint() -> str:
    return "Klick auf einen Kreis öffnet den Steckbrief des Sozialraums."


def open_profile_after_click() -> None:
    """After a bubble click: switch to the profile page if the app has one, else stay with the space selected."""
    area_key = st.session_state.pop(_OPEN_PROFILE_FLAG, None)
    if area_key is None:
        return
    try:
        kept = {name: st.query_params[name] for name in ("jahr",) if name in st.query_params}
        pages.switch(PROFILE_PAGE, query_params={**kept, AREA_PARAM: area_key})
    except StreamlitAPIException:
        st.toast("Sozialraum in der Seitenleiste ausgewählt; die Steckbrief-Seite ist nicht eingebunden.")
