"""Wirkungsziele in the database: validated writes, reads as DataFrames, and the values each goal tracks.

Writes take a ``GoalInput`` and check it against the catalogue before touching the table, so a page
can show every problem at once, each naming its form field in German.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

import pandas as pd
from sqlalchemy import Engine, delete, select
from sqlalchemy.orm import Session

from sozialraum.analysis.goals import goal_direction
from sozialraum.analysis.steckbrief import same_area_across_versions
from sozialraum.models import Area, AreaLevel, BoundaryVersion, BudgetProduct, Goal, Indicator, IndicatorKind
from sozialraum.periods import latest_period_per_year
from sozialraum.store import repository

GOAL_LEVELS: tuple[str, ...] = (AreaLevel.CITY, AreaLevel.DISTRICT, AreaLevel.SOCIAL_SPACE)
TEXT_LIMIT = 300
RESPONSIBLE_LIMIT = 200
YEAR_RANGE = range(1990, 2101)


class GoalValidationError(ValueError):
    """The input cannot be stored; ``messages`` are German and name the field."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__(" ".join(messages))
        self.messages = messages


class GoalNotFoundError(LookupError):
    pass


@dataclass(frozen=True)
class GoalInput:
    strategic_goal: str
    title: str
    indicator_key: str
    area_key: str | None  # None: the whole city
    baseline_year: int
    baseline_value: float
    target_year: int
    target_value: float
    direction: int | None = None  # None follows the indicator's polarity
    responsible: str = ""
    products: tuple[str, ...] = field(default_factory=tuple)
    notes: str = ""


def _text_problems(goal: GoalInput) -> list[str]:
    problems = []
    for label, value, limit in (
        ("Leitziel", goal.strategic_goal, TEXT_LIMIT),
        ("Wirkungsziel", goal.title, TEXT_LIMIT),
    ):
        if not value.strip():
            problems.append(f"»{label}« darf nicht leer sein.")
        elif len(value) > limit:
            problems.append(f"»{label}« ist zu lang (höchstens {limit} Zeichen).")
    if len(goal.responsible) > RESPONSIBLE_LIMIT:
        problems.append(f"»Verantwortlich« ist zu lang (höchstens {RESPONSIBLE_LIMIT} Zeichen).")
    return problems


def _number_problems(goal: GoalInput, indicator: Indicator | None) -> list[str]:
    problems = []
    for label, year in (("Basisjahr", goal.baseline_year), ("Zieljahr", goal.target_year)):
        if year not in YEAR_RANGE:
            problems.append(f"»{label}« muss zwischen {YEAR_RANGE.start} und {YEAR_RANGE.stop - 1} liegen.")
    if goal.target_year <= goal.baseline_year:
        problems.append("»Zieljahr« muss nach dem »Basisjahr« liegen.")
    values_ok = True
    for label, value in (("Basiswert", goal.baseline_value), ("Zielwert", goal.target_value)):
        if value is None or not math.isfinite(value):
            problems.append(f"»{label}« muss eine Zahl sein.")
            values_ok = False
        elif indicator is not None and indicator.kind == IndicatorKind.SHARE and not 0 <= value <= 100:
            problems.append(f"»{label}« ist ein Anteil und muss zwischen 0 und 100 % liegen.")
    if goal.direction not in (None, -1, 1):
        problems.append("»Richtung« muss steigen oder sinken sein.")
    elif indicator is not None and values_ok:
        try:
            direction = goal_direction(goal.direction, indicator.polarity, goal.baseline_value, goal.target_value)
        except ValueError:
            problems.append("»Richtung« angeben: die Kennzahl hat keine Wertungsrichtung und Ziel = Basiswert.")
        else:
            if (goal.target_value - goal.baseline_value) * direction < 0:
                wanted = "über" if direction > 0 else "unter"
                problems.append(f"»Zielwert« muss bei dieser »Richtung« {wanted} dem »Basiswert« liegen.")
    return problems


