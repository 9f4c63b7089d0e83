"""Frühwarnung (Risikomanagement): social spaces whose indicators moved furthest the wrong way.

Two signals per social space and indicator, between a comparison period and the selected one:

* the **adverse relative change**: the change in per cent of the earlier value, signed so that a
  worsening is positive (by the indicator's polarity). Per cent rather than points so that a rate per
  1,000 and a share in % can be ranked in one list;
* a **threshold crossed**: the value moved from the good side of a configured Schwellenwert to the bad
  side. Crossings come first in the list, whatever their size.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

#: Illustrative thresholds for the demo catalogue; a municipality sets its own (``EarlyWarningRules``).
DEFAULT_THRESHOLDS: dict[str, float] = {
    "sgb2_rate": 25.0,
    "child_poverty": 40.0,
    "unemployment_rate": 12.0,
    "hze_rate": 50.0,
}


@dataclass(frozen=True)
class EarlyWarningRules:
    min_adverse_change_percent: float = 5.0  # smaller worsenings are noise, not warnings
    thresholds: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_THRESHOLDS))
    limit: int = 6


WARNING_COLUMNS = [
    "area_id",
    "indicator_key",
    "value",
    "previous",
    "change",
    "adverse_change_percent",
    "threshold",
    "crossed_threshold",
]


def early_warnings(
    values: pd.DataFrame,
    polarity: Mapping[str, int],
    indicator_keys: Sequence[str],
    period: object,
    previous_period: object,
    rules: EarlyWarningRules | None = None,
) -> pd.DataFrame:
    """The strongest warnings, crossings first, then by adverse relative change (descending).

    ``values`` has columns area_id, indicator_key, period, value (as from ``load_values``); indicators
    without a polarity are skipped, since a change in them is neither good nor bad.
    """
    rules = rules or EarlyWarningRules()
    keys = [key for key in indicator_keys if polarity.get(key, 0) in (-1, 1)]
    frame = values[values["indicator_key"].isin(keys)]
    current = frame[frame["period"] == period].set_index(["area_id", "indicator_key"])["value"]
    earlier = frame[frame["period"] == previous_period].set_index(["area_id", "indicator_key"])["value"]
    paired = pd.concat({"value": current, "previous": earlier}, axis=1).dropna().reset_index()
    if paired.empty:
        return pd.DataFrame(columns=WARNING_COLUMNS)
    sign = paired["indicator_key"].map(polarity).astype(float)
    paired["change"] = paired["value"] - paired["previous"]
    with np.errstate(divide="ignore", invalid="ignore"):
        relative = paired["change"] / paired["previous"].abs().where(paired["previous"] != 0) * 100
    paired["adverse_change_percent"] = -sign * relative
    paired["threshold"] = paired["indicator_key"].map(rules.thresholds).astype(float)
    # A polarity of -1 means higher is worse: crossing is previous below, current at or above.
    before_bad = (paired["previous"] - paired["threshold"]) * -sign >= 0
    now_bad = (paired["value"] - paired["threshold"]) * -sign >= 0
    paired["crossed_threshold"] = paired["threshold"].notna() & ~before_bad & now_bad
    warned = paired[
        paired["crossed_threshold"] | (paired["adverse_change_percent"] >= rules.min_adverse_change_percent)
    ]
    warned = warned.sort_values(["crossed_threshold", "adverse_change_percent"], ascending=[False, False])
    return warned.head(rules.limit)[WARNING_COLUMNS].reset_index(drop=True)


def early_warnings_at_own_periods(
    values: pd.DataFrame,
    polarity: Mapping[str, int],
    periods_by_key: Mapping[str, tuple[object | None, object | None]],
    rules: EarlyWarningRules | None = None,
) -> pd.DataFrame:
    """``early_warnings`` with each indicator at its own Stichtag of the year against its own one of an
    earlier year (``keyfigures.periods_for_keys``): a survey every other year still warns in its year."""
    rules = rules or EarlyWarningRules()
    parts = [
        early_warnings(values, polarity, [key], current, previous, rules)
        for key, (current, previous) in periods_by_key.items()
        if current is not None and previous is not None
    ]
    parts = [part for part in parts if not part.empty]
    if not parts:
        return pd.DataFrame(columns=WARNING_COLUMNS)
    warned = pd.concat(parts, ignore_index=True)
    warned = warned.sort_values(["crossed_threshold", "adverse_change_percent"], ascending=[False, False])
    return warned.head(rules.limit).reset_index(drop=True)
