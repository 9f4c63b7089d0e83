"""Wirkungsziele through AppTest: list and detail with status, and a goal created, edited and deleted
through the widgets, which the cockpit then shows."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
GOALS_PAGE = str(ROOT / "views" / "ziele.py")
OVERVIEW_PAGE = str(ROOT / "views" / "uebersicht.py")
NEW_TITLE = "SGB-II-Bezug in der Werftsiedlung halbieren"


def goal_rows(db_file) -> list[tuple]:
    engine = create_engine(f"sqlite:///{db_file}")
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT g.id, g.title, g.target_value, a.key FROM goal g LEFT JOIN area a ON a.id = g.area_id")
        ).all()
    engine.dispose()
    return rows


@pytest.fixture
def writable_db(demo_sqlite_file, tmp_path, monkeypatch):
    """A copy of the demo database, so writes do not leak into other tests."""
    path = tmp_path / "goals.db"
    shutil.copy(demo_sqlite_file, path)
    monkeypatch.setenv("SOZIALRAUM_DATABASE_URL", f"sqlite:///{path}")
    return path


def open_goals(at: AppTest) -> AppTest:
    at.run()
    at.switch_page(GOALS_PAGE)
    return at.run()


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def link_labels(at: AppTest) -> list[str]:
    """Link labels without their colour markup (``:red[**3** nicht auf Kurs]``)."""
    return [re.sub(r":[a-z]+\[|\]|\*\*", "", link.label) for link in at.get("page_link")]


def test_goals_page_lists_goals_with_status_and_exports(demo_app):
    at = open_goals(demo_app)
    assert not at.exception
    assert at.title[0].value == "Wirkungsziele"
    listing = at.dataframe[0].value
    assert len(listing) == 11
    assert listing["Status"].value_counts().to_dict() == {
        "erreicht": 4,
        "nicht auf Kurs": 3,
        "auf Kurs": 2,
        "gefährdet": 2,
    }
    assert {d.label for d in at.get("download_button")} >= {"CSV (Excel)", "XLSX"}
    assert len(at.get("plotly_chart")) == 1


def test_goal_and_status_filter_come_from_the_url(demo_app, demo_sqlite_file):
    goal_id, title, target, _ = next(row for row in goal_rows(demo_sqlite_file) if row[1] == "Kinderarmut senken")
    demo_app.query_params["ziel"] = str(goal_id)
    demo_app.query_params["status"] = "nicht auf Kurs"
    at = open_goals(demo_app)
    assert not at.exception
    assert at.selectbox(key="goal_select").value == goal_id
    assert set(at.dataframe[0].value["Status"]) == {"nicht auf Kurs"}
    assert any("nicht auf Kurs" in m.value and "falsche Richtung" in m.value for m in at.markdown)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Zielwert 2028"] == f"{target:.1f}".replace(".", ",") + "\u00a0%"
    assert at.text_input(key="goal_form_title").value == title  # the editor holds the selected goal


def test_a_goal_is_created_edited_and_deleted_through_the_widgets(writable_db):
    at = open_goals(AppTest.from_file(APP, default_timeout=60))
    before = len(goal_rows(writable_db))

    at.radio(key="goal_action").set_value("Neues Ziel anlegen").run()
    at.selectbox(key="goal_form_indicator").set_value("sgb2_rate").run()
    at.selectbox(key="goal_form_area").set_value("0202").run()
    assert any("Basiswert aus den Daten (Werftsiedlung" in c.value for c in at.caption)
    at.text_input(key="goal_form_strategic_goal").input("Armut wird bekämpft, Teilhabe ist gesichert")
    at.text_input(key="goal_form_title").input(NEW_TITLE)
    at.number_input(key="goal_form_target_value").set_value(3.0)
    at.number_input(key="goal_form_target_year").set_value(2027)
    button(at, "Ziel anlegen").click().run()
    assert not at.exception
    assert at.success[0].value == f"Ziel »{NEW_TITLE}« angelegt."
    rows = goal_rows(writable_db)
    assert len(rows) == before + 1
    new_id, _, target, area = next(row for row in rows if row[1] == NEW_TITLE)
    assert (target, area) == (3.0, "0202")
    assert at.selectbox(key="goal_select").value == new_id
    assert NEW_TITLE in set(at.dataframe[0].value["Wirkungsziel"])

    at.switch_page(OVERVIEW_PAGE)
    at.run()
    assert not at.exception
    assert "4 nicht auf Kurs" in link_labels(at)
    assert any(label.startswith("SGB-II-Bezug in der Werftsiedlung") for label in link_labels(at))

    at.switch_page(GOALS_PAGE)
    at.query_params["ziel"] = str(new_id)
    at.run()
    at.radio(key="goal_action").set_value("Ausgewähltes Ziel bearbeiten").run()
    assert at.text_input(key="goal_form_title").value == NEW_TITLE
    at.text_input(key="goal_form_title").input("SGB-II-Bezug in der Werftsiedlung senken")
    at.number_input(key="goal_form_target_value").set_value(12.0)
    button(at, "Änderungen speichern").click().run()
    assert not at.exception
    assert at.success[0].value == "Ziel »SGB-II-Bezug in der Werftsiedlung senken« gespeichert."
    assert (new_id, "SGB-II-Bezug in der Werftsiedlung senken", 12.0, "0202") in goal_rows(writable_db)

    at.radio(key="goal_action").set_value("Ausgewähltes Ziel löschen").run()
    button(at, "Ziel löschen").click().run()
    assert at.warning[0].value == "Bitte das Löschen mit dem Häkchen bestätigen."
    assert len(goal_rows(writable_db)) == before + 1
    at.checkbox(key="goal_delete_confirm").check()
    button(at, "Ziel löschen").click().run()
    assert not at.exception
    assert at.success[0].value == "Ziel »SGB-II-Bezug in der Werftsiedlung senken« gelöscht."
    assert len(goal_rows(writable_db)) == before
    assert "SGB-II-Bezug in der Werftsiedlung senken" not in set(at.dataframe[0].value["Wirkungsziel"])

    at.switch_page(OVERVIEW_PAGE)
    at.run()
    assert "3 nicht auf Kurs" in link_labels(at)


def test_invalid_input_shows_german_messages_and_writes_nothing(writable_db):
    at = open_goals(AppTest.from_file(APP, default_timeout=60))
    before = goal_rows(writable_db)
    at.radio(key="goal_action").set_value("Neues Ziel anlegen").run()
    at.selectbox(key="goal_form_indicator").set_value("sgb2_rate").run()
    at.number_input(key="goal_form_target_value").set_value(99.0)  # SGB-II should fall, not rise
    button(at, "Ziel anlegen").click().run()
    assert not at.exception
    error = at.error[0].value
    assert error.startswith("Das Ziel wurde nicht gespeichert:")
    assert "»Leitziel« darf nicht leer sein." in error
    assert "»Wirkungsziel« darf nicht leer sein." in error
    assert "»Zielwert« muss bei dieser »Richtung« unter dem »Basiswert« liegen." in error
    assert goal_rows(writable_db) == before


def test_trend_window_is_configurable_and_shared_with_the_cockpit(demo_app):
    at = open_goals(demo_app)
    at.number_input(key="goal_trend_input").set_value(10).run()
    assert not at.exception
    assert any("linearen Trend der letzten 10 Jahre" in c.value for c in at.caption)
    counts = at.dataframe[0].value["Status"].value_counts().to_dict()
    at.switch_page(OVERVIEW_PAGE)
    at.run()
    assert not at.exception
    for status, count in counts.items():
        assert f"{count} {status}" in link_labels(at)
    at.switch_page(GOALS_PAGE)
    at.run()
    assert at.number_input(key="goal_trend_input").value == 10


def test_without_goals_the_pages_invite_to_create_one(writable_db):
    engine = create_engine(f"sqlite:///{writable_db}")
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM goal"))
    engine.dispose()
    at = open_goals(AppTest.from_file(APP, default_timeout=60))
    assert not at.exception
    assert at.info[0].value == "Noch keine Wirkungsziele angelegt. Unten ein neues Ziel anlegen."
    assert at.radio(key="goal_action").options == ["Neues Ziel anlegen"]
    assert not at.get("download_button")
    at.switch_page(OVERVIEW_PAGE)
    at.run()
    assert not at.exception
    assert any(c.value == "Noch keine Ziele angelegt." for c in at.caption)
    assert "Ziel anlegen" in link_labels(at)
