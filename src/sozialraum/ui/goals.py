"""Cached goal data and the small pieces the goals page and the cockpit share."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from sozialraum.analysis.goals import DEFAULT_TREND_PERIODS, GoalAssessment, GoalStatus, assess_goals
from sozialraum.store import goals as goals_store
from sozialraum.ui import data

GOAL_PARAM = "ziel"
STATUS_PARAM = "status"
TREND_PERIODS_KEY = "goal_trend_periods"
VIEWS_DIR = Path(__file__).resolve().parents[3] / "views"

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


def trend_periods() -> int:
    """The trend window chosen on the goals page in this session (default five years)."""
    return int(st.session_state.get(TREND_PERIODS_KEY, DEFAULT_TREND_PERIODS))


def status_badge(status: str) -> str:
    """Markdown for a traffic-light badge; the word is always shown, never colour alone."""
    return f":{STATUS_BADGE_COLOUR[status]}-badge[{STATUS_ICON[status]} {status}]"


def page_exists(name: str) -> bool:
    """Pages built on other branches are linked only once their file is there."""
    return (VIEWS_DIR / name).is_file()


def link(page: str, label: str, query_params: dict[str, str], **kwargs: object) -> bool:
    """A page link when ``page`` (a file in views/) exists and is in the navigation; False otherwise,
    so the caller can show plain text instead."""
    if not page_exists(page):
        return False
    try:
        st.page_link(str(VIEWS_DIR / page), label=label, query_params=query_params, **kwargs)
    except st.errors.StreamlitAPIException:  # the file exists but app.py does not list it yet
        return False
    return True


def assessment_of(goal: pd.Series) -> GoalAssessment:
    """The assessment held in one row of ``assessed_goals`` (NaN back to None)."""

    def optional(column: str, kind: type) -> object:
        return None if pd.isna(goal[column]) else kind(goal[column])

    return GoalAssessment(
        GoalStatus(goal["status"]),
        optional("latest_value", float),
        optional("latest_year", int),
        optional("projected_value", float),
        optional("trend_slope", float),
        optional("progress_share", float),
        goal["reason"],
    )
