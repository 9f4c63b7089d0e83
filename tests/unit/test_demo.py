"""The demo city Musterstadt: deterministic, complete, geometrically clean, and telling its story."""

from __future__ import annotations

import json
import time
from itertools import combinations

import numpy as np
import pandas as pd
import pytest
import shapely
from sqlalchemy import Engine, create_engine, select
from sqlalchemy.orm import Session

from sozialraum.demo.city import (
    DEMO_SEED,
    DEMO_YEARS,
    OVERSPENDING_DISTRICT,
    SHIFTING_SOCIAL_SPACES,
    STAGNATING_SOCIAL_SPACES,
    demo_river,
    generate_demo,
)
from sozialraum.demo.geometry import to_metric
from sozialraum.models import Base, DatasetInfo

TOPICS = {
    "Bevölkerung",
    "Arbeit und Existenzsicherung",
    "Kinder, Jugend und Familie",
    "Bildung",
    "Gesundheit",
    "Wohnen",
}
NAMED_INDICATORS = {
    # key: (kind, polarity)
    "pop_total": ("count", 0),
    "pop_u21": ("count", 0),
    "share_u18": ("share", 0),
    "share_65plus": ("share", 0),
    "share_foreign": ("share", 0),
    "sgb2_rate": ("share", -1),
    "unemployment_rate": ("share", -1),
    "longterm_unemployed_share": ("share", -1),
    "child_poverty": ("share", -1),
    "elderly_basic_income": ("share", -1),
    "hze_rate": ("rate", -1),
    "hze_cases_ambulant": ("count", 0),
    "hze_cases_teilstationaer": ("count", 0),
    "hze_cases_stationaer": ("count", 0),
    "residential_share": ("share", -1),
    "hze_avg_duration": ("mean", -1),
    "multiple_aid_share": ("share", -1),
    "inobhutnahmen": ("count", -1),
    "inobhutnahmen_rate": ("rate", -1),
    "language_support_need": ("share", -1),
    "school_leavers_without_certificate": ("share", -1),
    "childcare_u3": ("share", 1),
    "overweight_school_entry": ("share", -1),
    "preventive_checkup_u8": ("share", 1),
    "living_space_per_capita": ("mean", 1),
    "social_housing_share": ("share", 0),
    "residential_turnover": ("rate", -1),
}
CASE_INDICATORS = {
    "ambulant": "hze_cases_ambulant",
    "teilstationaer": "hze_cases_teilstationaer",
    "stationaer": "hze_cases_stationaer",
}
TREND_YEARS = [2021, 2022, 2023, 2024, 2025]


def build_demo(seed: int = DEMO_SEED) -> Engine:
    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine)
    with Session(engine) as session:
        generate_demo(session, seed)
        session.commit()
    return engine


@pytest.fixture(scope="module")
def timed_demo() -> tuple[Engine, float]:
    started = time.perf_counter()
    engine = build_demo()
    return engine, time.perf_counter() - started


@pytest.fixture(scope="module")
def engine(timed_demo: tuple[Engine, float]) -> Engine:
    return timed_demo[0]


def read(engine: Engine, sql: str) -> pd.DataFrame:
    with engine.connect() as connection:
        return pd.read_sql(sql, connection)


@pytest.fixture(scope="module")
def areas(engine: Engine) -> pd.DataFrame:
    frame = read(engine, "SELECT * FROM area")
    frame["polygon"] = [to_metric(shapely.from_wkb(wkb)) for wkb in frame["geometry"]]
    return frame.set_index("key", drop=False)


@pytest.fixture(scope="module")
def observations(engine: Engine) -> pd.DataFrame:
    frame = read(
        engine,
        """SELECT o.*, i.key AS indicator, i.kind, i.scale, i.decimals, a.key AS area, a.level,
                  p.key AS parent
           FROM observation o JOIN indicator i ON i.id = o.indicator_id JOIN area a ON a.id = o.area_id
           LEFT JOIN area p ON p.id = a.parent_id""",
    )
    frame["year"] = pd.to_datetime(frame["period"]).dt.year
    return frame