def validate_goal(session: Session, goal: GoalInput) -> tuple[Indicator | None, Area | None]:
    """The goal's indicator and area (None for the city); raises GoalValidationError listing all problems."""
    problems = _text_problems(goal)
    indicator = session.scalar(select(Indicator).where(Indicator.key == goal.indicator_key))
    if indicator is None:
        problems.append(f"»Kennzahl« {goal.indicator_key!r} ist im Katalog nicht vorhanden.")
    area = None
    if goal.area_key is not None:
        area = _goal_area(session, goal.area_key, goal.baseline_year)
        if area is None:
            problems.append(f"»Gebiet« {goal.area_key!r} ist kein Stadtbezirk oder Sozialraum.")
        elif area.level == AreaLevel.CITY:
            area = None
    problems += _number_problems(goal, indicator)
    known_products = set(session.scalars(select(BudgetProduct.code)))
    if unknown := sorted(set(goal.products) - known_products):
        problems.append(f"»Budgetprodukte« unbekannt: {', '.join(unknown)}.")
    if problems:
        raise GoalValidationError(problems)
    return indicator, area


def _goal_area(session: Session, area_key: str, baseline_year: object) -> Area | None:
    """The area a goal's key names: of the boundary version valid at the end of the baseline year, else of
    the newest version. Berlin's Bezirk "01" exists in both LOR versions; without this choice the goal
    would attach to whichever row the database returned first."""
    candidates = session.scalars(
        select(Area)
        .join(BoundaryVersion)
        .where(Area.key == area_key, Area.level.in_(GOAL_LEVELS))
        .order_by(BoundaryVersion.valid_from.desc(), Area.id)
    ).all()
    if not candidates:
        return None
    try:
        reference = date(int(baseline_year), 12, 31)
    except (TypeError, ValueError):
        return candidates[0]
    for area in candidates:
        version = area.boundary_version
        if version.valid_from <= reference and (version.valid_to is None or version.valid_to >= reference):
            return area
    return candidates[0]


def _apply(row: Goal, goal: GoalInput, indicator: Indicator, area: Area | None) -> None:
    row.strategic_goal = goal.strategic_goal.strip()
    row.title = goal.title.strip()
    row.indicator_id = indicator.id
    row.area_id = None if area is None else area.id
    row.baseline_year = int(goal.baseline_year)
    row.baseline_value = float(goal.baseline_value)
    row.target_year = int(goal.target_year)
    row.target_value = float(goal.target_value)
    row.direction = goal.direction
    row.responsible = goal.responsible.strip()
    row.products = list(goal.products)
    row.notes = goal.notes.strip()


def create_goal(engine: Engine, goal: GoalInput) -> int:
    with Session(engine) as session, session.begin():
        indicator, area = validate_goal(session, goal)
        row = Goal()
        _apply(row, goal, indicator, area)
        session.add(row)
        session.flush()
        return row.id


def update_goal(engine: Engine, goal_id: int, goal: GoalInput) -> None:
    with Session(engine) as session, session.begin():
        row = session.get(Goal, goal_id)
        if row is None:
            raise GoalNotFoundError(f"Das Ziel Nr. {goal_id} gibt es nicht (mehr).")
        indicator, area = validate_goal(session, goal)
        _apply(row, goal, indicator, area)


def delete_goal(engine: Engine, goal_id: int) -> None:
    with Session(engine) as session, session.begin():
        if session.execute(delete(Goal).where(Goal.id == goal_id)).rowcount == 0:
            raise GoalNotFoundError(f"Das Ziel Nr. {goal_id} gibt es nicht (mehr).")


GOAL_COLUMNS = [
    "id",
    "strategic_goal",
    "title",
    "indicator_key",
    "indicator_name",
    "unit",
    "decimals",
    "polarity",
    "area_id",
    "area_key",
    "area_name",
    "area_level",
    "baseline_year",
    "baseline_value",
    "target_year",
    "target_value",
    "direction",
    "responsible",
    "products",
    "notes",
]


