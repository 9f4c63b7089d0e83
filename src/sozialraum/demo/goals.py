"""Wirkungsziele of Musterstadt, with targets set against the generated data.

A real council sets targets before it knows the outcome; the demo sets them afterwards so that the
goals page shows every status. Each goal states how ambitious its target is relative to the latest
value and to the linear trend of the last five years projected to the target year. The margins are
wide, so that a slightly different projection method still reaches the same status.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

import numpy as np

from sozialraum.demo.catalogue import INDICATORS_BY_KEY, IndicatorSpec
from sozialraum.demo.layout import YEARS
from sozialraum.demo.observations import ratio_value
from sozialraum.demo.population import Counts
from sozialraum.models import IndicatorKind

TREND_YEARS = range(2021, 2026)


class Ambition(enum.Enum):
    """Where a target lies relative to the data, and so which status the goal shows."""

    ALREADY_MET = "already met"  # the latest value is clearly better than the target
    WITHIN_TREND = "within trend"  # the trend overshoots the target: it covers 200 % of the change
    JUST_BEYOND_TREND = "just beyond trend"  # the trend covers 80 % of the needed change
    FAR_BEYOND_TREND = "far beyond trend"  # the trend covers at most 30 %, or runs the wrong way


@dataclass(frozen=True)
class GoalPlan:
    strategic_goal: str
    title: str
    indicator_key: str
    area_key: str | None  # None: the whole city
    baseline_year: int
    target_year: int
    ambition: Ambition
    responsible: str
    products: tuple[str, ...]
    notes: str


_CHILD_PROTECTION = "Kinder und Jugendliche wachsen geschützt und gefördert auf"
_EARLY_EDUCATION = "Alle Kinder erhalten faire Bildungschancen von Anfang an"
_HEALTH = "Kinder wachsen gesund auf"
_POVERTY = "Armut wird bekämpft, Teilhabe ist gesichert"
_HOUSING = "Gutes Wohnen in allen Quartieren"
_COMMITTEE = "Beschluss des Jugendhilfeausschusses vom 12.03.2019 (fiktiv)."
_COUNCIL = "Beschluss des Rates zum Integrierten Sozialbericht vom 26.09.2019 (fiktiv)."

GOALS: tuple[GoalPlan, ...] = (
    GoalPlan(
        strategic_goal=_CHILD_PROTECTION,
        title="Hilfen zur Erziehung durch frühe Unterstützung im Sozialraum vermeiden",
        indicator_key="hze_rate",
        area_key="0303",
        baseline_year=2018,
        target_year=2027,
        ambition=Ambition.ALREADY_MET,
        responsible="Jugendamt",
        products=("36.3", "36.2"),
        notes=f"{_COMMITTEE} Teil des Modellvorhabens Sozialraumorientierung.",
    ),
    GoalPlan(
        strategic_goal=_CHILD_PROTECTION,
        title="Stationäre Unterbringungen zugunsten ambulanter Hilfen verringern",
        indicator_key="residential_share",
        area_key="0301",
        baseline_year=2018,
        target_year=2027,
        ambition=Ambition.ALREADY_MET,
        responsible="Jugendamt",
        products=("36.3",),
        notes=f"{_COMMITTEE} Teil des Modellvorhabens Sozialraumorientierung.",
    ),
    GoalPlan(
        strategic_goal=_CHILD_PROTECTION,
        title="Hilfen zur Erziehung zielgenauer und kürzer gestalten",
        indicator_key="hze_avg_duration",
        area_key="0104",
        baseline_year=2018,
        target_year=2027,
        ambition=Ambition.ALREADY_MET,
        responsible="Jugendamt",
        products=("36.3",),
        notes=f"{_COMMITTEE} Hilfeplanung mit festen Überprüfungsterminen.",
    ),
    GoalPlan(
        strategic_goal=_CHILD_PROTECTION,
        title="Bedarf an Hilfen zur Erziehung im Hafenviertel senken",
        indicator_key="hze_rate",
        area_key="02",
        baseline_year=2018,
        target_year=2027,
        ambition=Ambition.FAR_BEYOND_TREND,
        responsible="Jugendamt",
        products=("36.3",),
        notes=f"{_COMMITTEE} Ein sozialräumliches Konzept für den Stadtbezirk steht noch aus.",
    ),
    GoalPlan(
        strategic_goal=_EARLY_EDUCATION,
        title="Betreuungsangebot für unter 3-Jährige bedarfsgerecht ausbauen",
        indicator_key="childcare_u3",
        area_key=None,
        baseline_year=2019,
        target_year=2027,
        ambition=Ambition.WITHIN_TREND,
        responsible="Jugendamt",
        products=(),
        notes="Kita-Ausbauprogramm 2019–2027 (fiktiv).",
    ),
    GoalPlan(
        strategic_goal=_EARLY_EDUCATION,
        title="Schulabgänge ohne Abschluss verringern",
        indicator_key="school_leavers_without_certificate",
        area_key=None,
        baseline_year=2018,
        target_year=2027,
        ambition=Ambition.ALREADY_MET,
        responsible="Schulverwaltungsamt",
        products=(),
        notes=_COUNCIL,
    ),
    GoalPlan(
        strategic_goal=_HEALTH,
        title="Impfschutz gegen Masern bei Schulanfängern erhöhen",
        indicator_key="measles_vaccination",
        area_key=None,
        baseline_year=2019,
        target_year=2027,
        ambition=Ambition.WITHIN_TREND,
        responsible="Gesundheitsamt",
        products=(),
        notes=_COUNCIL,
    ),
    GoalPlan(
        strategic_goal=_HEALTH,
        title="Teilnahme an der Früherkennungsuntersuchung U8 steigern",
        indicator_key="preventive_checkup_u8",
        area_key=None,
        baseline_year=2019,
        target_year=2028,
        ambition=Ambition.JUST_BEYOND_TREND,
        responsible="Gesundheitsamt",
        products=(),
        notes=f"{_COUNCIL} Erinnerungsschreiben an Eltern seit 2020.",
    ),
    GoalPlan(
        strategic_goal=_HOUSING,
        title="Wohnraumversorgung verbessern",
        indicator_key="living_space_per_capita",
        area_key=None,
        baseline_year=2018,
        target_year=2028,
        ambition=Ambition.JUST_BEYOND_TREND,
        responsible="Amt für Wohnungswesen",
        products=(),
        notes=_COUNCIL,
    ),
    GoalPlan(
        strategic_goal=_POVERTY,
        title="Kinderarmut senken",
        indicator_key="child_poverty",
        area_key=None,
        baseline_year=2019,
        target_year=2028,
        ambition=Ambition.FAR_BEYOND_TREND,
        responsible="Sozialamt",
        products=(),
        notes=f"{_COUNCIL} Gemeinsames Ziel mit dem Jobcenter Musterstadt.",
    ),
    GoalPlan(
        strategic_goal=_POVERTY,
        title="Altersarmut begrenzen",
        indicator_key="elderly_basic_income",
        area_key=None,
        baseline_year=2019,
        target_year=2027,
        ambition=Ambition.FAR_BEYOND_TREND,
        responsible="Sozialamt",
        products=(),
        notes=_COUNCIL,
    ),
)


def goal_rows(
    space_counts: dict[str, Counts],
    space_keys: tuple[str, ...],
    area_ids: dict[str, int],
    indicator_ids: dict[str, int],
) -> list[dict[str, Any]]:
    rows = []
    for goal in GOALS:
        spec = INDICATORS_BY_KEY[goal.indicator_key]
        series = _aggregated_series(spec, space_counts[spec.key], space_keys, goal.area_key)
        baseline = series[YEARS.index(goal.baseline_year)]
        rows.append(
            {
                "strategic_goal": goal.strategic_goal,
                "title": goal.title,
                "indicator_id": indicator_ids[spec.key],
                "area_id": None if goal.area_key is None else area_ids[goal.area_key],
                "baseline_year": goal.baseline_year,
                "baseline_value": baseline,
                "target_year": goal.target_year,
                "target_value": round(_target_value(goal, spec, baseline, series), spec.decimals),
                "direction": None,
                "responsible": goal.responsible,
                "products": list(goal.products),
                "notes": goal.notes,
            }
        )
    return rows


def _aggregated_series(
    spec: IndicatorSpec, counts: Counts, space_keys: tuple[str, ...], area_key: str | None
) -> list[float]:
    """Values per year of the city, a district or a social space, aggregated from social spaces."""
    rows = [index for index, key in enumerate(space_keys) if area_key is None or key.startswith(area_key)]
    numerators = counts.numerator[rows].sum(axis=0)
    if spec.kind == IndicatorKind.COUNT:
        return [float(value) for value in numerators]
    denominators = counts.denominator[rows].sum(axis=0)
    return [
        ratio_value(spec, numerator, denominator)
        for numerator, denominator in zip(numerators, denominators, strict=True)
    ]


def _target_value(goal: GoalPlan, spec: IndicatorSpec, baseline: float, series: list[float]) -> float:
    polarity = spec.polarity
    latest = series[-1]
    recent = [series[YEARS.index(year)] for year in TREND_YEARS]
    slope, intercept = np.polyfit(np.array(TREND_YEARS, dtype=float), recent, 1)
    trend_change = intercept + slope * goal.target_year - latest
    trend_gain = polarity * trend_change  # positive when the trend improves
    if goal.ambition == Ambition.ALREADY_MET:
        improvement_since_baseline = max(polarity * (latest - baseline), 0.0)
        return latest - polarity * max(0.3 * improvement_since_baseline, 0.04 * abs(latest))
    if goal.ambition == Ambition.WITHIN_TREND and trend_gain > 0:
        return latest + 0.5 * trend_change
    if goal.ambition == Ambition.JUST_BEYOND_TREND and trend_gain > 0:
        return latest + trend_change / 0.8
    # Far beyond the trend, and the fallback when the data do not improve as the ambition assumed:
    # beyond the better of baseline and latest value by a tenth of the room left for improvement.
    better = max(baseline, latest) if polarity > 0 else min(baseline, latest)
    room = 100.0 - better if spec.kind == IndicatorKind.SHARE and polarity > 0 else abs(better)
    needed = polarity * (better - latest) + max(0.1 * room, trend_gain / 0.3)
    return latest + polarity * needed
