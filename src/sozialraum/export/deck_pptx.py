"""A Sitzungsmappe as a PowerPoint file (16:9): a title slide, then one slide per view.

Each view slide carries its title, the chart as a PNG (or a native table for table views), a footer
with source, as-of date and method, and speaker notes with the figures. Without a Chromium for the
chart images the deck is still written: charts are replaced by their table or their figures as text
and a German note, so a council paper never fails for want of a browser on the server.
"""

from __future__ import annotations

import io
import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import pandas as pd
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from sozialraum.export.images import StaticImagesUnavailableError, figure_image
from sozialraum.formatting import format_date

if TYPE_CHECKING:  # export renders what the slides made; it imports neither slides nor store at run time
    from sozialraum.slides import RenderedSlide

SLIDE_WIDTH, SLIDE_HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.5)
CONTENT_TOP, CONTENT_HEIGHT = Inches(1.55), Inches(5.05)
FOOTER_TOP = Inches(6.72)
# 1,100 CSS pixels across 12.3 inches: the slide type of 18 px lands at about 15 pt on the slide (1,500 gave
# 10 pt, too small for the back of the room); scale 2 keeps it sharp on a projector.
IMAGE_WIDTH_PX = 1100
_NUMBER_START = re.compile(r"^[+\-−–]?\d")
# Average width of a character of the slide font (digits of DejaVu/Calibri are wider than half an em).
CHARACTER_EM = 0.62
CELL_PADDING = Inches(0.2)
MAX_TABLE_ROWS = 14  # more rows would need a type size nobody can read from the back of the room
# Two footer lines at 10 pt; the full method text goes into the speaker notes.
MAX_METHOD_CHARS = 190
DARK = RGBColor(0x1B, 0x1F, 0x24)
GREY = RGBColor(0x59, 0x5F, 0x66)
ACCENT = RGBColor(0x1F, 0x4E, 0x79)
DEMO_COLOUR = RGBColor(0xB3, 0x5C, 0x00)
HEADER_FILL = RGBColor(0x1F, 0x4E, 0x79)
STRIPE_FILL = RGBColor(0xF2, 0xF5, 0xF8)
PPTX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


@dataclass(frozen=True)
class DeckSlideContent:
    """A rendered slide and the presenter's own note stored with it."""

    slide: RenderedSlide
    speaker_note: str | None = None


def _text(frame, text: str, size: int, colour: RGBColor = DARK, bold: bool = False) -> None:
    frame.word_wrap = True
    paragraph = frame.paragraphs[0]
    paragraph.text = text
    for run in paragraph.runs:
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.color.rgb = colour


def _add_textbox(slide, left: int, top: int, width: int, height: int, text: str, size: int, **style):
    box = slide.shapes.add_textbox(left, top, width, height)
    _text(box.text_frame, text, size, **style)
    return box


def _add_lines(slide, left: int, top: int, width: int, height: int, lines: Sequence[str], size: int) -> None:
    frame = slide.shapes.add_textbox(left, top, width, height).text_frame
    frame.word_wrap = True
    for number, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if number == 0 else frame.add_paragraph()
        paragraph.text = line
        paragraph.space_after = Pt(6)
        for run in paragraph.runs:
            run.font.size = Pt(size)
            run.font.color.rgb = DARK


def _is_number_column(values: pd.Series) -> bool:
    """Figures (\"24,5 %\", \"+0,8 Pp.\", \"2 von 16\") are right-aligned; words stay left."""
    texts = [str(v) for v in values if v is not None and str(v).strip() not in ("", "–", "-")]
    return bool(texts) and sum(_NUMBER_START.match(t) is not None for t in texts) >= 0.8 * len(texts)


