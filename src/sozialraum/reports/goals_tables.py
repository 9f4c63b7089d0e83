"""Goals and their status as a table for Excel (German columns, numbers numeric).

The files are written by the general table export (``sozialraum.export.tables``, through
``ui.exports.table_downloads`` on the page).
"""

from __future__ import annotations

import pandas as pd

from sozialraum.analysis.goals import GoalStatus
from sozialraum.formatting import round_or_none

EXPORT_COLUMNS: dict[str, str] = {
    "strategic_goal": "Leitziel",
    "title": "Wirkungsziel",
    "indicator_name": "Kennzahl",
    "unit": "Einheit",
    "area_name": "Gebiet",
    "baseline_year": "Basisjahr",
    "baseline_value": "Basiswert",
    "target_year": "Zieljahr",
    "target_value": "Zielwert",
    "direction_label": "Richtung",
    "latest_year": "Letztes Jahr",
    "latest_value": "Letzter Wert",
    "projected_value": "Prognose Zieljahr",
    "progress_percent": "Fortschritt seit Basis (%)",
    "status": "Status",
    "reason": "Begründung",
    "responsible": "Verantwortlich",
    "products_label": "Budgetprodukte",
    "notes": "Anmerkungen",
}


def goals_table(assessed: pd.DataFrame) -> pd.DataFrame:
    """German column names, one row per goal, numbers left numeric (Excel formats them), rounded half-up to
    two decimals."""
    frame = assessed.assign(
        direction_label=assessed["effective_direction"].map({1: "steigen", -1: "sinken"}),
        progress_percent=pd.to_numeric(assessed["progress_share"], errors="coerce") * 100,
        products_label=assessed["products"].map(", ".join),
        status=assessed["status"].fillna(GoalStatus.NO_DATA.value),
    )
    table = frame[list(EXPORT_COLUMNS)].rename(columns=EXPORT_COLUMNS)
    numeric = ["Basiswert", "Zielwert", "Letzter Wert", "Prognose Zieljahr", "Fortschritt seit Basis (%)"]
    for column in numeric:  # half-up as the pages show numbers (2,125 -> 2,13), not numpy's half-to-even
        table[column] = pd.to_numeric([round_or_none(v, 2) for v in table[column]], errors="coerce")
    table["Letztes Jahr"] = table["Letztes Jahr"].astype("Int64")
    return table
