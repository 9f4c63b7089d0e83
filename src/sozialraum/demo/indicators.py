"""Numerators and denominators of every indicator per planning area and year.

One latent deprivation factor drives the social figures together, each with its own lasting local
peculiarity and yearly jitter, so they correlate strongly but not perfectly. City-wide factors add
the shape of the years: the labour market improving until 2019, the pandemic in 2020, refugees
entering basic income support from 2022, the childcare expansion and the 2023 housing-benefit reform.
"""

from __future__ import annotations

import numpy as np

from sozialraum.demo.catalogue import INDICATORS
from sozialraum.demo.population import Counts, PlanningAreaBasis, Population, by_year, noise, portion
from sozialraum.demo.youth_aid import simulate_youth_aid

_BASIC_INCOME_CYCLE = {
    2015: 1.01,
    2016: 1.04,
    2017: 1.05,
    2018: 1.01,
    2019: 0.96,
    2020: 0.99,
    2021: 0.97,
    2022: 1.00,
    2023: 1.03,
    2024: 1.05,
    2025: 1.07,
}
_UNEMPLOYMENT_CYCLE = {
    2015: 0.98,
    2016: 0.95,
    2017: 0.91,
    2018: 0.86,
    2019: 0.83,
    2020: 0.97,
    2021: 0.94,
    2022: 0.90,
    2023: 0.95,
    2024: 1.00,
    2025: 1.05,
}
#: School closures left their mark on the weight of the next school entrants.
_PANDEMIC_OVERWEIGHT = {2021: 1.15, 2022: 1.10, 2023: 1.05}
#: The Masernschutzgesetz (March 2020) made proof of measles vaccination a condition for school.
_MEASLES_MANDATE_GAP = {2020: 0.8, 2021: 0.75, 2022: 0.75, 2023: 0.75, 2024: 0.75, 2025: 0.75}
#: Wohngeld-Plus (2023) roughly doubled the number of households with housing benefit.
_HOUSING_BENEFIT_REFORM = {2023: 2.0, 2024: 2.1, 2025: 2.1}


def simulate_indicators(
    basis: PlanningAreaBasis, population: Population, rng: np.random.Generator
) -> dict[str, Counts]:
    """Counts for every catalogue indicator, keyed and ordered like the catalogue."""
    counts = {
        **_population_counts(population),
        **_work_and_income(basis, population, rng),
        **simulate_youth_aid(basis, population, rng),
        **_education_and_health(basis, population, rng),
        **_housing(basis, population, rng),
    }
    return {spec.key: counts[spec.key] for spec in INDICATORS}


def _population_counts(population: Population) -> dict[str, Counts]:
    return {
        "pop_total": Counts(population.total),
        "pop_u21": Counts(population.under_21),
        "share_u18": Counts(population.under_18, population.total),
        "share_65plus": Counts(population.aged_65_plus, population.total),
        "share_foreign": Counts(population.foreign, population.total),
    }


def _work_and_income(basis: PlanningAreaBasis, population: Population, rng: np.random.Generator) -> dict[str, Counts]:
    need = basis.deprivation
    shape = basis.shape
    elapsed = basis.elapsed_years()
    basic_income_cycle = by_year(_BASIC_INCOME_CYCLE)
    unemployed = portion(
        population.labour_force,
        (0.04 + 0.09 * need) * by_year(_UNEMPLOYMENT_CYCLE) * noise(rng, shape, 0.08, 0.03),
    )
    single_parents = portion(population.households_with_children, (0.16 + 0.22 * need) * noise(rng, shape, 0.08, 0.04))
    return {
        "sgb2_rate": Counts(
            portion(population.under_65, (0.03 + 0.22 * need) * basic_income_cycle * noise(rng, shape, 0.10, 0.03)),
            population.under_65,
        ),
        "unemployment_rate": Counts(unemployed, population.labour_force),
        "longterm_unemployed_share": Counts(
            portion(unemployed, (0.28 + 0.20 * need) * noise(rng, shape, 0.08, 0.04)), unemployed
        ),
        "child_poverty": Counts(
            portion(population.under_15, (0.05 + 0.38 * need) * basic_income_cycle * noise(rng, shape, 0.10, 0.03)),
            population.under_15,
        ),
        # Old-age poverty rises steadily as lower pensions reach retirement.
        "elderly_basic_income": Counts(
            portion(
                population.aged_65_plus, (0.015 + 0.085 * need) * (1 + 0.025 * elapsed) * noise(rng, shape, 0.12, 0.03)
            ),
            population.aged_65_plus,
        ),
        "single_parent_share": Counts(single_parents, population.households_with_children),
    }


