"""The import assistant in a real browser: a table uploaded through the file input is recognised,
checked and imported, and no request leaves localhost."""

import re
import shutil
import tomllib
from datetime import date
from pathlib import Path

import pytest
import tomli_w
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


REALDATA = Path(__file__).resolve().parents[3] / "shared" / "realdata"
HAMBURG_RECIPE = Path(__file__).resolve().parents[2] / "examples" / "hamburg"


@pytest.mark.skipif(not (REALDATA / "hamburg").is_dir(), reason="../shared/realdata/hamburg fehlt")
def test_the_hamburg_stadtteilprofile_are_imported_through_the_assistant(tmp_path, app_on, visit, screenshot_dir):
    # Hamburg's areas and catalogue from the recipe's first steps; the profile itself comes by browser.
    from sozialraum.db import make_engine
    from sozialraum.demo.install import ensure_database
    from sozialraum.importing.recipe import run_recipe

    recipe = tomllib.loads((HAMBURG_RECIPE / "recipe.toml").read_text(encoding="utf-8"))
    recipe["step"] = [step for step in recipe["step"] if step["kind"] in ("areas", "indicators")]
    (tmp_path / "recipe.toml").write_text(tomli_w.dumps(recipe), encoding="utf-8")
    shutil.copy(HAMBURG_RECIPE / "indikatoren.csv", tmp_path / "indikatoren.csv")
    database = tmp_path / "hamburg.db"
    engine = make_engine(f"sqlite:///{database}")
    ensure_database(engine, load_demo_when_empty=False)
    assert run_recipe(engine, tmp_path / "recipe.toml", REALDATA).ok
    engine.dispose()
    with app_on(database) as url:
        visit.open(f"{url}/daten")
        page = visit.page
        page.get_by_role("tab", name="Import-Assistent").click()
        panel = page.locator("[role='tabpanel']:visible")
        upload = REALDATA / "hamburg" / "stadtteilprofile_2014.csv"
        panel.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(upload))
        page.get_by_text("Gebiete in Spalte »Stadtgebiet«").wait_for(timeout=60000)
        # What the planner types: the Stichtag, and the rows of single Stadtteile (the messages name the others).
        period = panel.get_by_role("textbox", name="Jahr oder Stichtag für alle Zeilen")
        period.fill("31.12.2013")
        period.press("Enter")
        visit.settle()
        rows = panel.get_by_role("textbox", name="Nur diese Zeilen (optional)")
        rows.fill("2-15, 18-86, 88-94, 96-100")
        rows.press("Enter")
        page.get_by_text("Prüfung bestanden").wait_for(timeout=60000)
        page.screenshot(path=str(screenshot_dir / "daten_import_assistent_hamburg.png"), full_page=True)
        panel.get_by_role("button", name="Jetzt importieren").click()
        panel.get_by_text(re.compile(r"[\d.]+ geschrieben")).first.wait_for(timeout=60000)
        assert page.locator("[data-testid='stException']").count() == 0
        assert visit.foreign_requests() == []
    engine = create_engine(f"sqlite:///{database}")
    query = text(
        "SELECT observation.value FROM observation JOIN area ON area.id = observation.area_id "
        "JOIN indicator ON indicator.id = observation.indicator_id "
        "WHERE indicator.key = 'hh_ew' AND area.name = 'St. Pauli' AND observation.period = :period"
    )
    with engine.connect() as connection:
        assert connection.execute(query, {"period": date(2013, 12, 31)}).scalar_one() == 22392
    engine.dispose()
