"""Import speed: N generated observation rows (long format, German CSV) into the demo city.

usage: python bench/import_observations.py [--rows 1000000] [--db URL]
Prints rows per second for the check (dry run) and for check plus write, and peak memory.
Targets (issue 3): >= 50,000 rows/s on SQLite, >= 25,000 rows/s on PostgreSQL, on 2 cores.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

from sqlalchemy import select

from sozialraum.db import make_engine
from sozialraum.demo.install import ensure_database
from sozialraum.importing import run_import
from sozialraum.models import Area, Indicator


def write_rows(path: Path, engine, rows: int) -> None:
    with engine.connect() as connection:
        areas = list(connection.scalars(select(Area.key).where(Area.level == "planning_area")))
        indicators = list(connection.scalars(select(Indicator.key).where(Indicator.kind == "share")))
    per_period = len(areas) * len(indicators)
    with path.open("w", encoding="utf-8") as handle:
        handle.write("Gebiet;Kennzahl;Stichtag;Wert;Zähler;Nenner\n")
        for number in range(rows):
            period, rest = divmod(number, per_period)
            area, indicator = divmod(rest, len(indicators))
            denominator = 1000 + number % 9000
            numerator = number % denominator
            handle.write(
                # Monthly reference dates from 01/2014, inside the demo city's boundary version.
                f"{areas[area]};{indicators[indicator]};{2014 + period // 12}-{period % 12 + 1:02d};;{numerator};"
                + f"{denominator:,}".replace(",", ".")
                + "\n"
            )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--db", default=None, help="default: a fresh SQLite file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.db or f"sqlite:///{folder}/bench.db"
        engine = make_engine(url)
        ensure_database(engine)
        source = Path(folder) / "werte.csv"
        write_rows(source, engine, args.rows)
        print(f"{args.rows:,} rows, {source.stat().st_size / 1e6:.1f} MB, database {engine.dialect.name}")
        for label, dry_run in (("check only (dry run)", True), ("check and write", False)):
            start = time.perf_counter()
            report = run_import(engine, "observations", source, dry_run=dry_run)
            seconds = time.perf_counter() - start
            assert report.ok, report.lines()[:5]
            print(f"{label:24} {seconds:7.1f} s  {args.rows / seconds:10,.0f} rows/s")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak memory {peak:,.0f} MB")


if __name__ == "__main__":
    main()