@pytest.fixture(scope="module")
def spaces(observations: pd.DataFrame) -> pd.DataFrame:
    return observations[observations["level"] == "social_space"]


@pytest.fixture(scope="module")
def budget(engine: Engine) -> pd.DataFrame:
    return read(engine, "SELECT b.*, a.key AS area FROM budget_line b JOIN area a ON a.id = b.area_id")


def table_rows(engine: Engine) -> dict[str, list[tuple]]:
    """Every row of every table, without the timestamps the database sets itself."""
    rows = {}
    with engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            columns = [column for column in table.columns if column.name not in {"created_at", "updated_at"}]
            rows[table.name] = sorted(tuple(row) for row in connection.execute(select(*columns)))
    return rows


# --- determinism and speed -----------------------------------------------------------------------------


def test_generation_is_fast(timed_demo: tuple[Engine, float]) -> None:
    assert timed_demo[1] < 5.0


def test_same_seed_gives_identical_database(engine: Engine) -> None:
    assert table_rows(build_demo()) == table_rows(engine)


def test_other_seed_gives_other_data(engine: Engine) -> None:
    ours, theirs = table_rows(engine), table_rows(build_demo(seed=7))
    assert theirs["observation"] != ours["observation"]
    assert theirs["area"] != ours["area"]
    assert theirs["budget_line"] != ours["budget_line"]
    assert dict(theirs["dataset_info"])["seed"] == "7"


def test_refuses_a_database_with_areas(engine: Engine) -> None:
    with Session(engine) as session, pytest.raises(ValueError, match="empty database"):
        generate_demo(session)


def test_dataset_info_marks_the_demo(engine: Engine) -> None:
    with Session(engine) as session:
        info = dict(session.execute(select(DatasetInfo.key, DatasetInfo.value)).all())
    assert info == {
        "name": "Musterstadt (fiktive Beispieldaten)",
        "is_demo": "1",
        "source": f"Fiktive Beispieldaten, erzeugt von Sozialraum-Monitor (Zufallsstartwert {DEMO_SEED})",
        "as_of": "2025-12-31",
        "seed": str(DEMO_SEED),
    }


# --- areas ---------------------------------------------------------------------------------------------


def test_area_hierarchy(engine: Engine, areas: pd.DataFrame) -> None:
    versions = read(engine, "SELECT * FROM boundary_version")
    assert versions[["key", "name", "valid_from"]].values.tolist() == [
        ["musterstadt-2014", "Gebietsstand 01.01.2014", "2014-01-01"]
    ]
    assert versions["valid_to"].isna().all()
    levels = areas["level"].value_counts()
    assert levels["city"] == 1
    assert 3 <= levels["district"] <= 5
    assert 12 <= levels["social_space"] <= 20
    city = areas[areas["level"] == "city"].iloc[0]
    assert (city["key"], city["name"]) == ("00", "Musterstadt")
    level_of = areas.set_index("id")["level"]
    expected_parent_level = {"district": "city", "social_space": "district", "planning_area": "social_space"}
    for _, area in areas[areas["level"] != "city"].iterrows():
        assert level_of[area["parent_id"]] == expected_parent_level[area["level"]]
    key_length = {"city": 2, "district": 2, "social_space": 4, "planning_area": 6}
    assert (areas["key"].str.len() == areas["level"].map(key_length)).all()
    children = areas[areas["level"] == "planning_area"].groupby("parent_id").size()
    assert children.between(2, 5).all()
    assert len(children) == levels["social_space"]


def test_areas_have_km2_from_a_metric_crs(areas: pd.DataFrame) -> None:
    metric_km2 = areas["polygon"].map(lambda polygon: polygon.area / 1e6)
    assert np.allclose(areas["area_km2"], metric_km2, rtol=1e-3)
    assert 120 < areas.loc["00", "area_km2"] < 200


def test_every_area_is_one_valid_irregular_polygon(areas: pd.DataFrame) -> None:
    for polygon in areas["polygon"]:
        assert polygon.geom_type == "Polygon"
        assert polygon.is_valid
        assert not polygon.equals(polygon.envelope)
        assert len(polygon.exterior.coords) > 5


