"""The import assistant on the Daten page through AppTest: upload, proposal, one correction, dry run, import."""

import shutil
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from streamlit.testing.v1 import AppTest

from hamburg_data import EXPECTED_INDICATORS, HAMBURG, build_hamburg_database
from sozialraum.db import make_engine
from sozialraum.ui.markup import plain_text

APP = str(Path(__file__).resolve().parents[2] / "app.py")
SOCIAL_SPACES = ["0101", "0102", "0103", "0104", "0201", "0202", "0203", "0204"]


def wide_file() -> bytes:
    """A table of the demo's social spaces with one column per indicator; »Armut Kinder« is named unlike
    any catalogue indicator, so the planner has to assign it."""
    lines = ["Sozialraum;Einwohnerinnen und Einwohner;Anteil unter 18-Jähriger in %;Armut Kinder;Bemerkung"]
    for number, key in enumerate(SOCIAL_SPACES):
        lines.append(f"{key};{4000 + 100 * number:,};{15 + number},5;{20 + number},0;geprüft".replace(",", "."))
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture
def private_demo(demo_sqlite_file, tmp_path, monkeypatch):
    copy = tmp_path / "demo.db"
    shutil.copy(demo_sqlite_file, copy)
    monkeypatch.setenv("SOZIALRAUM_DATABASE_URL", f"sqlite:///{copy}")
    return copy


def open_daten() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("views/daten.py").run()
    assert not at.exception
    return at


def indicator_box(at: AppTest, column: str):
    return next(box for box in at.selectbox if box.key.startswith("assistant_indicator_") and box.label == column)


def stored(database: Path, indicator: str, period: date) -> dict[str, float]:
    engine = create_engine(f"sqlite:///{database}")
    query = text(
        "SELECT area.key, observation.value FROM observation JOIN area ON area.id = observation.area_id "
        "JOIN indicator ON indicator.id = observation.indicator_id WHERE indicator.key = :key AND period = :period"
    )
    with engine.connect() as connection:
        return dict(connection.execute(query, {"key": indicator, "period": period}).all())


def test_upload_proposal_correction_dry_run_and_import(private_demo):
    at = open_daten()
    at.file_uploader(key="assistant_file").set_value(("sozialraeume_2031.csv", wide_file(), "text/csv")).run()
    assert not at.exception
    assert at.selectbox(key="assistant_area_column").value == "Sozialraum"
    assert at.radio(key="assistant_area_by").value == "key"
    assert at.selectbox(key="assistant_level").value == "social_space"
    assert at.radio(key="assistant_period_mode").value == "fixed"
    assert at.text_input(key="assistant_period").value == "2031"  # from the file name
    assert indicator_box(at, "Einwohnerinnen und Einwohner").value == "pop_total"
    assert indicator_box(at, "Anteil unter 18-Jähriger in %").value == "share_u18"
    assert indicator_box(at, "Armut Kinder").value == ""  # nicht importieren
    assert "Bemerkung" not in [box.label for box in at.selectbox]  # text, no numbers: not offered
    assert "Prüfung bestanden" in at.success[0].value
    assert "16 geprüft" in at.success[0].value  # 8 areas × 2 indicators

    indicator_box(at, "Armut Kinder").set_value("child_poverty").run()
    assert not at.exception
    assert "24 geprüft" in at.success[0].value
    toml = next(block.value for block in at.code if "[wide.columns]" in block.value)
    assert '"Armut Kinder" = "child_poverty"' in toml
    assert stored(private_demo, "child_poverty", date(2031, 12, 31)) == {}  # a dry run writes nothing

    at.button(key="assistant_confirm").click().run()
    assert not at.exception
    assert any("24 geschrieben" in message.value for message in at.success)
    assert stored(private_demo, "child_poverty", date(2031, 12, 31)) == {
        key: pytest.approx(20.0 + number) for number, key in enumerate(SOCIAL_SPACES)
    }
    assert stored(private_demo, "pop_total", date(2031, 12, 31))["0204"] == pytest.approx(4700)


def test_a_fixed_period_can_be_corrected(private_demo):
    at = open_daten()
    at.file_uploader(key="assistant_file").set_value(("sozialraeume_2031.csv", wide_file(), "text/csv")).run()
    at.text_input(key="assistant_period").set_value("30.06.2032").run()
    assert not at.exception
    at.button(key="assistant_confirm").click().run()
    assert stored(private_demo, "pop_total", date(2032, 6, 30))["0101"] == pytest.approx(4000)
    assert stored(private_demo, "pop_total", date(2031, 12, 31)) == {}


def test_an_unreadable_upload_gets_a_german_message_and_is_logged(private_demo):
    at = open_daten()
    garbage = bytes(range(256)) * 40
    at.file_uploader(key="assistant_file").set_value(("kaputt.csv", garbage, "text/csv")).run()
    assert not at.exception
    message = at.error[0].value
    assert message.startswith("Fehler: kaputt.csv: ")
    assert not [button for button in at.button if button.key == "assistant_confirm"]
    engine = create_engine(f"sqlite:///{private_demo}")
    with engine.connect() as connection:
        logged = connection.execute(text("SELECT file_name, outcome FROM import_log")).all()
    assert ("kaputt.csv", "failed") in logged


