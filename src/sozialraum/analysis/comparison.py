"""Several areas side by side, and how far each lies from the city in comparable units."""

from __future__ import annotations

import numpy as np
import pandas as pd

from sozialraum.analysis.profile import shown_values
from sozialraum.models import Aggregation


def standardised_deviations(
    level_values: pd.DataFrame, city_values: pd.DataFrame, catalogue: pd.DataFrame
) -> pd.DataFrame:
    """Deviation of every area from the city, in standard deviations across all areas of the level.

    Both frames hold one period. The centre is the city value (weighted) for rates, shares and means;
    for counts (aggregation ``sum``) the city value is a total, so the centre is the mean count per area.
    ``z`` is (value - centre) / spread; ``favourable`` turns it so that a positive number is better than
    the city when the indicator has a direction (for neutral indicators it stays ``z``: positive means
    higher). Indicators without spread or centre get NaN.
    """
    level = shown_values(level_values)
    city = shown_values(city_values).set_index("indicator_key")["value"]
    spread = level.groupby("indicator_key")["value"].std(ddof=0)
    mean_per_area = level.groupby("indicator_key")["value"].mean()
    frame = level[["area_id", "indicator_key", "value"]].copy()
    is_count = frame["indicator_key"].map(catalogue["aggregation"]) == Aggregation.SUM
    frame["city"] = frame["indicator_key"].map(city)
    frame["centre"] = frame["city"].where(~is_count, frame["indicator_key"].map(mean_per_area))
    frame["spread"] = frame["indicator_key"].map(spread)
    with np.errstate(divide="ignore", invalid="ignore"):
        frame["z"] = (frame["value"] - frame["centre"]) / frame["spread"].where(frame["spread"] > 0)
    polarity = frame["indicator_key"].map(catalogue["polarity"]).astype(int)
    frame["favourable"] = frame["z"] * polarity.where(polarity != 0, 1)
    return frame
