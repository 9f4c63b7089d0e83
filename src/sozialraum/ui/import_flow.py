"""The upload flow of the Daten page: upload, see the complete check, then confirm, all or nothing."""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

import streamlit as st

from sozialraum.formatting import format_number
from sozialraum.importing import KIND_LABELS, ImportKind, ImportReport, run_import
from sozialraum.importing.messages import report_file_bytes
from sozialraum.importing.upload import stored_name, upload_label
from sozialraum.ui import data
from sozialraum.ui.exports import XLSX_MEDIA_TYPE
from sozialraum.ui.markup import markdown_literal

UPLOAD_TYPES = ["csv", "txt", "xlsx", "geojson", "json", "gpkg", "zip"]
CHECKED = "daten_checked_upload"  # session key: (fingerprint, report) of the last checked upload
SHOWN_KINDS = 8  # kinds of message listed on screen; the report names all


def _run(
    kind: ImportKind,
    name: str,
    content: bytes,
    mapping_text: str | None,
    crs: str | None,
    dry_run: bool,
    mapping_name: str | None = None,
) -> ImportReport:
    """Write the upload to a temporary file (readers need a path and its suffix) and import it.

    ``name`` is the browser's multipart file name: a label for messages and the log, never part of a path
    (see ``importing.upload``).
    """
    label = upload_label(name)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / stored_name(name)
        path.write_bytes(content)
        mapping_path = None
        if mapping_text:
            mapping_path = Path(folder) / "zuordnung.toml"
            mapping_path.write_text(mapping_text, encoding="utf-8")
        # The runner reads the mapping, so a broken one is reported like any other problem and logged.
        return run_import(
            data.engine(),
            kind,
            path,
            mapping_path=mapping_path,
            dry_run=dry_run,
            crs=crs or None,
            display_name=label,
            mapping_label=upload_label(mapping_name or "Zuordnungsdatei") if mapping_path else None,
            log_failed_check=True,  # a refused upload is an attempt the import log must show
        )


def render_import() -> None:
    kind = st.selectbox(
        "Was wird importiert?", list(KIND_LABELS), format_func=lambda k: KIND_LABELS[ImportKind(k)], key="import_kind"
    )
    upload = st.file_uploader(
        "Datei (CSV, Excel, GeoJSON, GeoPackage oder gezipptes Shapefile)", type=UPLOAD_TYPES, key="import_file"
    )
    with st.expander("Zuordnung und Koordinatensystem (optional)"):
        mapping_upload = st.file_uploader("Zuordnungsdatei (TOML)", type=["toml"], key="import_mapping")
        crs = st.text_input(
            "Koordinatensystem, falls die Datei keines angibt", placeholder="z. B. EPSG:25833", key="import_crs"
        )
    if upload is None:
        st.info(
            "Die Datei wird zuerst vollständig geprüft. Geschrieben wird erst nach Ihrer Bestätigung – "
            "und dann alles oder nichts."
        )
        return
    content = upload.getvalue()
    mapping_text = mapping_upload.getvalue().decode("utf-8", errors="replace") if mapping_upload else None
    mapping_name = mapping_upload.name if mapping_upload else None
    fingerprint = upload_fingerprint(kind.encode(), content, (mapping_text or "").encode(), crs.encode())
    checked = st.session_state.get(CHECKED)
    if checked is None or checked[0] != fingerprint:
        with st.spinner("Datei wird geprüft …"):
            report = _run(
                ImportKind(kind), upload.name, content, mapping_text, crs, dry_run=True, mapping_name=mapping_name
            )
        st.session_state[CHECKED] = (fingerprint, report)
    else:
        report = checked[1]
    _show_report(report)
    if report.ok and st.button("Jetzt importieren", type="primary", key="import_confirm"):
        with st.spinner("Wird geschrieben … (läuft gerade ein anderer Import, wird auf ihn gewartet)"):
            final = _run(
                ImportKind(kind), upload.name, content, mapping_text, crs, dry_run=False, mapping_name=mapping_name
            )
        st.session_state.pop(CHECKED, None)
        if final.ok:
            st.cache_data.clear()  # every page shows the new data at once
            st.success(markdown_literal(final.summary()))
        else:
            _show_report(final, key="import_final_report")


def upload_fingerprint(*parts: bytes) -> str:
    """The hash of the parts, fed one by one: joining them first would copy a 50 MB upload once more."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part)
        digest.update(b"|")
    return digest.hexdigest()


def _show_report(report: ImportReport, key: str = "import_report") -> None:
    """The outcome, one line per kind of message with its first values, and the complete report: every
    distinct value with all its rows, in an expander and as a download (CSV for Excel, XLSX)."""
    if report.ok:
        st.success(f"Prüfung bestanden: {markdown_literal(report.summary())}")
    else:
        st.error(markdown_literal(report.summary()))
    lines = report.summary_lines()
    if not lines:
        return
    st.markdown("\n".join(f"- {markdown_literal(line)}" for line in lines[:SHOWN_KINDS]))
    if len(lines) > SHOWN_KINDS:
        st.caption(f"… und {format_number(len(lines) - SHOWN_KINDS)} weitere Arten von Meldungen im Bericht.")
    frame = report.report_frame()
    with st.expander(f"Alle Meldungen: {format_number(len(frame))} verschiedene Werte mit allen Zeilen"):
        st.dataframe(frame, hide_index=True, width="stretch", key=key)
    stem = f"importbericht_{Path(report.file_name).stem}"
    row = st.container(horizontal=True, gap="small", key=f"{key}_downloads")
    for label, suffix, mime in (
        ("Bericht als CSV (Excel)", ".csv", "text/csv"),
        ("Bericht als XLSX", ".xlsx", XLSX_MEDIA_TYPE),
    ):
        row.download_button(
            label,
            lambda suffix=suffix: report_file_bytes(frame, suffix),
            file_name=stem + suffix,
            mime=mime,
            key=f"{key}_{suffix[1:]}",
            icon=":material/download:",
            on_click="ignore",
            type="tertiary",
        )
