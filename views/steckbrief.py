"""Steckbrief: one social space (or district, or planning area) in full for the selected year."""

import streamlit as st

from sozialraum.charts.profile import locator_map_figure
from sozialraum.export.steckbrief_pdf import steckbrief_pdf
from sozialraum.export.tables import MONEY, TEXT
from sozialraum.formatting import format_date, format_number
from sozialraum.reports.steckbrief import LEVEL_LABELS as PROFILE_LEVEL_LABELS
from sozialraum.reports.steckbrief import SteckbriefError
from sozialraum.reports.steckbrief_tables import (
    PROGRESS_NOTE,
    budget_export_frame,
    budget_figures,
    budget_overrun_text,
    budget_table,
    goals_table,
    profile_export_frame,
)
from sozialraum.ui import profile_data
from sozialraum.ui.area_choice import LEVEL_LABELS, choose_area, choose_level
from sozialraum.ui.components import demo_badge, is_demo, page_context, source_footer
from sozialraum.ui.deck import add_to_deck_button
from sozialraum.ui.exports import chart_downloads, file_stem, image_notice, table_downloads
from sozialraum.ui.markup import markdown_literal, markdown_literal_frame
from sozialraum.ui.profile_view import city_area, render_topic

url, info, selection = page_context()

st.title(f"Steckbrief {selection.year}")
demo_badge(info)
level_column, area_column = st.columns([1, 2])
with level_column:
    level = level_pick = choose_level("steckbrief")
with area_column:
    area = choose_area(url, level, selection, "steckbrief")
if area is None:
    # Nothing chosen (Gesamtstadt in the sidebar): the city profile, the whole city's figures.
    area = city_area(url, selection)
    if area is None:
        st.info(f"Der Steckbrief zeigt ein Gebiet im Detail. Bitte oben einen {LEVEL_LABELS[level]} wählen.")
        source_footer(info)
        st.stop()
    level = "city"
    st.caption(
        "Ohne Auswahl eines Gebiets zeigt der Steckbrief die Gesamtstadt; oben lässt sich ein "
        f"{LEVEL_LABELS[level_pick]} wählen."
    )

try:
    profile = profile_data.steckbrief(url, level, area.key, selection.period, selection.year)
except SteckbriefError as error:
    st.error(markdown_literal(error))
    source_footer(info)
    st.stop()
rows, catalogue = profile.rows, profile.catalogue
stem = file_stem("steckbrief", area.key, selection.year, "fiktive-beispieldaten" if is_demo(info) else "")

# Header: who, how many, how big, where; the PDF beside the name.
name_column, actions_column = st.columns([3, 2], vertical_alignment="bottom")
name_column.header(markdown_literal(area.label))
actions = actions_column.container(horizontal=True, horizontal_alignment="right")
actions.download_button(
    "PDF herunterladen",
    lambda: steckbrief_pdf(profile),
    file_name=f"{stem}.pdf",
    mime="application/pdf",
    key="steckbrief_pdf",
    icon=":material/picture_as_pdf:",
    on_click="ignore",
    type="primary",
    help="Der Steckbrief als A4-PDF (Kennzahlen, Karte, Diagramme, Budget, Wirkungsziele, Definitionen, Quelle).",
)
with actions:
    add_to_deck_button(
        "steckbrief", {"ebene": level, "gebiet": area.key, "jahr": selection.year}, f"Steckbrief {area.label}"
    )
image_notice("Das PDF entsteht ohne Diagramme, Bilder der Diagramme fehlen: ")
facts, locator = st.columns([3, 2])
with facts:
    in_district = (
        f" · Bezirk {markdown_literal(profile.area.district)}" if profile.area.district and level != "district" else ""
    )
    level_name = PROFILE_LEVEL_LABELS.get(level, level)
    st.caption(f"{level_name} {markdown_literal(area.key)}{in_district} · Stichtag {format_date(selection.period)}")
    first, second, third = st.columns(3)
    first.metric("Einwohner", format_number(profile.population), border=True)
    area_km2 = profile.area.area_km2
    # Whole square kilometres for large areas: »890,67 km²« does not fit the card.
    area_text = f"{format_number(area_km2, 2 if area_km2 and area_km2 < 100 else 0)}\u00a0km²" if area_km2 else "–"
    second.metric("Fläche", area_text, border=True)
    third.metric("Einwohner je km²", format_number(profile.density), border=True)
    ranked = int(rows["rank_count"].max()) if rows["rank_count"].notna().any() else 0
    rank_note = f"Rang unter allen {ranked} Gebieten der Ebene {level_name}"
    compared = (
        ""
        if profile.is_city
        else f"Gesamtstadt (gewichtet aus Zählern und Nennern; bei Anzahlen die Summe), {rank_note} "
        "(1 = günstigster Wert), "
    )
    st.caption(
        f"Je Kennzahl: Wert zum letzten Stichtag des Jahres, Veränderung gegenüber den eigenen früheren Stichtagen "
        f"der Kennzahl, {compared}Verlauf aller Jahre. :green[Grün = günstig], :red[rot = ungünstig] nach der "
        "Richtung der Kennzahl. Fehlt ein Wert, nennt die Spalte »Hinweis« den Grund. Definition und Quelle "
        "stehen im aufklappbaren Abschnitt unter jeder Tabelle."
    )
