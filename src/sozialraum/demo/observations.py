"""Observation rows as a statistics office publishes them, for planning areas and social spaces.

Social-space figures are exact sums of the planning areas' counts. Districts and the city are left to
the app, which aggregates them from social spaces. At planning-area level, counts of one or two are
withheld (statistische Geheimhaltung), and so are ratios built on such a count; social spaces are
large enough to publish everything.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np

from sozialraum.demo.catalogue import INDICATORS, IndicatorSpec
from sozialraum.demo.layout import YEARS
from sozialraum.demo.population import Counts
from sozialraum.models import ObservationFlag

#: Counts of one or two could identify a family, so they are withheld; zero reveals nobody.
_CONFIDENTIAL_COUNTS = (1, 2)
#: Durations of aids still change after the year ends, when late endings are recorded.
_PROVISIONAL_YEARS = {"hze_avg_duration": (2025,)}


def sum_by_parent(counts: dict[str, Counts], parent_keys: tuple[str, ...]) -> tuple[tuple[str, ...], dict[str, Counts]]:
    """Sum every count over the children of each parent; returns the parents in order of appearance."""
    parents = tuple(dict.fromkeys(parent_keys))
    rows = np.array([parents.index(key) for key in parent_keys])

    def summed(values: np.ndarray) -> np.ndarray:
        totals = np.zeros((len(parents), values.shape[1]), dtype=values.dtype)
        np.add.at(totals, rows, values)
        return totals

    return parents, {
        key: Counts(summed(numerator), None if denominator is None else summed(denominator))
        for key, (numerator, denominator) in counts.items()
    }


def observation_rows(
    counts: dict[str, Counts],
    area_keys: tuple[str, ...],
    area_ids: dict[str, int],
    indicator_ids: dict[str, int],
    confidential: bool,
) -> list[dict[str, Any]]:
    """One row per area, indicator and year; ``confidential`` withholds small counts."""
    rows = []
    for spec in INDICATORS:
        numerators, denominators = counts[spec.key]
        for area_row, area_key in enumerate(area_keys):
            for year_column, year in enumerate(YEARS):
                numerator = int(numerators[area_row, year_column])
                denominator = None if denominators is None else int(denominators[area_row, year_column])
                if denominator == 0:
                    continue  # no cases at all: the ratio does not exist, so nothing is published
                rows.append(
                    {
                        "area_id": area_ids[area_key],
                        "indicator_id": indicator_ids[spec.key],
                        "period": date(year, 12, 31),
                        **_published_figures(spec, year, numerator, denominator, confidential),
                    }
                )
    return rows


def ratio_value(spec: IndicatorSpec, numerator: float, denominator: float) -> float:
    """The value as stored: scaled, and rounded two places finer than it is shown."""
    return round(numerator / denominator * spec.scale, spec.decimals + 2)


def _published_figures(
    spec: IndicatorSpec, year: int, numerator: int, denominator: int | None, confidential: bool
) -> dict[str, Any]:
    small_denominator = denominator in _CONFIDENTIAL_COUNTS
    if confidential and (numerator in _CONFIDENTIAL_COUNTS or small_denominator):
        return {
            "value": None,
            "numerator": None,
            "denominator": None if denominator is None or small_denominator else float(denominator),
            "flag": ObservationFlag.SUPPRESSED.value,
        }
    provisional = year in _PROVISIONAL_YEARS.get(spec.key, ())
    return {
        "value": float(numerator) if denominator is None else ratio_value(spec, numerator, denominator),
        "numerator": float(numerator),
        "denominator": None if denominator is None else float(denominator),
        "flag": (ObservationFlag.PROVISIONAL if provisional else ObservationFlag.OK).value,
    }
