"""Hostile input in a real browser (issue 13, points 1 and 2).

* Markup in data: a demo database whose area, indicator, topic, goal, product, provider, index, deck and
  dataset texts and import-log file names carry markdown images and links, bare URLs, raw HTML and maths
  (``tests/hostile_data.py``, imported through the importer). Every page and every slide of the deck is
  visited: no request may leave localhost, no exception is shown, and the texts appear literally.
* Upload names: the Daten page's real file input receives files whose multipart names are a path traversal
  and an absolute path; nothing may be written outside the server's temporary folder.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from sqlalchemy import text

from hostile_data import (
    AREA_NAMES,
    DATASET_NAME,
    DATASET_SOURCE,
    DECK_NAME,
    GOAL_TITLE,
    INDEX_NAME,
    INDICATOR_TEXTS,
    LOG_FILE_NAME,
    MARKUP,
    OUTSIDE_HOST,
    PRODUCT_CODE,
    PRODUCT_NAME,
    STRATEGIC_GOAL,
    build_hostile_database,
)
from sozialraum.ui.markup import WORD_JOINER

pytestmark = pytest.mark.browser


def _shown_text(page) -> str:  # a playwright Page
    # What a reader sees: the word joiners that keep GFM from autolinking are invisible.
    return page.inner_text("body").replace(WORD_JOINER, "")


def _pages(engine) -> list[tuple[str, str, list[str]]]:  # an Engine
    """(name, path with query, texts that must appear literally) for every page and every slide."""
    with engine.connect() as connection:
        goal_id = connection.execute(text("SELECT id FROM goal WHERE title = :t"), {"t": GOAL_TITLE}).scalar_one()
        deck_id = connection.execute(text("SELECT id FROM deck WHERE name = :n"), {"n": DECK_NAME}).scalar_one()
        slide_count = connection.execute(
            text("SELECT count(*) FROM deck_slide WHERE deck_id = :d"), {"d": deck_id}
        ).scalar_one()
    sgb2_name, sgb2_short, sgb2_definition, _, sgb2_topic = INDICATOR_TEXTS["sgb2_rate"]
    kern = AREA_NAMES["0101"]
    # Every page: the dataset's name in the sidebar and its source in the footer.
    everywhere = [DATASET_NAME, f"Datenquelle: {DATASET_SOURCE}"]
    pages = [
        ("uebersicht", "/?jahr=2025&raum=0101", [kern, sgb2_short]),
        ("uebersicht-stadt", "/?jahr=2025", [f"{GOAL_TITLE} ({kern})", f"{PRODUCT_CODE} {PRODUCT_NAME}"]),
        ("ziele", f"/ziele?jahr=2025&ziel={goal_id}", [f"Leitziel: {STRATEGIC_GOAL}", "Anmerkungen: $x$"]),
        ("budget", f"/budget?jahr=2025&produkt={PRODUCT_CODE}", []),
        ("karte", "/karte?jahr=2025&kennzahl=sgb2_rate", [sgb2_name, sgb2_definition]),
        ("steckbrief", "/steckbrief?jahr=2025&raum=0101", [kern, sgb2_topic]),
        ("vergleich", "/vergleich?jahr=2025&gebiete=0101,0102,0103,0104", [kern, AREA_NAMES["0104"]]),
        ("entwicklung", "/entwicklung?kennzahlen=sgb2_rate&gebiete=0101,0102", [f"{sgb2_name} ({sgb2_topic})"]),
        ("sozialindex", "/sozialindex?sozialindex=status", [f"{INDEX_NAME} status", sgb2_short]),
        ("sitzungsmappe", f"/sitzungsmappe?mappe={deck_id}", [f"Übersicht 2025: {kern}", f"Steckbrief {kern}"]),
        ("daten", "/daten", []),
    ]
    pages = [(name, path, [*texts, *everywhere]) for name, path, texts in pages]
    # A slide's title is the view's, made from the data; every slide names the source in its footer.
    for number in range(1, slide_count + 1):
        pages.append(
            (f"folie-{number}", f"/praesentation?mappe={deck_id}&folie={number}", [f"Quelle: {DATASET_SOURCE}"])
        )
    return pages


def test_markup_in_data_is_shown_as_text_and_fetches_nothing(tmp_path, app_on, visit, screenshot_dir):
    database = tmp_path / "hostile.db"
    engine = build_hostile_database(f"sqlite:///{database}", tmp_path / "files")
    pages = _pages(engine)
    engine.dispose()
    problems: list[str] = []
    with app_on(database) as url:
        for name, path, texts in pages:
            visit.requests.clear()
            visit.open(url + path)
            page = visit.page
            if name == "daten":
                page.get_by_role("tab", name="Importprotokoll").click()
                page.wait_for_timeout(1000)
                texts = [*texts, f"Meldungen zu {LOG_FILE_NAME}"]
                # Streamlit's own table download would write the raw text (=HYPERLINK(…) runs): it is off.
                page.locator("[data-testid='stDataFrame']:visible").first.hover()
                page.wait_for_timeout(500)
                # The toolbar itself is hidden (its tooltips are English, ui.german_ui); whether shown or not,
                # it must not offer Streamlit's CSV download (client.disableDataExport).
                download = page.get_by_role("button", name="Download as CSV", include_hidden=True)
                problems += [f"{name}: Streamlits CSV-Download angeboten"] * download.count()
            page.screenshot(path=str(screenshot_dir / f"hostile_{name}.png"), full_page=True)
            shown = _shown_text(page)
            problems += [f"{name}: Fehler angezeigt"] * page.locator("[data-testid='stException']").count()
            problems += [f"{name}: Anfrage nach außen {request}" for request in visit.foreign_requests()]
            problems += [f"{name}: nicht wörtlich zu sehen: {wanted!r}" for wanted in texts if wanted not in shown]
            if not any(markup in shown for markup in MARKUP):
                problems.append(f"{name}: kein Text mit Markup zu sehen")
            links = page.locator(f"a[href*='{OUTSIDE_HOST}'], img[src*='{OUTSIDE_HOST}']").count()
            problems += [f"{name}: {links} Links oder Bilder nach außen"] * bool(links)
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("style", ["relative", "absolute"])
def test_an_upload_name_never_becomes_a_path(app_url, visit, style):
    target = Path("/tmp") / f"sozialraum-traversal-{uuid.uuid4().hex}"
    target.mkdir()
    planted = target / "x.csv"
    client_name = "../" * 12 + str(planted).lstrip("/") if style == "relative" else str(planted)
    try:
        visit.open(app_url + "/daten")
        page = visit.page
        page.locator("[data-testid='stFileUploaderDropzoneInput']").first.set_input_files(
            files=[
                {"name": client_name, "mimeType": "text/csv", "buffer": b"Gebiet;Kennzahl;Jahr;Wert\n0101;x;2025;1\n"}
            ]
        )
        # The check ran on the upload (under its label, the bare name) and reported on it.
        page.get_by_text("x.csv", exact=False).first.wait_for(timeout=30000)
        visit.settle()
        assert page.locator("[data-testid='stException']").count() == 0
        assert not planted.exists()
        assert list(target.iterdir()) == []
        assert client_name not in _shown_text(page)  # only the label is shown, never the path
        assert visit.foreign_requests() == []
    finally:
        for leftover in target.iterdir():
            leftover.unlink()
        target.rmdir()
