"""Indicator values as a table in the importer's long format, so an exported file can be imported again."""

from __future__ import annotations

import pandas as pd

from sozialraum.formatting import format_date

FLAG_WORDS = {
    "ok": "",
    "provisional": "vorläufig",
    "estimated": "geschätzt",
    "suppressed": "geheim",
    "invalid": "ungültig",
}
COLUMNS = ["Gebiet", "Gebietsname", "Kennzahl", "Stichtag", "Wert", "Zähler", "Nenner", "Kennzeichen"]


def values_table(values: pd.DataFrame, areas: pd.DataFrame) -> pd.DataFrame:
    """``values`` (as ``repository.load_values`` returns them) with area keys and names, one row per area,
    indicator and period, sorted; suppressed values stay empty and are marked, never zero."""
    if values.empty:
        return pd.DataFrame(columns=COLUMNS)
    named = values.merge(areas[["id", "key", "name"]], left_on="area_id", right_on="id", how="left")
    named = named.sort_values(["key", "indicator_key", "period"])
    return pd.DataFrame(
        {
            "Gebiet": named["key"].to_numpy(),
            "Gebietsname": named["name"].to_numpy(),
            "Kennzahl": named["indicator_key"].to_numpy(),
            "Stichtag": [format_date(period) for period in named["period"]],
            "Wert": named["value"].to_numpy(),
            "Zähler": named["numerator"].to_numpy(),
            "Nenner": named["denominator"].to_numpy(),
            "Kennzeichen": named["flag"].map(FLAG_WORDS).fillna("").to_numpy(),
        }
    )
