"""One component for what sits under every view: the chart or table, its downloads, »Zur Sitzungsmappe«.

Pages call ``chart_block`` / ``table_block`` instead of arranging ``st.plotly_chart``, the PNG/SVG or
XLSX/CSV buttons and the deck popover by hand, so every view offers the same exports in the same order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from sozialraum.export.tables import ColumnFormat
from sozialraum.reports.provenance import Note
from sozialraum.ui.deck import add_to_deck_button
from sozialraum.ui.exports import chart_downloads, table_downloads


@dataclass(frozen=True)
class SlideRequest:
    """What »Zur Sitzungsmappe« stores: the slide kind, the view's settings (its ``Params.to_query()``), a title."""

    kind: str
    params: Mapping[str, Any]
    title: str


@dataclass(frozen=True)
class TableExport:
    """The numbers behind a displayed table, as the XLSX/CSV downloads write them."""

    frame: pd.DataFrame
    formats: Mapping[str, ColumnFormat] | None = None
    catalogue: pd.DataFrame | None = None
    indicator_keys: Iterable[str] = ()
    method: Sequence[Note] = field(default_factory=tuple)
    sheet_name: str | None = None


def chart_block(
    figure: go.Figure,
    *,
    key: str,
    stem: str,
    info: Mapping[str, str],
    slide: SlideRequest | None = None,
    **chart_options: Any,
) -> None:
    """``figure`` full width, then PNG/SVG with the source line, then »Zur Sitzungsmappe« when ``slide``."""
    st.plotly_chart(figure, width="stretch", key=key, **chart_options)
    chart_downloads(figure, stem, key, info)
    if slide is not None:
        add_to_deck_button(slide.kind, dict(slide.params), slide.title, key=f"{key}_deck")


def table_block(
    display: pd.DataFrame,
    export: TableExport,
    *,
    key: str,
    stem: str,
    info: Mapping[str, str],
    slide: SlideRequest | None = None,
    **dataframe_options: Any,
) -> None:
    """``display`` (German display strings) as a table, the downloads of ``export``, then the deck popover."""
    st.dataframe(display, hide_index=True, width="stretch", key=key, **dataframe_options)
    table_downloads(
        export.frame,
        stem,
        key,
        info,
        formats=export.formats,
        catalogue=export.catalogue,
        indicator_keys=export.indicator_keys,
        method=export.method,
        sheet_name=export.sheet_name,
    )
    if slide is not None:
        add_to_deck_button(slide.kind, dict(slide.params), slide.title, key=f"{key}_deck")
