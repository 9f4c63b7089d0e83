"""Sozialraumbudgets of Musterstadt: plan and actual per social space, year, product and aid type.

Spending follows the youth-aid cases: cases times a cost per case that rises with prices. The
shifting social spaces buy more intensive outpatient help and fund open, preventive work from 2018
on, and since they need far fewer residential places their spending per young resident stays flat.
The overspending district exceeds every youth-aid plan; elsewhere plan and actual stay close.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from sozialraum.demo.layout import OVERSPENDING_DISTRICT, SHIFTING_SOCIAL_SPACES, YEARS, shift_progress, social_spaces
from sozialraum.demo.population import Counts, portion
from sozialraum.models import AidType

YOUTH_AID_PRODUCT = "36.3"
YOUTH_WORK_PRODUCT = "36.2"

BUDGET_PRODUCTS: tuple[dict[str, str], ...] = (
    {
        "code": YOUTH_WORK_PRODUCT,
        "name": "Kinder- und Jugendarbeit, sozialräumliche Prävention",
        "target_group_indicator_key": "pop_u21",
    },
    {"code": YOUTH_AID_PRODUCT, "name": "Hilfen zur Erziehung", "target_group_indicator_key": "pop_u21"},
)

#: Cost per case and year in 2014, in euros.
_COST_PER_CASE_2014 = {AidType.AMBULANT: 13_500.0, AidType.TEILSTATIONAER: 29_500.0, AidType.STATIONAER: 58_000.0}
_CASE_INDICATORS = {
    AidType.AMBULANT: "hze_cases_ambulant",
    AidType.TEILSTATIONAER: "hze_cases_teilstationaer",
    AidType.STATIONAER: "hze_cases_stationaer",
}
_PRICE_GROWTH = 0.027
_YOUTH_WORK_PRICE_GROWTH = 0.02
#: Outpatient help in the shifting spaces becomes more intensive, and dearer per case.
_MORE_INTENSIVE_OUTPATIENT = 0.15
#: Euros per resident under 21 and year (2014 prices): flexible, non-case work funded from HzE money,
#: open youth work, and what the shift adds to each once it is complete.
_PREVENTION_PER_YOUNG_RESIDENT = 25.0
_SHIFT_PREVENTION_PER_YOUNG_RESIDENT = 130.0
_YOUTH_WORK_PER_YOUNG_RESIDENT = 110.0
_SHIFT_YOUTH_WORK_INCREASE = 0.25
_YOUTH_WORK_PARTICIPATION = 0.22
_OVERSPENDING = (0.05, 0.11)
_USUAL_DEVIATION_SD = 0.018
_USUAL_DEVIATION_LIMIT = 0.045
#: Budget plans (Ansätze) are set in whole hundreds of euros.
_PLAN_ROUNDING = -2


@dataclass(frozen=True)
class _SpaceYear:
    """What the budget of one social space in one year depends on."""

    area_id: int
    year: int
    provider: str
    young_residents: int
    cases: dict[AidType, int]
    price_index: float  # 1.0 in the first year
    shift_progress: float  # 0.0 outside the shifting spaces
    overspent: bool


def budget_lines(
    space_counts: dict[str, Counts],
    space_keys: tuple[str, ...],
    space_ids: dict[str, int],
    rng: np.random.Generator,
) -> list[dict[str, Any]]:
    """Five lines per social space and year: 36.3 by aid type (four) and 36.2 preventive work."""
    rows = []
    for space in social_spaces():
        row = space_keys.index(space.key)
        price_level = {aid: rng.uniform(0.95, 1.05) for aid in _COST_PER_CASE_2014}
        for column, year in enumerate(YEARS):
            space_year = _SpaceYear(
                area_id=space_ids[space.key],
                year=year,
                provider=space.provider,
                young_residents=int(space_counts["pop_u21"].numerator[row, column]),
                cases={aid: int(space_counts[key].numerator[row, column]) for aid, key in _CASE_INDICATORS.items()},
                price_index=(1 + _PRICE_GROWTH) ** column,
                shift_progress=shift_progress(year) if space.key in SHIFTING_SOCIAL_SPACES else 0.0,
                overspent=space.key.startswith(OVERSPENDING_DISTRICT),
            )
            rows += _youth_aid_lines(space_year, price_level, rng)
            rows.append(_youth_work_line(space_year, rng))
    return rows


def _youth_aid_lines(
    space_year: _SpaceYear, price_level: dict[AidType, float], rng: np.random.Generator
) -> list[dict[str, Any]]:
    """Product 36.3: one line per case-based aid type, and flexible, non-case preventive work."""
    lines = []
    for aid, base_cost in _COST_PER_CASE_2014.items():
        intensity = 1 + _MORE_INTENSIVE_OUTPATIENT * space_year.shift_progress if aid == AidType.AMBULANT else 1.0
        cost_per_case = base_cost * price_level[aid] * space_year.price_index * intensity * rng.normal(1.0, 0.015)
        provider = space_year.provider if aid == AidType.AMBULANT else None
        cases = space_year.cases[aid]
        lines.append(_line(space_year, YOUTH_AID_PRODUCT, aid, cases * cost_per_case, cases, provider, rng))
    per_young_resident = (
        _PREVENTION_PER_YOUNG_RESIDENT + _SHIFT_PREVENTION_PER_YOUNG_RESIDENT * space_year.shift_progress
    )
    prevention = space_year.young_residents * per_young_resident * space_year.price_index * rng.normal(1.0, 0.03)
    lines.append(_line(space_year, YOUTH_AID_PRODUCT, AidType.PRAEVENTIV, prevention, None, space_year.provider, rng))
    return lines


def _youth_work_line(space_year: _SpaceYear, rng: np.random.Generator) -> dict[str, Any]:
    """Product 36.2: open youth work; its cases are the regular participants."""
    prices = (1 + _YOUTH_WORK_PRICE_GROWTH) ** (space_year.year - YEARS[0])
    spending = (
        space_year.young_residents
        * _YOUTH_WORK_PER_YOUNG_RESIDENT
        * prices
        * (1 + _SHIFT_YOUTH_WORK_INCREASE * space_year.shift_progress)
        * rng.normal(1.0, 0.03)
    )
    participants = int(portion(space_year.young_residents, _YOUTH_WORK_PARTICIPATION * rng.normal(1.0, 0.05)))
    return _line(space_year, YOUTH_WORK_PRODUCT, AidType.PRAEVENTIV, spending, participants, None, rng)


def _line(
    space_year: _SpaceYear,
    product: str,
    aid: AidType,
    actual: float,
    cases: int | None,
    provider: str | None,
    rng: np.random.Generator,
) -> dict[str, Any]:
    overspent = space_year.overspent and product == YOUTH_AID_PRODUCT
    return {
        "area_id": space_year.area_id,
        "year": space_year.year,
        "product": product,
        "aid_type": aid.value,
        "provider": provider,
        "planned": _plan(actual, overspent, rng),
        "actual": round(actual, 2),
        "cases": cases,
    }


def _plan(actual: float, overspent: bool, rng: np.random.Generator) -> float:
    """The plan that the actual spending missed by a random deviation: always overrun when overspent."""
    if overspent:
        deviation = rng.uniform(*_OVERSPENDING)
    else:
        deviation = np.clip(rng.normal(0.0, _USUAL_DEVIATION_SD), -_USUAL_DEVIATION_LIMIT, _USUAL_DEVIATION_LIMIT)
    return round(float(actual / (1 + deviation)), _PLAN_ROUNDING)
