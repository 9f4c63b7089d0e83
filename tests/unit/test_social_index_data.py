"""The Sozialindex on stored data: inputs from the database, values written back as an indicator.

The city below holds the hand-computed example of ``test_social_index.py`` at 31.12.2020 (on a boundary
version valid only from 2021, as Berlin's MSS 2021), and at 31.12.2018 one and a half times those values on
the older version: the two-year change is then −0,5 × the 2020 values, so the dynamics index is exactly
the negated status index.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pandas as pd
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sozialraum.analysis.social_index import (
    DYNAMICS_CLASSES,
    DYNAMICS_THRESHOLDS,
    STATUS_CLASSES,
    STATUS_THRESHOLDS,
    IndexComponent,
    IndexDefinition,
    compute_index,
    sensitivity,
)
from sozialraum.models import Area, BoundaryVersion, Indicator, Observation, SocialIndex
from sozialraum.services.social_index import (
    index_periods,
    materialise_index,
    method_inputs,
    run_index,
    save_definition,
    years_before,
)
from sozialraum.store import repository
from sozialraum.store.social_index import delete_definition, load_definition

P2018, P2020 = date(2018, 12, 31), date(2020, 12, 31)
KEYS = ["A", "B", "C", "D", "E", "F", "G"]
X = [1.0, 2.0, 3.0, 4.0, 40.0, 50.0, None]  # G: x suppressed
Y = [2.0, 2.0, 4.0, 4.0, 9.0, 9.0, 5.0]
POPULATION = [1000, 1000, 1000, 1000, 120, 5000, 800]
EXPECTED = [-1.203002, -0.743496, 0.743496, 1.203002]  # index of A–D, computed by hand


def _indicator(key: str, kind: str = "share") -> Indicator:
    return Indicator(
        key=key,
        name=f"Kennzahl {key}",
        short_name=key.upper(),
        unit="%" if kind == "share" else "Personen",
        topic="Test",
        definition="",
        source=f"Quelle {key}",
        polarity=-1,
        kind=kind,
        scale=100.0 if kind == "share" else 1.0,
        aggregation="none" if kind == "share" else "sum",
        decimals=1,
    )


@pytest.fixture
def city(empty_engine):
    with Session(empty_engine) as session, session.begin():
        old = BoundaryVersion(key="alt", name="alt", valid_from=date(2000, 1, 1), valid_to=date(2020, 12, 31))
        new = BoundaryVersion(key="neu", name="neu", valid_from=date(2021, 1, 1))
        areas = {
            (version.key, key): Area(boundary_version=version, key=key, name=f"Gebiet {key}", level="planning_area")
            for version in (old, new)
            for key in KEYS
        }
        areas[("alt", "Z")] = Area(boundary_version=old, key="Z", name="Gebiet Z", level="planning_area")
        indicators = {key: _indicator(key) for key in ("x", "y")} | {"pop": _indicator("pop", "count")}
        session.add_all([old, new, *areas.values(), *indicators.values()])
        session.flush()

        def observe(version: str, key: str, indicator: str, period: date, value: float | None, flag: str = "ok"):
            session.add(
                Observation(
                    area_id=areas[(version, key)].id,
                    indicator_id=indicators[indicator].id,
                    period=period,
                    value=value,
                    flag=flag,
                )
            )

        for position, key in enumerate(KEYS):
            x, y = X[position], Y[position]
            observe("neu", key, "x", P2020, x, "invalid" if key == "F" else "ok" if x is not None else "suppressed")
            observe("neu", key, "y", P2020, y)
            observe("neu", key, "pop", P2020, POPULATION[position])
            observe("alt", key, "x", P2018, 1.5 * x if x is not None else 7.0)
            observe("alt", key, "y", P2018, 1.5 * y)
            observe("alt", key, "pop", P2018, POPULATION[position])
        observe("alt", "Z", "x", P2018, 3.0)
        observe("alt", "Z", "y", P2018, 3.0)
    return empty_engine


def _definition(**kwargs) -> IndexDefinition:
    fields = {
        "key": "status",
        "name": "Status-Index",
        "components": (IndexComponent("x"), IndexComponent("y")),
        "thresholds": STATUS_THRESHOLDS,
        "classes": STATUS_CLASSES,
        "population_indicator_key": "pop",
    }
    return IndexDefinition(**(fields | kwargs))


def _dynamics() -> IndexDefinition:
    return _definition(
        key="dynamik",
        name="Dynamik",
        kind="dynamics",
        change_years=2,
        thresholds=DYNAMICS_THRESHOLDS,
        classes=DYNAMICS_CLASSES,
    )


def test_status_index_from_the_database_matches_the_hand_computed_example(city):
    table = run_index(city, _definition(), P2020).table

    assert list(table.index) == KEYS  # the version the 2020 data sit on, not the one valid at 31.12.2020
    assert table.index.name == "area_key"
    assert list(table.loc[["A", "B", "C", "D"], "index"]) == pytest.approx(EXPECTED, abs=1e-6)
    assert list(table.loc[["A", "B", "C", "D"], "class_label"]) == ["hoch", "mittel", "mittel", "niedrig"]
    assert table.loc["E", "excluded"] == "weniger als 300 Einwohner"
    assert table.loc["F", "excluded"] == "von der Quelle als ungültig gekennzeichnet"
    assert table.loc["G", "excluded"] == "Wert fehlt: x"  # suppressed counts as missing
    assert table.loc["A", "value_x"] == 1.0
    assert table.loc["E", "population"] == 120
    assert table.loc["B", "area_name"] == "Gebiet B"
    with Session(city) as session:
        new_ids = set(session.scalars(select(Area.id).join(BoundaryVersion).where(BoundaryVersion.key == "neu")))
    assert set(table["area_id"]) == new_ids


def test_dynamics_index_is_the_change_on_the_same_area_key_across_versions(city):
    dynamics = run_index(city, _dynamics(), P2020).table
    status = run_index(city, _definition(), P2020).table

    # x: 2020 minus 2018 on the older version: 1 − 1.5 = −0.5 for A
    assert dynamics.loc["A", "value_x"] == pytest.approx(-0.5)
    assert list(dynamics.loc[["A", "B", "C", "D"], "index"]) == pytest.approx([-value for value in EXPECTED], abs=1e-6)
    assert list(dynamics.loc[["A", "B", "C", "D"], "class_label"]) == ["negativ", "stabil", "stabil", "positiv"]
    assert dynamics["excluded"].tolist() == status["excluded"].tolist()
    assert "Z" not in dynamics.index


def test_index_periods(city):
    assert index_periods(city, _definition()) == [P2018, P2020]
    assert index_periods(city, _dynamics()) == [P2020]
    assert index_periods(city, _definition(level="district")) == []
    assert years_before(date(2024, 2, 29), 2) == date(2022, 2, 28)


def test_index_periods_keep_to_the_stichtage_the_method_applies_to(city):
    assert index_periods(city, replace(_definition(), valid_from=P2020)) == [P2020]
    assert index_periods(city, replace(_definition(), valid_to=date(2019, 6, 30))) == [P2018]
    assert index_periods(city, replace(_definition(), valid_from=P2018, valid_to=P2018)) == [P2018]
    only_2018 = replace(_definition(), key="nur2018", valid_to=P2018)
    assert materialise_index(city, only_2018) > 0
    with Session(city) as session:
        periods = session.scalars(
            select(Observation.period).join(Indicator).where(Indicator.key == "index_nur2018").distinct()
        ).all()
    assert periods == [P2018]


def test_no_values_at_the_period_is_a_german_error(city):
    with pytest.raises(ValueError, match=r"31\.12\.2016"):
        run_index(city, _definition(), date(2016, 12, 31))
    with pytest.raises(ValueError, match=r"31\.12\.2016"):
        run_index(city, _dynamics(), P2018)


def test_materialised_index_is_an_indicator_like_any_other(city):
    definition = _definition()
    save_definition(city, definition)

    catalogue = repository.load_indicators(city)
    row = catalogue.loc["index_status"]
    assert (row["topic"], row["unit"], row["kind"], row["polarity"], row["aggregation"]) == (
        "Sozialindex",
        "",
        "index",
        -1,
        "none",
    )
    assert "X (Gewicht 1); Y (Gewicht 1)" in row["definition"]  # the catalogue's short names
    assert "mittel (2): -1 bis 1" in row["definition"]
    assert "weniger als 300 Einwohnern" in row["definition"]
    assert row["source"] == "Berechnet im Sozialraum-Monitor aus: Quelle x; Quelle y"

    stored = repository.load_values(city, ["index_status"], [P2018, P2020], "planning_area")
    # 2020: A–D valid; 2018: F is not flagged and G not suppressed then, Z has no population: six
    assert stored.groupby("period").size().to_dict() == {P2018: 6, P2020: 4}
    areas = repository.load_areas(city).set_index("id")["key"]
    latest = stored[stored["period"] == P2020].assign(key=lambda f: f["area_id"].map(areas)).set_index("key")
    assert list(latest.loc[["A", "B", "C", "D"], "value"]) == pytest.approx(EXPECTED, abs=1e-6)

    # Saving again replaces the values instead of adding to them.
    assert materialise_index(city, definition) == 10
    with Session(city) as session:
        count = session.scalar(
            select(func.count(Observation.id)).join(Indicator).where(Indicator.key == "index_status")
        )
    assert count == 10

    # Only the named periods are replaced.
    assert materialise_index(city, definition, [P2020]) == 4
    assert len(repository.load_values(city, ["index_status"], [P2018, P2020], "planning_area")) == 10


def test_delete_removes_definition_indicator_and_values(city):
    save_definition(city, _definition())
    delete_definition(city, "status")
    assert load_definition(city, "status") is None
    with Session(city) as session:
        assert session.scalar(select(func.count(Indicator.id)).where(Indicator.key == "index_status")) == 0
        assert session.scalar(select(func.count(SocialIndex.id))) == 0
    delete_definition(city, "status")  # unknown keys are ignored


def test_an_existing_foreign_indicator_is_not_overwritten(city):
    with Session(city) as session, session.begin():
        session.add(_indicator("index_status"))
    with pytest.raises(ValueError, match="kein Sozialindex"):
        save_definition(city, _definition())
    assert load_definition(city, "status") is None


def test_change_values_are_nan_where_the_earlier_value_is_missing(city):
    with Session(city) as session, session.begin():
        area_id = session.scalar(
            select(Area.id).join(BoundaryVersion).where(BoundaryVersion.key == "alt", Area.key == "A")
        )
        x_id = session.scalar(select(Indicator.id).where(Indicator.key == "x"))
        session.execute(
            Observation.__table__.update()
            .where(Observation.area_id == area_id, Observation.indicator_id == x_id)
            .values(value=None, flag="suppressed")
        )
    table = run_index(city, _dynamics(), P2020).table
    assert pd.isna(table.loc["A", "value_x"])
    assert table.loc["A", "excluded"] == "Wert fehlt: x"


def test_method_inputs_recompute_the_same_index_and_feed_the_sensitivity(city):
    result = run_index(city, _definition(), P2020)
    values, population, invalid = method_inputs(result)
    assert list(values.columns) == ["x", "y"]
    assert invalid.to_dict() == {key: key == "F" for key in KEYS}
    again = compute_index(values, result.definition, population, invalid).table
    pd.testing.assert_series_equal(again["index"], result.table["index"], check_names=False)
    variants = sensitivity(values, result.definition, population, invalid)
    assert set(variants["compared"]) <= {4}


def test_an_index_without_any_population_says_so_instead_of_excluding_every_area(demo_engine):
    from dataclasses import replace as replaced

    from sozialraum.services.social_index import run_index
    from sozialraum.store.social_index import load_definition

    status = load_definition(demo_engine, "status")
    # An indicator that has no values at the social spaces stands in for a missing population.
    without = replaced(status, population_indicator_key="index_status_does_not_exist")
    with pytest.raises(ValueError, match="fehlt am 31.12.2025 die Einwohnerzahl"):
        run_index(demo_engine, without, date(2025, 12, 31))
