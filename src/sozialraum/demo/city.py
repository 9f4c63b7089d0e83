"""The fictitious demo city Musterstadt: a complete, deterministic dataset for the app, tests and docs.

``generate_demo`` writes areas with boundaries, the indicator catalogue, twelve years of observations
for planning areas and social spaces, Sozialraumbudgets and Wirkungsziele. The parts live in
``demo_layout`` (structure and story), ``demo_geometry``, ``demo_population``, ``demo_indicators``
with ``demo_youth_aid``, ``demo_observations``, ``demo_budget`` and ``demo_goals``.

Each part draws from its own random stream derived from the seed, so the same seed always gives the
same database, and changing one part leaves the others' numbers alone.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from datetime import date
from typing import Any

import numpy as np
import shapely
from shapely.geometry import LineString
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from sozialraum.demo.budget import BUDGET_PRODUCTS, budget_lines
from sozialraum.demo.catalogue import INDICATORS
from sozialraum.demo.geometry import CityGeometry, build_city_geometry, to_wgs84
from sozialraum.demo.goals import goal_rows
from sozialraum.demo.indicators import simulate_indicators
from sozialraum.demo.layout import (
    CITY_KEY,
    CITY_NAME,
    DISTRICTS,
    OVERSPENDING_DISTRICT,
    SHIFTING_SOCIAL_SPACES,
    STAGNATING_SOCIAL_SPACES,
    YEARS,
    social_spaces,
)
from sozialraum.demo.observations import observation_rows, sum_by_parent
from sozialraum.demo.population import planning_area_basis, simulate_population
from sozialraum.models import (
    Area,
    AreaLevel,
    BoundaryVersion,
    BudgetLine,
    BudgetProduct,
    DatasetInfo,
    Goal,
    Indicator,
    Observation,
)

__all__ = [
    "DEMO_SEED",
    "DEMO_YEARS",
    "OVERSPENDING_DISTRICT",
    "SHIFTING_SOCIAL_SPACES",
    "STAGNATING_SOCIAL_SPACES",
    "demo_river",
    "generate_demo",
]

DEMO_SEED: int = 20251231
DEMO_YEARS = YEARS
DATASET_NAME = "Musterstadt (fiktive Beispieldaten)"
AS_OF = date(2025, 12, 31)
BOUNDARY_VERSION = {
    "key": "musterstadt-2014",
    "name": "Gebietsstand 01.01.2014",
    "valid_from": date(2014, 1, 1),
    "valid_to": None,
}


def generate_demo(session: Session, seed: int = DEMO_SEED) -> None:
    """Fill an EMPTY database (schema already created) with the fictitious demo city Musterstadt.

    Does not commit; the caller commits.
    """
    if session.scalar(select(func.count(Area.id))):
        raise ValueError("The demo city can only be written into an empty database.")
    area_ids = _insert_areas(session, build_city_geometry(_random_stream(seed, "geometry")))
    indicator_ids = _insert_indicators(session)

    # The basis and the population share a stream: together they describe who lives where.
    population_stream = _random_stream(seed, "population")
    basis = planning_area_basis(population_stream)
    planning_counts = simulate_indicators(
        basis, simulate_population(basis, population_stream), _random_stream(seed, "indicators")
    )
    space_keys, space_counts = sum_by_parent(planning_counts, basis.social_space_keys)
    observations = [
        *observation_rows(planning_counts, basis.keys, area_ids, indicator_ids, confidential=True),
        *observation_rows(space_counts, space_keys, area_ids, indicator_ids, confidential=False),
    ]
    session.execute(insert(Observation), observations)

    session.execute(insert(BudgetProduct), list(BUDGET_PRODUCTS))
    session.execute(
        insert(BudgetLine), budget_lines(space_counts, space_keys, area_ids, _random_stream(seed, "budget"))
    )
    session.execute(insert(Goal), goal_rows(space_counts, space_keys, area_ids, indicator_ids))
    session.execute(insert(DatasetInfo), _dataset_info(seed))


def demo_river(seed: int = DEMO_SEED) -> LineString:
    """The river through Musterstadt in EPSG:4326; not stored in the database, but handy on maps."""
    return to_wgs84(build_city_geometry(_random_stream(seed, "geometry")).river)


def _random_stream(seed: int, purpose: str) -> np.random.Generator:
    # crc32, unlike hash(), is the same in every Python process.
    return np.random.default_rng([seed, zlib.crc32(purpose.encode())])


def _areas_by_level() -> Iterator[tuple[AreaLevel, list[tuple[str, str, str | None]]]]:
    """(key, name, parent key) of every area, coarse levels first so parents get their ids first."""
    yield AreaLevel.CITY, [(CITY_KEY, CITY_NAME, None)]
    yield AreaLevel.DISTRICT, [(district.key, district.name, CITY_KEY) for district in DISTRICTS]
    yield (
        AreaLevel.SOCIAL_SPACE,
        [(space.key, space.name, district.key) for district in DISTRICTS for space in district.social_spaces],
    )
    yield (
        AreaLevel.PLANNING_AREA,
        [
            (key, name, space.key)
            for space in social_spaces()
            for key, name in zip(space.planning_area_keys(), space.planning_area_names, strict=True)
        ],
    )


def _insert_areas(session: Session, geometry: CityGeometry) -> dict[str, int]:
    """Insert the boundary version and all areas; returns area ids by key (keys are unique across levels)."""
    version_id = session.execute(insert(BoundaryVersion).returning(BoundaryVersion.id), [BOUNDARY_VERSION]).scalar_one()
    ids: dict[str, int] = {}
    for level, areas in _areas_by_level():
        rows = [
            {
                "boundary_version_id": version_id,
                "key": key,
                "name": name,
                "level": level.value,
                "parent_id": ids[parent_key] if parent_key else None,
                "area_km2": round(geometry.polygons[key].area / 1e6, 4),
                "geometry": shapely.to_wkb(to_wgs84(geometry.polygons[key])),
            }
            for key, name, parent_key in areas
        ]
        ids.update(session.execute(insert(Area).returning(Area.key, Area.id), rows).all())
    return ids


def _insert_indicators(session: Session) -> dict[str, int]:
    rows = [
        {
            "key": spec.key,
            "name": spec.name,
            "short_name": spec.short_name,
            "unit": spec.unit,
            "topic": spec.topic,
            "definition": spec.definition,
            "source": spec.source,
            "polarity": spec.polarity,
            "kind": spec.kind.value,
            "numerator_label": spec.numerator_label,
            "denominator_label": spec.denominator_label,
            "scale": spec.scale,
            "aggregation": spec.aggregation.value,
            "decimals": spec.decimals,
            "public": True,
            "sort_order": 10 * position,
        }
        for position, spec in enumerate(INDICATORS, start=1)
    ]
    return dict(session.execute(insert(Indicator).returning(Indicator.key, Indicator.id), rows).all())


def _dataset_info(seed: int) -> list[dict[str, Any]]:
    facts = {
        "name": DATASET_NAME,
        "is_demo": "1",
        "source": f"Fiktive Beispieldaten, erzeugt von Sozialraum-Monitor (Zufallsstartwert {seed})",
        "as_of": AS_OF.isoformat(),
        "seed": str(seed),
    }
    return [{"key": key, "value": value} for key, value in facts.items()]
