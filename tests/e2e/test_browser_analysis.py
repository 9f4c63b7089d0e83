"""Steckbrief, Vergleich and Entwicklung in a real browser: they render offline with the space from the URL."""

import pytest

pytestmark = pytest.mark.browser


def open_after_start(visit, app_url: str, path: str) -> None:
    visit.open(app_url + path)


def test_steckbrief_renders_offline(app_url, visit, screenshot_dir):
    open_after_start(visit, app_url, "/steckbrief?raum=0303")
    page = visit.page
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.get_by_role("heading", name="Steckbrief 2025").count() == 1
    assert page.get_by_role("heading", name="Am Mühlbach (Lindenfeld)").count() == 1
    assert page.locator("[data-testid='stDataFrame']").count() == 8  # six topics, the Sozialindex, the budget
    assert page.locator("[data-testid='stTable']").count() == 1  # the goals
    assert page.locator(".js-plotly-plot").count() == 1  # the locator map
    assert "fiktive Beispieldaten" in page.inner_text("body")
    page.screenshot(path=str(screenshot_dir / "steckbrief.png"), full_page=True)
    assert visit.foreign_requests() == []


def test_vergleich_renders_offline(app_url, visit, screenshot_dir):
    open_after_start(visit, app_url, "/vergleich?raum=0303&gebiete=0303,0101,0401")
    page = visit.page
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.get_by_role("heading", name="Vergleich 2025").count() == 1
    assert page.locator(".js-plotly-plot").count() == 1
    page.screenshot(path=str(screenshot_dir / "vergleich.png"), full_page=True)
    assert visit.foreign_requests() == []


def test_entwicklung_renders_offline_with_small_multiples(app_url, visit, screenshot_dir):
    open_after_start(visit, app_url, "/entwicklung?raum=0303&gebiete=0303,0104,0301,0401,0201&kennzahlen=hze_rate")
    page = visit.page
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.get_by_role("heading", name="Entwicklung").count() == 1
    assert page.locator(".js-plotly-plot").count() == 1
    assert "Ab fünf Gebieten erhält jedes Gebiet ein eigenes kleines Diagramm" in page.inner_text("body")
    page.screenshot(path=str(screenshot_dir / "entwicklung.png"), full_page=True)
    assert visit.foreign_requests() == []
