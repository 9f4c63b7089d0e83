import math

import pandas as pd
import pytest

from sozialraum.analysis.budget import execution_rate, plan_actual_by, plan_actual_total


def lines():
    return pd.DataFrame(
        {
            "year": [2025, 2025, 2025, 2024],
            "aid_type": ["ambulant", "stationaer", "praeventiv", "ambulant"],
            "planned": [100_000.0, 300_000.0, 50_000.0, 90_000.0],
            "actual": [110_000.0, 270_000.0, 50_000.0, 80_000.0],
            "cases": [10, 4, None, 8],
        }
    )


def test_execution_rate_and_cost_per_case_by_aid_type():
    result = plan_actual_by(lines()[lambda d: d["year"] == 2025], "aid_type").set_index("aid_type")
    assert result.loc["ambulant", "execution_rate"] == pytest.approx(110.0)
    assert result.loc["ambulant", "cost_per_case"] == pytest.approx(11_000.0)
    assert result.loc["stationaer", "cost_per_case"] == pytest.approx(67_500.0)
    assert math.isnan(result.loc["praeventiv", "cost_per_case"])


def test_cost_per_case_ignores_lines_without_cases():
    result = plan_actual_by(lines()[lambda d: d["year"] == 2025], "year").iloc[0]
    assert result["actual"] == pytest.approx(430_000.0)
    assert result["cost_per_case"] == pytest.approx((110_000 + 270_000) / 14)


def test_totals_and_missing_plan():
    total = plan_actual_total(lines())
    assert total["planned"] == pytest.approx(540_000.0)
    assert total["execution_rate"] == pytest.approx(510_000 / 540_000 * 100)
    assert math.isnan(execution_rate(0.0, 5.0))
