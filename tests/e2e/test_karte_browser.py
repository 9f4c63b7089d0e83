"""Karte in a real browser: one shape per area inside streamlit-folium's iframe, a legend, no request
leaving localhost, and a click on a social space selecting it for the whole app."""

import pytest

pytestmark = pytest.mark.browser


def open_map_page(visit, url: str) -> None:
    visit.open(url)


def map_frame(page):
    for frame in page.frames:
        if frame.locator(".leaflet-container").count():
            return frame
    return None


def wait_for_shapes(page, timeout_ms: int = 20000):
    for _ in range(timeout_ms // 250):
        frame = map_frame(page)
        if frame is not None and frame.locator("path.leaflet-interactive").count():
            return frame
        page.wait_for_timeout(250)
    pytest.fail("Die Karte hat keine Gebiete gezeichnet.")


@pytest.mark.parametrize(("level", "count"), [("social_space", 16), ("planning_area", 51), ("district", 4)])
def test_map_draws_one_shape_per_area_offline(app_url, visit, screenshot_dir, level, count):
    open_map_page(visit, f"{app_url}/karte?ebene={level}")
    page = visit.page
    assert page.locator("[data-testid='stException']").count() == 0
    frame = wait_for_shapes(page)
    assert frame.locator("path.leaflet-interactive").count() == count
    legend = frame.locator(".sr-legend")
    assert legend.count() == 1
    assert "SGB-II-Quote 2025" in legend.inner_text()
    assert frame.locator(".leaflet-tile").count() == 0  # no base map unless configured
    page.screenshot(path=str(screenshot_dir / f"karte_{level}.png"), full_page=True)
    assert visit.foreign_requests() == []


def test_clicking_a_social_space_selects_it(app_url, visit):
    # Tall enough that the whole map is in view: a click on a partly hidden map focuses and scrolls it
    # between mouse-down and mouse-up, and the browser then reports no click on the area.
    visit.page.set_viewport_size({"width": 1440, "height": 1400})
    open_map_page(visit, f"{app_url}/karte")
    page = visit.page
    frame = wait_for_shapes(page)
    frame.locator("path.leaflet-interactive").nth(5).click()
    for _ in range(80):
        if "raum=" in page.url:
            break
        page.wait_for_timeout(250)
    assert "raum=" in page.url
    visit.settle()
    chosen = page.url.split("raum=")[1].split("&")[0]
    assert page.locator("[data-testid='stException']").count() == 0
    assert "Gesamtstadt" not in page.locator("[data-testid='stSidebar']").inner_text()
    # The chosen social space is drawn with a dark outline on the redrawn map.
    frame = wait_for_shapes(page)
    assert frame.locator("path.leaflet-interactive[stroke='#111111']").count() == 1
    assert len(chosen) == 4
    assert visit.foreign_requests() == []
