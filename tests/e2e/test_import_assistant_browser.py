"""The import assistant in a real browser: a table uploaded through the file input is recognised,
checked and imported, and no request leaves localhost."""

import shutil
from datetime import date

import pytest
from sqlalchemy import create_engine, text

pytestmark = pytest.mark.browser

SOCIAL_SPACES = ["0101", "0102", "0103", "0104"]


def test_a_table_is_imported_through_the_assistant(demo_sqlite_file, tmp_path, app_on, visit, screenshot_dir):
    database = tmp_path / "assistant.db"
    shutil.copyfile(demo_sqlite_file, database)
    rows = [f"{key};{3000 + 10 * number};{20 + number},5" for number, key in enumerate(SOCIAL_SPACES)]
    table = tmp_path / "sozialraeume_2033.csv"
    table.write_text("\n".join(["Sozialraum;Einwohnerinnen und Einwohner;Kinderarmut", *rows]) + "\n", "utf-8")
    with app_on(database) as url:
        visit.open(f"{url}/daten")
        page = visit.page
        page.get_by_role("tab", name="Import-Assistent").click()
        panel = page.locator("[role='tabpanel']:visible")
        panel.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(table))
        page.get_by_text("Prüfung bestanden").wait_for(timeout=30000)
        assert "8 geprüft" in panel.inner_text()  # 4 social spaces × 2 indicators
        assert "Gebiete in Spalte »Sozialraum«: 4 von 4 Werten sind bekannte Schlüssel" in panel.inner_text()
        page.screenshot(path=str(screenshot_dir / "daten_import_assistent.png"), full_page=True)
        panel.get_by_role("button", name="Jetzt importieren").click()
        page.get_by_text("8 geschrieben").wait_for(timeout=30000)
        assert page.locator("[data-testid='stException']").count() == 0
        assert visit.foreign_requests() == []
    engine = create_engine(f"sqlite:///{database}")
    query = text(
        "SELECT area.key, observation.value FROM observation JOIN area ON area.id = observation.area_id "
        "JOIN indicator ON indicator.id = observation.indicator_id "
        "WHERE indicator.key = 'child_poverty' AND observation.period = :period"
    )
    with engine.connect() as connection:
        written = dict(connection.execute(query, {"period": date(2033, 12, 31)}).all())
    engine.dispose()
    assert written == {key: pytest.approx(20.5 + number) for number, key in enumerate(SOCIAL_SPACES)}
