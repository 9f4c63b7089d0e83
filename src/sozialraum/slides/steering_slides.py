"""Slides of the steering views: Wirkungsziele and Budget & Wirkung."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from sozialraum.analysis.goals import DEFAULT_TREND_PERIODS, STATUS_ORDER, GoalAssessment, GoalStatus, assess_goals
from sozialraum.charts.budget_outcome import budget_outcome_figure
from sozialraum.charts.goals import stored_goal_figure
from sozialraum.charts.space_budget import aid_type_mix_figure
from sozialraum.formatting import format_percent, format_value
from sozialraum.reports.budget import hilfearten, soll_ist, wirkung
from sozialraum.slides.budget_slides import budget_report
from sozialraum.slides.registry import RenderedSlide, SlideContext, StaleSlideError, register
from sozialraum.store import goals as goals_store

GOAL_RULE = (
    "Ampel aus dem letzten Wert und der Regressionsgeraden der letzten {n} Jahre bis zum Zieljahr: auf Kurs, "
    "wenn der Trend das Ziel erreicht; gefährdet, wenn er mindestens 60 % der nötigen Veränderung schafft."
)


def _assessed(context: SlideContext, year: int, trend_periods: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    goals = goals_store.load_goals(context.engine)
    values = goals_store.goal_values(context.engine, goals)
    return assess_goals(goals, values, year, trend_periods), values


def _optional(value: object, kind: type) -> Any:
    return None if pd.isna(value) else kind(value)


@register("ziele", "Wirkungsziele")
def goals_slide(context: SlideContext, params: Mapping[str, Any]) -> RenderedSlide:
    """One goal's path to its target (``ziel``), or without ``ziel`` all goals with their traffic lights."""
    year = int(params.get("jahr") or max(p.year for p in context.periods))
    trend_periods = int(params.get("trend") or DEFAULT_TREND_PERIODS)
    assessed, values = _assessed(context, year, trend_periods)
    goal_id = params.get("ziel")
    if goal_id is None:
        if assessed.empty:
            raise StaleSlideError("Es sind keine Wirkungsziele mehr angelegt.")
        order = {status.value: position for position, status in enumerate(STATUS_ORDER)}
        ranked = assessed.sort_values("status", key=lambda s: s.map(order))
        table = pd.DataFrame(
            {
                "Status": ranked["status"],
                "Wirkungsziel": ranked["title"],
                "Gebiet": ranked["area_name"],
                "Letzter Wert": [
                    format_value(v, u, int(d))
                    for v, u, d in zip(ranked["latest_value"], ranked["unit"], ranked["decimals"], strict=True)
                ],
                "Ziel": [
                    f"{format_value(v, u, int(d))} bis {y}"
                    for v, u, d, y in zip(
                        ranked["target_value"], ranked["unit"], ranked["decimals"], ranked["target_year"], strict=True
                    )
                ],
            }
        ).reset_index(drop=True)
        counts = ranked["status"].value_counts()
        summary = ", ".join(f"{int(counts.get(s.value, 0))} {s.value}" for s in STATUS_ORDER if counts.get(s.value))
        return RenderedSlide(
            title=f"Wirkungsziele {year}",
            subtitle=f"{len(ranked)} Ziele: {summary}",
            table=table,
            notes=f"Stand {year}: {summary}.",
            method=GOAL_RULE.format(n=trend_periods),
        )
    chosen = assessed[assessed["id"] == int(goal_id)]
    if chosen.empty:
        raise StaleSlideError("Dieses Wirkungsziel ist gelöscht worden.")
    goal = chosen.iloc[0]
    unit, decimals = goal["unit"], int(goal["decimals"])
    series = values[(values["goal_id"] == int(goal_id)) & (values["year"] <= year)].set_index("year")["value"]
    assessment = GoalAssessment(
        GoalStatus(goal["status"]),
        _optional(goal["latest_value"], float),
        _optional(goal["latest_year"], int),
        _optional(goal["projected_value"], float),
        _optional(goal["trend_slope"], float),
        _optional(goal["progress_share"], float),
        goal["reason"],
    )
    figure = stored_goal_figure(goal, series, assessment, unit)
    latest_year = "" if assessment.latest_year is None else f" ({assessment.latest_year})"
    progress = "–" if assessment.progress_share is None else format_percent(assessment.progress_share * 100, 0)
    notes = (
        f"Status: {goal['status']}. {goal['reason']} Basiswert {goal['baseline_year']}: "
        f"{format_value(goal['baseline_value'], unit, decimals)}; letzter Wert{latest_year}: "
        f"{format_value(assessment.latest_value, unit, decimals)}; Zielwert {goal['target_year']}: "
        f"{format_value(goal['target_value'], unit, decimals)}; Trendprognose: "
        f"{format_value(assessment.projected_value, unit, decimals)}; Fortschritt seit Basis: {progress}."
    )
    return RenderedSlide(
        title=f"{goal['title']} – {goal['area_name']}",
        subtitle=f"Status {year}: {goal['status']} · {goal['indicator_name']} in {unit} · "
        f"Leitziel: {goal['strategic_goal']}",
        figure=figure,
        notes=notes,
        method=GOAL_RULE.format(n=trend_periods),
    )


@register("budget_soll_ist", "Budget: Soll und Ist")
def budget_plan_actual_slide(context: SlideContext, params: Mapping[str, Any]) -> RenderedSlide:
    """The page's Soll/Ist table: plan, actual and execution per area with the city row."""
    report = budget_report(soll_ist.build, soll_ist.Params, context, params)
    text = report.slide
    return RenderedSlide(
        title=text.title, subtitle=text.subtitle, table=report.table.slide(), notes=text.notes, method=text.method
    )


@register("budget_hilfearten", "Budget: Hilfearten")
def aid_mix_slide(context: SlideContext, params: Mapping[str, Any]) -> RenderedSlide:
    """Each social space's actual spending split by aid type."""
    report = budget_report(hilfearten.build, hilfearten.Params, context, params)
    text = report.slide
    return RenderedSlide(
        title=text.title,
        subtitle=text.subtitle,
        figure=aid_type_mix_figure(report.composition, ""),
        notes=text.notes,
        method=text.method,
    )


@register("budget_wirkung", "Budget und Wirkung")
def budget_outcome_slide(context: SlideContext, params: Mapping[str, Any]) -> RenderedSlide:
    """Spending per resident against an outcome indicator, one bubble per social space."""
    report = budget_report(wirkung.build, wirkung.Params, context, params)
    text = report.slide
    figure = budget_outcome_figure(
        report.points, report.reference, report.comparison, report.polarity, report.axis_titles, ""
    )
    return RenderedSlide(title=text.title, subtitle=text.subtitle, figure=figure, notes=text.notes, method=text.method)
