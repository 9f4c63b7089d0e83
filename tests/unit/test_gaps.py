"""Why a value is missing, coverage of sums, published coarser values, and the budget helpers for gaps."""

import math
import sys
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from sozialraum.analysis.budget import comparison_years, plan_overrun
from sozialraum.analysis.gaps import GapReason, coverage_text, missing_reason, reason_text
from sozialraum.analysis.keyfigures import year_periods
from sozialraum.analysis.steckbrief import own_periods
from sozialraum.db import make_engine
from sozialraum.reports.budget.base import parent_level_label
from sozialraum.reports.budget.tables import budget_gap_text
from sozialraum.store import repository

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "app"))
import gap_shapes  # the shape builder lives beside the AppTests that use it too


def test_the_reason_of_a_missing_value():
    aggregated = {"value": math.nan, "numerator": math.nan, "denominator": math.nan, "source_level": "social_space"}
    assert missing_reason(aggregated, "weighted", "district") == GapReason.NO_NUMERATORS
    assert missing_reason(aggregated, "none", "district") == GapReason.NO_NUMERATORS
    assert missing_reason({**aggregated, "kind": "index"}, "none", "district") == GapReason.NOT_ADDITIVE
    assert missing_reason({**aggregated, "numerator": 3.0, "denominator": 9.0}, "weighted", "city") == (
        GapReason.PARTS_MISSING
    )
    assert missing_reason({"value": math.nan, "flag": "suppressed"}, "sum", "district") == GapReason.SUPPRESSED
    assert missing_reason(None, "sum", "district", collected_at_period=False) == GapReason.NOT_COLLECTED_THEN
    assert missing_reason(None, "sum", "district", on_other_boundary=True) == GapReason.OTHER_BOUNDARY
    assert missing_reason(None, "weighted", "city", computable_from_parts=False) == GapReason.NO_NUMERATORS
    assert missing_reason(None, "sum", "social_space") == GapReason.NOT_COLLECTED_HERE
    assert missing_reason({"value": 4.2, "source_level": "social_space"}, "weighted", "city") is None
    assert reason_text(GapReason.NOT_COLLECTED_THEN, date(2020, 12, 31)).endswith("letzter Wert: 31.12.2020")


def test_coverage_of_an_incomplete_sum():
    assert coverage_text(95, 104, "district") == "Summe aus 95 von 104 Bezirken"
    assert coverage_text(104, 104, "planning_area") is None
    assert coverage_text(pd.NA, pd.NA, None) is None


def test_each_indicator_reads_its_own_stichtage():
    biennial = [date(2018, 12, 31), date(2020, 12, 31), date(2022, 12, 31)]
    half_yearly = [date(2022, 6, 30), date(2022, 12, 31), date(2023, 6, 30)]
    assert year_periods(biennial, date(2022, 12, 31)) == (date(2022, 12, 31), date(2020, 12, 31))
    assert year_periods(biennial, date(2021, 12, 31)) == (None, None)  # not collected in 2021
    assert year_periods(half_yearly, date(2023, 6, 30)) == (date(2023, 6, 30), date(2022, 12, 31))
    assert own_periods(biennial, date(2022, 12, 31)) == (date(2022, 12, 31), date(2020, 12, 31), None)


def test_budget_helpers_never_compare_with_a_missing_figure():
    assert plan_overrun(100.0, math.nan) is None
    assert plan_overrun(math.nan, 80.0) is None
    assert plan_overrun(100.0, 120.0) == 20.0
    assert "nur der Ansatz" in budget_gap_text({"planned": 1.0, "actual": math.nan}, 2027)
    assert "nur das Ist" in budget_gap_text({"planned": math.nan, "actual": 1.0}, 2024)
    assert budget_gap_text({"planned": 1.0, "actual": 1.0}, 2024) is None
    assert comparison_years([2026, 2027, 2020], 2027) == [2020, 2026]
    areas = pd.DataFrame({"id": [1, 2, 3], "level": ["city", "district", "social_space"], "parent_id": [None, 1, 2]})
    by_id = areas.set_index("id")
    assert parent_level_label(areas[areas["level"] == "district"], by_id) is None  # the city: no column
    assert parent_level_label(areas[areas["level"] == "social_space"], by_id) == "Bezirk"


@pytest.fixture
def gaps_engine(database_factory, tmp_path):
    url = gap_shapes.build(database_factory.new_url(), tmp_path / "gaps", "gaps")
    engine = make_engine(url)
    yield engine
    engine.dispose()


def test_a_published_district_value_wins_and_other_periods_are_still_summed(gaps_engine):
    periods = [date(2023, 12, 31), date(2024, 12, 31)]
    values = repository.load_values(gaps_engine, ["alq", "einwohner"], periods, "district")
    districts = repository.load_areas(gaps_engine, "district").set_index("key")["id"]
    share = values[values["indicator_key"] == "alq"].set_index(["area_id", "period"])
    # 2024: Nord's share is published and imported; 2023 has only social spaces without numerators.
    assert share.loc[(districts["N"], periods[1]), "value"] == pytest.approx(6.2)
    assert share.loc[(districts["N"], periods[1]), "source_level"] == "district"
    assert math.isnan(share.loc[(districts["N"], periods[0]), "value"])
    assert share.loc[(districts["N"], periods[0]), "source_level"] == "social_space"
    residents = values[values["indicator_key"] == "einwohner"].set_index(["area_id", "period"])
    south = residents.loc[(districts["S"], periods[1])]
    assert (south["value"], south["parts"], south["expected_parts"]) == (3100, 1, 2)


def test_the_inventory_says_where_and_when_an_indicator_has_values(gaps_engine):
    inventory = repository.observation_inventory(gaps_engine)
    survey = inventory[inventory["indicator_key"] == "kinderarmut"]
    assert sorted(set(survey["period"])) == [date(2022, 12, 31), date(2024, 12, 31)]
    share = inventory[(inventory["indicator_key"] == "alq") & (inventory["level"] == "district")]
    assert share[["rows", "numerators"]].to_numpy().tolist() == [[1, 0]]
