"""Musterstadt's status and dynamics index: stored, materialised, deterministic, usable like any indicator."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from sqlalchemy import select

from sozialraum.analysis import allocation
from sozialraum.analysis.steckbrief import steckbrief_rows
from sozialraum.db import make_engine
from sozialraum.demo.city import DEMO_YEARS
from sozialraum.demo.install import ensure_database
from sozialraum.demo.social_index import DEMO_DYNAMICS_INDEX, DEMO_STATUS_INDEX
from sozialraum.models import Indicator, Observation, SocialIndex, SocialIndexComponent
from sozialraum.services.social_index import index_periods, run_index
from sozialraum.store import repository
from sozialraum.store.social_index import list_definitions

P2025 = date(2025, 12, 31)


def _stored_index(engine, key: str, period: date = P2025) -> pd.Series:
    values = repository.load_values(engine, [key], [period], "social_space")
    keys = repository.load_areas(engine).set_index("id")["key"]
    return values.set_index(values["area_id"].map(keys))["value"].sort_index()


def test_demo_has_both_definitions(demo_engine):
    assert list_definitions(demo_engine) == [DEMO_STATUS_INDEX, DEMO_DYNAMICS_INDEX]


def test_demo_indices_are_materialised_for_every_computable_year(demo_engine):
    years = list(DEMO_YEARS)
    for definition, first_year in ((DEMO_STATUS_INDEX, years[0]), (DEMO_DYNAMICS_INDEX, years[0] + 2)):
        periods = index_periods(demo_engine, definition)
        assert periods == [date(year, 12, 31) for year in range(first_year, years[-1] + 1)]
        values = repository.load_values(demo_engine, [f"index_{definition.key}"], periods, "social_space")
        assert values.groupby("period").size().to_dict() == {period: 16 for period in periods}
        # standardised over the 16 social spaces in every year
        assert values.groupby("period")["value"].mean().abs().max() < 1e-9
        assert values.groupby("period")["value"].std(ddof=0).sub(1).abs().max() < 1e-9


def test_stored_values_are_the_computed_index(demo_engine):
    computed = run_index(demo_engine, DEMO_STATUS_INDEX, P2025).table["index"].sort_index()
    assert _stored_index(demo_engine, "index_status").to_numpy() == pytest.approx(computed.to_numpy(), abs=1e-12)
    # The poorest district's spaces rank high: the index follows SGB-II share closely.
    sgb2 = run_index(demo_engine, DEMO_STATUS_INDEX, P2025).table["value_sgb2_rate"]
    assert computed.corr(sgb2, method="spearman") > 0.9


def test_demo_indices_are_deterministic(tmp_path, demo_engine):
    def rows(engine):
        with engine.connect() as connection:
            definitions = sorted(tuple(row) for row in connection.execute(select(SocialIndex.__table__)))
            components = sorted(tuple(row) for row in connection.execute(select(SocialIndexComponent.__table__)))
            values = connection.execute(
                select(Indicator.key, Observation.area_id, Observation.period, Observation.value)
                .join(Indicator)
                .where(Indicator.topic == "Sozialindex")
                .order_by(Indicator.key, Observation.area_id, Observation.period)
            ).all()
        return definitions, components, values

    first, second = (make_engine(f"sqlite:///{tmp_path / name}") for name in ("a.db", "b.db"))
    ensure_database(first)
    ensure_database(second)
    assert rows(first) == rows(second)
    assert len(rows(first)[2]) == 16 * (12 + 10)


def test_needs_based_allocation_can_use_the_index(demo_engine):
    catalogue = repository.load_indicators(demo_engine)
    status = _stored_index(demo_engine, "index_status")
    need = allocation.need_score_from_indicators(
        status.to_frame("index_status"), {"index_status": 1.0}, catalogue["polarity"].to_dict()
    )
    # The index is already standardised over these areas; polarity -1 means "higher = more need".
    assert need.to_numpy() == pytest.approx(status.to_numpy(), abs=1e-9)
    residents = _stored_index(demo_engine, "pop_total")
    result = allocation.formula_allocation(1_000_000.0, residents, need, 0.3, residents * 0 + 62_500.0)
    assert result["formula_cents"].sum() == 100_000_000
    neediest = status.idxmax()
    per_resident = result["formula"] / result["residents"]
    assert per_resident.idxmax() == neediest


def test_steckbrief_rows_show_the_index_without_a_city_value(demo_engine):
    catalogue = repository.load_indicators(demo_engine)
    assert catalogue.loc["index_status", "topic"] == "Sozialindex"
    periods = [date(year, 12, 31) for year in DEMO_YEARS]
    level_values = repository.load_values(demo_engine, ["index_status"], periods, "social_space")
    city_values = repository.load_values(demo_engine, ["index_status"], periods, "city")
    areas = repository.load_areas(demo_engine)
    area_id = int(areas.loc[areas["key"] == "0101", "id"].iloc[0])
    rows = steckbrief_rows(level_values, city_values, catalogue.loc[["index_status"]], area_id, P2025, periods)
    row = rows.iloc[0]
    assert row["value"] == pytest.approx(_stored_index(demo_engine, "index_status")["0101"])
    assert pd.isna(row["city"])  # an index has no city value: it is not aggregated
    assert row["rank_count"] == 16
    assert len([value for value in row["history"] if value is not None]) == len(periods)
