"""How long the Steckbrief's data takes without Streamlit caches: queries, aggregation and the profile rows.

Usage (from the repository root): ``python bench/steckbrief.py [DATABASE_URL]``; without a URL a fresh
demo city is written to a temporary SQLite file. Prints the median of five runs per level.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from sozialraum.analysis.steckbrief import steckbrief_rows
from sozialraum.db import make_engine
from sozialraum.demo.install import ensure_database
from sozialraum.store import repository

RUNS = 5


def steckbrief_once(engine, level: str) -> float:  # an Engine
    started = time.perf_counter()
    catalogue = repository.load_indicators(engine)
    periods = repository.load_periods(engine)
    keys = list(catalogue.index)
    level_values = repository.load_values(engine, keys, periods, level)
    city_values = repository.load_values(engine, keys, periods, "city")
    area_id = int(repository.load_areas(engine, level)["id"].iloc[0])
    steckbrief_rows(level_values, city_values, catalogue, area_id, periods[-1], periods)
    return time.perf_counter() - started


def main() -> None:
    url = sys.argv[1] if len(sys.argv) > 1 else f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}"
    engine = make_engine(url)
    ensure_database(engine)
    for level in ("social_space", "district", "planning_area"):
        timings = [steckbrief_once(engine, level) for _ in range(RUNS)]
        print(f"{level:14s} median {statistics.median(timings):.2f} s over {RUNS} runs (uncached)")


if __name__ == "__main__":
    main()
