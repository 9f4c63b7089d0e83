"""Goal table exports: German columns, numbers rounded half-up, German CSV for Excel and XLSX."""

import io

import openpyxl
import pandas as pd

from sozialraum.analysis.goals import assess_goals
from sozialraum.export.tables import german_csv_bytes, xlsx_bytes
from sozialraum.reports.goals_tables import goals_table


def assessed(baseline: float = 30.25) -> pd.DataFrame:
    goals = pd.DataFrame(
        {
            "id": [1],
            "strategic_goal": ["Armut wird bekämpft"],
            "title": ["Kinderarmut senken"],
            "indicator_name": ["Kinderarmut"],
            "unit": ["%"],
            "area_name": ["Musterstadt"],
            "baseline_year": [2019],
            "baseline_value": [baseline],
            "target_year": [2028],
            "target_value": [24.5],
            "direction": pd.array([pd.NA], dtype="Int64"),
            "polarity": [-1],
            "responsible": ["Sozialamt"],
            "products": [["36.3", "36.2"]],
            "notes": ["Ratsbeschluss; fiktiv"],
        }
    )
    values = pd.DataFrame({"goal_id": [1, 1], "year": [2024, 2025], "value": [30.0, 29.5]})
    return assess_goals(goals, values, 2025)


def test_table_has_german_headers_and_numbers():
    table = goals_table(assessed())
    row = table.iloc[0]
    assert row["Wirkungsziel"] == "Kinderarmut senken"
    assert row["Richtung"] == "sinken"
    assert row["Status"] == "nicht auf Kurs"
    assert row["Budgetprodukte"] == "36.3, 36.2"
    assert row["Letztes Jahr"] == 2025
    assert row["Fortschritt seit Basis (%)"] == 13.04  # 0.75 of 5.75 points


def test_csv_opens_in_german_excel():
    payload = german_csv_bytes(goals_table(assessed()))
    assert payload.startswith(b"\xef\xbb\xbf")
    header, row = payload.decode("utf-8-sig").splitlines()
    assert header.split(";")[:3] == ["Leitziel", "Wirkungsziel", "Kennzahl"]
    assert ";30,25;" in row
    assert "Ratsbeschluss; fiktiv" in row  # quoted, so the semicolon does not split the cell


def test_xlsx_holds_the_same_table():
    table = goals_table(assessed())
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(table, sheet_name="Wirkungsziele")))["Wirkungsziele"]
    rows = list(sheet.values)
    assert list(rows[0]) == list(table.columns)
    assert rows[1][table.columns.get_loc("Basiswert")] == 30.25
    assert sheet.freeze_panes == "A2"


def test_numbers_round_half_up_as_the_pages_show_them():
    # numpy's round(2) gives 30.12 and 2.67 (half to even, binary error); the pages show 30,13 and 2,68.
    assert goals_table(assessed(30.125)).iloc[0]["Basiswert"] == 30.13
    assert goals_table(assessed(2.675)).iloc[0]["Basiswert"] == 2.68
