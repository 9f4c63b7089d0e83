"""The Sozialindex editor: edit, create or delete a definition, exchange it as TOML.

Widget values are loaded from the definition once per choice (like the goal editor) and checked by
``social_index_form`` on »Speichern«; a stored definition is materialised as its indicator at once, so
Karte, Entwicklung and Steckbrief show the new values.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from sozialraum.analysis.social_index import IndexDefinition
from sozialraum.reports.social_index_tables import LEVEL_LABELS
from sozialraum.services.social_index import save_definition
from sozialraum.store import social_index as social_index_store
from sozialraum.ui import data
from sozialraum.ui.markup import markdown_literal
from sozialraum.ui.social_index_form import (
    DIRECTIONS,
    KINDS,
    UNFAVOURABLE,
    ComponentRow,
    DefinitionForm,
    DefinitionFormError,
    definition_from_form,
    form_from_definition,
    new_form,
)

ACTION_EDIT, ACTION_NEW, ACTION_DELETE = "Bearbeiten", "Neu", "Löschen"
FLASH_KEY = "sozialindex_flash"
SELECT_KEY = "sozialindex"  # the page's definition select; set to a saved key before it is drawn
PENDING_KEY = "sozialindex_pending"
_LOADED_KEY = "sozialindex_form_loaded"
_PREFIX = "si_form_"
INDEX_TOPIC = "Sozialindex"


def _field(name: str) -> str:
    return _PREFIX + name


def _load(form: DefinitionForm) -> None:
    state = st.session_state
    for name in (
        "key",
        "name",
        "description",
        "kind",
        "level",
        "thresholds",
        "class_codes",
        "class_labels",
        "valid_from",
        "valid_to",
    ):
        state[_field(name)] = getattr(form, name)
    state[_field("min_population")] = float(form.min_population or 0)
    state[_field("population")] = form.population_indicator_key or ""
    state[_field("change_years")] = int(form.change_years or 0)
    state[_field("indicators")] = [row.indicator_key for row in form.components]
    for row in form.components:
        state[_field(f"dir_{row.indicator_key}")] = row.direction
        state[_field(f"weight_{row.indicator_key}")] = str(row.weight)


def _collect() -> DefinitionForm:
    state = st.session_state
    components = [
        ComponentRow(
            key,
            state.get(_field(f"dir_{key}"), UNFAVOURABLE),
            state.get(_field(f"weight_{key}"), "1"),
        )
        for key in state.get(_field("indicators"), [])
    ]
    change_years = int(state.get(_field("change_years")) or 0)
    return DefinitionForm(
        key=state.get(_field("key"), ""),
        name=state.get(_field("name"), ""),
        description=state.get(_field("description"), ""),
        kind=state.get(_field("kind"), "status"),
        level=state.get(_field("level"), "planning_area"),
        components=components,
        min_population=float(state.get(_field("min_population")) or 0),
        population_indicator_key=state.get(_field("population")) or None,
        change_years=change_years or None,
        thresholds=state.get(_field("thresholds"), ""),
        class_codes=state.get(_field("class_codes"), ""),
        class_labels=state.get(_field("class_labels"), ""),
        valid_from=state.get(_field("valid_from"), ""),
        valid_to=state.get(_field("valid_to"), ""),
    )


def _finish(message: str, key: str | None) -> None:
    st.cache_data.clear()  # the materialised indicator changes the catalogue and its values
    st.session_state[FLASH_KEY] = message
    st.session_state[PENDING_KEY] = key
    st.session_state.pop(_LOADED_KEY, None)
    st.rerun()


def show_flash() -> None:
    if message := st.session_state.pop(FLASH_KEY, None):
        st.success(markdown_literal(message))


def apply_pending_selection() -> None:
    """Before the definition select is drawn: select what was just saved (None: the first one)."""
    if PENDING_KEY in st.session_state:
        pending = st.session_state.pop(PENDING_KEY)
        if pending is None:
            st.session_state.pop(SELECT_KEY, None)
        else:
            st.session_state[SELECT_KEY] = pending


def _save(url: str, definition: IndexDefinition, is_new: bool) -> None:
    engine = data.engine_for(url)
    if is_new and social_index_store.load_definition(engine, definition.key) is not None:
        st.error(
            f"Einen Sozialindex mit dem Schlüssel »{markdown_literal(definition.key)}« gibt es schon; "
            "bitte anderen wählen."
        )
        return
    try:
        save_definition(engine, definition)
    except ValueError as error:
        st.error(f"Nicht gespeichert: {markdown_literal(error)}")
        return
    except SQLAlchemyError as error:
        st.error(f"Nicht gespeichert: die Datenbank hat den Sozialindex abgelehnt ({error.__class__.__name__}).")
        return
    _finish(f"Sozialindex »{definition.name}« gespeichert und als Kennzahl berechnet.", definition.key)


def _kind_changed() -> None:
    state = st.session_state
    defaults = new_form(state[_field("kind")], state.get(_field("level")) or "social_space")
    for name in ("thresholds", "class_codes", "class_labels"):
        state[_field(name)] = getattr(defaults, name)
    state[_field("change_years")] = int(defaults.change_years or 0)


def _choosable_indicators(catalogue: pd.DataFrame) -> list[str]:
    """Every catalogue indicator except materialised indices (an index of indices is not the method)."""
    return [key for key in catalogue.index if catalogue.loc[key, "topic"] != INDEX_TOPIC]


def _form_widgets(catalogue: pd.DataFrame, is_new: bool) -> None:
    label = catalogue["name"].to_dict()
    options = _choosable_indicators(catalogue)
    first = st.columns([2, 3, 2])
    first[0].text_input("Schlüssel", key=_field("key"), disabled=not is_new, help="Kurz, ohne Leerzeichen.")
    first[1].text_input("Name", key=_field("name"))
    first[2].selectbox(
        "Art",
        list(KINDS),
        format_func=KINDS.__getitem__,
        key=_field("kind"),
        # A new dynamics index starts from Berlin's dynamics classes and two years, not the status ones.
        on_change=_kind_changed if is_new else None,
    )
    st.text_area("Beschreibung", key=_field("description"), height=68)
    st.multiselect(
        "Indikatoren",
        options,
        format_func=lambda key: f"{label.get(key, key)} ({key})",
        key=_field("indicators"),
        placeholder="Indikatoren wählen …",
    )
    chosen = st.session_state.get(_field("indicators"), [])
    if chosen:
        header = st.columns([3, 2, 1])
        header[1].caption("Richtung")
        header[2].caption("Gewicht (z. B. 1 oder 0,5)")
    for key in chosen:
        row = st.columns([3, 2, 1])
        row[0].markdown(f"**{markdown_literal(label.get(key, key))}**")
        st.session_state.setdefault(_field(f"dir_{key}"), UNFAVOURABLE)
        st.session_state.setdefault(_field(f"weight_{key}"), "1")
        row[1].selectbox("Richtung", list(DIRECTIONS), key=_field(f"dir_{key}"), label_visibility="collapsed")
        row[2].text_input("Gewicht", key=_field(f"weight_{key}"), label_visibility="collapsed")
    second = st.columns(4)
    second[0].selectbox(
        "Gebietsebene",
        list(LEVEL_LABELS),
        format_func=LEVEL_LABELS.__getitem__,
        key=_field("level"),
    )
    second[1].number_input(
        "Mindesteinwohnerzahl (0 = keine)", min_value=0.0, step=50.0, format="%.0f", key=_field("min_population")
    )
    population_options = ["", *catalogue.index[catalogue["topic"] != INDEX_TOPIC]]
    if st.session_state.get(_field("population")) not in population_options:
        st.session_state[_field("population")] = ""
    second[2].selectbox(
        "Einwohner-Kennzahl",
        population_options,
        format_func=lambda key: label.get(key, key) if key else "automatisch",
        key=_field("population"),
    )
    second[3].number_input(
        "Veränderung über Jahre (0 = Stand)", min_value=0, max_value=20, step=1, key=_field("change_years")
    )
    third = st.columns(3)
    third[0].text_input("Klassengrenzen", key=_field("thresholds"), help="Aufsteigend, mit Semikolon: -1; 1; 1,5")
    third[1].text_input("Klassen-Kürzel", key=_field("class_codes"), help="Eines mehr als Grenzen: 1; 2; 3; 4")
    third[2].text_input("Klassen-Bezeichnungen", key=_field("class_labels"), help="hoch; mittel; niedrig; sehr niedrig")
    validity = st.columns(3)
    hint = "Für welche Stichtage die Methode gilt, z. B. 31.12.2018; leer = ohne Grenze."
    validity[0].text_input("Gilt ab Stichtag", key=_field("valid_from"), help=hint, placeholder="TT.MM.JJJJ")
    validity[1].text_input("Gilt bis Stichtag", key=_field("valid_to"), help=hint, placeholder="TT.MM.JJJJ")


def editor(url: str, current: IndexDefinition | None, catalogue: pd.DataFrame, default_level: str) -> None:
    actions = [ACTION_EDIT, ACTION_NEW, ACTION_DELETE] if current is not None else [ACTION_NEW]
    action = st.radio("Aktion", actions, horizontal=True, key="si_action")
    if action == ACTION_DELETE:
        _delete(url, current)
        return
    is_new = action == ACTION_NEW
    loaded_for = ("neu", None) if is_new else ("bearbeiten", current.key, repr(current))
    if st.session_state.get(_LOADED_KEY) != loaded_for:
        _load(new_form("status", default_level) if is_new else form_from_definition(current))
        st.session_state[_LOADED_KEY] = loaded_for
    _form_widgets(catalogue, is_new)
    if st.button("Speichern", type="primary", key="si_save", icon=":material/save:"):
        try:
            definition = definition_from_form(_collect(), set(_choosable_indicators(catalogue)))
        except DefinitionFormError as problems:
            st.error(
                "Nicht gespeichert:\n" + "\n".join(f"- {markdown_literal(message)}" for message in problems.messages)
            )
            return
        _save(url, definition, is_new)
    _toml_exchange(url, current if not is_new else None)


def _delete(url: str, current: IndexDefinition) -> None:
    st.markdown(
        f"»{markdown_literal(current.name)}« und die daraus berechnete Kennzahl mit allen Werten werden gelöscht. "
        "Die Bestandteile (Indikatoren) bleiben erhalten."
    )
    confirmed = st.checkbox("Ja, endgültig löschen", key="si_delete_confirm")
    if st.button("Löschen", disabled=not confirmed, key="si_delete", icon=":material/delete:"):
        try:
            social_index_store.delete_definition(data.engine_for(url), current.key)
        except SQLAlchemyError as error:
            st.error(f"Nicht gelöscht: Datenbankfehler ({error.__class__.__name__}).")
            return
        _finish(f"Sozialindex »{current.name}« gelöscht.", None)


def _toml_exchange(url: str, current: IndexDefinition | None) -> None:
    st.divider()
    st.markdown("**Als Datei austauschen (TOML)**")
    columns = st.columns([1, 2])
    if current is not None:
        columns[0].download_button(
            "Definition herunterladen",
            social_index_store.definition_to_toml(current),
            file_name=f"sozialindex_{current.key}.toml",
            mime="application/toml",
            icon=":material/download:",
            on_click="ignore",
            key="si_toml_download",
        )
    upload = columns[1].file_uploader("Definition hochladen (TOML)", type=["toml"], key="si_toml_upload")
    if upload is None:
        return
    try:
        definition = social_index_store.definition_from_toml(upload.getvalue().decode("utf-8"), upload.name)
    except (ValueError, UnicodeDecodeError) as error:
        st.error(markdown_literal(f"{upload.name}: {error}" if isinstance(error, UnicodeDecodeError) else error))
        return
    exists = social_index_store.load_definition(data.engine_for(url), definition.key) is not None
    verb = "ersetzen" if exists else "anlegen"
    if st.button(
        f"»{markdown_literal(definition.name)}« ({markdown_literal(definition.key)}) {verb}", key="si_toml_save"
    ):
        _save(url, definition, is_new=False)
