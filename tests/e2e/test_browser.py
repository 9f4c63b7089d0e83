"""Übersicht (cockpit) and Wirkungsziele in a real browser: they render without exception, the cockpit
fits a 1440×900 screen without scrolling, links carry the selection, no request leaves localhost."""

import pytest

pytestmark = pytest.mark.browser

MAIN_SCROLL = """() => {
    const main = document.querySelector("[data-testid='stMain']");
    return {scroll: main.scrollHeight, client: main.clientHeight};
}"""


@pytest.mark.parametrize(
    ("query", "heading"),
    [("/?jahr=2025", "Übersicht 2025"), ("/?jahr=2020&raum=0202", "Übersicht 2020")],
    ids=["city-2025", "space-with-long-name-2020"],
)
def test_cockpit_fits_one_screen_offline(app_url, visit, screenshot_dir, query, heading):
    visit.open(app_url + query)
    page = visit.page
    assert page.viewport_size == {"width": 1440, "height": 900}
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.get_by_role("heading", name=heading).count() == 1
    for panel in ["Wirkungsziele", "Frühwarnung", "Budgetausschöpfung", "Kennzahlen"]:
        assert page.get_by_text(panel, exact=False).count() >= 1, panel
    assert page.locator("[data-testid='stMetric']").count() >= 8  # six key figures, two budget products
    assert "fiktive Beispieldaten" in page.inner_text("body")
    size = page.evaluate(MAIN_SCROLL)
    page.screenshot(path=str(screenshot_dir / f"uebersicht{query.replace('/?', '_').replace('&', '_')}.png"))
    assert size["scroll"] <= size["client"], size
    assert visit.foreign_requests() == []


def test_selection_in_the_url_survives_a_reload(app_url, visit):
    visit.open(app_url + "/?jahr=2018&raum=0101")
    assert visit.page.get_by_role("heading", name="Übersicht 2018").count() == 1
    visit.page.reload()
    visit.settle()
    assert "jahr=2018" in visit.page.url
    assert visit.page.get_by_role("heading", name="Übersicht 2018").count() == 1
    assert visit.foreign_requests() == []


def test_an_off_track_goal_links_to_its_detail(app_url, visit, screenshot_dir):
    visit.open(app_url + "/?jahr=2024")  # not the default year, so the link must carry it
    visit.page.get_by_role("link", name="Kinderarmut senken").click()
    visit.settle()
    page = visit.page
    assert page.get_by_role("heading", name="Wirkungsziele").count() == 1
    assert "ziel=" in page.url
    assert "jahr=2024" in page.url
    assert page.get_by_text("Stand 2024", exact=False).count() == 1
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.get_by_text("Der Trend läuft in die falsche Richtung.").count() == 1
    assert page.locator(".js-plotly-plot").count() == 1
    page.screenshot(path=str(screenshot_dir / "ziele.png"), full_page=True)
    assert visit.foreign_requests() == []


def test_a_deep_link_works_as_the_first_request_after_a_server_start(fresh_app_url, visit):
    # Regression: with a folder named pages/ beside app.py, Streamlit served a deep link in its legacy
    # multipage mode (wrong page, no data) until someone had opened the start page.
    visit.open(fresh_app_url + "/steckbrief?raum=0303")
    assert visit.page.locator("[data-testid='stException']").count() == 0
    assert visit.page.get_by_role("heading", name="Steckbrief 2025").count() == 1
    assert "Am Mühlbach" in visit.page.inner_text("body")
    assert "Noch keine Daten" not in visit.page.inner_text("body")
    assert visit.foreign_requests() == []