def _column_widths(table: pd.DataFrame, width: int, size: int) -> list[int] | None:
    """Figures get the width of their longest value (a wrapped »946.367 / €« is unreadable); the header may
    wrap between words. Text columns share what is left in proportion to their longest value and wrap.
    None when the figures alone do not fit at this type size."""
    character = Pt(size) * CHARACTER_EM
    padding = CELL_PADDING
    numeric = [_is_number_column(table[name]) for name in table.columns]
    needs = []
    for name, is_number in zip(table.columns, numeric, strict=True):
        longest_value = max([len(str(value)) for value in table[name]] + [1])
        longest_word = max(len(word) for word in str(name).split()) if str(name).split() else 1
        needs.append(max(longest_value, longest_word) if is_number else min(max(longest_value, longest_word), 40))
    fixed = sum(int(need * character + padding) for need, is_number in zip(needs, numeric, strict=True) if is_number)
    text_needs = [need for need, is_number in zip(needs, numeric, strict=True) if not is_number]
    left_over = width - fixed
    if left_over < len(text_needs) * Inches(0.9):
        return None
    widths = [
        int(need * character + padding) if is_number else int(left_over * need / sum(text_needs))
        for need, is_number in zip(needs, numeric, strict=True)
    ]
    if not text_needs:  # only figures: spread the spare room evenly
        spare = (width - sum(widths)) // len(widths)
        widths = [column + spare for column in widths]
    widths[-1] += width - sum(widths)
    return widths


def _lines_needed(row: Sequence[object], widths: Sequence[int], size: int) -> int:
    """Lines the tallest cell of ``row`` wraps into, word by word as PowerPoint and LibreOffice wrap."""
    lines = 1
    for value, column_width in zip(row, widths, strict=True):
        usable = max(column_width - CELL_PADDING, Inches(0.3))
        characters_per_line = max(1, int(usable / (Pt(size) * CHARACTER_EM)))
        lines = max(lines, len(textwrap.wrap(str(value), characters_per_line)) or 1)
    return lines


def _rows_that_fit(table: pd.DataFrame, widths: Sequence[int], height: int, size: int) -> int:
    """How many data rows fit under the header (and a note line) when wrapped text makes rows taller."""
    line_height = int(Pt(size) * 1.25)
    padding = Inches(0.1)
    used = _lines_needed(list(table.columns), widths, size) * line_height + padding  # the header
    used += line_height + padding  # the "… weitere Zeilen" line
    fitting = 0
    for row in table.head(MAX_TABLE_ROWS).itertuples(index=False):
        used += _lines_needed(row, widths, size) * line_height + padding
        if used > height:
            break
        fitting += 1
    return max(fitting, 1)


