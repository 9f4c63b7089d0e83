"""Memory of checking a huge bad upload: a ~50 MB CSV with two million rows that all fail the check.

usage: python bench/import_memory.py [--rows 2000000] [--db URL]
The check (a dry run, as the Daten page does it) runs in a fresh subprocess, which prints its resident
memory before the check, the peak during it, and what it still holds afterwards (report kept, as the page
keeps it in the session, and after it is dropped). Issue 13 measured 420 MB → 1.6 GB, kept, before the
fix. ``tests/unit/importing/test_import_memory.py`` runs a smaller version with a bound.
"""

from __future__ import annotations

import argparse
import gc
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Each row fails in a different way, in the order the check tests them: period, indicator, area, value.
BAD_ROWS = (
    "0101;share_u18;31.12.20x4;1\n",  # period not readable
    "0101;nope_key;31.12.2024;1\n",  # unknown indicator
    "9999;share_u18;31.12.2024;1\n",  # unknown area
    "0102;share_u18;31.12.2024;abc\n",  # value not a number
)


def write_bad_rows(path: Path, rows: int) -> None:
    """``rows`` data rows (each bad) below a German header, written in blocks to keep this script small."""
    block = "".join(BAD_ROWS) * 2_500
    per_block = len(BAD_ROWS) * 2_500
    with path.open("w", encoding="utf-8") as handle:
        handle.write("Gebiet;Kennzahl;Stichtag;Wert\n")
        for _ in range(rows // per_block):
            handle.write(block)
        handle.write("".join(BAD_ROWS[i % len(BAD_ROWS)] for i in range(rows % per_block)))


def resident_mb() -> dict[str, float]:
    """Current (VmRSS) and peak (VmHWM) resident memory of this process in MB, from /proc (Linux)."""
    figures = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in {"VmRSS", "VmHWM"}:
            figures[name] = int(value.split()[0]) / 1024
    return figures


def check_in_this_process(db_url: str, csv_path: Path) -> dict[str, float | int]:
    """The child's work: one dry-run check of ``csv_path``, with memory figures around it."""
    from sozialraum.db import make_engine
    from sozialraum.importing import run_import

    engine = make_engine(db_url)
    with engine.connect():
        pass  # pool and dialect ready, so the baseline holds everything but the check
    before = resident_mb()["VmRSS"]
    start = time.perf_counter()
    report = run_import(engine, "observations", csv_path, dry_run=True, display_name="gross.csv")
    seconds = time.perf_counter() - start
    held = resident_mb()
    figures = {
        "rss_before_mb": round(before, 1),
        "peak_mb": round(held["VmHWM"], 1),
        "rss_after_mb": round(held["VmRSS"], 1),
        "seconds": round(seconds, 1),
        "rows_read": report.rows_read,
        "errors_counted": report.error_count,
        "messages_kept": len(report.problems),
        "lines": len(report.lines()),
    }
    del report
    gc.collect()
    figures["rss_after_drop_mb"] = round(resident_mb()["VmRSS"], 1)
    return figures


def measure(db_url: str, csv_path: Path) -> dict[str, float | int]:
    """Run the check in a fresh interpreter (so peak memory is the check's own) and return its figures."""
    result = subprocess.run(
        [sys.executable, __file__, "--child", str(csv_path), "--db", db_url],
        capture_output=True,
        text=True,
        check=True,
        timeout=900,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def prepare_database(url: str) -> None:
    from sozialraum.db import make_engine
    from sozialraum.demo.install import ensure_database

    ensure_database(make_engine(url))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=2_000_000)
    parser.add_argument("--db", default=None, help="default: a fresh SQLite file with the demo city")
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(check_in_this_process(args.db, Path(args.child))))
        return
    with tempfile.TemporaryDirectory() as folder:
        url = args.db or f"sqlite:///{folder}/bench.db"
        prepare_database(url)
        source = Path(folder) / "gross.csv"
        write_bad_rows(source, args.rows)
        print(f"{args.rows:,} bad rows, {source.stat().st_size / 1e6:.1f} MB")
        figures = measure(url, source)
    print(
        f"check {figures['seconds']:.1f} s; memory before {figures['rss_before_mb']:,.0f} MB, "
        f"peak {figures['peak_mb']:,.0f} MB, after (report held) {figures['rss_after_mb']:,.0f} MB, "
        f"after the report is dropped {figures['rss_after_drop_mb']:,.0f} MB"
    )
    print(
        f"{figures['errors_counted']:,} errors counted, {figures['messages_kept']:,} messages kept, "
        f"{figures['lines']:,} lines for the log"
    )


if __name__ == "__main__":
    main()
