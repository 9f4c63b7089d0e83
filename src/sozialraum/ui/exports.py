"""Download buttons under every chart (PNG, SVG) and every table (XLSX, CSV), each with its provenance.

Files are produced only when a button is clicked: ``st.download_button`` takes a callable for ``data``
(Streamlit ≥ 1.49), so a page with ten charts renders no image on a rerun. An image costs ~0.13 s once
the browser runs; a table file a few milliseconds, but a Steckbrief has a dozen of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from sozialraum.charts.common import with_source_line
from sozialraum.export import images
from sozialraum.export.tables import ColumnFormat, german_csv_bytes, xlsx_bytes
from sozialraum.reports.provenance import Note, export_notes, source_line

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_NOTICE_KEY = "_image_export_notice_shown"
IMAGE_WIDTH = 1200
DEFAULT_IMAGE_HEIGHT = 600


def start_page() -> None:
    """Called once per script run (by ``page_context``): the missing-browser notice is shown once a page."""
    st.session_state[_NOTICE_KEY] = False


def file_stem(*parts: object) -> str:
    """A safe file name from parts: »steckbrief_0303_2025«."""
    text = "_".join(str(part) for part in parts if part not in (None, ""))
    return "".join(c if c.isalnum() or c in "-_." else "-" for c in text).strip("-_") or "export"


def _image_maker(figure: go.Figure, image_format: images.ImageFormat, source: str, width: int) -> Callable[[], bytes]:
    def make() -> bytes:
        # Copied only on click: every chart of every rerun would otherwise pay for a figure copy.
        exported = with_source_line(figure, source)
        height = int(exported.layout.height or DEFAULT_IMAGE_HEIGHT) + 40  # room for the source line
        scale = 2.0 if image_format == "png" else 1.0
        return images.figure_image(exported, image_format, width=width, height=height, scale=scale)

    return make


def image_notice(prefix: str = "") -> bool:
    """Without Chromium, say so once per page (``prefix`` names what is missing); True if images work."""
    if images.static_images_available():
        return True
    if not st.session_state.get(_NOTICE_KEY):
        st.caption(prefix + images.unavailable_message())
        st.session_state[_NOTICE_KEY] = True
    return False


def chart_downloads(figure: go.Figure, stem: str, key: str, info: Mapping[str, str], width: int = IMAGE_WIDTH) -> None:
    """PNG and SVG of ``figure`` (``width`` pixels wide) with the source line in the image; one German
    notice instead when there is no Chromium."""
    if not image_notice():
        return
    source = source_line(info)
    row = st.container(horizontal=True, gap="small", key=f"{key}_image_exports")
    for image_format in ("png", "svg"):
        row.download_button(
            image_format.upper(),
            _image_maker(figure, image_format, source, width),
            file_name=f"{stem}.{image_format}",
            mime=images.media_type(image_format),
            key=f"{key}_{image_format}",
            icon=":material/image:",
            on_click="ignore",
            type="tertiary",
            help=f"Diagramm als {image_format.upper()}, mit Quellenangabe im Bild.",
        )


def table_downloads(
    frame: pd.DataFrame,
    stem: str,
    key: str,
    info: Mapping[str, str],
    *,
    formats: Mapping[str, ColumnFormat] | None = None,
    catalogue: pd.DataFrame | None = None,
    indicator_keys: Iterable[str] = (),
    method: Sequence[Note] = (),
    sheet_name: str | None = None,
) -> None:
    """XLSX (with a »Hinweise« sheet) and CSV for German Excel (notes below the data) of ``frame``.

    The notes name source, as-of date, export time, ``method`` (classification, formula) and the
    definitions of ``indicator_keys`` from ``catalogue``.
    """
    keys = tuple(indicator_keys)

    def notes() -> list[Note]:
        return export_notes(info, catalogue=catalogue, indicator_keys=keys, method=method)

    row = st.container(horizontal=True, gap="small", key=f"{key}_table_exports")
    row.download_button(
        "XLSX",
        lambda: xlsx_bytes(frame, formats, sheet_name=sheet_name or stem[:31], notes=notes()),
        file_name=f"{stem}.xlsx",
        mime=XLSX_MEDIA_TYPE,
        key=f"{key}_xlsx",
        icon=":material/download:",
        on_click="ignore",
        type="tertiary",
        help="Excel-Datei; Quelle, Datenstand und Definitionen stehen im Blatt »Hinweise«.",
    )
    row.download_button(
        "CSV (Excel)",
        lambda: german_csv_bytes(frame, formats, notes=notes()),
        file_name=f"{stem}.csv",
        mime="text/csv",
        key=f"{key}_csv",
        icon=":material/download:",
        on_click="ignore",
        type="tertiary",
        help="Semikolon-getrennt, Dezimalkomma, UTF-8 – öffnet sich in deutschem Excel direkt richtig. "
        "Quelle, Datenstand und Definitionen stehen unter der Tabelle.",
    )