with locator:
    locator_figure = locator_map_figure(profile.outlines, [area.id])
    st.plotly_chart(locator_figure, width="stretch", key="locator_map", config={"displayModeBar": False})
    chart_downloads(locator_figure, file_stem("lage", area.key), "locator_map", info, width=700)

# Every indicator, grouped by topic.
for number, (topic, topic_rows) in enumerate(rows.groupby("topic", sort=False)):
    render_topic(str(topic), topic_rows, profile.previous, profile.earlier, profile.is_city)
    table_downloads(
        profile_export_frame(topic_rows, area.key, area.name),
        file_stem(stem, topic),
        f"topic_{number}",
        info,
        formats={"Gebiet": TEXT},
        catalogue=catalogue,
        indicator_keys=topic_rows["indicator_key"],
        method=[("Gesamtstadt", "aus summierten Zählern und Nennern (gewichtet)"), ("Rang", rank_note)],
        sheet_name=str(topic)[:31],
    )

# Budget: budgets are kept per social space, so a planning area shows its social space's budget.
st.subheader(f"Budget {selection.year}")
budget = profile.budget
if budget.note:
    st.caption(markdown_literal(budget.note))
if budget.lines.empty:
    st.info(f"Für {selection.year} liegen zu diesem Gebiet keine Budgetdaten vor.")
else:
    cards = budget_figures(budget)
    planned_col, actual_col, rate_col, resident_col = st.columns(4)
    planned_col.metric("Ansatz (Soll)", cards["Ansatz (Soll)"], border=True)
    actual_col.metric(
        "Ist",
        cards["Ist"],
        delta=(overrun := budget_overrun_text(budget)),
        delta_color="red" if overrun and budget.total["actual"] > budget.total["planned"] else "green",
        border=True,
    )
    rate_col.metric("Ausschöpfung", cards["Ausschöpfung"], border=True, help="Ist in % des Ansatzes.")
    resident_col.metric(
        "Ist je Einwohner",
        cards["Ist je Einwohner"],
        border=True,
        help="Ist aller Produkte geteilt durch die Einwohnerzahl am Stichtag.",
    )
    budget_frame = budget_table(budget)
    st.dataframe(budget_frame, hide_index=True, width="stretch", key="budget_by_aid")
    table_downloads(
        budget_export_frame(budget),
        file_stem("budget", area.key, selection.year),
        "budget_by_aid",
        info,
        formats={column: MONEY for column in ("Ansatz (€)", "Ist (€)", "Ist je Einwohner (€)", "Kosten je Fall (€)")},
        method=[("Ist je Einwohner", "Ist geteilt durch die Einwohnerzahl am Stichtag")]
        + ([("Gebiet", budget.note)] if budget.note else []),
        sheet_name="Budget",
    )

# Outcome goals set for this area, the areas above it and the whole city.
st.subheader("Wirkungsziele")
if profile.goals.empty:
    st.info("Für dieses Gebiet, seine übergeordneten Gebiete und die Gesamtstadt sind keine Wirkungsziele hinterlegt.")
else:
    goals_frame = goals_table(profile.goals, catalogue)
    # A static table: goal titles are long and must wrap rather than be cut off.
    st.table(markdown_literal_frame(goals_frame.set_index("Wirkungsziel")))
    st.caption(PROGRESS_NOTE)
    table_downloads(
        goals_frame,
        file_stem("wirkungsziele", area.key, selection.year),
        "goals",
        info,
        catalogue=catalogue,
        indicator_keys=set(profile.goals["indicator_key"]),
        method=[("Fortschritt", PROGRESS_NOTE)],
        sheet_name="Wirkungsziele",
    )

source_footer(info)
