"""Daten: import with a complete check before writing, templates, the indicator catalogue, the import log.

Reads go through the cached page ``Source``; the tabs that only read live in ``ui.data_page``."""

import streamlit as st

from sozialraum.ui import data, data_page
from sozialraum.ui.components import source_footer
from sozialraum.ui.import_assistant import render_import_assistant
from sozialraum.ui.import_flow import render_import
from sozialraum.ui.repair import render_indicator_delete, render_undo, render_version_repair, show_notice
from sozialraum.ui.source import page_source

st.title("Daten")
st.caption("Import, Vorlagen, Kennzahlenkatalog, Importprotokoll und Korrekturen")
show_notice()

importing, assistant, templates, catalogue, export, log, repairs = st.tabs(
    ["Import", "Import-Assistent", "Vorlagen", "Kennzahlenkatalog", "Export", "Importprotokoll", "Korrekturen"]
)
with importing:
    render_import()
with assistant:
    render_import_assistant()

# An import in this run (also a refused one, which is logged) raised the data-version stamp: the tabs below
# read fresh data, not what was cached before it.
data.refresh_if_data_changed()
source = page_source()

with templates:
    data_page.render_templates()
with catalogue:
    data_page.render_catalogue(source)
with export:
    data_page.render_export(source)
with log:
    entries = source.import_log()
    data_page.render_import_log(source, entries)
    if not entries.empty:
        render_undo(entries)
with repairs:
    st.write(
        "Fehler ohne neue Datenbank beheben. Jede Korrektur ist ein Schritt für sich; "
        "ein Import lässt sich im Importprotokoll zurücknehmen."
    )
    render_version_repair(source.boundary_versions())
    render_indicator_delete(source.indicators())

source_footer(source.dataset_info())
