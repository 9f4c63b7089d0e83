"""Daten page pieces that take data back or correct them: undo an import, edit a boundary version, delete an
indicator. Each asks for a confirmation that names what changes, runs the core function (one transaction),
drops the cached page data and reports in German; a refusal is shown as the core's German message."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from sozialraum.db import DatabaseBusyError
from sozialraum.formatting import format_date
from sozialraum.importing.observations import EARLIEST_PERIOD
from sozialraum.importing.repair import RepairError, delete_indicator, indicator_deletion, update_boundary_version
from sozialraum.importing.runner import busy_text
from sozialraum.importing.undo import UndoRefusedError, preview_undo, undo_import
from sozialraum.ui import data
from sozialraum.ui.markup import markdown_literal

PENDING_UNDO = "undo_pending_log_id"
NOTICE = "repair_notice"
#: Undo buttons are offered for the newest imports only; older ones via ``sozialraum import undo``.
UNDO_ROWS = 20


def outcome_text(outcome: str, undone_at: object) -> str:
    if outcome == "ok" and undone_at is not None and not pd.isna(undone_at):
        return "zurückgenommen"
    return {"ok": "importiert", "failed": "abgelehnt"}.get(outcome, outcome)


def show_notice() -> None:
    """The result of the last action, kept across the rerun that shows the changed data."""
    if notice := st.session_state.pop(NOTICE, None):
        kind, text = notice
        (st.success if kind == "ok" else st.error)(markdown_literal(text))


def _done(text: str) -> None:
    st.session_state[NOTICE] = ("ok", text)
    st.cache_data.clear()  # this server's pages at once; other servers follow the data-version stamp
    st.rerun()


def render_undo(entries: pd.DataFrame) -> None:
    """A button per undoable import (newest first), then a confirmation naming what goes."""
    undoable = entries[
        (entries["outcome"] == "ok") & entries["undone_at"].isna() & entries["changes_recorded"].astype(bool)
    ].head(UNDO_ROWS)
    st.subheader("Import zurücknehmen")
    if undoable.empty:
        st.caption("Kein Import, der sich zurücknehmen ließe.")
        return
    st.caption(
        "Setzt die Daten auf den Stand vor dem Import zurück, überschriebene Werte eingeschlossen. "
        "Der Import bleibt im Protokoll, als »zurückgenommen« markiert. Hier die neuesten "
        f"{UNDO_ROWS}; ältere mit »sozialraum import undo NR«."
    )
    url = data.database_url()
    pending = st.session_state.get(PENDING_UNDO)
    for entry in undoable.itertuples():
        label, button = st.columns([5, 1])
        label.write(markdown_literal(f"Nr. {entry.id} · {entry.file_name} · {entry.started_at:%d.%m.%Y %H:%M}"))
        if button.button("Zurücknehmen", key=f"undo_{entry.id}", icon=":material/undo:"):
            st.session_state[PENDING_UNDO] = pending = int(entry.id)
    if pending is None:
        return
    engine = data.engine_for(url)
    try:
        preview = preview_undo(engine, pending)
    except UndoRefusedError as refusal:
        st.session_state.pop(PENDING_UNDO, None)
        st.error(markdown_literal(str(refusal)))
        return
    st.warning(markdown_literal(preview.text()))
    confirm, cancel = st.columns(2)
    if cancel.button("Abbrechen", key="undo_cancel"):
        st.session_state.pop(PENDING_UNDO, None)
        st.rerun()
    if confirm.button("Ja, zurücknehmen", type="primary", key="undo_confirm"):
        st.session_state.pop(PENDING_UNDO, None)
        try:
            undo_import(engine, pending)
        except UndoRefusedError as refusal:
            st.error(markdown_literal(str(refusal)))
            return
        except DatabaseBusyError:
            st.error(busy_text(30))
            return
        _done(f"{preview.label()} wurde zurückgenommen.")


#: Stichtage go back to 1800 (Wien's population since 1869 on a version valid from 1869).
EARLIEST_STICHTAG = EARLIEST_PERIOD


def render_version_repair(versions: pd.DataFrame) -> None:
    """The form to correct a Gebietsstand; ``versions`` is ``Source.boundary_versions()`` (cached on the page)."""
    engine = data.engine()
    st.subheader("Gebietsstand korrigieren")
    if versions.empty:
        st.caption("Noch kein Gebietsstand.")
        return
    keys = list(versions["key"])
    key = st.selectbox(
        "Gebietsstand",
        keys,
        format_func=lambda chosen: _version_label(versions.set_index("key").loc[chosen]),
        key="repair_version_key",
    )
    row = versions.set_index("key").loc[key]
    start, end = _day(row["valid_from"]), _day(row["valid_to"])
    with st.form("repair_version_form"):
        name = st.text_input("Name", value=row["name"], max_chars=200)
        valid_from = st.date_input("Gültig ab", value=start, format="DD.MM.YYYY", min_value=EARLIEST_STICHTAG)
        open_ended = st.checkbox("Unbefristet (kein »gültig bis«)", value=end is None)
        valid_to = st.date_input("Gültig bis", value=end, format="DD.MM.YYYY", min_value=EARLIEST_STICHTAG)
        submitted = st.form_submit_button("Gebietsstand speichern")
    if submitted:
        try:
            text = update_boundary_version(
                engine,
                key,
                name=name,
                valid_from=valid_from,
                valid_to=None if open_ended else valid_to,
                open_ended=open_ended,
            )
        except (RepairError, DatabaseBusyError) as error:
            st.error(markdown_literal(str(error) or busy_text(30)))
            return
        _done(text)


def _day(value: object) -> date | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()


def _version_label(row: pd.Series) -> str:
    end = _day(row["valid_to"])
    return f"{row['name']} ({row.name}), ab {format_date(_day(row['valid_from']))}" + (
        f" bis {format_date(end)}" if end else ""
    )


def render_indicator_delete(indicators: pd.DataFrame) -> None:
    st.subheader("Kennzahl löschen")
    if indicators.empty:
        st.caption("Der Katalog ist leer.")
        return
    key = st.selectbox(
        "Kennzahl",
        list(indicators.index),
        index=None,
        format_func=lambda chosen: f"{indicators.loc[chosen, 'name']} ({chosen})",
        key="repair_indicator_key",
        placeholder="Kennzahl wählen …",
    )
    if key is None:
        return
    engine = data.engine_for(data.database_url())
    try:
        deletion = indicator_deletion(engine, key)
    except RepairError as error:
        st.error(markdown_literal(str(error)))
        return
    if not deletion.allowed:
        st.info(markdown_literal(deletion.text()))
        return
    st.warning(markdown_literal(deletion.text()))
    if st.button("Endgültig löschen", type="primary", key="repair_indicator_delete", icon=":material/delete:"):
        try:
            delete_indicator(engine, key)
        except (RepairError, DatabaseBusyError) as error:
            st.error(markdown_literal(str(error) or busy_text(30)))
            return
        _done(f"Kennzahl »{key}« wurde gelöscht.")
