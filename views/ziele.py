"""Wirkungsziele: every goal with its traffic light, one goal's path to its target, and the editor.

The numbers come from ``reports.ziele`` — the report its slide renders too."""

import streamlit as st

from sozialraum.charts.goals import stored_goal_figure
from sozialraum.reports.ziele import ZieleParams, build, goal_path, rule
from sozialraum.ui import goals as goal_ui
from sozialraum.ui.components import demo_badge, page_context, source_footer
from sozialraum.ui.goal_editor import FLASH_KEY, apply_pending_selection, goal_editor
from sozialraum.ui.markup import markdown_literal
from sozialraum.ui.source import page_source
from sozialraum.ui.view_block import SlideRequest, TableExport, chart_block, table_block

url, info, selection = page_context()

st.title("Wirkungsziele")
head, setting = st.columns([4, 1], vertical_alignment="bottom")
trend_periods = goal_ui.trend_input(setting)
head.caption(f"Stand {selection.year} · {rule(trend_periods)}")
demo_badge(info)
if message := st.session_state.pop(FLASH_KEY, None):
    st.success(markdown_literal(message))

source = page_source()
apply_pending_selection()
goal = None
if source.goals().empty:
    st.info("Noch keine Wirkungsziele angelegt. Unten ein neues Ziel anlegen.")
else:
    filter_col, _ = st.columns([3, 2], vertical_alignment="bottom")
    status = goal_ui.status_select(filter_col)
    report = build(source, ZieleParams(selection.year, trend_periods, None, status))
    table_block(
        goal_ui.styled_listing(report.listing),
        TableExport(
            report.export,
            catalogue=source.indicators(),
            indicator_keys=set(report.assessed["indicator_key"]),
            method=[("Ampel", report.rule)],
            sheet_name="Wirkungsziele",
        ),
        key="goals_table",
        stem=f"wirkungsziele_{report.year}",
        info=info,
        slide=SlideRequest("ziele", report.params.to_query(), f"Wirkungsziele {report.year}"),
        column_config={"Wirkungsziel": st.column_config.TextColumn(width="medium")},
    )

    goal_id = goal_ui.goal_select(report.goal_titles())
    path = goal_path(report.assessed, report.values, goal_id, report.year)
    goal = path.goal
    st.markdown(f"{goal_ui.status_badge(goal['status'])} {markdown_literal(goal['reason'])}")
    goal_ui.key_figures(path)
    chart_col, details_col = st.columns([3, 2])
    with chart_col:
        chart_block(
            stored_goal_figure(goal, path.series, path.assessment, path.unit, path.chart_title),
            key="goal_chart",
            stem=f"wirkungsziel_{goal_id}_{report.year}",
            info=info,
            slide=SlideRequest("ziele", ZieleParams(report.year, trend_periods, goal_id).to_query(), path.title),
        )
    details_col.markdown(goal_ui.details(path))

st.subheader("Ziel bearbeiten oder anlegen")
goal_editor(url, goal, selection.year)
source_footer(info)
