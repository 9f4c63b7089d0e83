"""The first-start tour on the Übersicht: one line with the three users' starting points, closed for good."""

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from sozialraum.db import make_engine
from sozialraum.store import repository
from sozialraum.ui.tour import DISMISSED_MARK

APP = str(Path(__file__).resolve().parents[2] / "app.py")


@pytest.fixture
def tour_app(demo_sqlite_file, tmp_path, monkeypatch):
    """The app on a copy of the demo database: closing the tour writes to it."""
    copy = tmp_path / "tour.db"
    shutil.copy(demo_sqlite_file, copy)
    monkeypatch.setenv("SOZIALRAUM_DATABASE_URL", f"sqlite:///{copy}")
    engine = make_engine(f"sqlite:///{copy}")
    yield AppTest.from_file(APP, default_timeout=60), engine
    engine.dispose()


def tour_links(at) -> list[str]:
    return [
        link.label for link in at.get("page_link") if link.label in {"Übersicht", "Karte", "Steckbrief", "Präsentation"}
    ]


def test_a_fresh_demo_shows_the_tour_until_it_is_closed(tour_app):
    at, engine = tour_app
    at.run()
    assert not at.exception
    assert any(m.value.startswith("**Neu hier?**") for m in at.markdown)
    assert tour_links(at) == ["Übersicht", "Karte", "Steckbrief", "Präsentation"]
    karte = next(link for link in at.get("page_link") if link.label == "Karte")
    assert karte.proto.page.endswith("karte")  # a link into the app, not a new tab
    assert "jahr=2025" in karte.proto.query_string

    at.button(key="tour_dismiss").click().run()
    assert not at.exception
    assert repository.dataset_info(engine)[DISMISSED_MARK] == "1"
    assert not any(m.value.startswith("**Neu hier?**") for m in at.markdown)
    assert at.title[0].value == "Übersicht 2025"  # the cockpit itself is unchanged

    again = AppTest.from_file(APP, default_timeout=60).run()  # another session, e.g. after a restart
    assert not again.exception
    assert not any(m.value.startswith("**Neu hier?**") for m in again.markdown)
    assert tour_links(again) == []


def test_a_database_that_takes_no_mark_hides_the_tour_for_the_session(tour_app, monkeypatch):
    from sqlalchemy.exc import OperationalError

    from sozialraum.ui import tour

    at, engine = tour_app
    at.run()

    def read_only(*_args, **_kwargs):
        raise OperationalError("UPDATE dataset_info", {}, Exception("attempt to write a readonly database"))

    monkeypatch.setattr(tour, "Session", read_only)
    at.button(key="tour_dismiss").click().run()
    assert not at.exception
    assert not any(m.value.startswith("**Neu hier?**") for m in at.markdown)
    assert DISMISSED_MARK not in repository.dataset_info(engine)
