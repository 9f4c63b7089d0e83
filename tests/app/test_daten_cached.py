"""The Daten page reads coverage, the import log and the boundary versions through the cached Source:
a rerun (a click that writes nothing) queries none of them again, an import makes them fresh at once."""

import shutil
from collections import Counter
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from sozialraum.reports import source as report_source

WATCHED = ("indicator_coverage", "indicator_coverage_by_period", "import_log", "boundary_versions")
APP = str(Path(__file__).resolve().parents[2] / "app.py")
VALID = "Gebiet;Kennzahl;Jahr;Wert;Zähler;Nenner\n0101;sgb2_rate;2031;;1.250;10.000\n".encode()


@pytest.fixture
def counted(monkeypatch):
    calls: Counter[str] = Counter()
    for name in WATCHED:
        reader = report_source.READERS[name]

        def counting(*args, _reader=reader, _name=name):
            calls[_name] += 1
            return _reader(*args)

        monkeypatch.setitem(report_source.READERS, name, counting)
    return calls


def test_a_rerun_reads_nothing_again(demo_app, counted):
    demo_app.run()
    demo_app.switch_page("views/daten.py").run()
    assert not demo_app.exception
    assert all(counted[name] == 1 for name in WATCHED), counted
    before = counted.copy()
    demo_app.multiselect(key="export_indicators").set_value([]).run()  # a widget change: a full rerun
    assert not demo_app.exception
    assert counted == before


def test_an_import_shows_in_the_log_in_the_same_run(demo_sqlite_file, tmp_path, monkeypatch, counted):

    from tests.app.conftest import APP

    copy = tmp_path / "demo.db"
    shutil.copy(demo_sqlite_file, copy)
    monkeypatch.setenv("SOZIALRAUM_DATABASE_URL", f"sqlite:///{copy}")
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("views/daten.py").run()
    at.file_uploader(key="import_file").set_value(("werte.csv", VALID, "text/csv")).run()
    at.button(key="import_confirm").click().run()
    assert not at.exception
    log = next(frame.value for frame in at.dataframe if "SHA-256" in frame.value.columns)
    assert "werte.csv" in set(log["Datei"])
