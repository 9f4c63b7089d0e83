"""How long the council exports take: the Steckbrief PDF of a social space and a ten-slide PowerPoint deck.

Usage (from the repository root): ``python bench/exports.py [DATABASE_URL]``; without a URL a fresh demo
city is written to a temporary SQLite file. Chart images come from the machine's Chromium (kaleido);
the first export of a process pays for starting it, which is reported separately.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from sozialraum.db import make_engine
from sozialraum.demo.install import ensure_database
from sozialraum.export.deck_pptx import build_deck_pptx, render_deck
from sozialraum.export.steckbrief_pdf import steckbrief_pdf
from sozialraum.reports.steckbrief import load_steckbrief
from sozialraum.store import decks as deck_store
from sozialraum.store import repository

RUNS = 3
DECK = [
    ("karte", {"kennzahl": "sgb2_rate", "ebene": "social_space", "jahr": 2025}),
    ("karte", {"kennzahl": "child_poverty", "ebene": "planning_area", "jahr": 2025}),
    ("entwicklung", {"kennzahl": "hze_rate", "ebene": "social_space", "gebiete": ["0101", "0303"]}),
    ("vergleich", {"ebene": "social_space", "gebiete": ["0101", "0303"], "jahr": 2025, "darstellung": "abstand"}),
    ("steckbrief", {"ebene": "social_space", "gebiet": "0303", "jahr": 2025}),
    ("uebersicht", {"jahr": 2025}),
    ("ziele", {"jahr": 2025}),
    ("budget_soll_ist", {"produkt": "36.3", "jahr": 2025}),
    ("budget_hilfearten", {"produkt": "36.3", "jahr": 2025}),
    ("sozialindex", {"index": "status", "darstellung": "karte"}),
]


def timed(action) -> float:  # a callable
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def main() -> None:
    url = sys.argv[1] if len(sys.argv) > 1 else f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}"
    engine = make_engine(url)
    ensure_database(engine)
    period = repository.load_periods(engine)[-1]
    deck_id = deck_store.create_deck(engine, f"Benchmark {time.time_ns()}")
    for kind, params in DECK:
        deck_store.add_slide(engine, deck_id, kind, kind, params)

    def pdf() -> None:
        steckbrief_pdf(load_steckbrief(engine, "social_space", "0303", period))

    def pptx() -> None:
        build_deck_pptx("Benchmark", render_deck(engine, deck_id))

    first = timed(pdf)
    print(f"first export of the process (starts Chromium): {first:.2f} s")
    pdf_runs = [timed(pdf) for _ in range(RUNS)]
    pptx_runs = [timed(pptx) for _ in range(RUNS)]
    print(f"Steckbrief PDF (5 charts)      median {statistics.median(pdf_runs):.2f} s over {RUNS} runs")
    print(f"Deck PPTX ({len(DECK)} slides)          median {statistics.median(pptx_runs):.2f} s over {RUNS} runs")
    deck_store.delete_deck(engine, deck_id)


if __name__ == "__main__":
    main()
