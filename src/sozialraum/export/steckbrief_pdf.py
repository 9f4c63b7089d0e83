"""The Steckbrief of one area as an A4 PDF for council papers, with fpdf2.

It shows what the Steckbrief page shows (``sozialraum.reports.steckbrief`` gathers it for both): header and
locator map, every indicator by topic, charts, budget, outcome goals, definitions and method, and a
footer with source, as-of date, page x/y and, for the demo city, »fiktive Beispieldaten«.

The locator map is drawn as vector polygons, so it needs no browser; the charts are plotly figures
rendered by ``export.images``. Without Chromium the PDF is still produced and says why charts are
missing. The font (DejaVu Sans, shipped in ``fonts/``) covers €, –, ▲ and umlauts on any machine.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

import pandas as pd
from fpdf import FPDF
from fpdf.fonts import FontFace

from sozialraum.analysis.goals import GoalStatus
from sozialraum.analysis.keyfigures import Assessment
from sozialraum.charts.area_figures import HIGHLIGHT_COLOUR, OTHER_FILL
from sozialraum.charts.goals import STATUS_COLOURS
from sozialraum.charts.steckbrief import deviation_chart, trend_figures
from sozialraum.export import images
from sozialraum.formatting import format_date, format_number
from sozialraum.reports.provenance import DEMO_LABEL, definition_text, is_demo, source_line
from sozialraum.reports.steckbrief import LEVEL_LABELS, Steckbrief
from sozialraum.reports.steckbrief_tables import (
    ASSESSED_COLUMNS,
    PROGRESS_NOTE,
    budget_figures,
    budget_table,
    change_headings,
    goals_table,
    topic_notes,
    topic_table,
)

FONT_DIR = Path(__file__).parent / "fonts"
FONT = "DejaVu"
MARGIN = 15.0
CONTENT_WIDTH = 210.0 - 2 * MARGIN
GOOD = (26, 127, 55)
BAD = (198, 40, 40)
GREY = (95, 95, 95)
HEADING_FILL = (236, 240, 245)
ASSESSMENT_COLOURS = {Assessment.BETTER: GOOD, Assessment.WORSE: BAD}
METHOD_NOTES = (
    (
        "Gesamtstadt",
        "Wert der Gesamtstadt aus summierten Zählern und Nennern (gewichtet), nicht als Mittel der Quoten.",
    ),
    (
        "Veränderung",
        "Differenz zum Wert der Vorperiode und zum Wert fünf Perioden früher; bei Anteilen in Prozentpunkten (Pp.). "
        "Grün = günstig, rot = ungünstig nach der Richtung der Kennzahl.",
    ),
    ("Rang", "Rang unter allen Gebieten derselben Ebene: 1 = günstigster Wert (ohne Wertung: 1 = höchster Wert)."),
    (
        "Abstand zum Stadtwert",
        "In Standardabweichungen über alle Gebiete der Ebene; bei Fallzahlen und Einwohnern Abstand zum "
        "Durchschnitt je Gebiet. Günstiger liegt rechts.",
    ),
    ("Wirkungsziele", "Ampel nach dem linearen Trend der letzten Jahre bis zum Zieljahr. " + PROGRESS_NOTE),
    ("Gesperrte Werte", "Werte unter statistischer Geheimhaltung erscheinen als »gesperrt« und zählen nirgends mit."),
)


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    hex_colour = hex_colour.lstrip("#")
    return tuple(int(hex_colour[i : i + 2], 16) for i in (0, 2, 4))  # type: ignore[return-value]


class _Document(FPDF):
    def __init__(self, footer_line: str, title: str) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.footer_line = footer_line
        self.title_text = title
        self.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=20)
        self.set_title(title)
        self.set_creator("Sozialraum-Monitor")
        self.set_lang("de")

    def footer(self) -> None:
        self.set_y(-16)
        self.set_draw_color(200, 200, 200)
        self.line(MARGIN, self.get_y(), 210 - MARGIN, self.get_y())
        self.ln(1)
        self.set_font(FONT, "", 7)
        self.set_text_color(*GREY)
        self.multi_cell(CONTENT_WIDTH - 22, 3.2, self.footer_line, align="L", new_x="RIGHT", new_y="TOP")
        self.set_font(FONT, "B", 7)
        self.cell(22, 3.2, f"Seite {self.page_no()}/{{nb}}", align="R")
        self.set_text_color(0, 0, 0)

    def text_style(self, size: float = 9, bold: bool = False, colour: tuple[int, int, int] = (0, 0, 0)) -> None:
        self.set_font(FONT, "B" if bold else "", size)
        self.set_text_color(*colour)

    def room_left(self) -> float:
        return self.page_break_trigger - self.get_y()

    def ensure_room(self, height: float) -> None:
        if self.room_left() < height:
            self.add_page()

    def heading(self, text: str, room_after: float = 25) -> None:
        """A section heading that never stands alone at the bottom of a page."""
        self.ensure_room(10 + room_after)
        self.ln(3)
        self.text_style(12, bold=True, colour=_rgb(HIGHLIGHT_COLOUR))
        self.cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
        self.set_draw_color(*_rgb(HIGHLIGHT_COLOUR))
        self.line(MARGIN, self.get_y(), 210 - MARGIN, self.get_y())
        self.ln(2)
        self.text_style()

    def paragraph(
        self, text: str, size: float = 8, colour: tuple[int, int, int] = GREY, markdown: bool = False
    ) -> None:
        self.text_style(size, colour=colour)
        self.multi_cell(0, size * 0.48, text, markdown=markdown, align="L", new_x="LMARGIN", new_y="NEXT")
        self.text_style()


def steckbrief_pdf(steckbrief: Steckbrief, *, with_charts: bool = True, created: datetime | None = None) -> bytes:
    """The Steckbrief as PDF bytes (A4 portrait, German)."""
    created = created or datetime.now()
    area = steckbrief.area
    document = _Document(
        f"{source_line(steckbrief.info)} · Steckbrief {area.name} ({LEVEL_LABELS[area.level]} {area.key}), "
        f"Stichtag {format_date(steckbrief.period)} · erstellt am {format_date(created.date())}",
        f"Steckbrief {area.name} {steckbrief.year}",
    )
    document.add_page()
    _header(document, steckbrief)
    # One set of column widths for all topics, so the tables line up from page to page.
    headings = _topic_headings(steckbrief)
    everything = topic_table(steckbrief.rows).drop(columns="Verlauf").astype(str).to_numpy().tolist()
    widths = _column_widths(document, headings, everything, flexible=0)
    for topic, rows in steckbrief.rows.groupby("topic", sort=False):
        _topic(document, str(topic), rows, headings, widths)
    if with_charts:
        _charts(document, steckbrief)
    _budget(document, steckbrief)
    _goals(document, steckbrief)
    _definitions(document, steckbrief)
    return bytes(document.output())


def _header(document: _Document, steckbrief: Steckbrief) -> None:
    area = steckbrief.area
    document.text_style(8, bold=True, colour=GREY)
    document.cell(0, 5, f"Steckbrief {steckbrief.year}", new_x="LMARGIN", new_y="NEXT")
    document.text_style(18, bold=True)
    document.multi_cell(0, 8, area.label, new_x="LMARGIN", new_y="NEXT")
    in_district = f" · Bezirk {area.district}" if area.district and area.level != "district" else ""
    document.text_style(9, colour=GREY)
    document.cell(
        0,
        6,
        f"{LEVEL_LABELS[area.level]} {area.key}{in_district} · Stichtag {format_date(steckbrief.period)}",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    if is_demo(steckbrief.info):
        document.set_fill_color(255, 236, 204)
        document.text_style(8, bold=True, colour=(153, 76, 0))
        document.cell(
            document.get_string_width(f"Musterstadt – {DEMO_LABEL}") + 6,
            6,
            f"Musterstadt – {DEMO_LABEL}",
            fill=True,
            align="C",
            new_x="LMARGIN",
            new_y="NEXT",
        )
    document.ln(3)
    top = document.get_y()
    map_width, map_height = 70.0, 58.0
    _locator_map(document, steckbrief, 210 - MARGIN - map_width, top, map_width, map_height)
    document.set_xy(MARGIN, top)
    _facts(document, steckbrief, CONTENT_WIDTH - map_width - 6)
    document.set_y(max(document.get_y(), top + map_height) + 2)


def _facts(document: _Document, steckbrief: Steckbrief, width: float) -> None:
    area_km2 = steckbrief.area.area_km2
    facts = [
        ("Einwohner", format_number(steckbrief.population)),
        ("Fläche", f"{format_number(area_km2, 2)}\u00a0km²" if area_km2 else "–"),
        ("Einwohner je km²", format_number(steckbrief.density)),
    ]
    box = (width - 4) / 3
    top = document.get_y()
    for number, (label, value) in enumerate(facts):
        x = MARGIN + number * (box + 2)
        document.set_draw_color(210, 210, 210)
        document.rect(x, top, box, 17)
        document.set_xy(x + 2, top + 2)
        document.text_style(7.5, colour=GREY)
        document.cell(box - 4, 4, label)
        document.set_xy(x + 2, top + 7.5)
        document.text_style(13, bold=True)
        document.cell(box - 4, 7, value)
    document.set_xy(MARGIN, top + 20)
    rank_count = int(steckbrief.rows["rank_count"].max()) if steckbrief.rows["rank_count"].notna().any() else 0
    document.text_style(7.5, colour=GREY)
    document.multi_cell(
        width,
        3.6,
        "Je Kennzahl: Wert zum letzten Stichtag des Jahres, Veränderung gegenüber den eigenen früheren Stichtagen, "
        + (
            ""
            if steckbrief.is_city
            else "Gesamtstadt (gewichtet aus Zählern und Nennern; bei Anzahlen die Summe), "
            f"Rang unter allen {rank_count} Gebieten der Ebene {LEVEL_LABELS[steckbrief.area.level]} "
            "(1 = günstigster Wert). "
        )
        + "Grün = günstig, rot = ungünstig nach der Richtung der Kennzahl. Fehlende Werte: Hinweise unter der "
        "Tabelle. Definitionen und Quellen stehen am Ende.",
        align="L",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    document.text_style()


def _locator_map(document: _Document, steckbrief: Steckbrief, x: float, y: float, width: float, height: float) -> None:
    """All areas of the level in grey, the profiled one in blue, scaled to keep the city's shape."""
    outlines = steckbrief.outlines
    if outlines.empty:
        return
    min_x, min_y, max_x, max_y = outlines.total_bounds
    stretch = math.cos(math.radians((min_y + max_y) / 2))  # degrees of longitude are shorter
    span_x, span_y = (max_x - min_x) * stretch, max_y - min_y
    scale = min(width / span_x, height / span_y) if span_x and span_y else 1.0
    offset_x = x + (width - span_x * scale) / 2
    offset_y = y + (height - span_y * scale) / 2

    def points(ring: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
        return [(offset_x + (lon - min_x) * stretch * scale, offset_y + (max_y - lat) * scale) for lon, lat, *_ in ring]

    document.set_line_width(0.2)
    document.set_draw_color(255, 255, 255)
    chosen = outlines["id"] == steckbrief.area.id
    for frame, colour in ((outlines[~chosen], OTHER_FILL), (outlines[chosen], HIGHLIGHT_COLOUR)):
        document.set_fill_color(*_rgb(colour))
        for geometry in frame.geometry:
            if geometry is None or geometry.is_empty:
                continue
            for polygon in getattr(geometry, "geoms", [geometry]):
                document.polygon(points(polygon.exterior.coords), style="DF")
    document.set_fill_color(255, 255, 255)


def _table_style() -> dict:
    return {
        "headings_style": FontFace(emphasis="BOLD", fill_color=HEADING_FILL, size_pt=7.5),
        "cell_fill_color": (248, 249, 251),
        "cell_fill_mode": "ROWS",
        "line_height": 4.2,
        "borders_layout": "HORIZONTAL_LINES",
        "padding": (0.8, 1.2, 0.8, 1.2),
        "width": CONTENT_WIDTH,
    }


def _column_widths(
    document: _Document, headings: Sequence[str], rows: Sequence[Sequence[str]], flexible: int, cap: float = 30
) -> tuple[float, ...]:
    """Columns as wide as their longest cell (headings may wrap between words, cells should not), up to
    ``cap``; the ``flexible`` column (names, titles) takes the rest and wraps."""
    padding = 2.4 + 2 * 1.2  # the table's own padding plus fpdf's cell margins
    widths = []
    for number, heading in enumerate(headings):
        document.set_font(FONT, "B", 7.5)
        widest = max(document.get_string_width(word) for word in str(heading).split() or [""])
        document.set_font(FONT, "B", 7)  # coloured cells are bold
        widest = max([widest, *(document.get_string_width(str(row[number])) for row in rows)])
        widths.append(min(widest + padding, cap))
    fixed = sum(widths) - widths[number := flexible]
    room = CONTENT_WIDTH - fixed
    minimum = 40.0
    if room < minimum:  # shrink the others proportionally; their cells wrap
        factor = (CONTENT_WIDTH - minimum) / fixed
        widths = [w * factor for w in widths]
        room = minimum
    widths[number] = room
    document.text_style(7)
    return tuple(widths)


def _topic_headings(steckbrief: Steckbrief) -> list[str]:
    previous, earlier = change_headings(steckbrief.previous, steckbrief.earlier)
    return ["Kennzahl", "Wert", previous, earlier, "Gesamtstadt", "ggü. Stadt", "Rang"]


def _topic(document: _Document, topic: str, rows: pd.DataFrame, headings: list[str], widths: tuple[float, ...]) -> None:
    document.heading(topic, room_after=4.2 * 3 + 6)
    table = topic_table(rows).drop(columns="Verlauf")
    document.set_draw_color(215, 215, 215)
    document.text_style(7)
    with document.table(
        col_widths=widths,
        text_align=("LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "LEFT", "RIGHT"),
        **_table_style(),
    ) as pdf_table:
        heading_row = pdf_table.row()
        for heading in headings:
            heading_row.cell(heading)
        for (_, shown), (_, row) in zip(table.iterrows(), rows.iterrows(), strict=True):
            pdf_row = pdf_table.row()
            for column in table.columns:
                assessed = ASSESSED_COLUMNS.get(column)
                colour = ASSESSMENT_COLOURS.get(Assessment(row[assessed])) if assessed else None
                pdf_row.cell(str(shown[column]), style=FontFace(color=colour, emphasis="BOLD") if colour else None)
    document.text_style()
    # Why a value is missing or how it was computed, as the page's »Hinweis« column says it.
    notes = [f"{name}: {note}" for name, note in zip(rows["name"], topic_notes(rows), strict=True) if note]
    if notes:
        document.paragraph("Hinweise: " + " · ".join(notes), size=6.5)


def _charts(document: _Document, steckbrief: Steckbrief) -> None:
    trends = trend_figures(steckbrief)
    deviation = deviation_chart(steckbrief)
    if not trends and deviation is None:
        return
    if not images.static_images_available():
        _charts_missing(document, images.unavailable_message())
        return
    try:
        if trends:
            document.heading("Entwicklung wichtiger Kennzahlen", room_after=60)
            _chart_grid(document, trends)
        if deviation is not None:
            _deviation(document, deviation)
    except images.StaticImagesUnavailableError as error:  # the browser vanished since the check
        _charts_missing(document, str(error))


def _charts_missing(document: _Document, reason: str) -> None:
    document.heading("Diagramme", room_after=12)
    document.paragraph("Diagramme fehlen in diesem PDF: " + reason.replace("`", ""), size=8.5, colour=BAD)


def _deviation(document: _Document, figure) -> None:  # a plotly Figure
    rows = len(figure.data[0].y) if figure.data else 10
    height_px = 90 + 19 * rows  # tighter than on screen, so the chart shares a page with the trends
    figure.update_layout(title=None, margin={"t": 30}, height=height_px)
    image = images.figure_image(figure, "png", width=1000, height=height_px, scale=2)
    height = CONTENT_WIDTH * height_px / 1000
    document.heading("Abstand zum Stadtwert", room_after=height + 8)
    document.image(image, x=MARGIN, w=CONTENT_WIDTH)
    document.paragraph(METHOD_NOTES[3][1], size=7.5)


def _chart_grid(document: _Document, figures: list) -> None:
    """Trend charts two per row; the first image raises when there is no browser."""
    width_px, height_px = 620, 350
    column_width = (CONTENT_WIDTH - 6) / 2
    row_height = column_width * height_px / width_px
    for start in range(0, len(figures), 2):
        document.ensure_room(row_height + 2)
        top = document.get_y()
        for column, figure in enumerate(figures[start : start + 2]):
            figure.update_layout(height=height_px, margin={"l": 10, "r": 10, "t": 70, "b": 10}, font={"size": 15})
            image = images.figure_image(figure, "png", width=width_px, height=height_px, scale=2)
            document.image(image, x=MARGIN + column * (column_width + 6), y=top, w=column_width)
        document.set_y(top + row_height + 3)
    document.paragraph("Durchgezogen: das Gebiet; gestrichelt: die Gesamtstadt. Lücken: kein Wert.", size=7.5)


def _budget(document: _Document, steckbrief: Steckbrief) -> None:
    budget = steckbrief.budget
    document.heading(f"Budget {budget.year}", room_after=30)
    if budget.note:
        document.paragraph(budget.note)
    if budget.lines.empty:
        document.paragraph(f"Für {budget.year} liegen zu diesem Gebiet keine Budgetdaten vor.", size=9)
        return
    figures = budget_figures(budget)
    box = (CONTENT_WIDTH - 6) / 4
    top = document.get_y()
    for number, (label, value) in enumerate(figures.items()):
        x = MARGIN + number * (box + 2)
        document.set_draw_color(210, 210, 210)
        document.rect(x, top, box, 15)
        document.set_xy(x + 2, top + 1.5)
        document.text_style(7.5, colour=GREY)
        document.cell(box - 4, 4, label)
        document.set_xy(x + 2, top + 6.5)
        colour = (0, 0, 0)
        if label == "Ist":
            colour = BAD if budget.total["actual"] > budget.total["planned"] else GOOD
        document.text_style(11.5, bold=True, colour=colour)
        document.cell(box - 4, 6, value)
    document.set_xy(MARGIN, top + 17)
    table = budget_table(budget)
    widths = _column_widths(document, list(table.columns), table.astype(str).to_numpy().tolist(), flexible=0)
    with document.table(
        col_widths=widths,
        text_align=("LEFT", "LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "RIGHT"),
        **_table_style(),
    ) as pdf_table:
        heading_row = pdf_table.row()
        for heading in table.columns:
            heading_row.cell(heading)
        for _, line in table.iterrows():
            pdf_row = pdf_table.row()
            for value in line:
                pdf_row.cell(str(value))
    document.text_style()


def _goals(document: _Document, steckbrief: Steckbrief) -> None:
    document.heading("Wirkungsziele", room_after=30)
    if steckbrief.goals.empty:
        document.paragraph(
            "Für dieses Gebiet, seine übergeordneten Gebiete und die Gesamtstadt sind keine Wirkungsziele hinterlegt.",
            size=9,
        )
        return
    table = goals_table(steckbrief.goals, steckbrief.catalogue)
    rows = table.astype(str).to_numpy().tolist()
    widths = _column_widths(document, list(table.columns), rows, flexible=0, cap=24)
    with document.table(
        col_widths=widths,
        text_align=("LEFT", "LEFT", "LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT"),
        **_table_style(),
    ) as pdf_table:
        heading_row = pdf_table.row()
        for heading in table.columns:
            heading_row.cell(heading)
        for _, goal in table.iterrows():
            pdf_row = pdf_table.row()
            for column, value in goal.items():
                style = None
                if column == "Status" and value in set(GoalStatus):
                    style = FontFace(color=_rgb(STATUS_COLOURS[GoalStatus(value)]), emphasis="BOLD")
                pdf_row.cell(str(value), style=style)
    document.ln(1.5)
    document.paragraph(PROGRESS_NOTE, size=7.5)


def _definitions(document: _Document, steckbrief: Steckbrief) -> None:
    document.heading("Definitionen und Quellen", room_after=20)
    catalogue = steckbrief.catalogue
    for topic, group in catalogue.groupby("topic", sort=False):
        document.ensure_room(14)
        document.text_style(8.5, bold=True)
        document.cell(0, 5, str(topic), new_x="LMARGIN", new_y="NEXT")
        for _, meta in group.iterrows():
            document.ensure_room(8)
            # Names and definitions come from imports: written as plain text, never through fpdf2's markdown,
            # which would turn »[text](http://…)« into a live link and »**« into bold.
            document.text_style(7.5, bold=True)
            document.write(3.6, str(meta["name"]))
            document.text_style(7.5)
            document.write(3.6, f" – {definition_text(meta)}")
            document.ln(3.6)
            document.ln(0.6)
    document.heading("Methode", room_after=20)
    for label, text in METHOD_NOTES:
        document.text_style(7.5)
        document.multi_cell(0, 3.6, f"**{label}:** {text}", markdown=True, align="L", new_x="LMARGIN", new_y="NEXT")
        document.ln(0.6)