def _add_table(slide, table: pd.DataFrame, left: int, top: int, width: int, height: int) -> None:
    size = 14 if len(table) <= 8 else 12
    widths = _column_widths(table, width, size)
    while widths is None and size > 9:
        size -= 1
        widths = _column_widths(table, width, size)
    if widths is None:  # too many wide figures even at 9 pt: equal columns, some numbers will wrap
        widths = [width // len(table.columns)] * len(table.columns)
        widths[-1] += width - sum(widths)
    shown = table.head(_rows_that_fit(table, widths, height, size))
    hidden = len(table) - len(shown)
    rows = len(shown) + 1 + (1 if hidden else 0)
    row_height = int(Pt(size) * 1.25) + Inches(0.1)
    shape = slide.shapes.add_table(rows, len(shown.columns), left, top, width, row_height * rows)
    grid = shape.table
    for column, column_width in enumerate(widths):
        grid.columns[column].width = column_width
    numeric = [_is_number_column(shown[name]) for name in shown.columns]
    for column, name in enumerate(shown.columns):
        cell = grid.cell(0, column)
        cell.text = str(name)
        cell.fill.solid()
        cell.fill.fore_color.rgb = HEADER_FILL
        run = cell.text_frame.paragraphs[0].runs[0]
        run.font.size, run.font.bold, run.font.color.rgb = Pt(size), True, RGBColor(0xFF, 0xFF, 0xFF)
        if numeric[column]:
            cell.text_frame.paragraphs[0].alignment = PP_ALIGN.RIGHT
    for row_number, row in enumerate(shown.itertuples(index=False), start=1):
        grid.rows[row_number].height = row_height
        for column, value in enumerate(row):
            cell = grid.cell(row_number, column)
            cell.text = "" if value is None else str(value)
            cell.fill.solid()
            cell.fill.fore_color.rgb = STRIPE_FILL if row_number % 2 == 0 else RGBColor(0xFF, 0xFF, 0xFF)
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE
            cell.margin_top = cell.margin_bottom = Inches(0.03)
            for run in cell.text_frame.paragraphs[0].runs:
                run.font.size, run.font.color.rgb = Pt(size), DARK
            if numeric[column]:
                cell.text_frame.paragraphs[0].alignment = PP_ALIGN.RIGHT
    if hidden:
        cell = grid.cell(rows - 1, 0)
        cell.merge(grid.cell(rows - 1, len(shown.columns) - 1))
        cell.text = f"… und {hidden} weitere Zeilen (vollständig in der Anwendung)"
        for run in cell.text_frame.paragraphs[0].runs:
            run.font.size, run.font.italic, run.font.color.rgb = Pt(size - 2), True, GREY


def _shortened(text: str) -> str:
    """At most MAX_METHOD_CHARS, cut after a whole sentence where possible, and say where the rest is."""
    if len(text) <= MAX_METHOD_CHARS:
        return text
    cut = text[:MAX_METHOD_CHARS]
    end = cut.rfind(". ")
    cut = cut[: end + 1] if end > MAX_METHOD_CHARS // 3 else cut.rsplit(" ", 1)[0] + " …"
    return f"{cut} (vollständig in den Notizen)"


def _title_size(title: str) -> int:
    """One line at 30 pt holds about 60 characters on a 16:9 slide; longer titles shrink rather than wrap
    into the subtitle."""
    return 30 if len(title) <= 60 else 24 if len(title) <= 76 else 20


def _title_slide(presentation: Presentation, name: str, when: date, first: RenderedSlide | None, count: int) -> None:
    slide = presentation.slides.add_slide(presentation.slide_layouts[6])
    band = slide.shapes.add_shape(1, 0, 0, SLIDE_WIDTH, Inches(0.25))
    band.fill.solid()
    band.fill.fore_color.rgb = ACCENT
    band.line.fill.background()
    _add_textbox(slide, MARGIN, Inches(2.2), SLIDE_WIDTH - 2 * MARGIN, Inches(1.3), name, 44, bold=True)
    _add_textbox(
        slide,
        MARGIN,
        Inches(3.5),
        SLIDE_WIDTH - 2 * MARGIN,
        Inches(0.6),
        f"Sitzungsmappe · {count} {'Folie' if count == 1 else 'Folien'} · Stand {format_date(when)}",
        22,
        colour=GREY,
    )
    if first is not None:
        _add_textbox(
            slide, MARGIN, Inches(4.3), SLIDE_WIDTH - 2 * MARGIN, Inches(0.9), first.source_line(), 14, colour=GREY
        )
        if first.demo:
            _add_textbox(
                slide,
                MARGIN,
                Inches(5.3),
                SLIDE_WIDTH - 2 * MARGIN,
                Inches(0.6),
                "Fiktive Beispieldaten – keine realen Verhältnisse",
                20,
                colour=DEMO_COLOUR,
                bold=True,
            )
    _add_textbox(
        slide, MARGIN, Inches(6.8), SLIDE_WIDTH - 2 * MARGIN, Inches(0.4), "Sozialraum-Monitor", 12, colour=GREY
    )


def _figure_png(rendered: RenderedSlide) -> bytes:
    height_px = round(IMAGE_WIDTH_PX * CONTENT_HEIGHT / (SLIDE_WIDTH - 2 * MARGIN))
    return figure_image(rendered.figure, "png", width=IMAGE_WIDTH_PX, height=height_px, scale=2)


def _view_slide(
    presentation: Presentation, content: DeckSlideContent, number: int, total: int, images: dict[str, str | None]
) -> None:
    rendered = content.slide
    slide = presentation.slides.add_slide(presentation.slide_layouts[6])
    width = SLIDE_WIDTH - 2 * MARGIN
    _add_textbox(
        slide, MARGIN, Inches(0.3), width, Inches(0.75), rendered.title, _title_size(rendered.title), bold=True
    )
    if rendered.subtitle:
        _add_textbox(slide, MARGIN, Inches(1.0), width, Inches(0.45), rendered.subtitle, 16, colour=GREY)
    if not rendered.ok:
        _add_lines(slide, MARGIN, CONTENT_TOP, width, CONTENT_HEIGHT, [rendered.message or ""], 24)
    elif rendered.figure is not None and images["problem"] is None:
        try:
            picture = io.BytesIO(_figure_png(rendered))
        except StaticImagesUnavailableError as error:
            images["problem"] = str(error)
        else:
            slide.shapes.add_picture(picture, MARGIN, CONTENT_TOP, width=width, height=CONTENT_HEIGHT)
    if rendered.ok and (rendered.figure is None or images["problem"] is not None):
        _content_without_picture(slide, rendered, images["problem"] if rendered.figure is not None else None)
    footer = rendered.source_line()
    method = _shortened(rendered.method)
    box = _add_textbox(slide, MARGIN, FOOTER_TOP, width - Inches(1.0), Inches(0.7), footer, 11, colour=GREY)
    if method:
        paragraph = box.text_frame.add_paragraph()
        paragraph.text = method
        for run in paragraph.runs:
            run.font.size, run.font.color.rgb = Pt(10), GREY
    _add_textbox(
        slide,
        SLIDE_WIDTH - MARGIN - Inches(1.0),
        FOOTER_TOP,
        Inches(1.0),
        Inches(0.4),
        f"{number} / {total}",
        12,
        colour=GREY,
    )
    notes = [rendered.notes or rendered.message or ""]
    if content.speaker_note:
        notes.append(content.speaker_note)
    if rendered.method:
        notes.append(f"Methode: {rendered.method}")
    slide.notes_slide.notes_text_frame.text = "\n\n".join(part for part in notes if part)


def _content_without_picture(slide, rendered: RenderedSlide, problem: str | None) -> None:
    width = SLIDE_WIDTH - 2 * MARGIN
    top, height = CONTENT_TOP, CONTENT_HEIGHT
    if problem:
        _add_textbox(
            slide,
            MARGIN,
            top,
            width,
            Inches(0.5),
            "Das Diagramm konnte nicht als Bild eingefügt werden (kein Chromium auf dem Server); "
            "die Werte stehen darunter und in den Notizen.",
            14,
            colour=DEMO_COLOUR,
        )
        top, height = top + Inches(0.6), height - Inches(0.6)
    if rendered.table is not None and len(rendered.table):
        _add_table(slide, rendered.table, MARGIN, top, width, height)
    else:
        _add_lines(slide, MARGIN, top, width, height, [s.strip() + "." for s in rendered.notes.split(". ") if s], 18)


def build_deck_pptx(
    name: str, contents: Sequence[DeckSlideContent], when: date | None = None
) -> tuple[bytes, str | None]:
    """The deck as PPTX bytes, and the German reason when charts had to be left out (else None)."""
    presentation = Presentation()
    presentation.slide_width, presentation.slide_height = Emu(SLIDE_WIDTH), Emu(SLIDE_HEIGHT)
    first = contents[0].slide if contents else None
    _title_slide(presentation, name, when or date.today(), first, len(contents))
    images: dict[str, str | None] = {"problem": None}
    for number, content in enumerate(contents, start=1):
        _view_slide(presentation, content, number, len(contents), images)
    output = io.BytesIO()
    presentation.save(output)
    return output.getvalue(), images["problem"]


def deck_file_name(name: str) -> str:
    """``Ausschuss März`` -> ``Ausschuss_Maerz.pptx``: safe in every mail client and file system."""
    replaced = name.translate(
        str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"})
    )
    safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in replaced).strip("_")
    return (safe or "Sitzungsmappe") + ".pptx"
