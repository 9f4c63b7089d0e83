"""Cached goal data and the small pieces the goals page and the cockpit share."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler
from streamlit.delta_generator import DeltaGenerator

from sozialraum.analysis.goals import DEFAULT_TREND_PERIODS, GoalAssessment, GoalStatus, assess_goals
from sozialraum.charts.goals import STATUS_COLOURS
from sozialraum.reports import ziele
from sozialraum.reports.ziele import ALL_STATUSES, STATUS_OPTIONS, GoalPath, ZieleParams
from sozialraum.store import goals as goals_store
from sozialraum.ui import data
from sozialraum.ui import source as ui_source
from sozialraum.ui.markup import markdown_literal

GOAL_PARAM = "ziel"
STATUS_PARAM = "status"
TREND_PARAM = "trend"
TREND_PERIODS_KEY = "goal_trend_periods"
TREND_INPUT_KEY = "goal_trend_input"
MAX_TREND_PERIODS = 10
SELECT_KEY = "goal_select"
STATUS_FILTER_KEY = "goal_status_filter"

STATUS_BADGE_COLOUR: dict[str, str] = {
    GoalStatus.ACHIEVED: "green",
    GoalStatus.ON_TRACK: "green",
    GoalStatus.AT_RISK: "orange",
    GoalStatus.OFF_TRACK: "red",
    GoalStatus.NO_DATA: "gray",
}
STATUS_ICON: dict[str, str] = {
    GoalStatus.ACHIEVED: ":material/check_circle:",
    GoalStatus.ON_TRACK: ":material/trending_flat:",
    GoalStatus.AT_RISK: ":material/warning:",
    GoalStatus.OFF_TRACK: ":material/error:",
    GoalStatus.NO_DATA: ":material/help:",
}


@st.cache_data(ttl=data.TTL_SECONDS, show_spinner=False)
def goals(url: str) -> pd.DataFrame:
    """All goals with indicator and area; cleared by ``clear_goal_caches`` after every write."""
    return goals_store.load_goals(data.engine_for(url))


@st.cache_data(ttl=data.TTL_SECONDS, show_spinner=False)
def goal_values(url: str) -> pd.DataFrame:
    """Yearly values of every goal's indicator in its area (goal_id, year, value)."""
    return goals_store.goal_values(data.engine_for(url), goals(url))


@st.cache_data(ttl=data.TTL_SECONDS, show_spinner=False)
def assessed_goals(url: str, as_of_year: int, trend_periods: int) -> pd.DataFrame:
    return assess_goals(goals(url), goal_values(url), as_of_year, trend_periods)


def clear_goal_caches() -> None:
    goals.clear()
    goal_values.clear()
    assessed_goals.clear()
    # The page reads goals through ``ui.source``; its cached reads must not outlive a goal written here.
    ui_source._cached_read.clear()


def trend_periods() -> int:
    """The trend window chosen on the goals page in this session (default five years)."""
    return int(st.session_state.get(TREND_PERIODS_KEY, DEFAULT_TREND_PERIODS))


def status_badge(status: str) -> str:
    """Markdown for a traffic-light badge; the word is always shown, never colour alone."""
    return f":{STATUS_BADGE_COLOUR[status]}-badge[{STATUS_ICON[status]} {status}]"


def assessment_of(goal: pd.Series) -> GoalAssessment:
    """The assessment held in one row of ``assessed_goals`` (NaN back to None)."""
    return ziele.assessment_of(goal)


def trend_input(column: DeltaGenerator) -> int:
    """The trend window (years), first from the URL's ``trend``, else this session's choice; the widget's
    own state is dropped when the page is left, the chosen window lives on for the cockpit."""
    if TREND_INPUT_KEY not in st.session_state:
        wanted = ZieleParams.from_query({"trend": st.query_params.get(TREND_PARAM)}).trend
        in_url = TREND_PARAM in st.query_params and 2 <= wanted <= MAX_TREND_PERIODS
        st.session_state[TREND_INPUT_KEY] = wanted if in_url else trend_periods()
    value = column.number_input(
        "Trendzeitraum (Jahre)",
        min_value=2,
        max_value=MAX_TREND_PERIODS,
        key=TREND_INPUT_KEY,
        help="Die Prognose ist die Regressionsgerade durch die Werte dieser letzten Jahre, "
        "verlängert bis zum Zieljahr.",
    )
    st.session_state[TREND_PERIODS_KEY] = int(value)
    return int(value)


def status_select(column: DeltaGenerator) -> str:
    """The status filter of the list (URL ``status``)."""
    if STATUS_FILTER_KEY not in st.session_state:
        wanted = st.query_params.get(STATUS_PARAM)
        st.session_state[STATUS_FILTER_KEY] = wanted if wanted in STATUS_OPTIONS else ALL_STATUSES
    return column.selectbox("Status", list(STATUS_OPTIONS), key=STATUS_FILTER_KEY)


def goal_select(titles: dict[int, str]) -> int:
    """The goal whose path is shown (URL ``ziel``; else the first goal)."""
    goal_ids = list(titles)
    if st.session_state.get(SELECT_KEY) not in goal_ids:
        wanted = st.query_params.get(GOAL_PARAM)
        st.session_state[SELECT_KEY] = (
            int(wanted) if wanted and wanted.isdigit() and int(wanted) in goal_ids else goal_ids[0]
        )
    goal_id = st.selectbox("Ziel", goal_ids, format_func=titles.__getitem__, key=SELECT_KEY)
    st.query_params[GOAL_PARAM] = str(goal_id)
    return goal_id


def styled_listing(listing: pd.DataFrame) -> Styler:
    """The list with each status cell in its traffic-light colour (the word stays: never colour alone)."""
    return listing.style.map(
        lambda s: f"color: white; background-color: {STATUS_COLOURS[GoalStatus(s)]}", subset=["Status"]
    )


def key_figures(path: GoalPath) -> None:
    for column, figure in zip(st.columns(len(path.key_figures)), path.key_figures, strict=True):
        column.metric(figure.label, markdown_literal(figure.value), help=figure.help)


def details(path: GoalPath) -> str:
    """Leitziel, Kennzahl, responsibility, products and notes as Markdown (data text made literal)."""
    goal = path.goal
    direction = {1: "steigen", -1: "sinken"}[int(goal["effective_direction"])]
    return (
        f"**Leitziel:** {markdown_literal(goal['strategic_goal'])}  \n"
        f"**Kennzahl:** {markdown_literal(goal['indicator_name'])} ({markdown_literal(path.unit)}), "
        f"soll {direction}  \n"
        f"**Verantwortlich:** {markdown_literal(goal['responsible'] or '–')}  \n"
        f"**Budgetprodukte:** {markdown_literal(', '.join(goal['products']) or '–')}  \n"
        f"**Anmerkungen:** {markdown_literal(goal['notes'] or '–')}"
    )
