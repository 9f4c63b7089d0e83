"""The suite's own judge: what counts as a crash, and what as data shown, on tiny scripts."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from shapes.apptest import crashes, drawn_lines, metrics_with_numbers, table_rows

RAISES = "raise KeyError(2027)"
HANDLED = """
import logging
import streamlit as st
try:
    raise KeyError(2027)
except KeyError:
    logging.getLogger("sozialraum.app").exception("page failed")
    st.error("Diese Seite konnte wegen eines unerwarteten Fehlers nicht angezeigt werden.")
"""
GERMAN_MESSAGE = """
import streamlit as st
st.error("Die Klassengrenzen müssen aufsteigend sein.")
"""
DATA = """
import pandas as pd
import plotly.graph_objects as go
import streamlit as st
st.metric("Einwohner", "1.229")
st.dataframe(pd.DataFrame({"a": [1, 2]}))
st.plotly_chart(go.Figure(go.Scatter(x=[2023, 2024], y=[1.5, 2.5])))
st.plotly_chart(go.Figure(go.Scatter(x=[2024], y=[1.5])))
"""


def test_an_exception_is_a_crash(logged_errors):
    at = AppTest.from_string(RAISES).run()
    assert any("exception" in problem for problem in crashes(at, logged_errors))


def test_a_caught_and_logged_exception_is_a_crash(logged_errors):
    at = AppTest.from_string(HANDLED).run()
    found = crashes(at, logged_errors)
    assert any(problem.startswith("logged: page failed") for problem in found), found
    assert any(problem.startswith("error box:") for problem in found), found


def test_a_pages_own_german_message_is_no_crash(logged_errors):
    at = AppTest.from_string(GERMAN_MESSAGE).run()
    assert crashes(at, logged_errors) == []


def test_data_evidence():
    at = AppTest.from_string(DATA).run()
    assert metrics_with_numbers(at) == ["Einwohner=1.229"]
    assert table_rows(at) == [2]
    assert drawn_lines(at) == 1  # the one-point trace is no line
