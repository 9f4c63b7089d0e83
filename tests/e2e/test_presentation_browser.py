"""Präsentation in a real browser: a slide fills the screen, the keyboard moves through the deck, the slide
number is in the URL, and no request leaves localhost."""

import importlib.util
import shutil
from pathlib import Path

import pytest

from sozialraum.db import make_engine
from sozialraum.store import decks as deck_store

# The e2e helpers by path: test folders are not packages, and two conftest modules share the name.
_spec = importlib.util.spec_from_file_location("e2e_helpers", Path(__file__).with_name("conftest.py"))
helpers = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(helpers)
PageVisit, running_app = helpers.PageVisit, helpers.running_app

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def deck_url(demo_sqlite_file, tmp_path_factory):
    copy = tmp_path_factory.mktemp("praesentation") / "mappe.db"
    shutil.copy(demo_sqlite_file, copy)
    engine = make_engine(f"sqlite:///{copy}")
    deck_id = deck_store.create_deck(engine, "Jugendhilfeausschuss")
    deck_store.add_slide(engine, deck_id, "karte", "Karte", {"kennzahl": "sgb2_rate", "jahr": 2025})
    deck_store.add_slide(engine, deck_id, "ziele", "Ziele", {"jahr": 2025})
    engine.dispose()
    with running_app(copy) as url:
        yield f"{url}/praesentation?mappe={deck_id}&folie=1"


def heading(page) -> str:
    return page.locator("[data-testid='stMain'] h1").first.inner_text()


def wait_for_heading(page, text: str) -> None:
    for _ in range(120):
        if heading(page) == text:
            return
        page.wait_for_timeout(250)
    pytest.fail(f"Folie »{text}« erschien nicht (zu sehen: »{heading(page)}«).")


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1440, 900)])
def test_keys_move_through_the_deck_offline(browser, deck_url, screenshot_dir, width, height):
    visit = PageVisit(browser, width, height)
    try:
        page = visit.page
        visit.open(deck_url)
        assert page.locator("[data-testid='stException']").count() == 0
        assert heading(page) == "SGB-II-Quote 2025 (in %)"
        assert page.locator("[data-testid='stSidebar']").is_hidden()
        assert "1 / 2" in page.locator(".sr-number").inner_text()
        assert "fiktive Beispieldaten" in page.locator(".sr-footer").inner_text()
        chart = page.locator("[data-testid='stPlotlyChart']").bounding_box()
        assert chart["height"] >= 600
        page.wait_for_timeout(1000)
        page.screenshot(path=str(screenshot_dir / f"praesentation_{width}x{height}.png"))

        page.keyboard.press("ArrowRight")
        wait_for_heading(page, "Wirkungsziele 2025")
        visit.settle()
        assert "folie=2" in page.url
        assert "2 / 2" in page.locator(".sr-number").inner_text()
        page.keyboard.press("PageUp")
        wait_for_heading(page, "SGB-II-Quote 2025 (in %)")
        assert "folie=1" in page.url
        page.keyboard.press("Space")
        wait_for_heading(page, "Wirkungsziele 2025")
        page.wait_for_timeout(500)
        page.screenshot(path=str(screenshot_dir / f"praesentation_tabelle_{width}x{height}.png"))
        assert visit.foreign_requests() == []
    finally:
        visit.close()


def test_a_reload_keeps_the_slide(browser, deck_url):
    visit = PageVisit(browser)
    try:
        visit.open(deck_url.replace("folie=1", "folie=2"))
        assert heading(visit.page) == "Wirkungsziele 2025"
        assert visit.foreign_requests() == []
    finally:
        visit.close()
