"""Steckbrief building blocks: the indicator table of a topic, its definitions, the goals table."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from sozialraum.analysis.keyfigures import Assessment
from sozialraum.formatting import format_date
from sozialraum.markup import markdown_literal
from sozialraum.steckbrief_tables import ASSESSED_COLUMNS, change_headings, goals_table, topic_table

__all__ = ["goals_table", "render_topic", "topic_styles"]

_GOOD_STYLE = "color: #1a7f37; font-weight: 600"
_BAD_STYLE = "color: #c62828; font-weight: 600"
_ASSESSMENT_STYLE = {Assessment.BETTER: _GOOD_STYLE, Assessment.WORSE: _BAD_STYLE}


def topic_styles(rows: pd.DataFrame, table: pd.DataFrame) -> pd.DataFrame:
    """Green or red text where a change or the position against the city is good or bad news."""
    styles = pd.DataFrame("", index=table.index, columns=table.columns)
    for column, assessments in ASSESSED_COLUMNS.items():
        styles[column] = [_ASSESSMENT_STYLE.get(Assessment(a), "") for a in rows[assessments]]
    return styles


def render_topic(topic: str, rows: pd.DataFrame, previous: date | None, earlier: date | None) -> None:
    """One topic: its table (value, changes, city, rank, sparkline, marks) and its definitions and sources."""
    st.subheader(markdown_literal(topic))
    table = topic_table(rows)
    styles = topic_styles(rows, table)
    previous_heading, earlier_heading = change_headings(previous, earlier)
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
                previous_heading,
                width=95,
                help=f"Veränderung gegenüber {format_date(previous)}; bei Anteilen in Prozentpunkten (Pp.). "
                "Grün = günstig, rot = ungünstig nach der Richtung der Kennzahl.",
            ),
            "5 Perioden": st.column_config.TextColumn(
                earlier_heading,
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
    with st.expander(f"Definitionen und Quellen: {markdown_literal(topic)}"):
        for row in rows.itertuples():
            direction = {1: "höher ist günstiger", -1: "niedriger ist günstiger"}.get(row.polarity, "ohne Wertung")
            unit = f" ({markdown_literal(row.unit)})" if row.unit else ""
            st.markdown(
                f"**{markdown_literal(row.name)}**{unit} – {markdown_literal(row.definition)} "
                f"*Quelle:* {markdown_literal(row.source or 'nicht angegeben')}. *Richtung:* {direction}."
            )
