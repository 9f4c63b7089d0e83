"""Budget figures: plan against actual (Soll/Ist), execution rate, cost per case."""

from __future__ import annotations

import numpy as np
import pandas as pd


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


def comparison_years(budget_years: list[int], year: int) -> list[int]:
    """Years before ``year`` that have budget lines: the only sensible comparison years of a budget view."""
    return sorted(y for y in set(budget_years) if y < year)