def test_siblings_do_not_overlap_and_children_tile_their_parent(areas: pd.DataFrame) -> None:
    polygon_of = areas.set_index("id")["polygon"]
    for parent_id, children in areas.dropna(subset=["parent_id"]).groupby("parent_id"):
        parent = polygon_of[parent_id]
        for first, second in combinations(children["polygon"], 2):
            assert first.intersection(second).area < 1e-6 * min(first.area, second.area)
        union = shapely.union_all(children["polygon"].tolist())
        assert union.symmetric_difference(parent).area < 1e-6 * parent.area


def test_no_district_crosses_the_river(areas: pd.DataFrame) -> None:
    river = to_metric(demo_river(DEMO_SEED))
    city = areas.loc["00", "polygon"]
    assert river.intersection(city).length > 10_000  # it really runs through the city
    for district in areas[areas["level"] == "district"]["polygon"]:
        assert not district.buffer(-1.0).intersects(river)


def test_city_lies_in_the_north_sea(engine: Engine) -> None:
    wkb = read(engine, "SELECT geometry FROM area WHERE level = 'city'")["geometry"][0]
    centroid = shapely.from_wkb(wkb).centroid
    assert centroid.y == pytest.approx(55.30, abs=0.05)
    assert centroid.x == pytest.approx(6.60, abs=0.05)


# --- indicators and observations -----------------------------------------------------------------------


def test_catalogue_is_complete(engine: Engine) -> None:
    indicators = read(engine, "SELECT * FROM indicator").set_index("key")
    assert len(indicators) >= 24
    assert set(indicators["topic"]) == TOPICS
    for key, (kind, polarity) in NAMED_INDICATORS.items():
        assert (indicators.loc[key, "kind"], indicators.loc[key, "polarity"]) == (kind, polarity), key
    for column in ["name", "short_name", "unit", "definition", "source"]:
        assert (indicators[column].str.len() > 0).all(), column
    counts = indicators["kind"] == "count"
    assert (indicators.loc[counts, "aggregation"] == "sum").all()
    assert (indicators.loc[~counts, "aggregation"] == "weighted").all()
    assert (indicators.loc[indicators["kind"] == "share", "scale"] == 100).all()
    assert (indicators.loc[indicators["kind"] == "mean", "scale"] == 1).all()
    assert indicators.loc["hze_rate", "scale"] == 1000
    assert indicators.loc[~counts, "denominator_label"].notna().all()
    assert indicators["sort_order"].is_unique
    assert indicators["source"].str.contains("Musterstadt").all()


def test_observations_cover_all_years_at_the_published_levels(observations: pd.DataFrame) -> None:
    assert set(observations["level"]) == {"social_space", "planning_area"}
    assert sorted(observations["year"].unique()) == list(DEMO_YEARS)
    assert set(pd.to_datetime(observations["period"]).dt.strftime("%m-%d")) == {"12-31"}
    per_space = observations[observations["level"] == "social_space"].groupby(["area", "indicator"]).size()
    assert (per_space == len(DEMO_YEARS)).all()


def test_values_follow_from_numerators_and_denominators(observations: pd.DataFrame) -> None:
    published = observations[observations["flag"] != "suppressed"]
    counts = published[published["kind"] == "count"]
    assert (counts["value"] == counts["numerator"]).all()
    assert counts["denominator"].isna().all()
    ratios = published[published["kind"] != "count"]
    assert (ratios["denominator"] > 0).all()
    expected = ratios["numerator"] / ratios["denominator"] * ratios["scale"]
    assert np.allclose(ratios["value"], expected, atol=10.0 ** -(ratios["decimals"] + 2))
    share_like = ratios[ratios["kind"].isin(["share", "rate"])]
    assert (share_like["numerator"] <= share_like["denominator"]).all()


