"""Daten page: a write by another process shows at the next rerun; undo and repairs with their confirmations."""

import shutil
from pathlib import Path

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from sozialraum.db import make_engine
from sozialraum.importing import run_import
from sozialraum.models import BoundaryVersion, ImportLog

APP = str(Path(__file__).resolve().parents[2] / "app.py")
CATALOGUE = "Schlüssel;Name;Einheit;Thema;Polarität;Art\new;Einwohner;Personen;Bevölkerung;0;Anzahl\n"


@pytest.fixture
def private_demo(demo_sqlite_file, tmp_path, monkeypatch):
    copy = tmp_path / "demo.db"
    shutil.copy(demo_sqlite_file, copy)
    monkeypatch.setenv("SOZIALRAUM_DATABASE_URL", f"sqlite:///{copy}")
    return copy


def catalogue_keys(at: AppTest) -> set[str]:
    frame = next(frame.value for frame in at.dataframe if "Wertung" in frame.value.columns)
    return set(frame["Schlüssel"])


def import_log(at: AppTest):
    return next(frame.value for frame in at.dataframe if "SHA-256" in frame.value.columns)


def import_elsewhere(database: Path, tmp_path: Path) -> int:
    """An import as the CLI would do it: another engine, nothing told to the app."""
    path = tmp_path / "katalog.csv"
    path.write_text(CATALOGUE, encoding="utf-8")
    engine = make_engine(f"sqlite:///{database}")
    try:
        assert run_import(engine, "indicators", path).ok
        with engine.connect() as connection:
            return connection.scalar(select(ImportLog.id).order_by(ImportLog.id.desc()).limit(1))
    finally:
        engine.dispose()


def open_daten() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("views/daten.py").run()
    assert not at.exception
    return at


def test_an_import_by_another_process_shows_at_the_next_rerun(private_demo, tmp_path):
    at = open_daten()
    assert "ew" not in catalogue_keys(at)
    import_elsewhere(private_demo, tmp_path)
    at.run()  # no cache cleared by the test: the data-version stamp moved
    assert not at.exception
    assert "ew" in catalogue_keys(at)


def test_an_import_is_undone_from_the_log_after_a_confirmation(private_demo, tmp_path):
    log_id = import_elsewhere(private_demo, tmp_path)
    at = open_daten()
    assert "ew" in catalogue_keys(at)
    at.button(key=f"undo_{log_id}").click().run()
    assert not at.exception
    warning = at.warning[0].value
    assert warning.startswith(f"Import Nr. {log_id} (katalog.csv, ")
    assert ": 1 Kennzahl wird auf den vorherigen Stand gesetzt" in warning
    at.button(key="undo_confirm").click().run()
    assert not at.exception
    assert at.success[0].value.startswith(f"Import Nr. {log_id} (katalog.csv")
    assert "ew" not in catalogue_keys(at)
    log = import_log(at)
    assert log.loc[log["Nr."] == log_id, "Ergebnis"].item() == "zurückgenommen"
    assert f"undo_{log_id}" not in [button.key for button in at.button]


def test_a_version_is_corrected_and_an_indicator_deleted_on_the_page(private_demo, tmp_path):
    import_elsewhere(private_demo, tmp_path)
    at = open_daten()
    form_name = next(field for field in at.text_input if field.label == "Name")
    form_name.set_value("Musterstadt 2026")
    at.button(key="FormSubmitter:repair_version_form-Gebietsstand speichern").click().run()
    assert not at.exception
    assert "geändert: Musterstadt 2026" in at.success[0].value
    engine = make_engine(f"sqlite:///{private_demo}")
    with engine.connect() as connection:
        assert "Musterstadt 2026" in connection.scalars(select(BoundaryVersion.name)).all()
    engine.dispose()

    at.selectbox(key="repair_indicator_key").set_value("ew").run()
    assert at.warning[0].value == "Kennzahl »ew« (Einwohner) löschen: 0 Werte, 0 Ziele werden mitgelöscht."
    at.button(key="repair_indicator_delete").click().run()
    assert not at.exception
    assert at.success[0].value == "Kennzahl »ew« wurde gelöscht."
    assert "ew" not in catalogue_keys(at)
