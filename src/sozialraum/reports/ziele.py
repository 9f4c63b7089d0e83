"""The Wirkungsziele report: every goal with its traffic light at a year, and one goal's path to its target
with the trend forecast.

The page ``views/ziele.py`` and the slide kind ``ziele`` both render a ``ZieleReport`` built here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from sozialraum.analysis.goals import (
    AT_RISK_SHARE,
    DEFAULT_TREND_PERIODS,
    STATUS_ORDER,
    GoalAssessment,
    GoalStatus,
    assess_goals,
)
from sozialraum.formatting import format_percent, format_value
from sozialraum.reports.goals_tables import goals_table
from sozialraum.reports.provenance import Provenance
from sozialraum.reports.query import integer, text
from sozialraum.reports.source import Source
from sozialraum.vocabulary import goal_rule_text

ALL_STATUSES = "alle"
STATUS_OPTIONS = (ALL_STATUSES, *(status.value for status in STATUS_ORDER))
CITY = "Gesamtstadt"
LISTING_COLUMNS = ("Status", "Wirkungsziel", "Gebiet", "Kennzahl", "Letzter Wert", "Ziel", "Verantwortlich")


def rule(trend_periods: int) -> str:
    """The traffic-light rule for ``trend_periods`` years, generated from ``analysis.goals.AT_RISK_SHARE``."""
    return goal_rule_text(trend_periods, AT_RISK_SHARE)


class ZieleError(LookupError):
    """The settings name a goal the data no longer hold; the message is German."""


@dataclass(frozen=True)
class ZieleParams:
    """``jahr`` (None: the newest year with data), ``trend`` (years of the trend line), ``ziel`` (a goal id:
    its path; None: the list) and the list's ``status`` filter (``alle`` or a status word)."""

    jahr: int | None = None
    trend: int = DEFAULT_TREND_PERIODS
    ziel: int | None = None
    status: str = ALL_STATUSES

    @classmethod
    def from_query(cls, query: Mapping[str, Any]) -> ZieleParams:
        """URL query params or a stored slide's settings; unreadable values fall back to the defaults."""
        trend = integer(query, "trend")
        status = text(query, "status")
        return cls(
            jahr=integer(query, "jahr"),
            trend=trend if trend is not None and trend >= 2 else DEFAULT_TREND_PERIODS,
            ziel=integer(query, "ziel"),
            status=status if status in STATUS_OPTIONS else ALL_STATUSES,
        )

    def to_query(self) -> dict[str, str | list[str]]:
        query: dict[str, str | list[str]] = {"trend": str(self.trend)}
        if self.jahr is not None:
            query["jahr"] = str(self.jahr)
        if self.ziel is not None:
            query["ziel"] = str(self.ziel)
        if self.status != ALL_STATUSES:
            query["status"] = self.status
        return query


@dataclass(frozen=True)
class KeyFigure:
    label: str
    value: str
    help: str | None = None


@dataclass(frozen=True)
class GoalPath:
    """One goal: its row of the assessed goals, the yearly values up to the year, and the key figures."""

    goal: pd.Series
    series: pd.Series  # value by year
    assessment: GoalAssessment
    title: str  # »Kinderarmut senken – Werftsiedlung«
    chart_title: str
    unit: str
    key_figures: tuple[KeyFigure, ...]
    notes: str


@dataclass(frozen=True)
class ZieleReport:
    params: ZieleParams  # jahr resolved
    year: int
    trend_periods: int
    rule: str
    assessed: pd.DataFrame  # every goal with its assessment (analysis.goals.assess_goals)
    values: pd.DataFrame  # goal_id, year, value
    listing: pd.DataFrame  # display strings of the goals the status filter shows, by traffic light
    export: pd.DataFrame  # every goal, German columns, numbers numeric (reports.goals_tables)
    summary: str  # of the listed goals: »4 erreicht, 2 auf Kurs, …«
    path: GoalPath | None  # the goal ``params.ziel`` names
    provenance: Provenance

    def goal_titles(self) -> dict[int, str]:
        """Goal id -> »title – area« (a city goal on a database without a city area: »Gesamtstadt«)."""
        areas = self.assessed["area_name"].fillna(CITY)
        return dict(zip((int(i) for i in self.assessed["id"]), self.assessed["title"] + " – " + areas, strict=True))


def _optional(value: object, kind: type) -> Any:
    return None if pd.isna(value) else kind(value)


def assessment_of(goal: pd.Series) -> GoalAssessment:
    """The assessment held in one row of ``assess_goals`` (NaN back to None)."""
    return GoalAssessment(
        GoalStatus(goal["status"]),
        _optional(goal["latest_value"], float),
        _optional(goal["latest_year"], int),
        _optional(goal["projected_value"], float),
        _optional(goal["trend_slope"], float),
        _optional(goal["progress_share"], float),
        goal["reason"],
    )