def test_plausible_levels(spaces: pd.DataFrame, observations: pd.DataFrame) -> None:
    plausible = {"sgb2_rate": (3, 30), "child_poverty": (5, 50), "hze_rate": (10, 60), "unemployment_rate": (3, 15)}
    for indicator, (low, high) in plausible.items():
        assert spaces.loc[spaces["indicator"] == indicator, "value"].between(low, high).all(), indicator
    population = observations[(observations["indicator"] == "pop_total")]
    planning = population[population["level"] == "planning_area"]
    assert planning["value"].between(1_500, 12_000).all()
    city = population[population["level"] == "social_space"].groupby("year")["value"].sum()
    assert city.between(200_000, 300_000).all()
    assert city.pct_change().abs().max() < 0.03


def test_small_counts_are_suppressed_only_in_planning_areas(observations: pd.DataFrame) -> None:
    suppressed = observations[observations["flag"] == "suppressed"]
    assert len(suppressed) > 0
    assert set(suppressed["level"]) == {"planning_area"}
    assert suppressed["value"].isna().all()
    assert suppressed["numerator"].isna().all()
    assert "inobhutnahmen" in set(suppressed["indicator"])
    planning = observations[(observations["level"] == "planning_area") & (observations["flag"] != "suppressed")]
    assert not planning["numerator"].isin([1, 2]).any()
    assert not planning["denominator"].isin([1, 2]).any()
    taken_into_care = planning[planning["indicator"] == "inobhutnahmen"]
    assert (taken_into_care["value"] == 0).any()  # zero is published: it reveals nobody


def test_only_the_latest_durations_are_provisional(observations: pd.DataFrame) -> None:
    provisional = observations[observations["flag"] == "provisional"]
    assert set(provisional["indicator"]) == {"hze_avg_duration"}
    assert set(provisional["year"]) == {2025}
    durations_2025 = observations[(observations["indicator"] == "hze_avg_duration") & (observations["year"] == 2025)]
    assert set(durations_2025["flag"]) <= {"provisional", "suppressed"}
    assert set(observations["flag"]) == {"ok", "suppressed", "provisional"}


def test_social_spaces_are_sums_of_their_planning_areas(observations: pd.DataFrame, spaces: pd.DataFrame) -> None:
    planning = observations[observations["level"] == "planning_area"]
    space_rows = spaces.set_index(["area", "indicator", "year"])
    checked = 0
    for (space, indicator, year), parts in planning.groupby(["parent", "indicator", "year"]):
        whole = space_rows.loc[(space, indicator, year)]
        for column in ["numerator", "denominator"]:
            if parts[column].notna().all() and parts[column].notna().any():
                assert parts[column].sum() == whole[column], (space, indicator, year, column)
                checked += 1
    assert checked > 0.8 * len(spaces)


def test_one_deprivation_factor_drives_the_core_indicators(observations: pd.DataFrame) -> None:
    latest = observations[(observations["level"] == "planning_area") & (observations["year"] == 2025)]
    core = ["sgb2_rate", "child_poverty", "hze_rate", "language_support_need"]
    table = latest[latest["indicator"].isin(core)].pivot(index="area", columns="indicator", values="value").dropna()
    assert len(table) > 30
    for first, second in combinations(core, 2):
        assert table[first].corr(table[second]) > 0.6, (first, second)


# --- the story ---------------------------------------------------------------------------------------------


def space_value(spaces: pd.DataFrame, indicator: str, year: int) -> pd.Series:
    rows = spaces[(spaces["indicator"] == indicator) & (spaces["year"] == year)]
    return rows.set_index("area")["value"]


@pytest.mark.parametrize("indicator", ["hze_rate", "residential_share", "hze_avg_duration"])
def test_shifting_spaces_improve_their_youth_aid_figures(spaces: pd.DataFrame, indicator: str) -> None:
    change = space_value(spaces, indicator, 2025) / space_value(spaces, indicator, 2017) - 1
    shifting = change[list(SHIFTING_SOCIAL_SPACES)]
    assert (shifting <= -0.15).all()
    assert change[list(STAGNATING_SOCIAL_SPACES)].min() > shifting.max()


