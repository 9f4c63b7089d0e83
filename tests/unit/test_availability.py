"""Defaults that lead to data: which year, Stichtag and comparison period an indicator has values for."""

from datetime import date

import pandas as pd

from sozialraum.analysis.availability import (
    comparison_periods,
    indicator_period_in_year,
    latest_data_year,
    latest_period_until,
    years_with_values,
)
from sozialraum.vocabulary import LEVEL_WORDS, level_from_word, ordered_levels


def availability(rows: list[tuple[str, date, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(
        [(key, period, level, version, 10) for key, period, level, version in rows],
        columns=["indicator_key", "period", "level", "boundary_version", "areas"],
    )


BERLIN_LIKE = availability(
    [
        ("mss", date(2018, 12, 31), "planning_area", "lor-2006"),
        ("mss", date(2020, 12, 31), "planning_area", "lor-2021"),  # published on the next version
        ("mss", date(2022, 12, 31), "planning_area", "lor-2021"),
        ("ew", date(2022, 6, 30), "planning_area", "lor-2021"),
        ("ew", date(2023, 6, 30), "planning_area", "lor-2021"),
        ("ew", date(2024, 6, 30), "planning_area", "lor-2021"),
    ]
)


def test_the_default_year_is_the_latest_with_values():
    assert latest_data_year(BERLIN_LIKE) == 2024
    assert latest_data_year(BERLIN_LIKE.iloc[0:0]) is None
    assert years_with_values(BERLIN_LIKE, "mss") == [2018, 2020, 2022]


def test_year_of_an_indicator_is_its_own_latest_stichtag():
    assert indicator_period_in_year(BERLIN_LIKE, "mss", 2022) == date(2022, 12, 31)
    assert indicator_period_in_year(BERLIN_LIKE, "ew", 2022) == date(2022, 6, 30)
    assert indicator_period_in_year(BERLIN_LIKE, "mss", 2023) is None
    assert latest_period_until(BERLIN_LIKE, "mss", 2027) == date(2022, 12, 31)


def test_comparison_periods_stay_on_the_same_areas():
    comparable, other = comparison_periods(BERLIN_LIKE, "mss", date(2022, 12, 31))
    assert comparable == {2020: date(2020, 12, 31)}
    assert other == {2018: date(2018, 12, 31)}
    comparable, other = comparison_periods(BERLIN_LIKE, "mss", date(2020, 12, 31))
    assert comparable == {}
    assert other == {2018: date(2018, 12, 31)}


def test_one_url_word_per_level_and_old_names_as_aliases():
    assert level_from_word("bezirk") == "district"
    assert level_from_word("district") == "district"  # old Karte links
    assert level_from_word("Planungsraum") == "planning_area"
    assert level_from_word("kreis") is None
    assert level_from_word(None) is None
    assert len(set(LEVEL_WORDS.values())) == len(LEVEL_WORDS)
    assert ordered_levels(["planning_area", "city", "region", "district"]) == ["district", "region", "planning_area"]


def test_availability_query_on_an_imported_reform_city(database_factory, tmp_path):
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "app"))
    from two_versions import build_two_version_city

    from sozialraum.db import make_engine
    from sozialraum.store.repository import load_value_availability

    engine = make_engine(build_two_version_city(tmp_path, database_factory.new_url()))
    found = load_value_availability(engine)
    engine.dispose()
    alq = found[found["indicator_key"] == "alq"].set_index("period")
    assert alq.loc[date(2020, 12, 31), "boundary_version"] == "alt"
    assert alq.loc[date(2023, 12, 31), "boundary_version"] == "neu"
    assert set(alq["level"]) == {"social_space"}
    assert set(alq["areas"]) == {4}
    assert indicator_period_in_year(found, "ew", 2023) == date(2023, 6, 30)
    assert latest_data_year(found) == 2023  # the budget plans for 2024/25 are no indicator values
    comparable, other = comparison_periods(found, "alq", date(2023, 12, 31))
    assert list(comparable) == [2022]
    assert list(other) == [2020, 2018, 2016]
