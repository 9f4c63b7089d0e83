"""Goal writes with validation, reads, and the values a goal tracks at its own level."""

from __future__ import annotations

import dataclasses
from datetime import date

import pandas as pd
import pytest
from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session

from sozialraum.models import Area, BoundaryVersion, BudgetProduct, Goal, Indicator
from sozialraum.store import goals as goals_store
from sozialraum.store.goals import GoalInput, GoalNotFoundError, GoalValidationError


@pytest.fixture
def catalogue_engine(empty_engine: Engine) -> Engine:
    """A city with one district, a share with a direction, one without, and one budget product."""
    with Session(empty_engine) as session, session.begin():
        version = BoundaryVersion(key="2020", name="Gebietsstand 2020", valid_from=date(2020, 1, 1))
        city = Area(boundary_version=version, key="00", name="Teststadt", level="city")
        session.add_all([version, city])
        session.flush()
        session.add(Area(boundary_version=version, key="01", name="Nord", level="district", parent_id=city.id))
        common = {"topic": "Test", "scale": 100.0, "aggregation": "weighted", "unit": "%", "kind": "share"}
        session.add_all(
            [
                Indicator(key="poverty", name="Armutsquote", short_name="Armut", polarity=-1, **common),
                Indicator(key="foreigners", name="Ausländeranteil", short_name="Ausländer", polarity=0, **common),
                BudgetProduct(code="36.3", name="Hilfen zur Erziehung"),
            ]
        )
    return empty_engine


def valid_goal(**changes: object) -> GoalInput:
    goal = GoalInput(
        strategic_goal="Armut wird bekämpft",
        title="Armut im Norden senken",
        indicator_key="poverty",
        area_key="01",
        baseline_year=2020,
        baseline_value=20.0,
        target_year=2028,
        target_value=15.0,
        responsible="Sozialamt",
        products=("36.3",),
        notes="Ratsbeschluss",
    )
    return dataclasses.replace(goal, **changes)


def messages(engine: Engine, goal: GoalInput) -> list[str]:
    with pytest.raises(GoalValidationError) as error:
        goals_store.create_goal(engine, goal)
    return error.value.messages


def test_create_update_delete_round_trip(catalogue_engine):
    goal_id = goals_store.create_goal(catalogue_engine, valid_goal(title="  Armut im Norden senken "))
    goals = goals_store.load_goals(catalogue_engine)
    row = goals.set_index("id").loc[goal_id]
    assert row["title"] == "Armut im Norden senken"
    assert row["area_name"] == "Nord"
    assert row["area_level"] == "district"
    assert row["products"] == ["36.3"]
    assert pd.isna(row["direction"])

    goals_store.update_goal(catalogue_engine, goal_id, valid_goal(area_key=None, target_value=10.0, direction=-1))
    row = goals_store.load_goals(catalogue_engine).set_index("id").loc[goal_id]
    assert row["target_value"] == 10.0
    assert row["area_name"] == "Teststadt"  # a city goal is shown with the city's area
    assert row["area_level"] == "city"
    assert row["direction"] == -1

    goals_store.delete_goal(catalogue_engine, goal_id)
    assert goals_store.load_goals(catalogue_engine).empty


def test_missing_goal_cannot_be_updated_or_deleted(catalogue_engine):
    with pytest.raises(GoalNotFoundError, match="Nr. 999"):
        goals_store.update_goal(catalogue_engine, 999, valid_goal())
    with pytest.raises(GoalNotFoundError, match="Nr. 999"):
        goals_store.delete_goal(catalogue_engine, 999)


def test_every_problem_is_named_by_its_field(catalogue_engine):
    problems = messages(
        catalogue_engine,
        valid_goal(strategic_goal=" ", title="", baseline_year=2030, target_year=2020, target_value=120.0),
    )
    assert "»Leitziel« darf nicht leer sein." in problems
    assert "»Wirkungsziel« darf nicht leer sein." in problems
    assert "»Zieljahr« muss nach dem »Basisjahr« liegen." in problems
    assert "»Zielwert« ist ein Anteil und muss zwischen 0 und 100 % liegen." in problems
    with Session(catalogue_engine) as session:
        assert session.scalar(select(Goal.id)) is None  # nothing was written


def test_unknown_references_are_refused(catalogue_engine):
    problems = messages(catalogue_engine, valid_goal(indicator_key="nope", area_key="99", products=("1.1",)))
    assert "»Kennzahl« 'nope' ist im Katalog nicht vorhanden." in problems
    assert "»Gebiet« '99' ist kein Stadtbezirk oder Sozialraum." in problems
    assert "»Budgetprodukte« unbekannt: 1.1." in problems


