"""The Steckbrief's tables as German display strings, shared by the page and the PDF so both read the same."""

from __future__ import annotations

from datetime import date

import pandas as pd

from sozialraum.analysis.budget import plan_overrun
from sozialraum.analysis.keyfigures import Assessment
from sozialraum.formatting import (
    format_change,
    format_date,
    format_euro,
    format_number,
    format_percent,
    format_value,
    round_or_none,
)
from sozialraum.models import ObservationFlag
from sozialraum.reports.steckbrief import BudgetPart
from sozialraum.vocabulary import AID_TYPE_LABELS, LEVEL_SINGULAR

POSITION_TEXT = {
    Assessment.BETTER: "▲ günstiger",
    Assessment.WORSE: "▼ ungünstiger",
    Assessment.UNCHANGED: "= gleich",
    Assessment.NEUTRAL: "ohne Wertung",
    Assessment.UNKNOWN: "–",
}
GOAL_LEVEL_LABELS = LEVEL_SINGULAR
PROGRESS_NOTE = (
    "Fortschritt: Anteil des Wegs vom Ausgangs- zum Zielwert, den der aktuelle Wert zurückgelegt hat "
    "(über 100 % = Ziel übertroffen, unter 0 % = vom Ziel entfernt)."
)


def period_label(period: date | None) -> str:
    """A year for year-end reference dates (31.12.), otherwise the full date (half-year data)."""
    if period is None:
        return "–"
    return str(period.year) if (period.month, period.day) == (12, 31) else format_date(period)


def change_headings(previous: date | None, earlier: date | None) -> tuple[str, str]:
    return (
        f"ggü. {period_label(previous)}" if previous else "ggü. Vorperiode",
        f"ggü. {period_label(earlier)}" if earlier else "ggü. 5 Perioden",
    )


def shown_value(row: pd.Series) -> str:
    if row["flag"] == ObservationFlag.SUPPRESSED:
        return "gesperrt"
    text = format_value(row["value"], row["unit"], row["decimals"])
    return text + " (vorläufig)" if row["flag"] == ObservationFlag.PROVISIONAL and text != "–" else text


def _changes(rows: pd.DataFrame, column: str) -> list[str]:
    return [format_change(c, u, d) for c, u, d in zip(rows[column], rows["unit"], rows["decimals"], strict=True)]


def topic_table(rows: pd.DataFrame) -> pd.DataFrame:
    """Display strings (German formats) for the indicators of one topic, plus the sparkline series."""
    return pd.DataFrame(
        {
            "Kennzahl": rows["name"].tolist(),
            "Wert": rows.apply(shown_value, axis=1).tolist(),
            "Vorperiode": _changes(rows, "change_previous"),
            "5 Perioden": _changes(rows, "change_earlier"),
            "Gesamtstadt": city_cells(rows),
            "Lage": [POSITION_TEXT[Assessment(a)] for a in rows["position"]],
            "Rang": [
                "–" if pd.isna(rank) else f"{int(rank)} von {count}"
                for rank, count in zip(rows["rank"], rows["rank_count"], strict=True)
            ],
            # Gaps are left out of the sparkline: a NaN makes Streamlit print the list as text.
            "Verlauf": [[value for value in history if pd.notna(value)] for history in rows["history"]],
        }
    )


def city_cells(rows: pd.DataFrame) -> list[str]:
    """The city's value per row; a count's is the city total, so it says »gesamt« and is never an average."""
    aggregation = rows["aggregation"] if "aggregation" in rows else pd.Series(None, index=rows.index)
    cells = []
    for value, unit, decimals, rule in zip(rows["city"], rows["unit"], rows["decimals"], aggregation, strict=True):
        text = format_value(value, unit, decimals)
        cells.append(f"{text} gesamt" if rule == "sum" and text != "–" else text)
    return cells


def topic_notes(rows: pd.DataFrame) -> list[str]:
    """Per row why a value is missing or how it was computed (``Steckbrief.rows['note']``), empty if nothing."""
    return [str(note) if isinstance(note, str) else "" for note in rows.get("note", pd.Series("", index=rows.index))]


#: Which assessment colours which column of ``topic_table``.
ASSESSED_COLUMNS = {"Vorperiode": "trend", "5 Perioden": "trend_earlier", "Lage": "position"}


def goals_table(goals: pd.DataFrame, catalogue: pd.DataFrame) -> pd.DataFrame:
    """Display strings for outcome goals (assessed by ``analysis.goals.assess_goals``, as on the Wirkungsziele
    page) with baseline, target, latest value and progress."""
    rows = []
    for goal in goals.itertuples():
        unit, decimals = catalogue.loc[goal.indicator_key, "unit"], int(catalogue.loc[goal.indicator_key, "decimals"])
        city_wide = pd.isna(goal.area_id) or goal.area_level == "city"
        area = "Gesamtstadt" if city_wide else f"{GOAL_LEVEL_LABELS.get(goal.area_level, '')} {goal.area_name}"
        latest_year = None if pd.isna(goal.latest_year) else int(goal.latest_year)
        progress = goal.progress_share
        rows.append(
            {
                "Wirkungsziel": goal.title,
                "Status": getattr(goal, "status", "–"),
                "Gilt für": area,
                "Ausgangswert": f"{format_value(goal.baseline_value, unit, decimals)} ({goal.baseline_year})",
                "Zielwert": f"{format_value(goal.target_value, unit, decimals)} ({goal.target_year})",
                "Aktuell": f"{format_value(goal.latest_value, unit, decimals)} ({latest_year})" if latest_year else "–",
                "Fortschritt": "–" if pd.isna(progress) else f"{format_number(progress * 100, 0)}\u00a0%",
            }
        )
    return pd.DataFrame(rows)


