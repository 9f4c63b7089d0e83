"""Wirkungsziele: every goal with its traffic light, one goal's path to its target, and the editor."""

import pandas as pd
import streamlit as st

from sozialraum.analysis.goals import STATUS_ORDER, GoalStatus
from sozialraum.charts.goals import STATUS_COLOURS, stored_goal_figure
from sozialraum.formatting import format_percent, format_value
from sozialraum.reports.goals_tables import goals_table
from sozialraum.ui import data
from sozialraum.ui import goals as goal_ui
from sozialraum.ui.components import demo_badge, page_context, source_footer
from sozialraum.ui.deck import add_to_deck_button
from sozialraum.ui.exports import chart_downloads, table_downloads
from sozialraum.ui.goal_editor import FLASH_KEY, PENDING_SELECTION_KEY, goal_editor
from sozialraum.ui.markup import markdown_literal

ALL_STATUSES = "alle"
SELECT_KEY = "goal_select"

url, info, selection = page_context()

st.title("Wirkungsziele")
head, setting = st.columns([4, 1], vertical_alignment="bottom")
# The widget's own state is dropped when the page is left; the chosen window lives on for the cockpit.
if "goal_trend_input" not in st.session_state:
    st.session_state["goal_trend_input"] = goal_ui.trend_periods()
trend_periods = setting.number_input(
    "Trendzeitraum (Jahre)",
    min_value=2,
    max_value=10,
    key="goal_trend_input",
    help="Die Prognose ist die Regressionsgerade durch die Werte dieser letzten Jahre, verlängert bis zum Zieljahr.",
)
st.session_state[goal_ui.TREND_PERIODS_KEY] = int(trend_periods)
head.caption(
    f"Stand {selection.year} · Ampel aus dem letzten Wert und dem linearen Trend der letzten {trend_periods} Jahre "
    "bis zum Zieljahr: auf Kurs, wenn der Trend das Ziel erreicht; gefährdet, wenn er mindestens 60 % der nötigen "
    "Veränderung schafft."
)
demo_badge(info)
if message := st.session_state.pop(FLASH_KEY, None):
    st.success(markdown_literal(message))

assessed = goal_ui.assessed_goals(url, selection.year, int(trend_periods))
if PENDING_SELECTION_KEY in st.session_state:
    pending = st.session_state.pop(PENDING_SELECTION_KEY)
    if pending is not None:
        st.session_state[SELECT_KEY] = pending
        st.query_params[goal_ui.GOAL_PARAM] = str(pending)
    else:
        st.session_state.pop(SELECT_KEY, None)
        st.query_params.pop(goal_ui.GOAL_PARAM, None)

goal = None
if assessed.empty:
    st.info("Noch keine Wirkungsziele angelegt. Unten ein neues Ziel anlegen.")