def test_without_an_area_column_nothing_is_checked(private_demo):
    at = open_daten()
    content = b"Name;Einwohnerinnen und Einwohner\nirgendwo;12\nnirgends;13\n"
    at.file_uploader(key="assistant_file").set_value(("werte_2031.csv", content, "text/csv")).run()
    assert not at.exception
    assert at.selectbox(key="assistant_area_column").value is None
    assert any("Gebietsspalte selbst wählen" in info.value for info in at.info)
    assert "Bitte die Spalte mit den Gebieten wählen." in [warning.value for warning in at.warning]
    assert not [button for button in at.button if button.key == "assistant_confirm"]


@pytest.fixture(scope="module")
def hamburg_database(tmp_path_factory):
    if not HAMBURG.is_dir():
        pytest.skip("../shared/realdata/hamburg nicht vorhanden")
    folder = tmp_path_factory.mktemp("hamburg_app")
    engine = make_engine(f"sqlite:///{folder / 'hamburg.db'}")
    build_hamburg_database(engine, folder)
    engine.dispose()
    return folder / "hamburg.db"


def test_hamburgs_stadtteilprofile_are_proposed_by_name(hamburg_database, tmp_path, monkeypatch):
    """The target case on the real file: the page proposes what the planner would have written."""
    copy = tmp_path / "hamburg.db"
    shutil.copy(hamburg_database, copy)
    monkeypatch.setenv("SOZIALRAUM_DATABASE_URL", f"sqlite:///{copy}")
    at = open_daten()
    content = (HAMBURG / "stadtteilprofile_2014.csv").read_bytes()
    at.file_uploader(key="assistant_file").set_value(("stadtteilprofile_2014.csv", content, "text/csv")).run()
    assert not at.exception
    assert at.selectbox(key="assistant_area_column").value == "Stadtgebiet"
    assert at.radio(key="assistant_area_by").value == "name"
    assert at.selectbox(key="assistant_level").value == "social_space"
    assert at.text_input(key="assistant_period").value == "2014"
    offered = [box for box in at.selectbox if box.key.startswith("assistant_indicator_")]
    assert len(offered) == 68
    assert {box.label: box.value for box in offered if box.value} == EXPECTED_INDICATORS
    toml = next(block.value for block in at.code if "[wide.columns]" in block.value)
    assert 'area_by = "name"' in toml
    assert any("95 von 103 Werten sind bekannte Namen" in block.value for block in at.markdown)
    # The dry run ran on the proposal and reported on it, in the page's usual table.
    # The dry run ran on the proposal and reported on it (until area_by = "name" works for observations,
    # with an error per value: the names are looked up as keys).
    summaries = [plain_text(message.value) for message in [*at.success, *at.error]]
    assert any(summary.startswith(("stadtteilprofile_2014.csv: ", "Prüfung bestanden")) for summary in summaries)


def test_a_refused_check_is_logged_once_not_for_every_correction(private_demo):
    at = open_daten()
    content = wide_file() + b"9999;100;10,0;10,0;neu\n"
    at.file_uploader(key="assistant_file").set_value(("mit_fehler_2031.csv", content, "text/csv")).run()
    assert "Fehler, nichts wurde geschrieben" in at.error[0].value
    report = next(frame.value for frame in at.dataframe if "Meldung" in frame.value.columns)
    assert "Unbekannter Gebietsschlüssel »9999«." in set(report["Meldung"])
    at.text_input(key="assistant_period").set_value("2030").run()
    indicator_box(at, "Armut Kinder").set_value("child_poverty").run()
    assert not at.exception
    assert "Fehler, nichts wurde geschrieben" in at.error[0].value
    assert not [button for button in at.button if button.key == "assistant_confirm"]
    engine = create_engine(f"sqlite:///{private_demo}")
    with engine.connect() as connection:
        logged = connection.execute(
            text("SELECT outcome FROM import_log WHERE file_name = 'mit_fehler_2031.csv'")
        ).scalars()
        assert list(logged) == ["failed"]


def test_markup_in_headers_is_shown_as_text(private_demo):
    at = open_daten()
    link = "[Klick](https://example.org/x.png)"
    content = f"{link};Einwohnerinnen und Einwohner;**fett** <b>x</b>\n0101;12;1\n0102;13;2\n".encode()
    at.file_uploader(key="assistant_file").set_value(("werte_2031.csv", content, "text/csv")).run()
    assert not at.exception
    assert at.selectbox(key="assistant_area_column").value == link
    recognised = next(block.value for block in at.markdown if "Gebiete in Spalte" in block.value)
    assert link not in recognised  # escaped, so Streamlit shows the brackets instead of a link
    assert plain_text(recognised).count("[Klick](https://example.org/x.png)") == 1
    labels = [box.label for box in at.selectbox if box.key.startswith("assistant_indicator_")]
    assert "**fett** <b>x</b>" not in labels
    assert [plain_text(label) for label in labels] == ["Einwohnerinnen und Einwohner", "**fett** <b>x</b>"]