def test_shifting_spaces_take_fewer_children_into_care(spaces: pd.DataFrame) -> None:
    """A space sees only a dozen Inobhutnahmen a year, so compare groups over three years each."""
    rates = spaces[spaces["indicator"] == "inobhutnahmen_rate"]

    def group_rate(group: tuple[str, ...], years: range) -> float:
        rows = rates[rates["area"].isin(group) & rates["year"].isin(years)]
        return rows["numerator"].sum() / rows["denominator"].sum()

    def change(group: tuple[str, ...]) -> float:
        return group_rate(group, range(2023, 2026)) / group_rate(group, range(2015, 2018)) - 1

    assert change(SHIFTING_SOCIAL_SPACES) < -0.15
    assert change(SHIFTING_SOCIAL_SPACES) < change(STAGNATING_SOCIAL_SPACES) - 0.15


def test_shifting_spaces_move_money_out_of_residential_care(budget: pd.DataFrame, spaces: pd.DataFrame) -> None:
    youth_aid = budget[budget["product"] == "36.3"]
    by_type = youth_aid.pivot_table(index=["area", "year"], columns="aid_type", values="actual", aggfunc="sum")
    residential_share = by_type["stationaer"] / by_type.sum(axis=1)
    for space in SHIFTING_SOCIAL_SPACES:
        assert residential_share[(space, 2025)] < residential_share[(space, 2017)] - 0.1
        assert by_type.loc[(space, 2025), "praeventiv"] > 3 * by_type.loc[(space, 2017), "praeventiv"]
    young_residents = spaces[spaces["indicator"] == "pop_u21"].set_index(["area", "year"])["value"]
    per_young_resident = by_type.sum(axis=1) / young_residents
    growth = per_young_resident.xs(2025, level="year") / per_young_resident.xs(2017, level="year")
    shifting, others = growth[list(SHIFTING_SOCIAL_SPACES)], growth.drop(list(SHIFTING_SOCIAL_SPACES))
    assert shifting.max() < 1.1  # stabilised
    assert others.median() > 1.15  # prices and cases keep rising elsewhere
    assert shifting.max() < others.min()


def test_one_district_overspends_every_year(budget: pd.DataFrame) -> None:
    youth_aid = budget[budget["product"] == "36.3"]
    overrun = youth_aid["actual"] / youth_aid["planned"] - 1
    in_district = youth_aid["area"].str.startswith(OVERSPENDING_DISTRICT)
    assert overrun[in_district].between(0.04, 0.12).all()
    assert set(youth_aid.loc[in_district, "year"]) == set(DEMO_YEARS)
    elsewhere = (budget["actual"] / budget["planned"] - 1)[~(in_district.reindex(budget.index, fill_value=False))]
    assert (elsewhere.abs() <= 0.05).mean() > 0.95


def test_budget_lines(budget: pd.DataFrame, spaces: pd.DataFrame, engine: Engine) -> None:
    products = read(engine, "SELECT * FROM budget_product").set_index("code")
    assert products.loc["36.3", "name"] == "Hilfen zur Erziehung"
    assert set(products["target_group_indicator_key"]) == {"pop_u21"}
    lines = budget.groupby(["product", "aid_type"]).size()
    expected = len(spaces["area"].unique()) * len(DEMO_YEARS)
    assert lines.to_dict() == {
        ("36.2", "praeventiv"): expected,
        ("36.3", "ambulant"): expected,
        ("36.3", "praeventiv"): expected,
        ("36.3", "stationaer"): expected,
        ("36.3", "teilstationaer"): expected,
    }
    assert (budget[["planned", "actual"]] > 0).all().all()
    with_provider = budget["provider"].notna()
    assert (budget.loc[with_provider, "product"] == "36.3").all()
    assert set(budget.loc[with_provider, "aid_type"]) == {"ambulant", "praeventiv"}
    providers = budget.loc[with_provider].groupby("area")["provider"].nunique()
    assert (providers == 1).all()
    assert len(providers) == expected / len(DEMO_YEARS)
    assert 4 <= budget["provider"].nunique() <= 6