else:
    status_options = [ALL_STATUSES, *[status.value for status in STATUS_ORDER]]
    if "goal_status_filter" not in st.session_state:
        wanted = st.query_params.get(goal_ui.STATUS_PARAM)
        st.session_state["goal_status_filter"] = wanted if wanted in status_options else ALL_STATUSES
    filter_col, export_col = st.columns([3, 2], vertical_alignment="bottom")
    status_filter = filter_col.selectbox("Status", status_options, key="goal_status_filter")
    shown = assessed if status_filter == ALL_STATUSES else assessed[assessed["status"] == status_filter]
    with export_col:
        table_downloads(
            goals_table(assessed),
            f"wirkungsziele_{selection.year}",
            "goals_table",
            info,
            catalogue=data.indicators(url),
            indicator_keys=set(assessed["indicator_key"]),
            method=[
                (
                    "Ampel",
                    f"Letzter Wert und linearer Trend der letzten {trend_periods} Jahre bis zum Zieljahr: auf Kurs, "
                    "wenn der Trend das Ziel erreicht; gefährdet, wenn er mindestens 60 % der nötigen Veränderung "
                    "schafft.",
                )
            ],
            sheet_name="Wirkungsziele",
        )
    listing = pd.DataFrame(
        {
            "Status": shown["status"],
            "Wirkungsziel": shown["title"],
            "Gebiet": shown["area_name"],
            "Kennzahl": shown["indicator_name"],
            "Letzter Wert": [
                format_value(v, u, d)
                for v, u, d in zip(shown["latest_value"], shown["unit"], shown["decimals"], strict=True)
            ],
            "Ziel": [
                f"{format_value(v, u, d)} bis {y}"
                for v, u, d, y in zip(
                    shown["target_value"], shown["unit"], shown["decimals"], shown["target_year"], strict=True
                )
            ],
            "Verantwortlich": shown["responsible"],
        }
    )
    st.dataframe(
        listing.style.map(
            lambda s: f"color: white; background-color: {STATUS_COLOURS[GoalStatus(s)]}", subset=["Status"]
        ),
        hide_index=True,
        width="stretch",
        column_config={"Wirkungsziel": st.column_config.TextColumn(width="medium")},
    )
    add_to_deck_button(
        "ziele", {"jahr": selection.year, "trend": int(trend_periods)}, f"Wirkungsziele {selection.year}"
    )

    goal_ids = [int(i) for i in assessed["id"]]
    # A city goal on a database without a city area has no area name.
    titles = dict(zip(goal_ids, assessed["title"] + " – " + assessed["area_name"].fillna("Gesamtstadt"), strict=True))
    if st.session_state.get(SELECT_KEY) not in goal_ids:
        wanted = st.query_params.get(goal_ui.GOAL_PARAM)
        st.session_state[SELECT_KEY] = (
            int(wanted) if wanted and wanted.isdigit() and int(wanted) in goal_ids else goal_ids[0]
        )
    goal_id = st.selectbox("Ziel", goal_ids, format_func=titles.__getitem__, key=SELECT_KEY)
    st.query_params[goal_ui.GOAL_PARAM] = str(goal_id)
    goal = assessed[assessed["id"] == goal_id].iloc[0]

    unit, decimals = goal["unit"], int(goal["decimals"])
    st.markdown(f"{goal_ui.status_badge(goal['status'])} {markdown_literal(goal['reason'])}")
    baseline_col, latest_col, projected_col, target_col, progress_col = st.columns(5)
    baseline_col.metric(
        f"Basiswert {goal['baseline_year']}", markdown_literal(format_value(goal["baseline_value"], unit, decimals))
    )
    latest_year = "" if pd.isna(goal["latest_year"]) else f" {int(goal['latest_year'])}"
    latest_col.metric(
        f"Letzter Wert{latest_year}", markdown_literal(format_value(goal["latest_value"], unit, decimals))
    )
    projected_col.metric(
        f"Trendprognose {goal['target_year']}",
        markdown_literal(format_value(goal["projected_value"], unit, decimals)),
        help="Lineare Regression über die letzten Jahre, verlängert bis zum Zieljahr.",
    )
    target_col.metric(
        f"Zielwert {goal['target_year']}", markdown_literal(format_value(goal["target_value"], unit, decimals))
    )
    progress = goal["progress_share"]
    progress_col.metric(
        "Fortschritt seit Basis",
        format_percent(None if pd.isna(progress) else progress * 100, 0),
        help="Anteil des Weges vom Basiswert zum Zielwert, den der letzte Wert zurückgelegt hat.",
    )
    chart_col, details_col = st.columns([3, 2])
    series = goal_ui.goal_values(url)
    series = series[(series["goal_id"] == goal_id) & (series["year"] <= selection.year)].set_index("year")["value"]
    assessment = goal_ui.assessment_of(goal)
    goal_chart = stored_goal_figure(goal, series, assessment, unit, f"{goal['indicator_name']}, {goal['area_name']}")
    chart_col.plotly_chart(goal_chart, width="stretch", key="goal_chart")
    with chart_col:
        chart_downloads(goal_chart, f"wirkungsziel_{goal_id}_{selection.year}", "goal_chart", info)
    with chart_col:
        add_to_deck_button(
            "ziele",
            {"jahr": selection.year, "trend": int(trend_periods), "ziel": goal_id},
            f"{goal['title']} – {goal['area_name']}",
            key="goal_chart_deck",
        )
    direction = {1: "steigen", -1: "sinken"}[int(goal["effective_direction"])]
    details_col.markdown(
        f"**Leitziel:** {markdown_literal(goal['strategic_goal'])}  \n"
        f"**Kennzahl:** {markdown_literal(goal['indicator_name'])} ({markdown_literal(unit)}), soll {direction}  \n"
        f"**Verantwortlich:** {markdown_literal(goal['responsible'] or '–')}  \n"
        f"**Budgetprodukte:** {markdown_literal(', '.join(goal['products']) or '–')}  \n"
        f"**Anmerkungen:** {markdown_literal(goal['notes'] or '–')}"
    )

st.subheader("Ziel bearbeiten oder anlegen")
goal_editor(url, goal, selection.year)
source_footer(info)