def _education_and_health(
    basis: PlanningAreaBasis, population: Population, rng: np.random.Generator
) -> dict[str, Counts]:
    need = basis.deprivation
    shape = basis.shape
    elapsed = basis.elapsed_years()
    examined = population.year_group
    with_checkup_booklet = portion(examined, 0.97 - 0.06 * need)
    with_vaccination_card = portion(examined, 0.96 - 0.06 * need)
    fourth_graders = portion(population.under_18, noise(rng, shape, 0.0, 0.05) / 18)
    school_leavers = portion(population.under_18, noise(rng, shape, 0.0, 0.06) / 18)
    missed_checkup = (0.05 + 0.16 * need) * (1 - 0.035 * elapsed) * noise(rng, shape, 0.10, 0.03)
    unvaccinated = (
        (0.03 + 0.09 * need) * (1 - 0.03 * elapsed) * by_year(_MEASLES_MANDATE_GAP) * noise(rng, shape, 0.10, 0.03)
    )
    return {
        # The childcare expansion adds about one percentage point a year.
        "childcare_u3": Counts(
            portion(population.under_3, (0.30 - 0.15 * need + 0.011 * elapsed) * noise(rng, shape, 0.06, 0.03)),
            population.under_3,
        ),
        "language_support_need": Counts(
            portion(examined, (0.08 + 0.42 * need) * (1 + 0.012 * elapsed) * noise(rng, shape, 0.10, 0.04)),
            examined,
        ),
        # Fewer leave school without a certificate until 2021, then the decline stalls.
        "school_leavers_without_certificate": Counts(
            portion(
                school_leavers,
                (0.025 + 0.11 * need) * (1 - 0.025 * np.minimum(elapsed, 7)) * noise(rng, shape, 0.12, 0.08),
            ),
            school_leavers,
        ),
        "gymnasium_transition": Counts(
            portion(fourth_graders, (0.64 - 0.40 * need) * noise(rng, shape, 0.06, 0.04)), fourth_graders
        ),
        "overweight_school_entry": Counts(
            portion(examined, (0.06 + 0.09 * need) * by_year(_PANDEMIC_OVERWEIGHT) * noise(rng, shape, 0.10, 0.06)),
            examined,
        ),
        "preventive_checkup_u8": Counts(portion(with_checkup_booklet, 1 - missed_checkup), with_checkup_booklet),
        "measles_vaccination": Counts(portion(with_vaccination_card, 1 - unvaccinated), with_vaccination_card),
    }


def _housing(basis: PlanningAreaBasis, population: Population, rng: np.random.Generator) -> dict[str, Counts]:
    need = basis.deprivation
    shape = basis.shape
    elapsed = basis.elapsed_years()
    square_metres_per_resident = (45 - 13 * need + 0.12 * elapsed) * noise(rng, shape, 0.04, 0.005)
    return {
        "living_space_per_capita": Counts(
            np.rint(population.total * square_metres_per_resident).astype(np.int64), population.total
        ),
        # Social housing concentrates in few quarters, and its bindings keep expiring.
        "social_housing_share": Counts(
            portion(population.dwellings, (0.02 + 0.22 * need) * (1 - 0.03 * elapsed) * noise(rng, shape, 0.25, 0.01)),
            population.dwellings,
        ),
        "residential_turnover": Counts(
            portion(population.total, (0.11 + 0.10 * need) * noise(rng, shape, 0.12, 0.05)), population.total
        ),
        "housing_benefit_share": Counts(
            portion(
                population.households,
                (0.008 + 0.045 * need) * by_year(_HOUSING_BENEFIT_REFORM) * noise(rng, shape, 0.10, 0.04),
            ),
            population.households,
        ),
    }
