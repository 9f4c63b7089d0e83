"""The goal editor: create, edit and delete a Wirkungsziel through st.form.

Indicator, area and baseline year sit outside the form because the proposed baseline value depends
on them and must update when they change; everything else is submitted at once.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from sozialraum.formatting import format_value
from sozialraum.models import AreaLevel
from sozialraum.periods import latest_period_per_year
from sozialraum.store import goals as goals_store
from sozialraum.ui import data
from sozialraum.ui import goals as goal_ui
from sozialraum.ui.markup import markdown_literal
from sozialraum.vocabulary import LEVEL_SINGULAR

ACTION_EDIT = "Ausgewähltes Ziel bearbeiten"
ACTION_CREATE = "Neues Ziel anlegen"
ACTION_DELETE = "Ausgewähltes Ziel löschen"
DIRECTIONS: dict[str, int | None] = {"wie Polarität der Kennzahl": None, "steigen": 1, "sinken": -1}
CITY_OPTION = ""
FLASH_KEY = "goal_flash"
PENDING_SELECTION_KEY = "goal_select_pending"
_LOADED_KEY = "goal_form_loaded_for"
_FIELDS = {
    "indicator": "goal_form_indicator",
    "area": "goal_form_area",
    "baseline_year": "goal_form_baseline_year",
    "strategic_goal": "goal_form_strategic_goal",
    "title": "goal_form_title",
    "baseline_value": "goal_form_baseline_value",
    "target_value": "goal_form_target_value",
    "target_year": "goal_form_target_year",
    "direction": "goal_form_direction",
    "responsible": "goal_form_responsible",
    "products": "goal_form_products",
    "notes": "goal_form_notes",
}


@st.cache_data(ttl=data.TTL_SECONDS, show_spinner=False)
def _proposed_baseline(url: str, indicator_key: str, area_key: str | None, year: int) -> float | None:
    return goals_store.proposed_baseline(data.engine_for(url), indicator_key, area_key, year)


def _area_options(url: str) -> dict[str, str]:
    options = {CITY_OPTION: "Gesamtstadt"}
    for level in (AreaLevel.DISTRICT, AreaLevel.SOCIAL_SPACE):
        label = LEVEL_SINGULAR[level.value]
        for row in data.areas(url, level).itertuples():
            options[row.key] = f"{row.name} ({label} {row.key})"
    return options


def _fill_form(goal: pd.Series | None, catalogue: pd.DataFrame, years: list[int], default_year: int) -> None:
    """Put the goal's values (or defaults for a new goal) into the widgets' state before they are drawn."""
    state = st.session_state
    if goal is None:
        directed = catalogue[catalogue["polarity"] != 0]
        values = {
            "indicator": (directed if len(directed) else catalogue).index[0],
            "area": CITY_OPTION,
            "baseline_year": default_year if default_year in years else years[-1],
            "strategic_goal": "",
            "title": "",
            "baseline_value": None,
            "target_value": None,
            "target_year": default_year + 5,
            "direction": "wie Polarität der Kennzahl",
            "responsible": "",
            "products": [],
            "notes": "",
        }
    else:
        direction = next(label for label, value in DIRECTIONS.items() if value == _optional_int(goal["direction"]))
        values = {
            "indicator": goal["indicator_key"],
            "area": goal["area_key"] if isinstance(goal["area_key"], str) else CITY_OPTION,
            "baseline_year": int(goal["baseline_year"]),
            "strategic_goal": goal["strategic_goal"],
            "title": goal["title"],
            "baseline_value": float(goal["baseline_value"]),
            "target_value": float(goal["target_value"]),
            "target_year": int(goal["target_year"]),
            "direction": direction,
            "responsible": goal["responsible"],
            "products": list(goal["products"]),
            "notes": goal["notes"],
        }
    for name, value in values.items():
        state[_FIELDS[name]] = value


def _optional_int(value: object) -> int | None:
    return None if pd.isna(value) else int(value)


def _finish(message: str, goal_id: int | None) -> None:
    goal_ui.clear_goal_caches()
    st.session_state[FLASH_KEY] = message
    st.session_state[PENDING_SELECTION_KEY] = goal_id
    st.session_state.pop(_LOADED_KEY, None)
    st.rerun()


def _show_problems(messages: list[str]) -> None:
    st.error(
        "Das Ziel wurde nicht gespeichert:\n" + "\n".join(f"- {markdown_literal(message)}" for message in messages)
    )


def goal_editor(url: str, goal: pd.Series | None, default_year: int) -> None:
    actions = [ACTION_EDIT, ACTION_CREATE, ACTION_DELETE] if goal is not None else [ACTION_CREATE]
    action = st.radio("Aktion", actions, horizontal=True, key="goal_action")
    if action == ACTION_DELETE:
        _delete_form(url, goal)
        return
    editing = goal if action == ACTION_EDIT else None
    catalogue = data.indicators(url)
    years = sorted(latest_period_per_year(data.periods(url)))
    marker = (action, None if editing is None else int(editing["id"]))
    if st.session_state.get(_LOADED_KEY) != marker:
        _fill_form(editing, catalogue, years, default_year)
        st.session_state[_LOADED_KEY] = marker
    _edit_form(url, editing, catalogue, years)


def _edit_form(url: str, goal: pd.Series | None, catalogue: pd.DataFrame, years: list[int]) -> None:
    area_labels = _area_options(url)
    left, middle, right = st.columns(3)
    indicator_key = left.selectbox(
        "Kennzahl",
        list(catalogue.index),
        format_func=lambda key: f"{catalogue.loc[key, 'short_name']} ({catalogue.loc[key, 'unit']})",
        key=_FIELDS["indicator"],
    )
    area_key = middle.selectbox("Gebiet", list(area_labels), format_func=area_labels.__getitem__, key=_FIELDS["area"])
    baseline_year = right.selectbox("Basisjahr", years, key=_FIELDS["baseline_year"])
    indicator = catalogue.loc[indicator_key]
    area = area_key or None
    proposal = _proposed_baseline(url, indicator_key, area, int(baseline_year))
    proposal_text = format_value(proposal, indicator["unit"], int(indicator["decimals"]))
    polarity = {1: "steigen", -1: "sinken", 0: "keine Wertungsrichtung"}[int(indicator["polarity"])]
    st.caption(
        f"Basiswert aus den Daten ({markdown_literal(area_labels[area_key])}, {baseline_year}): "
        f"**{markdown_literal(proposal_text)}** – "
        f"wird übernommen, wenn das Feld »Basiswert« leer bleibt. Polarität der Kennzahl: {polarity}."
    )
    products = data.budget_products(url)
    product_labels = dict(zip(products["code"], products["name"], strict=True))
    with st.form("goal_form"):
        st.text_input("Leitziel", key=_FIELDS["strategic_goal"], max_chars=goals_store.TEXT_LIMIT)
        st.text_input("Wirkungsziel", key=_FIELDS["title"], max_chars=goals_store.TEXT_LIMIT)
        first, second, third, fourth = st.columns(4)
        first.number_input(
            "Basiswert", key=_FIELDS["baseline_value"], step=0.1, format="%.2f", placeholder=proposal_text
        )
        second.number_input("Zielwert", key=_FIELDS["target_value"], step=0.1, format="%.2f")
        third.number_input("Zieljahr", key=_FIELDS["target_year"], min_value=1990, max_value=2100, step=1)
        fourth.selectbox("Richtung", list(DIRECTIONS), key=_FIELDS["direction"])
        st.text_input("Verantwortlich (Amt)", key=_FIELDS["responsible"], max_chars=goals_store.RESPONSIBLE_LIMIT)
        st.multiselect(
            "Budgetprodukte",
            list(product_labels),
            format_func=lambda code: f"{code} {product_labels[code]}",
            key=_FIELDS["products"],
            placeholder="Produkte wählen",
        )
        st.text_area("Anmerkungen", key=_FIELDS["notes"], height=80)
        submitted = st.form_submit_button(
            "Änderungen speichern" if goal is not None else "Ziel anlegen", type="primary"
        )
    if not submitted:
        return
    state = st.session_state
    baseline_value = state[_FIELDS["baseline_value"]]
    if baseline_value is None:
        baseline_value = proposal
    if baseline_value is None or state[_FIELDS["target_value"]] is None:
        missing = [
            f"»{label}« fehlt." + (" Für Kennzahl, Gebiet und Basisjahr gibt es keinen Wert in den Daten." if b else "")
            for label, value, b in (
                ("Basiswert", baseline_value, True),
                ("Zielwert", state[_FIELDS["target_value"]], False),
            )
            if value is None
        ]
        _show_problems(missing)
        return
    goal_input = goals_store.GoalInput(
        strategic_goal=state[_FIELDS["strategic_goal"]],
        title=state[_FIELDS["title"]],
        indicator_key=indicator_key,
        area_key=area,
        baseline_year=int(baseline_year),
        baseline_value=float(baseline_value),
        target_year=int(state[_FIELDS["target_year"]]),
        target_value=float(state[_FIELDS["target_value"]]),
        direction=DIRECTIONS[state[_FIELDS["direction"]]],
        responsible=state[_FIELDS["responsible"]],
        products=tuple(state[_FIELDS["products"]]),
        notes=state[_FIELDS["notes"]],
    )
    engine = data.engine_for(url)
    try:
        if goal is None:
            goal_id = goals_store.create_goal(engine, goal_input)
            _finish(f"Ziel »{goal_input.title.strip()}« angelegt.", goal_id)
        else:
            goals_store.update_goal(engine, int(goal["id"]), goal_input)
            _finish(f"Ziel »{goal_input.title.strip()}« gespeichert.", int(goal["id"]))
    except goals_store.GoalValidationError as error:
        _show_problems(error.messages)
    except goals_store.GoalNotFoundError as error:
        st.error(markdown_literal(error))
    except SQLAlchemyError as error:
        st.error(f"Die Datenbank hat das Speichern abgelehnt ({error.__class__.__name__}). Bitte erneut versuchen.")


def _delete_form(url: str, goal: pd.Series) -> None:
    with st.form("goal_delete_form"):
        st.markdown(f"Ziel **{markdown_literal(goal['title'])}** ({markdown_literal(goal['area_name'])}) löschen?")
        confirmed = st.checkbox("Ja, dieses Ziel endgültig löschen", key="goal_delete_confirm")
        submitted = st.form_submit_button("Ziel löschen", type="primary")
    if not submitted:
        return
    if not confirmed:
        st.warning("Bitte das Löschen mit dem Häkchen bestätigen.")
        return
    try:
        goals_store.delete_goal(data.engine_for(url), int(goal["id"]))
    except goals_store.GoalNotFoundError as error:
        st.error(markdown_literal(error))
        return
    except SQLAlchemyError as error:
        st.error(f"Die Datenbank hat das Löschen abgelehnt ({error.__class__.__name__}). Bitte erneut versuchen.")
        return
    _finish(f"Ziel »{goal['title']}« gelöscht.", None)


def apply_pending_selection() -> None:
    """Before the goal select is drawn: select what the editor just saved (None: the first goal)."""
    if PENDING_SELECTION_KEY not in st.session_state:
        return
    pending = st.session_state.pop(PENDING_SELECTION_KEY)
    if pending is not None:
        st.session_state[goal_ui.SELECT_KEY] = pending
        st.query_params[goal_ui.GOAL_PARAM] = str(pending)
    else:
        st.session_state.pop(goal_ui.SELECT_KEY, None)
        st.query_params.pop(goal_ui.GOAL_PARAM, None)