def test_budget_cases_match_the_case_indicators(budget: pd.DataFrame, spaces: pd.DataFrame) -> None:
    for aid_type, indicator in CASE_INDICATORS.items():
        lines = budget[(budget["product"] == "36.3") & (budget["aid_type"] == aid_type)]
        cases = lines.set_index(["area", "year"])["cases"].sort_index()
        counts = spaces[spaces["indicator"] == indicator].set_index(["area", "year"])["value"].sort_index()
        assert cases.astype(float).equals(counts), aid_type
        cost_per_case = (lines["actual"] / lines["cases"]).groupby(lines["year"]).median()
        assert cost_per_case.is_monotonic_increasing or cost_per_case.iloc[-1] > cost_per_case.iloc[0] * 1.2


def test_costs_per_case_are_realistic(budget: pd.DataFrame) -> None:
    first_year = budget[(budget["product"] == "36.3") & (budget["year"] == 2014) & budget["cases"].gt(0)]
    cost = (first_year["actual"] / first_year["cases"]).groupby(first_year["aid_type"]).median()
    assert 12_000 <= cost["ambulant"] <= 20_000
    assert 25_000 <= cost["teilstationaer"] <= 40_000
    assert 55_000 <= cost["stationaer"] <= 80_000


# --- goals ---------------------------------------------------------------------------------------------


def aggregated_series(spaces: pd.DataFrame, indicator: str, kind: str, scale: float, area: str | None) -> pd.Series:
    """Yearly values of the city, a district or a space, aggregated from social spaces as the app does."""
    rows = spaces[spaces["indicator"] == indicator]
    if area is not None:
        rows = rows[rows["area"].str.startswith(area)]
    summed = rows.groupby("year")[["numerator", "denominator"]].sum()
    if kind == "count":
        return summed["numerator"]
    return summed["numerator"] / summed["denominator"] * scale


def goal_status(series: pd.Series, polarity: int, target: float, target_year: int) -> str:
    """The status rule the goals page is meant to apply (kept out of the package on purpose)."""
    latest = series[2025]
    slope, intercept = np.polyfit(TREND_YEARS, series[TREND_YEARS].to_numpy(), 1)
    projected = intercept + slope * target_year
    if (latest - target) * polarity >= 0:
        return "erreicht"
    if (projected - target) * polarity >= 0:
        return "auf Kurs"
    if (projected - latest) * polarity >= 0.6 * (target - latest) * polarity:
        return "gefährdet"
    return "nicht auf Kurs"


def test_goals_show_every_status(engine: Engine, spaces: pd.DataFrame) -> None:
    goals = read(
        engine,
        """SELECT g.*, i.key AS indicator, i.kind, i.scale, i.polarity, a.key AS area
           FROM goal g JOIN indicator i ON i.id = g.indicator_id LEFT JOIN area a ON a.id = g.area_id""",
    )
    assert len(goals) >= 8
    statuses = []
    for goal in goals.itertuples():
        area = None if pd.isna(goal.area) else goal.area
        series = aggregated_series(spaces, goal.indicator, goal.kind, goal.scale, area)
        assert goal.baseline_year in (2018, 2019)
        assert 2026 <= goal.target_year <= 2028
        assert goal.baseline_value == pytest.approx(series[goal.baseline_year], abs=1e-3)
        assert goal.polarity != 0
        assert pd.isna(goal.direction)
        assert all([goal.responsible, goal.strategic_goal, goal.title, goal.notes])
        statuses.append(goal_status(series, goal.polarity, goal.target_value, goal.target_year))
    counts = pd.Series(statuses).value_counts()
    for status in ["erreicht", "auf Kurs", "gefährdet", "nicht auf Kurs"]:
        assert counts.get(status, 0) >= 2, counts.to_dict()


def test_goal_products_exist(engine: Engine) -> None:
    products = set(read(engine, "SELECT code FROM budget_product")["code"])
    linked = read(engine, "SELECT products FROM goal")["products"].map(json.loads)
    assert set().union(*linked) <= products
