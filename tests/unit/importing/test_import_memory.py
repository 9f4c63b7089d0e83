"""A huge bad file keeps a bounded report and bounded memory (issue 13, point 8).

The check runs in a fresh subprocess (``bench/import_memory.py``), so its peak memory is its own. The
file here is small (400,000 bad rows, ~11 MB) to stay quick; the bench runs the 2 million rows.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pandas as pd
import pytest

from sozialraum.importing.messages import KEPT_PER_KIND, KEPT_TOTAL, ImportReport

BENCH = Path(__file__).resolve().parents[3] / "bench" / "import_memory.py"
ROWS = 400_000


def _bench():
    spec = importlib.util.spec_from_file_location("import_memory", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules["import_memory"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def figures(tmp_path_factory: pytest.TempPathFactory) -> dict[str, float]:
    bench = _bench()
    folder = tmp_path_factory.mktemp("memory")
    url = f"sqlite:///{folder / 'demo.db'}"
    bench.prepare_database(url)
    source = folder / "gross.csv"
    bench.write_bad_rows(source, ROWS)
    return {**bench.measure(url, source), "file_mb": source.stat().st_size / 2**20}


def test_every_bad_row_is_counted_but_few_are_kept(figures: dict[str, float]) -> None:
    assert figures["rows_read"] == ROWS
    assert figures["errors_counted"] == ROWS
    assert figures["messages_kept"] <= 4 * KEPT_PER_KIND  # four kinds of error in the file
    assert figures["lines"] <= 200 + 4  # the import log's messages: listed lines plus one per counted kind


def test_memory_stays_bounded_and_is_given_back(figures: dict[str, float]) -> None:
    # Before the fix the same check peaked at ~40 times the file size and kept ~30 times of it.
    assert figures["peak_mb"] - figures["rss_before_mb"] < 30 * figures["file_mb"]
    assert figures["rss_after_mb"] - figures["rss_before_mb"] < 5 * figures["file_mb"]


def test_report_keeps_first_messages_per_kind_and_exact_totals() -> None:
    report = ImportReport("observations", "werte.csv")
    for row in range(2, 10_002):
        report.error(row, "Wert", f"Kein Zahlenwert: »x{row}«.")
    report.warn(3, "Geometrie", "Gebiet »0101«: ungültiges Polygon wurde repariert.")
    assert report.error_count == 10_000
    assert report.warning_count == 1
    assert len(report.problems) == KEPT_PER_KIND + 1
    assert [problem.row for problem in report.errors] == list(range(2, 2 + KEPT_PER_KIND))
    assert "10.000 Fehler" in report.summary()
    frame = report.to_frame()
    assert len(frame) == KEPT_PER_KIND + 2
    assert frame["Meldung"].iloc[-1].startswith("… und 9.950 weitere Fehler dieser Art in Spalte »Wert«")


def test_report_caps_the_total_over_many_kinds() -> None:
    report = ImportReport("observations", "werte.csv")
    for kind in range(100):
        report.error_rows(f"check {kind}", 1_000, lambda i, kind=kind: (i + 2, f"Spalte {kind}", f"Fehler {i}"))
    assert len(report.problems) == KEPT_TOTAL
    assert report.error_count == 100_000
    assert not report.ok


def test_error_rows_describes_only_what_it_keeps() -> None:
    report = ImportReport("observations", "werte.csv")
    described = []

    def describe(position: int) -> tuple[int, str, str]:
        described.append(position)
        return position + 2, "Wert", "Kein Zahlenwert."

    report.error_rows("value", 1_000_000, describe)
    assert report.error_count == 1_000_000
    assert len(described) == KEPT_PER_KIND


def _long_table(text: str, tmp_path: Path, mapping_values: dict | None = None):
    from sozialraum.importing import observations
    from sozialraum.importing.mapping import load_mapping
    from sozialraum.importing.tabular import read_table

    path = tmp_path / "werte.csv"
    path.write_text(text, encoding="utf-8")
    mapping = load_mapping(None, mapping_values or {})
    table = read_table(path)
    report = ImportReport("observations", path.name)
    return observations.to_long(table, mapping, report), mapping, report


GOOD_ROWS = "".join(
    f"{space};{indicator};31.12.{year};{value},5\n"
    for year in (2023, 2024)
    for space in ("0101", "0102", "0201")
    for indicator, value in (("share_u18", 12), ("share_65plus", 20))
)


def test_checking_in_blocks_gives_the_same_rows_as_one_check(demo_engine, tmp_path):
    from sozialraum.importing import observations

    long, mapping, report = _long_table("Gebiet;Kennzahl;Stichtag;Wert\n" + GOOD_ROWS, tmp_path)
    whole = observations.validate(demo_engine, long, mapping, report)
    blocks = observations.validate_in_chunks(demo_engine, long, mapping, report, chunk_rows=5)
    assert report.ok, report.lines()
    assert len(whole) == 12
    pd.testing.assert_frame_equal(blocks, whole.reset_index(drop=True))


def test_checking_in_blocks_finds_duplicates_across_blocks(demo_engine, tmp_path):
    from sozialraum.importing import observations

    text = "Gebiet;Kennzahl;Stichtag;Wert\n" + GOOD_ROWS + "0101;share_u18;31.12.2023;1,0\n"
    long, mapping, report = _long_table(text, tmp_path)
    rows = observations.validate_in_chunks(demo_engine, long, mapping, report, chunk_rows=5)
    assert [str(problem) for problem in report.errors] == [
        "Fehler: werte.csv, Zeile 14: Doppelt: Gebiet »0101«, Kennzahl »share_u18«, 31.12.2023 steht schon in Zeile 2."
    ]
    assert len(rows) == 12


def test_checking_a_wide_table_in_blocks_names_the_right_lines(demo_engine, tmp_path):
    """A wide table has one long row per cell: blocks may cut through a line of the file."""
    from sozialraum.importing import observations

    text = "Gebiet;Jahr;U18;65+\n0101;2024;12,5;20,1\n0102;2024;x;21,0\n0101;2024;13,0;19,0\n"
    values = {"wide": {"columns": {"U18": "share_u18", "65+": "share_65plus"}}}
    long, mapping, report = _long_table(text, tmp_path, values)
    observations.validate_in_chunks(demo_engine, long, mapping, report, chunk_rows=2)
    assert sorted((problem.row, problem.text) for problem in report.errors) == [
        (4, f"Doppelt: Gebiet »0101«, Kennzahl »{key}«, 31.12.2024 steht schon in Zeile 2.")
        for key in ("share_65plus", "share_u18")
    ]
