"""Steckbrief building blocks: the indicator table of a topic, its definitions, the goals table."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from sozialraum.analysis.keyfigures import Assessment
from sozialraum.formatting import format_change, format_date, format_number, format_value
from sozialraum.models import ObservationFlag

POSITION_TEXT = {
    Assessment.BETTER: "▲ günstiger",
    Assessment.WORSE: "▼ ungünstiger",
    Assessment.UNCHANGED: "= gleich",
    Assessment.NEUTRAL: "ohne Wertung",
    Assessment.UNKNOWN: "–",
}
_GOOD_STYLE = "color: #1a7f37; font-weight: 600"
_BAD_STYLE = "color: #c62828; font-weight: 600"
_ASSESSMENT_STYLE = {Assessment.BETTER: _GOOD_STYLE, Assessment.WORSE: _BAD_STYLE}


def period_label(period) -> str:  # noqa: ANN001 - a date
    """A year for year-end reference dates (31.12.), otherwise the full date (half-year data)."""
    return str(period.year) if (period.month, period.day) == (12, 31) else format_date(period)


def _shown_value(row: pd.Series) -> str:
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
            "Wert": rows.apply(_shown_value, axis=1).tolist(),
            "Vorperiode": _changes(rows, "change_previous"),
            "5 Perioden": _changes(rows, "change_earlier"),
            "Gesamtstadt": [
                format_value(v, u, d) for v, u, d in zip(rows["city"], rows["unit"], rows["decimals"], strict=True)
            ],
            "Lage": [POSITION_TEXT[Assessment(a)] for a in rows["position"]],
            "Rang": [
                "–" if pd.isna(rank) else f"{int(rank)} von {count}"
                for rank, count in zip(rows["rank"], rows["rank_count"], strict=True)
            ],
            # Gaps are left out of the sparkline: a NaN makes Streamlit print the list as text.
            "Verlauf": [[value for value in history if pd.notna(value)] for history in rows["history"]],
        }
    )


def topic_styles(rows: pd.DataFrame, table: pd.DataFrame) -> pd.DataFrame:
    """Green or red text where a change or the position against the city is good or bad news."""
    styles = pd.DataFrame("", index=table.index, columns=table.columns)
    for column, assessments in (("Vorperiode", "trend"), ("5 Perioden", "trend_earlier"), ("Lage", "position")):
        styles[column] = [_ASSESSMENT_STYLE.get(Assessment(a), "") for a in rows[assessments]]
    return styles


def render_topic(topic: str, rows: pd.DataFrame, previous: date | None, earlier: date | None) -> None:
    """One topic: its table (value, changes, city, rank, sparkline, marks) and its definitions and sources."""
    st.subheader(topic)
    table = topic_table(rows)
    styles = topic_styles(rows, table)
    row_height = 35
    st.dataframe(
        table.style.apply(lambda _: styles, axis=None),
        hide_index=True,
        width="stretch",
        row_height=row_height,
        height=(len(table) + 1) * row_height + 3,
        column_config={
            "Kennzahl": st.column_config.TextColumn(width=250),
            "Wert": st.column_config.TextColumn(width=125),
            "Vorperiode": st.column_config.TextColumn(
                f"ggü. {period_label(previous)}" if previous else "ggü. Vorperiode",
                width=95,
                help=f"Veränderung gegenüber {format_date(previous)}; bei Anteilen in Prozentpunkten (Pp.). "
                "Grün = günstig, rot = ungünstig nach der Richtung der Kennzahl.",
            ),
            "5 Perioden": st.column_config.TextColumn(
                f"ggü. {period_label(earlier)}" if earlier else "ggü. 5 Perioden",
                width=95,
                help=f"Veränderung gegenüber fünf Perioden früher ({format_date(earlier)}). "
                "Grün = günstig, rot = ungünstig.",
            ),
            "Gesamtstadt": st.column_config.TextColumn(
                width=120,
                help="Wert der Gesamtstadt, aus summierten Zählern und Nennern (gewichtet), "
                "nicht als Mittel der Quoten.",
            ),
            "Lage": st.column_config.TextColumn(
                "ggü. Stadt", width=115, help="Wert im Vergleich zur Gesamtstadt, bewertet nach der Richtung."
            ),
            "Rang": st.column_config.TextColumn(
                width=80,
                help="Rang unter allen Gebieten derselben Ebene: 1 = günstigster Wert "
                "(bei Kennzahlen ohne Wertung: 1 = höchster Wert).",
            ),
            "Verlauf": st.column_config.LineChartColumn(width=120, help="Alle Perioden; Lücken = kein Wert."),
        },
    )
    with st.expander(f"Definitionen und Quellen: {topic}"):
        for row in rows.itertuples():
            direction = {1: "höher ist günstiger", -1: "niedriger ist günstiger"}.get(row.polarity, "ohne Wertung")
            unit = f" ({row.unit})" if row.unit else ""
            st.markdown(
                f"**{row.name}**{unit} – {row.definition} "
                f"*Quelle:* {row.source or 'nicht angegeben'}. *Richtung:* {direction}."
            )


GOAL_LEVEL_LABELS = {"social_space": "Sozialraum", "district": "Bezirk", "planning_area": "Planungsraum"}


def goals_table(goals: pd.DataFrame, catalogue: pd.DataFrame) -> pd.DataFrame:
    """Display strings for outcome goals with baseline, target, latest value and progress."""
    rows = []
    for goal in goals.itertuples():
        unit, decimals = catalogue.loc[goal.indicator_key, "unit"], int(catalogue.loc[goal.indicator_key, "decimals"])
        area = (
            "Gesamtstadt" if pd.isna(goal.area_id) else f"{GOAL_LEVEL_LABELS.get(goal.area_level, '')} {goal.area_name}"
        )
        latest_year = goal.latest_period.year if goal.latest_period is not None else None
        rows.append(
            {
                "Wirkungsziel": goal.title,
                "Status": getattr(goal, "status", "–"),
                "Gilt für": area,
                "Ausgangswert": f"{format_value(goal.baseline_value, unit, decimals)} ({goal.baseline_year})",
                "Zielwert": f"{format_value(goal.target_value, unit, decimals)} ({goal.target_year})",
                "Aktuell": f"{format_value(goal.latest_value, unit, decimals)} ({latest_year})" if latest_year else "–",
                "Fortschritt": "–" if pd.isna(goal.progress) else f"{format_number(goal.progress, 0)}\u00a0%",
            }
        )
    return pd.DataFrame(rows)
