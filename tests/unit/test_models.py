"""The schema: migrations create exactly the ORM's tables, and every model round-trips, on SQLite and PostgreSQL."""

from datetime import date, datetime

import pytest
import shapely
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from shapely.geometry import Polygon
from sqlalchemy import func, inspect, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from sozialraum.db import alembic_config, current_revision, head_revision, upgrade
from sozialraum.models import (
    Area,
    Base,
    BoundaryVersion,
    BudgetLine,
    BudgetProduct,
    DatasetInfo,
    Goal,
    ImportLog,
    Indicator,
    Observation,
)


def test_migrations_build_the_orm_schema_without_drift(blank_engine):
    upgrade(blank_engine)
    assert current_revision(blank_engine) == head_revision()
    with blank_engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []


def test_migrations_downgrade_and_upgrade_again(blank_engine):
    upgrade(blank_engine)
    command.downgrade(alembic_config(blank_engine), "base")
    assert set(inspect(blank_engine).get_table_names()) <= {"alembic_version"}
    upgrade(blank_engine)
    assert {"area", "observation", "goal"} <= set(inspect(blank_engine).get_table_names())


def populate(session: Session) -> dict[str, int]:
    version = BoundaryVersion(key="v2021", name="Gebietsstand 2021", valid_from=date(2021, 1, 1))
    city = Area(boundary_version=version, key="00", name="Teststadt", level="city")
    district = Area(boundary_version=version, key="01", name="Mitte", level="district", parent=city)
    square = Polygon([(6.6, 55.3), (6.61, 55.3), (6.61, 55.31), (6.6, 55.31)])
    space = Area(
        boundary_version=version,
        key="0101",
        name="Altstadt <Süd>",
        level="social_space",
        parent=district,
        area_km2=0.7,
        geometry=shapely.to_wkb(square),
    )
    rate = Indicator(
        key="sgb2_rate",
        name="SGB-II-Quote",
        short_name="SGB II",
        unit="%",
        topic="Arbeit und Existenzsicherung",
        definition="Anteil …",
        source="Amt",
        polarity=-1,
        kind="share",
        scale=100.0,
        aggregation="weighted",
        numerator_label="Leistungsberechtigte",
        denominator_label="Einwohner unter 65",
        decimals=1,
    )
    session.add_all([version, city, district, space, rate, BudgetProduct(code="36.3", name="HzE")])
    session.flush()
    session.add_all(
        [
            Observation(
                area_id=space.id,
                indicator_id=rate.id,
                period=date(2025, 12, 31),
                value=12.5,
                numerator=125,
                denominator=1000,
                flag="provisional",
            ),
            BudgetLine(
                area_id=space.id,
                year=2025,
                product="36.3",
                aid_type="ambulant",
                provider="Träger e.V.",
                planned=1234567.89,
                actual=1300000.01,
                cases=42,
            ),
            Goal(
                strategic_goal="Armut senken",
                title="SGB-II-Quote unter 10 %",
                indicator_id=rate.id,
                area_id=None,
                baseline_year=2019,
                baseline_value=13.0,
                target_year=2028,
                target_value=10.0,
                responsible="Sozialamt",
                products=["36.3", "31.1"],
                notes="",
            ),
            ImportLog(
                kind="observations",
                file_name="werte.csv",
                sha256="0" * 64,
                rows=1,
                started_at=datetime(2026, 1, 2, 3, 4, 5),
                outcome="ok",
                messages=["Zeile 2: ok"],
            ),
            DatasetInfo(key="name", value="Teststadt"),
        ]
    )
    session.commit()
    return {"space": space.id, "indicator": rate.id}


def test_every_model_round_trips(empty_engine):
    with Session(empty_engine) as session:
        ids = populate(session)
    with Session(empty_engine) as session:
        space = session.get(Area, ids["space"])
        assert space.name == "Altstadt <Süd>"
        assert space.parent.parent.level == "city"
        assert space.boundary_version.valid_from == date(2021, 1, 1)
        assert shapely.from_wkb(space.geometry).equals(
            Polygon([(6.6, 55.3), (6.61, 55.3), (6.61, 55.31), (6.6, 55.31)])
        )
        observation = session.scalars(select(Observation)).one()
        assert (observation.period, observation.numerator, observation.flag) == (date(2025, 12, 31), 125, "provisional")
        line = session.scalars(select(BudgetLine)).one()
        assert line.planned == pytest.approx(1234567.89)
        assert isinstance(line.planned, float)
        goal = session.scalars(select(Goal)).one()
        assert goal.products == ["36.3", "31.1"]
        assert goal.area_id is None
        assert goal.created_at is not None
        assert session.scalars(select(ImportLog)).one().messages == ["Zeile 2: ok"]


def test_constraints_reject_invalid_rows(empty_engine):
    with Session(empty_engine) as session:
        ids = populate(session)
    with Session(empty_engine) as session:
        session.add(
            Observation(area_id=ids["space"], indicator_id=ids["indicator"], period=date(2025, 12, 31), value=1.0)
        )
        with pytest.raises(IntegrityError):
            session.commit()
    with Session(empty_engine) as session:
        session.add(
            Observation(
                area_id=ids["space"],
                indicator_id=ids["indicator"],
                period=date(2024, 12, 31),
                value=1.0,
                flag="geschätzt",
            )
        )
        with pytest.raises(IntegrityError):
            session.commit()


def test_deleting_an_area_removes_its_observations(empty_engine):
    with Session(empty_engine) as session:
        ids = populate(session)
    with Session(empty_engine) as session:
        session.delete(session.get(Area, ids["space"]))
        session.commit()
        assert session.scalars(select(Observation)).all() == []


def test_upgrading_a_filled_database_keeps_every_row(blank_engine):
    # Regression: SQLite rebuilds tables to change constraints; with foreign keys on, dropping the old
    # `area` table cascade-deleted all observations.
    from sozialraum.demo.city import generate_demo

    upgrade(blank_engine, "0001")
    with Session(blank_engine) as session, session.begin():
        generate_demo(session)

    # Only the tables of the old schema: later revisions add tables that do not exist yet.
    old_tables = set(inspect(blank_engine).get_table_names())

    def counts():
        with blank_engine.connect() as connection:
            return {
                table.name: connection.scalar(select(func.count()).select_from(table))
                for table in Base.metadata.sorted_tables
                if table.name in old_tables
            }

    before = counts()
    upgrade(blank_engine)
    assert current_revision(blank_engine) == head_revision()
    assert counts() == before
    assert before["observation"] > 0
