"""The import assistant of the Daten page: upload a table, correct the proposed mapping, check, import.

The page pieces only; recognising the file and building the mapping is ``importing.assistant``, checking
and writing is the ordinary runner, so the assistant's import is exactly the import of its TOML.
"""

from __future__ import annotations

import dataclasses
import logging
import tempfile
from pathlib import Path

import streamlit as st

from sozialraum.importing import ImportKind, ImportReport, run_import
from sozialraum.importing.assistant import (
    AREA_BY_KEY,
    AREA_BY_NAME,
    KnownArea,
    KnownIndicator,
    Proposal,
    describe,
    known_areas,
    known_indicators,
    mapping_toml,
    propose,
)
from sozialraum.importing.messages import Problem, UnreadableFileError
from sozialraum.importing.upload import stored_name, upload_label
from sozialraum.ui import data
from sozialraum.ui.import_flow import _show_report as show_report

# The Import tab's report table: shared so both show messages alike (and gain the same improvements).
from sozialraum.ui.import_flow import upload_fingerprint
from sozialraum.ui.markup import markdown_literal
from sozialraum.vocabulary import LEVEL_SINGULAR

LOGGER = logging.getLogger(__name__)
PREFIX = "assistant_"
PROPOSAL = "assistant_state_proposal"  # session: (fingerprint, Proposal | Problem)
CHECKED = "assistant_state_checked"  # session: (fingerprint of file and mapping, report of the dry run)
LOGGED = "assistant_state_logged"  # session: fingerprint of the upload whose first check was logged
UPLOAD_TYPES = ["csv", "txt", "xlsx"]
NOT_IMPORTED = ""
MAPPING_LABEL = "Import-Assistent"


def render_import_assistant() -> None:
    st.write(
        "Für Tabellen mit einer Spalte je Kennzahl: der Assistent erkennt Gebiete, Zeitraum und Kennzahlen "
        "und schlägt eine Zuordnung vor. Sie prüfen und korrigieren sie, sehen den Probelauf und importieren; "
        "die Zuordnung lässt sich für die Datei des nächsten Jahres herunterladen."
    )
    upload = st.file_uploader("Tabelle (CSV oder Excel)", type=UPLOAD_TYPES, key="assistant_file")
    if upload is None:
        st.info("Geschrieben wird erst nach dem Probelauf und Ihrer Bestätigung – alles oder nichts.")
        return
    content = upload.getvalue()
    fingerprint = upload_fingerprint(upload.name.encode(), content)
    state = st.session_state.get(PROPOSAL)
    if state is None or state[0] != fingerprint:
        _forget_choices()
        with st.spinner("Datei wird untersucht …"):
            result = _propose(upload.name, content)
        st.session_state[PROPOSAL] = state = (fingerprint, result)
    result = state[1]
    if isinstance(result, Problem):
        st.error(markdown_literal(str(result)))
        return
    chosen = _choices(result)
    mapping = chosen.mapping()
    toml_text = mapping_toml(mapping)
    with st.expander("Zuordnung als TOML"):
        st.code(toml_text, language="toml")
    st.download_button(
        "Zuordnung herunterladen (TOML)",
        toml_text.encode(),
        f"{Path(upload_label(upload.name)).stem or 'zuordnung'}_zuordnung.toml",
        "application/toml",
        key="assistant_download",
        icon=":material/download:",
        on_click="ignore",
        help="Mit dieser Datei lässt sich die nächste Datei gleichen Aufbaus importieren (Import: Zuordnungsdatei).",
    )
    problems = chosen.problems()
    if problems:
        for text in problems:
            st.warning(text)
        return
    checked_print = upload_fingerprint(fingerprint.encode(), toml_text.encode())
    checked = st.session_state.get(CHECKED)
    if checked is None or checked[0] != checked_print:
        # A refused first check is an attempt the import log must show; every correction after it is not.
        first_check = st.session_state.get(LOGGED) != fingerprint
        with st.spinner("Probelauf …"):
            report = _run(upload.name, content, mapping, dry_run=True, log_failed_check=first_check)
        st.session_state[LOGGED] = fingerprint
        st.session_state[CHECKED] = checked = (checked_print, report)
    st.subheader("Probelauf")
    show_report(checked[1])
    if checked[1].ok and st.button("Jetzt importieren", type="primary", key="assistant_confirm"):
        with st.spinner("Wird geschrieben … (läuft gerade ein anderer Import, wird auf ihn gewartet)"):
            final = _run(upload.name, content, mapping, dry_run=False)
        st.session_state.pop(CHECKED, None)
        if final.ok:
            st.cache_data.clear()  # every page shows the new data at once
            st.success(markdown_literal(final.summary()))
        else:
            show_report(final)


def _propose(name: str, content: bytes) -> Proposal | Problem:
    """The proposal for an upload, or the German problem that stops reading it (logged as a failed
    import by a dry run of the runner, so the import log shows the attempt like any refused upload)."""
    label = upload_label(name)
    engine = data.engine()
    areas: list[KnownArea] = known_areas(engine)
    indicators: list[KnownIndicator] = known_indicators(engine)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / stored_name(name)
        path.write_bytes(content)
        try:
            return propose(path, areas, indicators, file_name=label)
        except UnreadableFileError as failure:
            LOGGER.info("Import assistant cannot read %s: %s", label, failure.problem.text)
            run_import(
                engine,
                ImportKind.OBSERVATIONS,
                path,
                mapping_base={},
                dry_run=True,
                display_name=label,
                log_failed_check=True,
            )
            return failure.problem


