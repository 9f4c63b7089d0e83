"""AppTest fixtures: the app on the demo database, fresh Streamlit caches for every test."""

from pathlib import Path

import pytest
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager
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


@pytest.fixture(autouse=True)
def navigation_not_pages_directory(monkeypatch):
    """AppTest resets ``PagesManager.uses_pages_directory`` before every run; with a ``pages/`` folder it
    then treats each rerun as an old-style multipage app and runs the page script without ``app.py``
    (no sidebar, no navigation). The real server sets the flag once and ``st.navigation`` clears it, so
    the tests pin it to what the server ends up with."""
    original_init = PagesManager.__init__

    def init_for_navigation(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init_for_navigation)


@pytest.fixture
def demo_app(demo_sqlite_file, monkeypatch) -> AppTest:
    monkeypatch.setenv("SOZIALRAUM_DATABASE_URL", f"sqlite:///{demo_sqlite_file}")
    return AppTest.from_file(APP, default_timeout=60)