def key_table(rows: pd.DataFrame, previous: date | None, earlier: date | None, is_city: bool) -> pd.DataFrame:
    """A slide's table of the Steckbrief: the page's topic-table cells for ``rows`` (``Steckbrief.key_rows``),
    without the sparkline, its change columns headed as on the page; the city profile has no city columns."""
    table = topic_table(rows).drop(columns="Verlauf")
    if is_city:
        table = table.drop(columns=["Gesamtstadt", "Lage", "Rang"])
    previous_heading, earlier_heading = change_headings(previous, earlier)
    return table.rename(columns={"Vorperiode": previous_heading, "5 Perioden": earlier_heading})


def budget_figures(budget: BudgetPart) -> dict[str, str]:
    """The four budget cards: plan, actual, execution rate, actual per resident."""
    total, residents = budget.total, budget.residents
    return {
        "Ansatz (Soll)": format_euro(total["planned"]),
        "Ist": format_euro(total["actual"]),
        "Ausschöpfung": format_percent(total["execution_rate"]),
        "Ist je Einwohner": format_euro(total["actual"] / residents, compact=False) if residents else "–",
    }


def budget_overrun_text(budget: BudgetPart) -> str | None:
    """»+1,2 Mio. € ggü. Ansatz«, or None when plan or actual is missing (a plan year has no Ist yet)."""
    overrun = plan_overrun(budget.total["planned"], budget.total["actual"])
    return None if overrun is None else format_euro(overrun) + " ggü. Ansatz"


def budget_table(budget: BudgetPart) -> pd.DataFrame:
    """Plan and actual by product and aid type, as display strings."""
    lines, residents = budget.lines, budget.residents
    return pd.DataFrame(
        {
            "Produkt": [f"{code} {budget.product_names.get(code, '')}".strip() for code in lines["product"]],
            "Hilfeart": [AID_TYPE_LABELS.get(a, a) for a in lines["aid_type"]],
            "Ansatz": [format_euro(v, compact=False) for v in lines["planned"]],
            "Ist": [format_euro(v, compact=False) for v in lines["actual"]],
            "Ausschöpfung": [format_percent(v) for v in lines["execution_rate"]],
            "Ist je Einwohner": [
                format_euro(v / residents, compact=False) if residents else "–" for v in lines["actual"]
            ],
            "Fälle": [format_number(v) for v in lines["cases"]],
            "Kosten je Fall": [format_euro(v, compact=False) for v in lines["cost_per_case"]],
        }
    )


def steckbrief_export_frame(rows: pd.DataFrame, area_key: str, area_name: str) -> pd.DataFrame:
    """The indicator rows of a topic as numbers for XLSX/CSV, each rounded as the catalogue says."""
    previous, earlier = rows["previous"].iloc[0], rows["earlier"].iloc[0]
    previous_heading, earlier_heading = change_headings(previous, earlier)

    def rounded(column: str) -> list[float | None]:
        return [round_or_none(value, decimals) for value, decimals in zip(rows[column], rows["decimals"], strict=True)]

    return pd.DataFrame(
        {
            "Gebiet": area_key,
            "Gebietsname": area_name,
            "Kennzahl": rows["name"].tolist(),
            "Einheit": rows["unit"].fillna("").tolist(),
            "Wert": rounded("value"),
            "Kennzeichen": [
                "gesperrt"
                if flag == ObservationFlag.SUPPRESSED
                else "vorläufig"
                if flag == ObservationFlag.PROVISIONAL
                else ""
                for flag in rows["flag"]
            ],
            f"Veränderung {previous_heading}": rounded("change_previous"),
            f"Veränderung {earlier_heading}": rounded("change_earlier"),
            "Gesamtstadt": rounded("city"),
            "Lage ggü. Stadt": [POSITION_TEXT[Assessment(a)] for a in rows["position"]],
            "Rang": [None if pd.isna(rank) else int(rank) for rank in rows["rank"]],
            "Gebiete der Ebene": rows["rank_count"].astype(int).tolist(),
        }
    )


def budget_export_frame(budget: BudgetPart) -> pd.DataFrame:
    """The budget lines as numbers for XLSX/CSV (euros with cents, rates in per cent)."""
    lines, residents = budget.lines, budget.residents
    return pd.DataFrame(
        {
            "Produkt": [f"{code} {budget.product_names.get(code, '')}".strip() for code in lines["product"]],
            "Hilfeart": [AID_TYPE_LABELS.get(a, a) for a in lines["aid_type"]],
            "Ansatz (€)": [round_or_none(v, 2) for v in lines["planned"]],
            "Ist (€)": [round_or_none(v, 2) for v in lines["actual"]],
            "Ausschöpfung (%)": [round_or_none(v, 1) for v in lines["execution_rate"]],
            "Ist je Einwohner (€)": [round_or_none(v, 2) for v in lines["actual"] / residents] if residents else None,
            "Fälle": lines["cases"].to_numpy(),
            "Kosten je Fall (€)": [round_or_none(v, 2) for v in lines["cost_per_case"]],
        }
    )
