"""The Berlin recipe on the real open data in ../shared/realdata (skipped when that folder is absent)."""

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sozialraum.db import make_engine
from sozialraum.importing.recipe import run_recipe
from sozialraum.models import Area, BoundaryVersion, BudgetLine, Indicator, Observation

from .conftest import data_snapshot

ROOT = Path(__file__).resolve().parents[3]
REALDATA = ROOT.parent / "shared" / "realdata"
RECIPE = ROOT / "examples" / "berlin" / "recipe.toml"

pytestmark = pytest.mark.skipif(
    not (REALDATA / "berlin_lor_geometry").is_dir(), reason="../shared/realdata mit Berliner Daten nicht vorhanden"
)

# 2026 plan per Bezirk in million euros, HzE (Funktion 265) plus Förderung der Erziehung in der Familie,
# as stated in ../shared/realdata/SOURCES.md.
PUBLISHED_2026 = {"Mitte": 109.5, "Pankow": 81.6, "Neukölln": 88.1, "Marzahn-Hellersdorf": 123.2}


@pytest.fixture(scope="module")
def berlin(database_factory, berlin_template):
    """A copy of the session's Berlin import (tests/conftest.py); the re-run test may write to it."""
    engine = make_engine(database_factory.copy_of(berlin_template))
    yield engine, None
    engine.dispose()


def count_areas(engine, version: str, level: str) -> int:
    with Session(engine) as session:
        return session.scalar(
            select(func.count(Area.id)).join(BoundaryVersion).where(BoundaryVersion.key == version, Area.level == level)
        )


@pytest.mark.parametrize(
    ("version", "level", "expected"),
    [
        ("lor-2021", "planning_area", 542),
        ("lor-2021", "social_space", 143),
        ("lor-2021", "region", 58),
        ("lor-2021", "district", 12),
        ("lor-2021", "city", 1),
        ("lor-2006", "planning_area", 448),
        ("lor-2006", "social_space", 138),
        ("lor-2006", "region", 60),
    ],
)
def test_both_lor_versions_at_every_level(berlin, version, level, expected):
    engine, _ = berlin
    assert count_areas(engine, version, level) == expected


def test_every_planning_area_hangs_under_a_bezirksregion_of_its_own_version(berlin):
    engine, _ = berlin
    with Session(engine) as session:
        orphans = session.scalar(
            select(func.count(Area.id)).where(Area.level == "planning_area", Area.parent_id.is_(None))
        )
    assert orphans == 0


def test_mss_reports_of_every_year_are_present(berlin):
    engine, _ = berlin
    with Session(engine) as session:
        periods = session.scalars(
            select(Observation.period).join(Indicator).where(Indicator.key == "mss_s4").distinct()
        ).all()
    assert sorted(periods) == [
        date(2012, 12, 31),
        date(2014, 12, 31),
        date(2016, 12, 31),
        date(2018, 12, 31),
        date(2020, 12, 31),
    ]


def test_mss_2021_sits_on_the_new_lor_and_earlier_reports_on_the_old(berlin):
    engine, _ = berlin
    with Session(engine) as session:
        rows = session.execute(
            select(Observation.period, BoundaryVersion.key, func.count())
            .join(Indicator)
            .join(Area, Observation.area_id == Area.id)
            .join(BoundaryVersion)
            .where(Indicator.key == "mss_s1", Area.level == "planning_area")
            .group_by(Observation.period, BoundaryVersion.key)
        ).all()
    by_period = {period: (version, count) for period, version, count in rows}
    assert by_period[date(2020, 12, 31)] == ("lor-2021", 536)  # 542 minus 6 marked invalid (-9999)
    assert by_period[date(2018, 12, 31)][0] == "lor-2006"


def test_published_bezirk_values_are_shown_for_bezirke(berlin):
    from sozialraum.store.repository import load_values

    engine, _ = berlin
    # Mitte's unemployment share as the MSS 2021 publishes it for the Bezirk, not computed (no numerators).
    values = load_values(engine, ["mss_s1"], [date(2020, 12, 31)], "district")
    mitte = values[values["area_id"].isin(set(load_areas_of(engine, "district", "lor-2021", "01")))]
    assert mitte["value"].tolist() == [pytest.approx(6.68137)]
    assert mitte["source_level"].tolist() == ["district"]


def load_areas_of(engine, level: str, version: str, key: str) -> list[int]:
    from sozialraum.store.repository import load_areas

    areas = load_areas(engine, level, boundary_version=version)
    return areas.loc[areas["key"] == key, "id"].tolist()


def test_population_half_years_follow_the_boundary_valid_then(berlin):
    engine, _ = berlin
    with Session(engine) as session:
        rows = dict(
            session.execute(
                select(Observation.period, func.count())
                .join(Indicator)
                .where(Indicator.key == "ew")
                .group_by(Observation.period)
            ).all()
        )
    assert rows[date(2015, 6, 30)] == 447
    assert rows[date(2020, 12, 31)] == 448
    assert rows[date(2024, 12, 31)] == 542


def test_youth_aid_budget_matches_the_published_sums(berlin):
    engine, _ = berlin
    with Session(engine) as session:
        sums = dict(
            session.execute(
                select(Area.name, func.sum(BudgetLine.planned))
                .join(Area)
                .where(BudgetLine.year == 2026)
                .group_by(Area.name)
            ).all()
        )
    for bezirk, million in PUBLISHED_2026.items():
        assert sums[bezirk] / 1e6 == pytest.approx(million, abs=0.05)


def test_running_the_recipe_again_changes_nothing(berlin):
    engine, _ = berlin
    before = data_snapshot(engine)
    assert run_recipe(engine, RECIPE, REALDATA).ok
    assert data_snapshot(engine) == before


def test_maps_find_the_boundary_version_the_data_sit_on(berlin):
    from sozialraum.store.repository import data_boundary_version, load_areas

    engine, _ = berlin
    # Same Stichtag, two versions: population 31.12.2020 on the old LOR, MSS 2021 on the new one.
    assert data_boundary_version(engine, "ew", date(2020, 12, 31)) == "lor-2006"
    assert data_boundary_version(engine, "mss_s4", date(2020, 12, 31)) == "lor-2021"
    assert len(load_areas(engine, "planning_area", boundary_version="lor-2021")) == 542
