"""Übersicht in a real browser: renders without exception, shows its figures, no request leaves localhost."""

import pytest

pytestmark = pytest.mark.browser


def test_overview_renders_offline(app_url, visit, screenshot_dir):
    visit.open(app_url + "/?jahr=2025")
    page = visit.page
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.get_by_role("heading", name="Übersicht 2025").count() == 1
    assert page.locator("[data-testid='stMetric']").count() >= 8
    assert page.locator(".js-plotly-plot").count() == 2
    assert "fiktive Beispieldaten" in page.inner_text("body")
    page.screenshot(path=str(screenshot_dir / "uebersicht.png"), full_page=True)
    assert visit.foreign_requests() == []


def test_selection_in_the_url_survives_a_reload(app_url, visit):
    visit.open(app_url + "/?jahr=2018&raum=0101")
    assert visit.page.get_by_role("heading", name="Übersicht 2018").count() == 1
    visit.page.reload()
    visit.settle()
    assert "jahr=2018" in visit.page.url
    assert visit.page.get_by_role("heading", name="Übersicht 2018").count() == 1
    assert visit.foreign_requests() == []
