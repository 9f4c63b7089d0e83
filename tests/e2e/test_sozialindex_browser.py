"""Sozialindex in a real browser: the class map draws one shape per social space with the class colours
and a German legend, the tooltip names the class, and no request leaves localhost."""

import re
import shutil
from dataclasses import replace

import pytest

from sozialraum.analysis.social_index import STATUS_THRESHOLDS
from sozialraum.db import make_engine
from sozialraum.maps.index_colours import class_colours
from sozialraum.store import social_index as social_index_store

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


def test_uploaded_toml_definition_is_saved(demo_sqlite_file, tmp_path, app_on, visit):
    """The upload goes through the browser's file input, which AppTest cannot drive; on a copy of the demo
    database with a server of its own, because saving adds an indicator."""
    database = tmp_path / "upload.db"
    shutil.copyfile(demo_sqlite_file, database)
    engine = make_engine(f"sqlite:///{database}")
    status = next(d for d in social_index_store.list_definitions(engine) if d.kind == "status")
    toml = social_index_store.definition_to_toml(replace(status, key="hochgeladen", name="Hochgeladener Index"))
    definition_file = tmp_path / "hochgeladen.toml"
    definition_file.write_text(toml, encoding="utf-8")
    with app_on(database) as url:
        visit.open(f"{url}/sozialindex")
        page = visit.page
        page.get_by_role("tab", name="Definition bearbeiten").click()
        page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(definition_file))
        button = page.get_by_role("button", name="»Hochgeladener Index« (hochgeladen) anlegen")
        button.wait_for(timeout=20000)
        button.click()
        page.get_by_text("Sozialindex »Hochgeladener Index« gespeichert").wait_for(timeout=30000)
        assert page.locator("[data-testid='stException']").count() == 0
        assert visit.foreign_requests() == []
    stored = social_index_store.load_definition(engine, "hochgeladen")
    engine.dispose()
    assert stored == replace(status, key="hochgeladen", name="Hochgeladener Index")
