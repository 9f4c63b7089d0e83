"""Warm script run of the Karte page on the demo city (51 Planungsräume), measured through AppTest.

usage (from the project root): PYTHONPATH=src python bench/map_page_run.py

A warm run is a rerun with caches filled, as after a click or a changed control whose data was loaded
before. AppTest adds its own overhead, so the figure is an upper bound of the server's script time.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

from sozialraum.db import ensure_database, make_engine

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'demo.db'}"
        ensure_database(make_engine(url))  # an empty database gets the demo city
        os.environ["SOZIALRAUM_DATABASE_URL"] = url
        original_init = PagesManager.__init__

        def init_for_navigation(self, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003 - see tests/app/conftest.py
            original_init(self, *args, **kwargs)
            PagesManager.uses_pages_directory = False

        PagesManager.__init__ = init_for_navigation
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        at.query_params["ebene"] = "planning_area"
        at.run()
        at.switch_page("pages/karte.py").run()
        assert not at.exception, at.exception
        timings = []
        for _ in range(5):
            started = time.perf_counter()
            at.run()
            timings.append(time.perf_counter() - started)
        assert "51 Planungsräume" in at.caption[0].value, "not the planning-area map"
        print(f"Karte, 51 Planungsräume, warmer Skriptlauf (Median/5): {statistics.median(timings):.3f} s")


if __name__ == "__main__":
    main()
