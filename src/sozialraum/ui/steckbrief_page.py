"""The Steckbrief page's sections, each rendering a part of one ``reports.steckbrief.Steckbrief``.

Nothing here computes a figure: the report holds them, and the PDF, the CLI and the slide render the same.
"""

from __future__ import annotations

import streamlit as st

from sozialraum.charts.area_figures import locator_map_figure
from sozialraum.export.steckbrief_pdf import steckbrief_pdf
from sozialraum.export.tables import MONEY, TEXT
from sozialraum.formatting import format_date, format_number
from sozialraum.reports.source import Source
from sozialraum.reports.steckbrief import LEVEL_LABELS, Steckbrief, SteckbriefParams, build
from sozialraum.reports.steckbrief_tables import (
    PROGRESS_NOTE,
    budget_export_frame,
    budget_figures,
    budget_overrun_text,
    budget_table,
    goals_table,
    steckbrief_export_frame,
)
from sozialraum.ui.data import TTL_SECONDS
from sozialraum.ui.deck import add_to_deck_button
from sozialraum.ui.exports import chart_downloads, file_stem, image_notice, table_downloads
from sozialraum.ui.markup import markdown_literal, markdown_literal_frame
from sozialraum.ui.source import CachedSource
from sozialraum.ui.steckbrief_sections import render_topic


# Each entry holds the level's values (2 MB for 51 planning areas): bounded, not one per area ever visited.
@st.cache_data(ttl=TTL_SECONDS, max_entries=24, show_spinner="Steckbrief wird zusammengestellt …")
def steckbrief(url: str, params: SteckbriefParams) -> Steckbrief:
    """The report the page shows, built from the cached reads (the PDF, the CLI and the slide build the same)."""
    source: Source = CachedSource(url)
    return build(source, params)


def header(report: Steckbrief, stem: str) -> None:
    """The area's name, the PDF and »Zur Sitzungsmappe« beside it."""
    name_column, actions_column = st.columns([3, 2], vertical_alignment="bottom")
    name_column.header(markdown_literal(report.area.label))
    actions = actions_column.container(horizontal=True, horizontal_alignment="right")
    actions.download_button(
        "PDF herunterladen",
        lambda: steckbrief_pdf(report),
        file_name=f"{stem}.pdf",
        mime="application/pdf",
        key="steckbrief_pdf",
        icon=":material/picture_as_pdf:",
        on_click="ignore",
        type="primary",
        help="Der Steckbrief als A4-PDF (Kennzahlen, Karte, Diagramme, Budget, Wirkungsziele, Definitionen, Quelle).",
    )
    with actions:
        params = report.params or SteckbriefParams(report.area.level, report.area.key, report.year)
        add_to_deck_button("steckbrief", params.to_query(), f"Steckbrief {report.area.label}")
    image_notice("Das PDF entsteht ohne Diagramme, Bilder der Diagramme fehlen: ")


def rank_note(report: Steckbrief) -> str:
    return f"Rang unter allen {report.rank_count} Gebieten der Ebene {LEVEL_LABELS.get(report.area.level)}"


def facts(report: Steckbrief, info: dict[str, str]) -> None:
    """Who, how many, how big, where: the cards and the locator map."""
    area = report.area
    facts_column, locator = st.columns([3, 2])
    with facts_column:
        in_district = (
            f" · Bezirk {markdown_literal(area.district)}" if area.district and area.level != "district" else ""
        )
        level_name = LEVEL_LABELS.get(area.level, area.level)
        st.caption(f"{level_name} {markdown_literal(area.key)}{in_district} · Stichtag {format_date(report.period)}")
        first, second, third = st.columns(3)
        first.metric("Einwohner", format_number(report.population), border=True)
        area_km2 = area.area_km2
        # Whole square kilometres for large areas: »890,67 km²« does not fit the card.
        area_text = f"{format_number(area_km2, 2 if area_km2 and area_km2 < 100 else 0)}\u00a0km²" if area_km2 else "–"
        second.metric("Fläche", area_text, border=True)
        third.metric("Einwohner je km²", format_number(report.density), border=True)
        compared = (
            ""
            if report.is_city
            else f"Gesamtstadt (gewichtet aus Zählern und Nennern; bei Anzahlen die Summe), {rank_note(report)} "
            "(1 = günstigster Wert), "
        )
        st.caption(
            "Je Kennzahl: Wert zum letzten Stichtag des Jahres, Veränderung gegenüber den eigenen früheren "
            f"Stichtagen der Kennzahl, {compared}Verlauf aller Jahre. :green[Grün = günstig], :red[rot = ungünstig] "
            "nach der Richtung der Kennzahl. Fehlt ein Wert, nennt die Spalte »Hinweis« den Grund. Definition und "
            "Quelle stehen im aufklappbaren Abschnitt unter jeder Tabelle."
        )
    with locator:
        locator_figure = locator_map_figure(report.outlines, [area.id])
        st.plotly_chart(locator_figure, width="stretch", key="locator_map", config={"displayModeBar": False})
        chart_downloads(locator_figure, file_stem("lage", area.key), "locator_map", info, width=700)


