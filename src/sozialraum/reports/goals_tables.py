"""Goals and their status as a table for Excel: CSV the German way and XLSX.

The files are written by the general table export (``sozialraum.export.tables``).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from sozialraum.analysis.goals import GoalStatus
from sozialraum.export.tables import german_csv_bytes, xlsx_bytes

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
    """German column names, one row per goal, numbers left numeric (Excel formats them)."""
    frame = assessed.assign(
        direction_label=assessed["effective_direction"].map({1: "steigen", -1: "sinken"}),
        progress_percent=pd.to_numeric(assessed["progress_share"], errors="coerce") * 100,
        products_label=assessed["products"].map(", ".join),
        status=assessed["status"].fillna(GoalStatus.NO_DATA.value),
    )
    table = frame[list(EXPORT_COLUMNS)].rename(columns=EXPORT_COLUMNS)
    numeric = ["Basiswert", "Zielwert", "Letzter Wert", "Prognose Zieljahr", "Fortschritt seit Basis (%)"]
    table[numeric] = table[numeric].apply(pd.to_numeric, errors="coerce").round(2)
    table["Letztes Jahr"] = table["Letztes Jahr"].astype("Int64")
    return table


def to_german_csv(table: pd.DataFrame, notes: Sequence[tuple[str, str]] | None = None) -> bytes:
    """Semicolon-separated, decimal comma, UTF-8 with BOM: opens correctly in a German Excel."""
    return german_csv_bytes(table, notes=notes)


def to_xlsx(
    table: pd.DataFrame, sheet_name: str = "Wirkungsziele", notes: Sequence[tuple[str, str]] | None = None
) -> bytes:
    return xlsx_bytes(table, sheet_name=sheet_name, notes=notes)
