"""The budget views' tables with German column names, as shown on screen, exported and put on slides.

Each builder returns the table and its column spec (kind per column, see ``ui.tables``), so screen,
download files and slides share names, order and formats.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from sozialraum.formatting import display_strings, format_number
from sozialraum.vocabulary import AID_TYPE_LABELS

Spec = dict[str, str]
ALLOCATION_FORMULA = (
    "Mittel je Einwohner der Bezugsgruppe × max(0, 1 + Gewicht des Bedarfs × Bedarfswert); "
    "Bedarfswert = gewichtetes Mittel der z-Werte der Kennzahlen, Vorzeichen nach Richtung; "
    "centgenau nach der Methode der größten Reste."
)


@dataclass(frozen=True)
class ReportTable:
    """A German table: numbers under German column names and the kind of each column."""

    frame: pd.DataFrame
    spec: Spec

    @classmethod
    def of(cls, pair: tuple[pd.DataFrame, Spec]) -> ReportTable:
        return cls(*pair)

    def display(self) -> pd.DataFrame:
        """Every cell as the German display string."""
        return display_strings(self.frame, self.spec)

    def slide(self) -> pd.DataFrame:
        """The display strings without the key column: codes are noise on a wall, names are not."""
        return self.display().drop(columns=["Schlüssel"], errors="ignore")


def weights_text(weights: Sequence[tuple[str, float]], short_names: Mapping[str, str]) -> str:
    return ", ".join(f"{short_names.get(key, key)} {format_number(weight, 1)}" for key, weight in weights)


def space_budget_report(
    table: pd.DataFrame,
    total: dict,
    target_label: str | None,
    level_label: str = "Sozialraum",
    parent_label: str | None = "Bezirk",
) -> tuple[pd.DataFrame, Spec]:
    """Per area and a last row for the whole city. ``table``: ``space_budget_table`` rows of one year with
    district (the parent area's name). ``level_label`` names the budget level (Berlin budgets Bezirke),
    ``parent_label`` the level above it; None leaves the parent column out (it would repeat the city).
    Columns without any value (actuals of a plan year) are left out rather than shown empty."""
    # The city row has no key and no district: empty text, not a missing value shown as "None".
    rows = pd.concat([table, pd.DataFrame([{"area_key": "", "district": "", **total}])], ignore_index=True)
    columns: dict[str, tuple[str, str]] = {
        "area_key": ("Schlüssel", "text"),
        "area_name": (level_label, "text"),
    }
    if parent_label:
        columns["district"] = (parent_label, "text")
    columns |= {
        "planned": ("Ansatz (Soll)", "euro"),
        "actual": ("Ist", "euro"),
        "execution_rate": ("Ausschöpfung", "percent"),
        "cases": ("Fälle", "count"),
        "cost_per_case": ("Kosten je Fall", "euro"),
        "residents": ("Einwohner", "count"),
        "actual_per_resident": ("Ist je Einwohner", "euro"),
    }
    if target_label:
        columns["target_residents"] = (target_label, "count")
        columns["actual_per_target_resident"] = (f"Ist je {target_label}", "euro")
    return without_empty_columns(*_rename(rows, columns))


def provider_report(
    table: pd.DataFrame, target_label: str | None, level_label: str = "Sozialraum"
) -> tuple[pd.DataFrame, Spec]:
    """Per provider and area: ``plan_actual_by`` on provider lines, with the area's target-group residents."""
    columns: dict[str, tuple[str, str]] = {
        "provider": ("Träger", "text"),
        "area_key": ("Schlüssel", "text"),
        "area_name": (level_label, "text"),
        "planned": ("Ansatz (Soll)", "euro"),
        "actual": ("Ist", "euro"),
        "execution_rate": ("Ausschöpfung", "percent"),
        "cases": ("Fälle", "count"),
        "cost_per_case": ("Kosten je Fall", "euro"),
    }
    if target_label:
        columns["actual_per_target_resident"] = (f"Ist je {target_label}", "euro")
    return without_empty_columns(*_rename(table, columns))


def shift_report(shift: pd.DataFrame, base_year: int, year: int) -> tuple[pd.DataFrame, Spec]:
    """Residential and preventive shares of actual spending, then and now (``composition_shift``)."""
    columns = {
        "area_key": ("Schlüssel", "text"),
        "area_name": ("Sozialraum", "text"),
        "district": ("Bezirk", "text"),
        "residential_share_base": (f"Anteil stationär {base_year}", "percent"),
        "residential_share_now": (f"Anteil stationär {year}", "percent"),
        "residential_share_change": ("Veränderung stationär (Pp.)", "points"),
        "preventive_share_base": (f"Anteil präventiv {base_year}", "percent"),
        "preventive_share_now": (f"Anteil präventiv {year}", "percent"),
        "preventive_share_change": ("Veränderung präventiv (Pp.)", "points"),
    }
    return _rename(shift, columns)


def outcome_report(points: pd.DataFrame, x_title: str, y_title: str) -> tuple[pd.DataFrame, Spec]:
    columns = {
        "area_key": ("Schlüssel", "text"),
        "area_name": ("Sozialraum", "text"),
        "district": ("Bezirk", "text"),
        "population": ("Einwohner", "count"),
        "spending": (x_title, "number"),
        "outcome": (y_title, "number"),
        "quadrant": ("Einordnung", "text"),
    }
    return _rename(points, columns)


def allocation_report(allocation: pd.DataFrame, residents_label: str) -> tuple[pd.DataFrame, Spec]:
    columns = {
        "area_key": ("Schlüssel", "text"),
        "area_name": ("Sozialraum", "text"),
        "residents": (residents_label, "count"),
        "need_score": ("Bedarfswert (z)", "factor"),
        "need_factor": ("Bedarfsfaktor", "factor"),
        "current": ("Ansatz bisher", "euro"),
        "current_share": ("Anteil bisher", "percent"),
        "formula": ("nach Formel", "euro"),
        "formula_share": ("Anteil nach Formel", "percent"),
        "difference": ("Differenz", "euro"),
    }
    frame, spec = _rename(allocation, columns)
    # Money in the allocation is exact to the cent: show cents rather than rounding to whole euros.
    return frame, spec | {"Ansatz bisher": "cents", "nach Formel": "cents", "Differenz": "cents"}


def aid_type_label(aid_type: str) -> str:
    return AID_TYPE_LABELS.get(aid_type, aid_type)


def spaces_by_quadrant(points: pd.DataFrame) -> dict[str, list[str]]:
    """Space names per quadrant label (``with_quadrants`` output with area_name), largest group first."""
    labelled = points.dropna(subset=["quadrant"]).sort_values("area_key")
    groups = labelled.groupby("quadrant", sort=False)["area_name"].apply(list).to_dict()
    return dict(sorted(groups.items(), key=lambda item: -len(item[1])))


def without_empty_columns(frame: pd.DataFrame, spec: Spec) -> tuple[pd.DataFrame, Spec]:
    """Drop number columns without a single value: a plan year has no Ist, an actual-only budget no Ansatz,
    and a column of dashes only says nothing (the page names what is missing instead)."""
    empty = [column for column, kind in spec.items() if kind != "text" and frame[column].isna().all()]
    return frame.drop(columns=empty), {column: kind for column, kind in spec.items() if column not in empty}


def _rename(frame: pd.DataFrame, columns: dict[str, tuple[str, str]]) -> tuple[pd.DataFrame, Spec]:
    present = [column for column in columns if column in frame.columns]
    renamed = frame[present].rename(columns={column: columns[column][0] for column in present})
    return renamed.reset_index(drop=True), {columns[column][0]: columns[column][1] for column in present}


def with_space_labels(
    points: pd.DataFrame, areas: pd.DataFrame, district_of: dict[str, str], residents: pd.Series
) -> pd.DataFrame:
    """Add area_key, area_name, district and population (``residents`` by area_id) to rows keyed by area_id."""
    by_id = areas.set_index("id")
    labelled = points.assign(
        area_key=points["area_id"].map(by_id["key"]),
        area_name=points["area_id"].map(by_id["name"]),
        population=points["area_id"].map(residents),
    )
    return labelled.assign(district=labelled["area_key"].map(district_of))


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