def topics(report: Steckbrief, stem: str, info: dict[str, str]) -> None:
    """Every indicator, grouped by topic, each table with its downloads."""
    for number, (topic, topic_rows) in enumerate(report.rows.groupby("topic", sort=False)):
        render_topic(str(topic), topic_rows, report.previous, report.earlier, report.is_city)
        table_downloads(
            steckbrief_export_frame(topic_rows, report.area.key, report.area.name),
            file_stem(stem, topic),
            f"topic_{number}",
            info,
            formats={"Gebiet": TEXT},
            catalogue=report.catalogue,
            indicator_keys=topic_rows["indicator_key"],
            method=[("Gesamtstadt", "aus summierten Zählern und Nennern (gewichtet)"), ("Rang", rank_note(report))],
            sheet_name=str(topic)[:31],
        )


def budget(report: Steckbrief, info: dict[str, str]) -> None:
    """Budgets are kept per social space, so a planning area shows its social space's budget."""
    st.subheader(f"Budget {report.year}")
    part = report.budget
    if part.note:
        st.caption(markdown_literal(part.note))
    if part.lines.empty:
        st.info(f"Für {report.year} liegen zu diesem Gebiet keine Budgetdaten vor.")
        return
    cards = budget_figures(part)
    planned_col, actual_col, rate_col, resident_col = st.columns(4)
    planned_col.metric("Ansatz (Soll)", cards["Ansatz (Soll)"], border=True)
    actual_col.metric(
        "Ist",
        cards["Ist"],
        delta=(overrun := budget_overrun_text(part)),
        delta_color="red" if overrun and part.total["actual"] > part.total["planned"] else "green",
        border=True,
    )
    rate_col.metric("Ausschöpfung", cards["Ausschöpfung"], border=True, help="Ist in % des Ansatzes.")
    resident_col.metric(
        "Ist je Einwohner",
        cards["Ist je Einwohner"],
        border=True,
        help="Ist aller Produkte geteilt durch die Einwohnerzahl am Stichtag.",
    )
    st.dataframe(budget_table(part), hide_index=True, width="stretch", key="budget_by_aid")
    table_downloads(
        budget_export_frame(part),
        file_stem("budget", report.area.key, report.year),
        "budget_by_aid",
        info,
        formats={column: MONEY for column in ("Ansatz (€)", "Ist (€)", "Ist je Einwohner (€)", "Kosten je Fall (€)")},
        method=[("Ist je Einwohner", "Ist geteilt durch die Einwohnerzahl am Stichtag")]
        + ([("Gebiet", part.note)] if part.note else []),
        sheet_name="Budget",
    )


def goals(report: Steckbrief, info: dict[str, str]) -> None:
    """Outcome goals set for this area, the areas above it and the whole city, as on the Wirkungsziele page."""
    st.subheader("Wirkungsziele")
    if report.goals.empty:
        st.info(
            "Für dieses Gebiet, seine übergeordneten Gebiete und die Gesamtstadt sind keine Wirkungsziele hinterlegt."
        )
        return
    goals_frame = goals_table(report.goals, report.catalogue)
    # A static table: goal titles are long and must wrap rather than be cut off.
    st.table(markdown_literal_frame(goals_frame.set_index("Wirkungsziel")))
    st.caption(PROGRESS_NOTE)
    table_downloads(
        goals_frame,
        file_stem("wirkungsziele", report.area.key, report.year),
        "goals",
        info,
        catalogue=report.catalogue,
        indicator_keys=set(report.goals["indicator_key"]),
        method=[("Fortschritt", PROGRESS_NOTE)],
        sheet_name="Wirkungsziele",
    )
