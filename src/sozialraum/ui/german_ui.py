"""German in Streamlit's own chrome, where Streamlit offers no parameter for the text.

Streamlit has no locale setting. Widgets get German labels and placeholders at their call sites; what is
left is built into the frontend: the file uploader's button and size line, the »Press Enter to apply«
hint, the Stop button of the running indicator, the keyboard skip link, the table and chart toolbars and
Plotly's mode bar. ``german_ui_style`` is a small stylesheet injected once per run from ``app.py``
(``st.html`` with CSS only, served with the page: no request leaves the server). It replaces a text by
hiding it (``font-size: 0``) and drawing the German one in ``::after``, or hides a control whose every
tooltip is English and whose function the app already offers in German (tables and charts have German
CSV/XLSX/PNG/SVG downloads with provenance below them; charts zoom by dragging and reset by double-click).
The selectors are Streamlit's ``data-testid`` attributes, the same ones its own tests use;
``tests/e2e/test_german_ui.py`` fails when an upgrade renames them and an English string from
``ENGLISH_UI_STRINGS`` shows again. Leaflet's control tooltips are set in ``maps.offline``.
"""

from __future__ import annotations

import streamlit as st

#: English texts of Streamlit's and Plotly's frontends a user of this app could read (on screen or as a
#: tooltip). The browser test looks for each, as a whole word, on every page of the demo.
ENGLISH_UI_STRINGS = (
    "Choose options",
    "Choose an option",
    "No options to select",
    "No results",
    "Drag and drop",
    "Browse files",
    "Upload",
    "per file",
    "files are not allowed",
    "or smaller",
    "Press Enter",
    "Running...",
    "Skip to main content",
    "Stop",
    "Stopping...",
    "Rerun",
    "Download as CSV",
    "Show/hide columns",
    "Search",
    "Fullscreen",
    "Clear all",
    "Download plot as a PNG",
    "Zoom in",
    "Zoom out",
    "Autoscale",
    "Reset axes",
    "Produced with Plotly",
    "This app has encountered an error",
    "Made with Streamlit",
    "Deploy",
)


def german_ui_style(max_upload_mb: int) -> str:
    """The stylesheet; the upload limit is the configured one (``server.maxUploadSize``), not a copy of it."""
    return f"""
<style>
/* File uploader: »Upload« and »200MB per file • CSV, …« (the widget's label names the file types). */
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p {{ font-size: 0; }}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p::after {{
  content: "Datei wählen"; font-size: 0.875rem; }}
[data-testid="stFileUploaderDropzoneInstructions"] span {{ font-size: 0; }}
[data-testid="stFileUploaderDropzoneInstructions"] span::after {{
  content: "höchstens {max_upload_mb} MB je Datei"; font-size: 0.875rem; }}
/* While a file is dragged over the field: »Drag and drop a file here«. */
[data-testid="stFileUploaderDropzone"] > div:not([data-testid]) > span {{ font-size: 0; }}
[data-testid="stFileUploaderDropzone"] > div:not([data-testid]) > span::after {{
  content: "Datei hier ablegen"; font-size: 1rem; }}
/* A rejected file's chip: »Error: text/plain files are not allowed.«, »File must be … or smaller.« is
   alert text for screen readers; sighted users only see a red icon, so the reason goes beside the size. */
[data-testid="stFileChip"] [role="alert"] {{ font-size: 0; }}
[data-testid="stFileChip"] [role="alert"]::after {{
  content: "Fehler: Dateityp oder Größe nicht zulässig"; font-size: 0.75rem; }}
[data-testid="stFileChip"][aria-invalid="true"] [data-testid="stFileChipName"] + div::after {{
  content: " · Dateityp oder Größe nicht zulässig"; }}
/* »Press Enter to apply« / »… to submit form« under a text field being edited. */
[data-testid="InputInstructions"] {{ font-size: 0; }}
[data-testid="InputInstructions"]::after {{ content: "Enter übernimmt"; font-size: 0.75rem; }}
[data-testid="stTextArea"] [data-testid="InputInstructions"]::after {{ content: "Strg+Enter übernimmt"; }}
/* The running indicator's »Stop« button (with client.toolbarMode = "minimal" the header stays empty; this
   covers another setting). */
[data-testid="stStatusWidget"] button {{ font-size: 0; }}
[data-testid="stStatusWidget"] button::after {{ content: "Abbrechen"; font-size: 0.875rem; }}
/* The keyboard users' skip link, visible on focus. */
[data-testid="stSkipToContent"] {{ font-size: 0; }}
[data-testid="stSkipToContent"]::after {{ content: "Zum Inhalt springen"; font-size: 1rem; }}
/* Toolbars with English tooltips only: tables (Show/hide columns, Download as CSV, Search, Fullscreen),
   charts (Fullscreen) and Plotly's mode bar (Zoom, Pan, Autoscale, Download plot as a PNG). */
[data-testid="stElementToolbar"] {{ display: none !important; }}
.js-plotly-plot .modebar-container {{ display: none !important; }}
</style>
"""


def inject_german_ui() -> None:
    """Put the stylesheet on the page; call once per run, before any page content (``app.py``)."""
    st.html(german_ui_style(int(st.get_option("server.maxUploadSize"))))
