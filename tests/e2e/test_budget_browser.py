"""Budget & Wirkung in a real browser: all four views render offline, a bubble click selects its space."""

import pytest

pytestmark = pytest.mark.browser


def open_budget_page(visit, app_url):
    # Through the navigation, as a user gets there; the page's own URL is /budget.
    visit.open(app_url + "/")
    visit.page.get_by_role("link", name="Budget & Wirkung").click()
    visit.settle()
    assert visit.page.get_by_role("heading", name="Budget & Wirkung 2025").count() == 1


def test_budget_page_renders_all_views_offline(app_url, visit, screenshot_dir):
    open_budget_page(visit, app_url)
    page = visit.page
    assert "/budget" in page.url
    assert "produkt=36.3" in page.url
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.locator("[data-testid='stMetric']").count() >= 6
    page.screenshot(path=str(screenshot_dir / "budget_sozialraumbudget.png"), full_page=True)
    for tab, name in (
        ("Trägerbudget", "budget_traeger.png"),
        ("Budget und Wirkung", "budget_wirkung.png"),
        ("Bedarfsorientierte Verteilung", "budget_verteilung.png"),
    ):
        page.get_by_role("tab", name=tab).click()
        page.wait_for_timeout(1500)
        assert page.locator("[data-testid='stException']").count() == 0
        page.screenshot(path=str(screenshot_dir / name), full_page=True)
    assert "fiktive Beispieldaten" in page.inner_text("body")
    assert visit.foreign_requests() == []


def test_clicking_a_bubble_selects_its_social_space(app_url, visit):
    open_budget_page(visit, app_url)
    page = visit.page
    page.get_by_role("tab", name="Budget und Wirkung").click()
    page.wait_for_timeout(1500)
    chart = page.locator(".js-plotly-plot").filter(has_text="Mitteleinsatz und Wirkung")
    bubbles = chart.locator(".scatterlayer .trace .points path")
    assert bubbles.count() == 16
    bubbles.first.click(force=True)  # the first district's first space: 0101 Altstadt-Kern
    visit.settle()
    assert "raum=0101" in page.url
    space_picker = page.get_by_test_id("stSidebar").get_by_role("combobox", name="Sozialraum")
    assert space_picker.input_value() == "Altstadt-Kern (Altstadt)"
    assert page.locator("[data-testid='stException']").count() == 0
    assert visit.foreign_requests() == []