def test_target_on_the_wrong_side_of_the_baseline_is_refused(catalogue_engine):
    # Poverty should fall (polarity -1): a higher target contradicts the direction.
    assert messages(catalogue_engine, valid_goal(target_value=25.0)) == [
        "»Zielwert« muss bei dieser »Richtung« unter dem »Basiswert« liegen."
    ]
    # An explicit direction overrides the polarity.
    assert goals_store.create_goal(catalogue_engine, valid_goal(target_value=25.0, direction=1)) > 0


def test_indicator_without_polarity_needs_a_direction_or_a_change(catalogue_engine):
    problems = messages(catalogue_engine, valid_goal(indicator_key="foreigners", target_value=20.0))
    assert any(problem.startswith("»Richtung« angeben") for problem in problems)
    assert goals_store.create_goal(catalogue_engine, valid_goal(indicator_key="foreigners", target_value=18.0)) > 0


def test_non_numbers_and_years_out_of_range_are_refused(catalogue_engine):
    problems = messages(catalogue_engine, valid_goal(baseline_value=float("nan"), target_year=2200))
    assert "»Basiswert« muss eine Zahl sein." in problems
    assert "»Zieljahr« muss zwischen 1990 und 2100 liegen." in problems


def test_demo_goals_pass_validation(demo_engine):
    goals = goals_store.load_goals(demo_engine)
    assert len(goals) >= 8
    with Session(demo_engine) as session:
        for goal in goals.itertuples():
            goals_store.validate_goal(
                session,
                GoalInput(
                    strategic_goal=goal.strategic_goal,
                    title=goal.title,
                    indicator_key=goal.indicator_key,
                    area_key=None if goal.area_level == "city" else goal.area_key,
                    baseline_year=goal.baseline_year,
                    baseline_value=goal.baseline_value,
                    target_year=goal.target_year,
                    target_value=goal.target_value,
                    products=tuple(goal.products),
                ),
            )


def test_district_goal_values_are_weighted_from_social_spaces(demo_engine):
    goals = goals_store.load_goals(demo_engine)
    district_goal = goals[goals["area_level"] == "district"].iloc[0]
    values = goals_store.goal_values(demo_engine, goals)
    own = values[values["goal_id"] == district_goal["id"]].set_index("year")["value"]
    assert list(own.index) == list(range(2014, 2026))
    # Independent of the app: summed numerators over summed denominators of the district's spaces.
    with demo_engine.connect() as connection:
        expected = connection.execute(
            text(
                "SELECT SUM(o.numerator) / SUM(o.denominator) * i.scale FROM observation o "
                "JOIN indicator i ON i.id = o.indicator_id JOIN area a ON a.id = o.area_id "
                "WHERE i.key = :key AND a.level = 'social_space' AND a.parent_id = :district "
                "AND o.period = :period GROUP BY i.scale"
            ),
            {
                "key": district_goal["indicator_key"],
                "district": int(district_goal["area_id"]),
                "period": date(2025, 12, 31),
            },
        ).scalar_one()
    assert own[2025] == pytest.approx(expected)


def test_proposed_baseline_is_the_stored_demo_baseline(demo_engine):
    goals = goals_store.load_goals(demo_engine)
    for goal in goals.itertuples():
        area = None if goal.area_level == "city" else goal.area_key
        proposal = goals_store.proposed_baseline(demo_engine, goal.indicator_key, area, goal.baseline_year)
        assert proposal == pytest.approx(goal.baseline_value, abs=1e-3), goal.title
    assert goals_store.proposed_baseline(demo_engine, "sgb2_rate", None, 1900) is None
    assert goals_store.proposed_baseline(demo_engine, "sgb2_rate", "nowhere", 2025) is None


def test_a_key_in_two_boundary_versions_takes_the_version_valid_in_the_baseline_year(catalogue_engine):
    with Session(catalogue_engine) as session, session.begin():
        old = session.scalar(select(BoundaryVersion).where(BoundaryVersion.key == "2020"))
        old.valid_to = date(2020, 12, 31)
        new = BoundaryVersion(key="2021", name="Gebietsstand 2021", valid_from=date(2021, 1, 1))
        city = Area(boundary_version=new, key="00", name="Teststadt", level="city")
        session.add_all([new, city])
        session.flush()
        session.add(Area(boundary_version=new, key="01", name="Nord (neu)", level="district", parent_id=city.id))

    def version_of(goal_id: int) -> str:
        with Session(catalogue_engine) as session:
            area = session.get(Area, session.get(Goal, goal_id).area_id)
            return area.boundary_version.key

    assert version_of(goals_store.create_goal(catalogue_engine, valid_goal())) == "2020"
    later = valid_goal(title="Armut im neuen Norden senken", baseline_year=2023, target_year=2030)
    assert version_of(goals_store.create_goal(catalogue_engine, later)) == "2021"
