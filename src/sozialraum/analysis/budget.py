"""Budget figures: plan against actual (Soll/Ist), execution rate, cost per case."""

from __future__ import annotations

import numpy as np
import pandas as pd

from sozialraum.models import AidType

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