def _run(name: str, content: bytes, mapping: dict, dry_run: bool, log_failed_check: bool = True) -> ImportReport:
    label = upload_label(name)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / stored_name(name)
        path.write_bytes(content)
        # The runner reads the mapping like a TOML file's: a wrong one is reported and logged, never raised.
        return run_import(
            data.engine(),
            ImportKind.OBSERVATIONS,
            path,
            mapping_base=mapping,
            dry_run=dry_run,
            display_name=label,
            mapping_label=MAPPING_LABEL,
            log_failed_check=log_failed_check,
        )


def _choices(proposal: Proposal) -> Proposal:
    """The widgets, preset with the proposal; returns the proposal as the planner corrected it."""
    st.markdown("**Erkannt**")
    st.markdown("\n".join(f"- {markdown_literal(line)}" for line in describe(proposal)))
    for note in proposal.notes:
        st.info(markdown_literal(note))
    st.dataframe(proposal.preview, hide_index=True, width="stretch", key="assistant_preview")
    header = proposal.header
    left, middle, right = st.columns(3)
    area_column = left.selectbox(
        "Spalte mit den Gebieten",
        header,
        index=header.index(proposal.area_column) if proposal.area_column in header else None,
        format_func=_column_label,
        placeholder="Spalte wählen …",
        key="assistant_area_column",
    )
    area_by = middle.radio(
        "Gebiete erkannt über",
        [AREA_BY_KEY, AREA_BY_NAME],
        index=0 if proposal.area_by == AREA_BY_KEY else 1,
        format_func={AREA_BY_KEY: "Schlüssel", AREA_BY_NAME: "Name"}.get,
        horizontal=True,
        key="assistant_area_by",
    )
    levels = [None, *sorted({area.level for area in known_areas(data.engine())}, key=_level_order)]
    level = right.selectbox(
        "Ebene",
        levels,
        index=levels.index(proposal.level) if proposal.level in levels else 0,
        format_func=lambda value: "alle Ebenen" if value is None else LEVEL_SINGULAR.get(value, value),
        key="assistant_level",
    )
    period_modes = ["column", "fixed"]
    mode = st.radio(
        "Zeitraum",
        period_modes,
        index=0 if proposal.period_column else 1,
        format_func={"column": "aus einer Spalte", "fixed": "für alle Zeilen gleich"}.get,
        horizontal=True,
        key="assistant_period_mode",
    )
    period_column, period = None, None
    if mode == "column":
        period_column = st.selectbox(
            "Spalte mit Jahr oder Stichtag",
            header,
            index=header.index(proposal.period_column) if proposal.period_column in header else None,
            format_func=_column_label,
            placeholder="Spalte wählen …",
            key="assistant_period_column",
        )
    else:
        period = st.text_input(
            "Jahr oder Stichtag für alle Zeilen",
            value=proposal.period or "",
            placeholder="z. B. 2014 oder 31.12.2013",
            key="assistant_period",
        )
    row_range = st.text_input(
        "Nur diese Zeilen (optional)",
        placeholder="z. B. 2-100 oder 2-15, 18-100",
        help="Zeilennummern wie in den Meldungen: für Dateien, die unter den Gebieten noch andere Ebenen "
        "oder Summen aufführen (Hamburgs Stadtteilprofile: Bezirke und Stadt ab Zeile 101).",
        key="assistant_rows",
    )
    indicators = _indicator_choices(proposal, exclude={area_column, period_column})
    return dataclasses.replace(
        proposal,
        area_column=area_column,
        area_by=area_by,
        level=level,
        period_column=period_column,
        period=(period or "").strip() or None,
        indicators=indicators,
        row_range=row_range.strip() or None,
    )


def _indicator_choices(proposal: Proposal, exclude: set[str | None]) -> dict[str, str]:
    catalogue = {indicator.key: indicator.name for indicator in known_indicators(data.engine())}
    options = [NOT_IMPORTED, *catalogue]
    columns = [column for column in proposal.numeric_columns if column not in exclude]
    chosen: dict[str, str] = {}
    matched = sum(1 for column in columns if proposal.indicators.get(column))
    with st.expander(f"Spalten und Kennzahlen ({matched} von {len(columns)} zugeordnet)", expanded=True):
        grid = st.columns(3)  # Hamburg's profile has 68 number columns: three abreast keep it scannable
        offered = [(position, column) for position, column in enumerate(proposal.header) if column in columns]
        for number, (position, column) in enumerate(offered):
            preset = proposal.indicators.get(column, NOT_IMPORTED)
            score = proposal.indicator_scores.get(column)
            key = grid[number % 3].selectbox(
                markdown_literal(_column_label(column)),
                options,
                index=options.index(preset) if preset in options else 0,
                format_func=lambda value: (
                    "nicht importieren" if value == NOT_IMPORTED else f"{catalogue[value]} ({value})"
                ),
                help=f"Vorschlag nach Ähnlichkeit des Spaltennamens ({score:.0f} von 100)" if score else None,
                key=f"assistant_indicator_{position}",
            )
            if key:
                chosen[column] = key
    return chosen


def _column_label(column: str | None) -> str:
    return "(Spalte ohne Namen)" if column == "" else str(column)


def _level_order(level: str) -> int:
    order = list(LEVEL_SINGULAR)
    return order.index(level) if level in order else len(order)


def _forget_choices() -> None:
    """A new file starts from its own proposal, not from the widgets of the last one."""
    for key in list(st.session_state):
        if isinstance(key, str) and key.startswith(PREFIX) and key != "assistant_file":
            del st.session_state[key]
