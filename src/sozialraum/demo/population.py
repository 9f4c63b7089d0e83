"""Residents of Musterstadt's planning areas year by year, and the latent need behind every figure.

All arrays have one row per planning area (in key order) and one column per year of ``YEARS``.
Counts are integers, so that social-space figures can be exact sums of planning-area figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from sozialraum.demo.layout import (
    SHIFTING_SOCIAL_SPACES,
    STAGNATING_SOCIAL_SPACES,
    YEARS,
    shift_progress,
    social_spaces,
)

#: Extra residents per year, relative to the population, in the refugee arrivals of 2015/16 and 2022.
#: Newcomers mostly found homes in cheaper quarters, so the effect grows with deprivation.
_MIGRATION_WAVES = {2015: 0.012, 2016: 0.006, 2022: 0.010}
#: Deprivation drifts a little: stagnating high-need spaces worsen, affluent ones gentrify further.
_STAGNATION_DRIFT_PER_YEAR = 0.006
_AFFLUENT_DRIFT_PER_YEAR = -0.002
_AFFLUENT_NEED = 0.3


class Counts(NamedTuple):
    """Numerator and denominator of an indicator; counts have no denominator."""

    numerator: np.ndarray
    denominator: np.ndarray | None = None


@dataclass(frozen=True)
class PlanningAreaBasis:
    keys: tuple[str, ...]
    social_space_keys: tuple[str, ...]  # the parent of each planning area
    #: Latent deprivation in [0, 1] per planning area and year; one factor drives all social figures.
    deprivation: np.ndarray
    #: 0 outside the shifting spaces and up to the base year, then rising linearly to 1 in the last year.
    shift_progress: np.ndarray

    @property
    def shape(self) -> tuple[int, int]:
        return self.deprivation.shape

    @staticmethod
    def elapsed_years() -> np.ndarray:
        """Years since the first year, as a row to broadcast against (areas, years) arrays."""
        return np.arange(len(YEARS))[None, :]


@dataclass(frozen=True)
class Population:
    total: np.ndarray
    under_3: np.ndarray
    under_15: np.ndarray
    under_18: np.ndarray
    under_21: np.ndarray
    aged_65_plus: np.ndarray
    foreign: np.ndarray
    labour_force: np.ndarray
    households: np.ndarray
    households_with_children: np.ndarray
    dwellings: np.ndarray
    #: One year group of children, e.g. school entrants, fourth-graders or school leavers.
    year_group: np.ndarray

    @property
    def under_65(self) -> np.ndarray:
        return self.total - self.aged_65_plus


def noise(rng: np.random.Generator, shape: tuple[int, int], persistent_sd: float, yearly_sd: float) -> np.ndarray:
    """A multiplicative lognormal factor: a lasting peculiarity of each area times year-to-year jitter."""
    persistent = rng.normal(0.0, persistent_sd, size=(shape[0], 1))
    yearly = rng.normal(0.0, yearly_sd, size=shape)
    return np.exp(persistent + yearly)


def portion(total: np.ndarray, probability: np.ndarray | float) -> np.ndarray:
    """The whole number of ``total`` with a property of the given probability; never more than ``total``."""
    return np.rint(total * np.clip(probability, 0.0, 1.0)).astype(np.int64)


def by_year(factors: dict[int, float], default: float = 1.0) -> np.ndarray:
    """A per-year factor as a row to broadcast against (areas, years) arrays."""
    return np.array([factors.get(year, default) for year in YEARS])[None, :]


def planning_area_basis(rng: np.random.Generator) -> PlanningAreaBasis:
    spaces = [(space, key) for space in social_spaces() for key in space.planning_area_keys()]
    need = np.array([space.need for space, _ in spaces])
    base = np.clip(need + rng.normal(0.0, 0.08, size=len(spaces)), 0.02, 0.95)
    stagnating = np.array([space.key in STAGNATING_SOCIAL_SPACES for space, _ in spaces])
    shifting = np.array([space.key in SHIFTING_SOCIAL_SPACES for space, _ in spaces])
    affluent = need < _AFFLUENT_NEED
    drift = np.where(stagnating, _STAGNATION_DRIFT_PER_YEAR, np.where(affluent, _AFFLUENT_DRIFT_PER_YEAR, 0.0))
    elapsed = PlanningAreaBasis.elapsed_years()
    progress = np.array([shift_progress(year) for year in YEARS])
    return PlanningAreaBasis(
        keys=tuple(key for _, key in spaces),
        social_space_keys=tuple(space.key for space, _ in spaces),
        deprivation=np.clip(base[:, None] + drift[:, None] * elapsed, 0.0, 1.0),
        shift_progress=shifting[:, None] * progress[None, :],
    )


def simulate_population(basis: PlanningAreaBasis, rng: np.random.Generator) -> Population:
    """Residents by age group and household, growing slowly; between 1,500 and 12,000 per planning area."""
    shape = basis.shape
    need = basis.deprivation
    elapsed = basis.elapsed_years()
    start = np.clip(np.exp(rng.normal(np.log(4_400), 0.45, size=(shape[0], 1))), 1_800, 10_000)
    growth = np.clip(rng.normal(0.004, 0.004, size=(shape[0], 1)), -0.005, 0.010)
    migration = np.cumprod(1 + by_year(_MIGRATION_WAVES, default=0.0) * (0.5 + need), axis=1)
    total = np.rint(start * (1 + growth) ** elapsed * migration * noise(rng, shape, 0.0, 0.003)).astype(np.int64)

    under_18 = portion(total, 0.13 + 0.07 * need + rng.normal(0, 0.012, size=(shape[0], 1)) + 0.0008 * elapsed)
    under_21 = np.rint(under_18 * 21 / 18 * rng.uniform(0.98, 1.06, size=(shape[0], 1))).astype(np.int64)
    aged_65_plus = portion(total, 0.25 - 0.10 * need + rng.normal(0, 0.02, size=(shape[0], 1)) + 0.0012 * elapsed)
    foreign_share = 0.05 + 0.22 * need + rng.normal(0, 0.02, size=(shape[0], 1)) + 0.002 * elapsed
    households = np.rint(total / (1.85 + 0.3 * need)).astype(np.int64)
    return Population(
        total=total,
        under_3=portion(under_18, 3 / 18 * (1 + 0.15 * need)),
        under_15=portion(under_18, 15 / 18 * rng.uniform(0.98, 1.01, size=(shape[0], 1))),
        under_18=under_18,
        under_21=under_21,
        aged_65_plus=aged_65_plus,
        # The newcomers of the migration waves are foreign nationals.
        foreign=portion(total, np.clip(foreign_share, 0.02, 0.4) + (1 - 1 / migration)),
        labour_force=portion(total - under_18 - aged_65_plus, 0.80 - 0.08 * need),
        households=households,
        households_with_children=portion(under_18, 1 / (1.75 - 0.15 * need)),
        dwellings=np.rint(households * rng.uniform(1.02, 1.05, size=(shape[0], 1))).astype(np.int64),
        year_group=portion(under_18, noise(rng, shape, 0.0, 0.05) / 18),
    )
