"""Warm script run of the Karte page, measured through AppTest: the demo city's 51 Planungsräume, or any
database with ``--db`` (e.g. Berlin's 542 Planungsräume after the Berlin recipe).

usage (from the project root): python bench/map_page_run.py [--db URL --year 2020 --indicator mss_s4]

A warm run is a rerun with caches filled, as after a click or a changed control whose data was loaded
before. AppTest adds its own overhead, so the figure is an upper bound of the server's script time.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

from sozialraum.db import make_engine
from sozialraum.demo.install import ensure_database

ROOT = Path(__file__).resolve().parents[1]
TARGET_SECONDS = 0.5


def measure(url: str, year: str | None, indicator: str | None) -> None:
    os.environ["SOZIALRAUM_DATABASE_URL"] = url
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["ebene"] = "planning_area"
    if year:
        at.query_params["jahr"] = year
    if indicator:
        at.query_params["kennzahl"] = indicator
    at.run()
    at.switch_page("views/karte.py").run()
    assert not at.exception, at.exception
    timings = []
    for _ in range(5):
        started = time.perf_counter()
        at.run()
        timings.append(time.perf_counter() - started)
    caption = next(caption.value for caption in at.caption if "Planungsräume" in caption.value)
    areas = next(part.strip() for part in caption.split("·") if "Planungsräume" in part).split(".")[0]
    print(
        f"Karte ({areas}), warmer Skriptlauf (Median/5): {statistics.median(timings):.3f} s (Ziel ≤ {TARGET_SECONDS} s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", help="default: a fresh demo database")
    parser.add_argument("--year")
    parser.add_argument("--indicator")
    args = parser.parse_args()
    if args.db:
        measure(args.db, args.year, args.indicator)
        return
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'demo.db'}"
        ensure_database(make_engine(url))  # an empty database gets the demo city
        measure(url, args.year, args.indicator)


if __name__ == "__main__":
    main()