def listing_table(goals: pd.DataFrame) -> pd.DataFrame:
    """The goals as display strings, ordered by traffic light (achieved first), else as stored."""
    order = {status.value: position for position, status in enumerate(STATUS_ORDER)}
    ranked = goals.sort_values("status", key=lambda s: s.map(order), kind="stable")
    return pd.DataFrame(
        {
            "Status": ranked["status"],
            "Wirkungsziel": ranked["title"],
            "Gebiet": ranked["area_name"].fillna(CITY),
            "Kennzahl": ranked["indicator_name"],
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
            "Verantwortlich": ranked["responsible"].fillna(""),
        }
    ).reset_index(drop=True)


def status_summary(goals: pd.DataFrame) -> str:
    """»4 erreicht, 2 auf Kurs, …« (statuses without goals left out)."""
    counts = goals["status"].value_counts() if "status" in goals.columns else pd.Series(dtype=int)
    return ", ".join(f"{int(counts.get(s.value, 0))} {s.value}" for s in STATUS_ORDER if counts.get(s.value))


def goal_path(report_goals: pd.DataFrame, values: pd.DataFrame, goal_id: int, year: int) -> GoalPath:
    chosen = report_goals[report_goals["id"] == goal_id]
    if chosen.empty:
        raise ZieleError("Dieses Wirkungsziel ist gelöscht worden.")
    goal = chosen.iloc[0]
    unit, decimals = goal["unit"], int(goal["decimals"])
    series = values[(values["goal_id"] == goal_id) & (values["year"] <= year)].set_index("year")["value"]
    assessment = assessment_of(goal)
    area = CITY if pd.isna(goal["area_name"]) else goal["area_name"]
    latest_year = "" if assessment.latest_year is None else f" {assessment.latest_year}"
    progress = None if assessment.progress_share is None else assessment.progress_share * 100
    figures = (
        KeyFigure(f"Basiswert {goal['baseline_year']}", format_value(goal["baseline_value"], unit, decimals)),
        KeyFigure(f"Letzter Wert{latest_year}", format_value(assessment.latest_value, unit, decimals)),
        KeyFigure(
            f"Trendprognose {goal['target_year']}",
            format_value(assessment.projected_value, unit, decimals),
            "Lineare Regression über die letzten Jahre, verlängert bis zum Zieljahr.",
        ),
        KeyFigure(f"Zielwert {goal['target_year']}", format_value(goal["target_value"], unit, decimals)),
        KeyFigure(
            "Fortschritt seit Basis",
            format_percent(progress, 0),
            "Anteil des Weges vom Basiswert zum Zielwert, den der letzte Wert zurückgelegt hat.",
        ),
    )
    latest = "" if assessment.latest_year is None else f" ({assessment.latest_year})"
    notes = (
        f"Status: {goal['status']}. {goal['reason']} Basiswert {goal['baseline_year']}: "
        f"{figures[0].value}; letzter Wert{latest}: {figures[1].value}; Zielwert {goal['target_year']}: "
        f"{figures[3].value}; Trendprognose: {figures[2].value}; "
        f"Fortschritt seit Basis: {'–' if progress is None else figures[4].value}."
    )
    return GoalPath(
        goal=goal,
        series=series,
        assessment=assessment,
        title=f"{goal['title']} – {area}",
        chart_title=f"{goal['indicator_name']}, {area}",
        unit=unit,
        key_figures=figures,
        notes=notes,
    )


def build(source: Source, params: ZieleParams) -> ZieleReport:
    """The report for ``params``; a ``ziel`` no longer stored raises ``ZieleError``."""
    year = params.jahr if params.jahr is not None else max(p.year for p in source.periods())
    goals = source.goals()
    values = source.goal_values()
    assessed = assess_goals(goals, values, year, params.trend)
    shown = assessed if params.status == ALL_STATUSES else assessed[assessed["status"] == params.status]
    path = None if params.ziel is None else goal_path(assessed, values, params.ziel, year)
    return ZieleReport(
        params=ZieleParams(year, params.trend, params.ziel, params.status),
        year=year,
        trend_periods=params.trend,
        rule=rule(params.trend),
        assessed=assessed,
        values=values,
        listing=listing_table(shown) if len(shown) else pd.DataFrame(columns=LISTING_COLUMNS),
        export=goals_table(assessed) if len(assessed) else pd.DataFrame(),
        summary=status_summary(shown),
        path=path,
        provenance=Provenance.of(source),
    )
