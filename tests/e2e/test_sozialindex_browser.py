"""Sozialindex in a real browser: the class map draws one shape per social space with the class colours
and a German legend, the tooltip names the class, and no request leaves localhost."""

import re

import pytest

from sozialraum.analysis.social_index import STATUS_THRESHOLDS
from sozialraum.charts.social_index import class_colours

pytestmark = pytest.mark.browser


def wait_for_shapes(page, timeout_ms: int = 30000):
    for _ in range(timeout_ms // 250):
        for frame in page.frames:
            if frame.locator("path.leaflet-interactive").count():
                return frame
        page.wait_for_timeout(250)
    pytest.fail("Die Karte des Sozialindex hat keine Gebiete gezeichnet.")


def test_class_map_draws_every_social_space_offline(app_url, visit, screenshot_dir):
    visit.page.set_viewport_size({"width": 1440, "height": 2600})
    visit.open(f"{app_url}/sozialindex")
    page = visit.page
    assert page.locator("[data-testid='stException']").count() == 0
    frame = wait_for_shapes(page)
    shapes = frame.locator("path.leaflet-interactive")
    assert shapes.count() == 16  # Musterstadt's social spaces; the demo status index is on that level
    fills = {shapes.nth(i).get_attribute("fill") for i in range(shapes.count())}
    assert fills <= set(class_colours(STATUS_THRESHOLDS)) | {"#d9d9d9"}
    assert len(fills) >= 2
    legend = frame.locator(".sr-legend").inner_text()
    assert "Status-Index" in legend
    counts = [int(n) for n in re.findall(r"\((?:1|2|3|4)\): (\d+) Gebiet", legend)]
    assert sum(counts) + sum(int(n) for n in re.findall(r"ausgeschlossen: (\d+)", legend)) == 16
    shapes.nth(0).hover()
    tooltip = frame.locator(".leaflet-tooltip")
    tooltip.wait_for(timeout=5000)
    assert "Klasse:" in tooltip.inner_text()
    page.screenshot(path=str(screenshot_dir / "sozialindex.png"), full_page=True)
    assert visit.foreign_requests() == []


def test_robustness_tab_shows_the_sensitivity_chart(app_url, visit, screenshot_dir):
    visit.page.set_viewport_size({"width": 1440, "height": 1800})
    visit.open(f"{app_url}/sozialindex?sozialindex=dynamics")
    page = visit.page
    page.get_by_role("tab", name="Wie robust ist die Einteilung?").click()
    page.wait_for_timeout(1500)
    panel = page.locator("[role='tabpanel']:visible")
    assert "Gebiete mit anderer Klasse je Variante" in panel.inner_text()
    assert page.locator("[data-testid='stException']").count() == 0
    page.screenshot(path=str(screenshot_dir / "sozialindex_robustheit.png"), full_page=True)
    assert visit.foreign_requests() == []
