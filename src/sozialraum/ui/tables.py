"""German tables on screen and as downloads: one column spec drives both, so they never disagree.

A spec maps each (German) column name to a kind: ``text`` (keys such as 0101), ``euro``, ``cents``,
``percent``, ``points``, ``count``, ``number`` or ``factor``. On screen the values are formatted the
German way through a pandas Styler, which keeps sorting on the numbers; downloads use
``sozialraum.export.tables``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import pandas as pd
import streamlit as st

from sozialraum.export.tables import INTEGER, MONEY, ONE_DECIMAL, TEXT, ColumnFormat
from sozialraum.formatting import DASH, KIND_FORMATTERS
from sozialraum.reports.provenance import Note
from sozialraum.ui.exports import table_downloads

_EXPORT_FORMATS: dict[str, ColumnFormat] = {
    "text": TEXT,
    "euro": MONEY,
    "percent": ONE_DECIMAL,
    "points": ONE_DECIMAL,
    "cents": MONEY,
    "count": INTEGER,
    "number": ONE_DECIMAL,
    "factor": ColumnFormat(decimals=2),
}


def export_formats(spec: Mapping[str, str]) -> dict[str, ColumnFormat]:
    return {column: _EXPORT_FORMATS[kind] for column, kind in spec.items()}


_ROW_PX = 35
_MAX_ROWS_SHOWN = 25


def german_table(frame: pd.DataFrame, spec: Mapping[str, str], key: str) -> None:
    """``frame`` (German column names) as a sortable table with German number formats, all rows visible
    up to 25 (a social-space table should not hide its last spaces behind a scroll bar)."""
    formatters = {column: KIND_FORMATTERS[kind] for column, kind in spec.items() if column in frame.columns}
    height = (min(len(frame), _MAX_ROWS_SHOWN) + 1) * _ROW_PX + 3
    st.dataframe(frame.style.format(formatters, na_rep=DASH), hide_index=True, key=key, height=height)


def download_buttons(
    frame: pd.DataFrame,
    spec: Mapping[str, str],
    file_stem: str,
    key: str,
    info: Mapping[str, str],
    *,
    catalogue: pd.DataFrame | None = None,
    indicator_keys: Iterable[str] = (),
    method: Sequence[Note] = (),
) -> None:
    """XLSX and CSV (German Excel) of ``frame`` with source, as-of date, definitions and ``method``."""
    table_downloads(
        frame,
        file_stem,
        key,
        info,
        formats=export_formats(spec),
        catalogue=catalogue,
        indicator_keys=indicator_keys,
        method=method,
    )
