"""Youth aid per planning area (Hilfen zur Erziehung, Inobhutnahmen): where Musterstadt's story shows.

Need raises every youth-aid figure, and youth aid grows a little everywhere year by year, as it does
across Germany. In the shifting social spaces, from 2018 on, outpatient and preventive work replaces
part of residential care: fewer aids overall, a smaller residential share, shorter aids, fewer
families with several parallel aids and fewer children taken into care.
"""

from __future__ import annotations

import numpy as np

from sozialraum.demo.population import Counts, PlanningAreaBasis, Population, noise, portion

_GROWTH_PER_YEAR = 0.012
#: Relative reductions reached in the last year in the shifting spaces.
_FEWER_AIDS = 0.32
_LESS_RESIDENTIAL = 0.30
_SHORTER_AIDS = 0.28
_FEWER_MULTIPLE_AIDS = 0.30
_FEWER_TAKEN_INTO_CARE = 0.45
#: Aids per family with youth aid: siblings and parallel aids make it more than one.
_AIDS_PER_FAMILY = 1.2
_ENDED_WITHIN_YEAR = 0.42


def simulate_youth_aid(basis: PlanningAreaBasis, population: Population, rng: np.random.Generator) -> dict[str, Counts]:
    need = basis.deprivation
    shape = basis.shape
    growth = 1 + _GROWTH_PER_YEAR * basis.elapsed_years()

    def after_shift(reduction: float) -> np.ndarray:
        return 1 - reduction * basis.shift_progress

    # 12 to 48 aids per 1,000 young residents, depending on need.
    expected_aids = population.under_21 * (12 + 36 * need) / 1000 * growth * after_shift(_FEWER_AIDS)
    aids = np.rint(expected_aids * noise(rng, shape, 0.08, 0.06)).astype(np.int64)
    residential = portion(aids, (0.27 + 0.14 * need) * after_shift(_LESS_RESIDENTIAL) * noise(rng, shape, 0.08, 0.05))
    day_care = np.minimum(portion(aids, rng.uniform(0.08, 0.12, size=(shape[0], 1))), aids - residential)
    outpatient = aids - residential - day_care

    ended = portion(aids, _ENDED_WITHIN_YEAR * noise(rng, shape, 0.0, 0.08))
    mean_months = (12 + 10 * need) * after_shift(_SHORTER_AIDS) * noise(rng, shape, 0.06, 0.05)
    families = np.rint(aids / _AIDS_PER_FAMILY).astype(np.int64)
    multiple_aid_families = portion(
        families, (0.07 + 0.10 * need) * after_shift(_FEWER_MULTIPLE_AIDS) * noise(rng, shape, 0.10, 0.08)
    )
    # Taking children into care is rare: planning areas see a handful a year, often none.
    expected_taken_into_care = (
        population.under_18 * (0.9 + 4.5 * need) / 1000 * growth * after_shift(_FEWER_TAKEN_INTO_CARE)
    )
    taken_into_care = rng.poisson(expected_taken_into_care).astype(np.int64)
    return {
        "hze_rate": Counts(aids, population.under_21),
        "hze_cases_ambulant": Counts(outpatient),
        "hze_cases_teilstationaer": Counts(day_care),
        "hze_cases_stationaer": Counts(residential),
        "residential_share": Counts(residential, aids),
        "hze_avg_duration": Counts(np.rint(ended * mean_months).astype(np.int64), ended),
        "multiple_aid_share": Counts(multiple_aid_families, families),
        "inobhutnahmen": Counts(taken_into_care),
        "inobhutnahmen_rate": Counts(taken_into_care, population.under_18),
    }
