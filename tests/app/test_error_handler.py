"""An unexpected error on a page: a German message with a reference, logged with its traceback; never
Streamlit's English box. Streamlit's own control flow (stop, rerun, switch page) passes through."""

import logging

import pytest
from streamlit.runtime.scriptrunner_utils.exceptions import RerunException, StopException

from sozialraum.ui.errors import RAISE_ENV, run_guarded

KARTE = "views/karte.py"


def broken(*_args, **_kwargs):
    raise RuntimeError("kaputt: interne Einzelheit")


@pytest.fixture
def failing_map(demo_app, monkeypatch):
    """The demo app with the Karte's table builder failing, and the test suite's re-raise switched off."""
    monkeypatch.delenv(RAISE_ENV, raising=False)
    monkeypatch.setattr("sozialraum.reports.karte.area_table", broken)
    return demo_app


def test_a_failing_page_shows_a_german_message_and_logs_the_traceback(failing_map, caplog):
    with caplog.at_level(logging.ERROR, logger="sozialraum.app"):
        at = failing_map.run()
        at.switch_page(KARTE).run()
    assert not at.exception  # no Streamlit error box
    message = at.error[0].value
    assert "Diese Seite konnte nicht vollständig angezeigt werden" in message
    assert "neu laden" in message
    assert "anderes Jahr" in message
    assert "Fehlernummer" in message
    assert "kaputt" not in message  # internals stay in the log
    record = next(r for r in caplog.records if r.name == "sozialraum.app")
    assert record.exc_info[0] is RuntimeError
    reference = record.args[0]
    assert reference in message
    assert at.title[0].value.startswith("Karte")  # what was drawn before the error stays


def test_under_test_the_error_is_also_raised(demo_app, monkeypatch):
    monkeypatch.setenv(RAISE_ENV, "1")
    monkeypatch.setattr("sozialraum.reports.karte.area_table", broken)
    at = demo_app.run()
    at.switch_page(KARTE).run()
    assert at.exception
    assert "Fehlernummer" in at.error[0].value


def test_st_stop_on_a_page_is_no_error(demo_app, monkeypatch):
    monkeypatch.delenv(RAISE_ENV, raising=False)
    demo_app.query_params["methode"] = "manuell"  # without breaks the Karte asks for them and stops
    at = demo_app.run()
    at.switch_page(KARTE).run()
    assert not at.exception
    assert not at.error
    assert any("Klassengrenzen" in info.value for info in at.info)


@pytest.mark.parametrize("control", [StopException(), RerunException(None)])
def test_control_flow_exceptions_pass_through(control, monkeypatch):
    monkeypatch.delenv(RAISE_ENV, raising=False)

    def page():
        raise control

    with pytest.raises(type(control)):
        run_guarded(page)
