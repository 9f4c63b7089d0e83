"""The Sitzungsmappe as PowerPoint: opened again with python-pptx, slide by slide."""

import re
from datetime import date

import pytest
from pptx import Presentation
from pptx.util import Inches

from sozialraum.export.deck_pptx import DeckSlideContent, build_deck_pptx, deck_file_name
from sozialraum.export.images import static_images_available
from sozialraum.slides import render_slide

SPECS = [
    ("karte", {"kennzahl": "sgb2_rate", "ebene": "social_space", "jahr": 2025}),
    ("entwicklung", {"kennzahl": "child_poverty", "ebene": "social_space", "gebiete": ["0101"]}),
    ("steckbrief", {"ebene": "social_space", "gebiet": "0101", "jahr": 2025}),
]


@pytest.fixture
def contents(demo_engine):
    return [
        DeckSlideContent(render_slide(demo_engine, kind, params), "Bitte Rückfragen sammeln.") for kind, params in SPECS
    ]


def texts(slide) -> str:
    return "\n".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)


def open_pptx(data: bytes, tmp_path):
    path = tmp_path / "mappe.pptx"
    path.write_bytes(data)
    return Presentation(str(path))


@pytest.mark.skipif(not static_images_available(), reason="kein Chromium für Diagrammbilder")
def test_deck_has_a_title_slide_and_one_slide_per_view(contents, tmp_path):
    data, problem = build_deck_pptx("Jugendhilfeausschuss März", contents, when=date(2026, 3, 12))
    assert problem is None
    deck = open_pptx(data, tmp_path)
    assert (deck.slide_width, deck.slide_height) == (Inches(13.333), Inches(7.5))
    slides = list(deck.slides)
    assert len(slides) == len(SPECS) + 1
    title = texts(slides[0])
    assert "Jugendhilfeausschuss März" in title
    assert "Stand 12.03.2026" in title
    assert "Fiktive Beispieldaten – keine realen Verhältnisse" in title
    map_slide, trend_slide, steckbrief_slide = slides[1:]
    for slide in (map_slide, trend_slide):
        pictures = [shape for shape in slide.shapes if shape.shape_type == 13]
        assert len(pictures) == 1
        assert pictures[0].width > Inches(12)
        assert pictures[0].image.content_type == "image/png"
    assert "SGB-II-Quote 2025 (in %)" in texts(map_slide)
    footer = texts(map_slide)
    assert "Quelle: Fiktive Beispieldaten" in footer
    assert "Datenstand: 31.12.2025" in footer
    assert "1 / 3" in footer
    notes = map_slide.notes_slide.notes_text_frame.text
    assert "Gesamtstadt: 17,6\u00a0%" in notes
    assert "Bitte Rückfragen sammeln." in notes
    table = next(shape for shape in steckbrief_slide.shapes if shape.has_table).table
    assert table.cell(0, 0).text == "Kennzahl"
    sgb2 = next(row for row in table.rows if row.cells[0].text == "SGB-II-Quote")
    assert sgb2.cells[1].text == contents[2].slide.table.set_index("Kennzahl").loc["SGB-II-Quote", "Wert"]


def test_without_chromium_the_deck_is_written_with_values_instead_of_pictures(contents, tmp_path, monkeypatch):
    monkeypatch.setenv("SOZIALRAUM_CHROMIUM", str(tmp_path / "kein-browser"))
    data, problem = build_deck_pptx("Mappe", contents)
    assert "Chromium" in problem
    deck = open_pptx(data, tmp_path)
    slides = list(deck.slides)
    assert len(slides) == len(SPECS) + 1
    assert not any(shape.shape_type == 13 for slide in slides for shape in slide.shapes)
    map_text = texts(slides[1])
    assert "nicht als Bild eingefügt werden" in map_text
    table = next(shape for shape in slides[1].shapes if shape.has_table).table
    assert table.cell(0, 1).text == "Wert 2025"
    # Rows that do not fit above the footer are counted, not dropped silently: shown + hidden = all 16.
    hidden = re.search(r"… und (\d+) weitere Zeilen", table.cell(len(table.rows) - 1, 0).text)
    assert hidden is not None
    assert len(table.rows) - 2 + int(hidden.group(1)) == len(contents[0].slide.table)
    trend_text = texts(slides[2])
    first_figure = contents[1].slide.notes.split(". ")[0]  # "Altstadt-Kern (Altstadt): 24,5 % (31.12.2025), …"
    assert first_figure in trend_text


def test_stale_slides_are_exported_with_their_message(demo_engine, tmp_path):
    stale = DeckSlideContent(render_slide(demo_engine, "karte", {"kennzahl": "weg", "jahr": 2025}, "Alte Karte"))
    data, _ = build_deck_pptx("Mappe", [stale])
    slide = list(open_pptx(data, tmp_path).slides)[1]
    assert "Alte Karte" in texts(slide)
    assert "Die Kennzahl »weg« ist nicht mehr in der Datenbank." in texts(slide)


def test_file_names_are_plain():
    assert deck_file_name("Jugendhilfeausschuss März 12.03.") == "Jugendhilfeausschuss_Maerz_12_03.pptx"
    assert deck_file_name("///") == "Sitzungsmappe.pptx"


def test_a_long_method_is_cut_after_a_sentence_in_the_footer_and_kept_whole_in_the_notes():
    from sozialraum.export.deck_pptx import MAX_METHOD_CHARS, _shortened

    method = "Erster Satz über die Methode. " * 10 + "Schluss."
    short = _shortened(method)
    assert short.endswith("Methode. (vollständig in den Notizen)")
    assert len(short) <= MAX_METHOD_CHARS + len(" (vollständig in den Notizen)")
    assert _shortened("Kurz.") == "Kurz."
