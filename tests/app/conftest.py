"""AppTest fixtures: the app on the demo database, fresh Streamlit caches for every test."""

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")


@pytest.fixture(autouse=True)
def fresh_streamlit_caches():
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def demo_app(demo_sqlite_file, monkeypatch) -> AppTest:
    monkeypatch.setenv("SOZIALRAUM_DATABASE_URL", f"sqlite:///{demo_sqlite_file}")
    return AppTest.from_file(APP, default_timeout=60)