def load_goals(engine: Engine) -> pd.DataFrame:
    """All goals with their indicator and area, ordered by Leitziel and title. City goals get the city's
    area row, so every goal has an area id to look values up by."""
    statement = (
        select(
            Goal.id,
            Goal.strategic_goal,
            Goal.title,
            Indicator.key,
            Indicator.short_name,
            Indicator.unit,
            Indicator.decimals,
            Indicator.polarity,
            Goal.area_id,
            Area.key,
            Area.name,
            Area.level,
            Goal.baseline_year,
            Goal.baseline_value,
            Goal.target_year,
            Goal.target_value,
            Goal.direction,
            Goal.responsible,
            Goal.products,
            Goal.notes,
        )
        .join(Indicator, Goal.indicator_id == Indicator.id)
        .outerjoin(Area, Goal.area_id == Area.id)
        .order_by(Goal.strategic_goal, Goal.title, Goal.id)
    )
    with engine.connect() as connection:
        frame = pd.DataFrame(connection.execute(statement).fetchall(), columns=GOAL_COLUMNS)
    city = repository.load_areas(engine, AreaLevel.CITY)
    city_goals = frame["area_id"].isna()
    if len(city):
        frame.loc[city_goals, ["area_id", "area_key", "area_name"]] = [
            int(city["id"].iloc[0]),
            None,
            city["name"].iloc[0],
        ]
    frame.loc[city_goals, "area_level"] = AreaLevel.CITY.value
    frame["area_id"] = frame["area_id"].astype("Int64")
    frame["direction"] = frame["direction"].astype("Int64")
    frame["products"] = frame["products"].map(lambda codes: list(codes or []))
    return frame


def goal_values(engine: Engine, goals: pd.DataFrame) -> pd.DataFrame:
    """Yearly values (the last reference date of each year) of every goal's indicator in its area,
    loaded at the goal's level, so city and district values are aggregated from their parts.

    Columns: goal_id, year, value.
    """
    pieces = [pd.DataFrame(columns=["goal_id", "year", "value"])]
    areas = repository.load_areas(engine)
    by_year = latest_period_per_year(repository.load_periods(engine))
    periods = list(by_year.values())
    for level, group in goals.groupby("area_level"):
        values = repository.load_values(engine, sorted(set(group["indicator_key"])), periods, str(level))
        if values.empty:
            continue
        values = values.assign(year=pd.to_datetime(values["period"]).dt.year)
        for goal in group.itertuples():
            if pd.isna(goal.area_id):
                continue  # a city-wide goal in a database without a city area has nothing to show
            # The goal's area in every boundary version, so the series runs across a change of boundaries.
            same_area = values["area_id"].isin(same_area_across_versions(areas, int(goal.area_id)))
            own = values[(values["indicator_key"] == goal.indicator_key) & same_area].dropna(subset=["value"])
            own = own.sort_values("period").groupby("year", as_index=False).last()
            pieces.append(pd.DataFrame({"goal_id": goal.id, "year": own["year"], "value": own["value"]}))
    frame = pd.concat(pieces, ignore_index=True)
    return frame.astype({"goal_id": int, "year": int, "value": float}).sort_values(["goal_id", "year"])


def proposed_baseline(engine: Engine, indicator_key: str, area_key: str | None, year: int) -> float | None:
    """The value a new goal would start from: the indicator in the area at the last reference date of
    ``year``; None when there is none."""
    by_year = latest_period_per_year(repository.load_periods(engine))
    if year not in by_year:
        return None
    areas = repository.load_areas(engine)
    if area_key is None:
        area = areas[areas["level"] == AreaLevel.CITY]
    else:
        area = areas[(areas["key"] == area_key) & areas["level"].isin(GOAL_LEVELS)]
    if area.empty:
        return None
    level, area_id = area["level"].iloc[0], int(area["id"].iloc[0])
    values = repository.load_values(engine, [indicator_key], [by_year[year]], level)
    own = values[values["area_id"] == area_id].dropna(subset=["value"])
    return float(own["value"].iloc[0]) if len(own) else None


def all_goal_values(engine: Engine) -> pd.DataFrame:
    """``goal_values`` of every stored goal: one read with no frame argument, so it can be cached by name."""
    return goal_values(engine, load_goals(engine))
