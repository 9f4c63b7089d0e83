"""Budget figures: plan against actual (Soll/Ist), execution rate, cost per case."""

from __future__ import annotations

import numpy as np
import pandas as pd

from sozialraum.models import AidType
from sozialraum.vocabulary import LEVEL_SINGULAR

#: Labels in the field's order: outpatient, day-care, residential, then prevention.
AID_TYPE_LABELS: dict[str, str] = {
    AidType.AMBULANT: "ambulant",
    AidType.TEILSTATIONAER: "teilstationär",
    AidType.STATIONAER: "stationär",
    AidType.PRAEVENTIV: "präventiv",
    AidType.SONSTIGE: "sonstige",
}


def execution_rate(planned: float, actual: float) -> float:
    """Actual as per cent of planned (Ausschöpfungsquote); NaN without a plan."""
    if not planned or np.isnan(planned) or np.isnan(actual):
        return float("nan")
    return actual / planned * 100


def plan_actual_by(budget: pd.DataFrame, by: str | list[str]) -> pd.DataFrame:
    """Sum planned, actual and cases by ``by``, with execution rate and cost per case.

    Cost per case is actual over cases of the lines that report cases, so preventive lines without
    case counts do not inflate it.
    """
    keys = [by] if isinstance(by, str) else list(by)
    frame = budget.assign(
        actual_with_cases=budget["actual"].where(budget["cases"].notna()),
    )
    summed = frame.groupby(keys, as_index=False, sort=True).agg(
        planned=("planned", lambda s: s.sum(min_count=1)),
        actual=("actual", lambda s: s.sum(min_count=1)),
        cases=("cases", lambda s: s.sum(min_count=1)),
        actual_with_cases=("actual_with_cases", lambda s: s.sum(min_count=1)),
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        summed["execution_rate"] = summed["actual"] / summed["planned"].where(summed["planned"] != 0) * 100
        summed["cost_per_case"] = summed["actual_with_cases"] / summed["cases"].where(summed["cases"] != 0)
    return summed.drop(columns="actual_with_cases")


def plan_actual_total(budget: pd.DataFrame) -> dict[str, float]:
    planned = float(budget["planned"].sum(min_count=1)) if len(budget) else float("nan")
    actual = float(budget["actual"].sum(min_count=1)) if len(budget) else float("nan")
    return {"planned": planned, "actual": actual, "execution_rate": execution_rate(planned, actual)}


def plan_overrun(planned: float, actual: float) -> float | None:
    """Actual minus plan, or None when either is missing (a plan year has no Ist yet, some budgets no Ansatz):
    a missing figure is no overrun and no saving."""
    if planned is None or actual is None or pd.isna(planned) or pd.isna(actual):
        return None
    return float(actual) - float(planned)


def budget_gap_text(total: dict, year: int) -> str | None:
    """A German sentence naming what the budget of ``year`` lacks (``total`` has planned and actual), or None."""
    planned, actual = total.get("planned"), total.get("actual")
    if pd.isna(actual) and pd.isna(planned):
        return f"Für {year} enthalten die Budgetzeilen weder Ansatz noch Ist."
    if pd.isna(actual):
        return (
            f"Für {year} liegt nur der Ansatz (Plan) vor, noch kein Ist; Ausschöpfung und Kosten je Fall fehlen daher."
        )
    if pd.isna(planned):
        return f"Für {year} liegt nur das Ist vor, kein Ansatz; die Ausschöpfung ist daher nicht berechenbar."
    return None


def comparison_years(budget_years: list[int], year: int) -> list[int]:
    """Years before ``year`` that have budget lines: the only sensible comparison years of a budget view."""
    return sorted(y for y in set(budget_years) if y < year)


def parent_level_label(areas: pd.DataFrame, all_areas: pd.DataFrame) -> str | None:
    """The German name of the level above ``areas`` (columns parent_id; ``all_areas`` indexed by id with level),
    or None when that is the whole city: a column repeating the city's name in every row says nothing."""
    parent_ids = areas["parent_id"].dropna().astype(int)
    parent_ids = parent_ids[parent_ids.isin(all_areas.index)]
    if parent_ids.empty:
        return None
    level = all_areas.loc[parent_ids, "level"].mode().iloc[0]
    return None if level == "city" else LEVEL_SINGULAR.get(level, "übergeordnetes Gebiet")
