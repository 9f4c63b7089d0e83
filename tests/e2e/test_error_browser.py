"""An unexpected error in a real browser: the German message with a reference, not Streamlit's English box."""

import pytest

from sozialraum.ui.errors import RAISE_ENV

pytestmark = pytest.mark.browser


def test_a_failing_page_shows_the_german_message(app_on, demo_sqlite_file, visit, screenshot_dir):
    with app_on(demo_sqlite_file, "tests/e2e/app_with_failing_map.py", without_env=(RAISE_ENV,)) as url:
        visit.open(f"{url}/karte")
        page = visit.page
        page.wait_for_selector("text=Fehlernummer", timeout=30000)
        page.screenshot(path=str(screenshot_dir / "unerwarteter_fehler.png"), full_page=True)
        text = page.locator("[data-testid='stMain']").inner_text()
        assert page.locator("[data-testid='stException']").count() == 0
        assert "Diese Seite konnte nicht vollständig angezeigt werden" in text
        assert "neu laden" in text
        assert "absichtlicher Testfehler" not in text  # internals stay in the server log
        assert "This app has encountered an error" not in page.content()
        assert visit.foreign_requests() == []
