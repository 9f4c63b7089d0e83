"""Imports that meet another writer (issue 13, point 8): a locked SQLite file, two imports at once, two
imports creating the same new boundary version on SQLite and PostgreSQL."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import Polygon
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from sozialraum.db import POSTGRES_IMPORT_LOCK, SQLITE_BUSY_TIMEOUT_MS, make_engine
from sozialraum.demo.install import ensure_database
from sozialraum.importing import areas, run_import
from sozialraum.importing.mapping import load_mapping
from sozialraum.models import Area, BoundaryVersion, ImportLog

from .conftest import data_snapshot

BUSY = "Ein anderer Import läuft gerade"
VALUES = "Gebiet;Kennzahl;Stichtag;Wert\n0101;share_u18;31.12.2024;12,5\n0102;share_u18;31.12.2024;13,5\n"


@pytest.fixture(scope="module")
def sqlite_demo(tmp_path_factory: pytest.TempPathFactory):
    """The demo city in a SQLite file of this module's own, and that file's path."""
    path = tmp_path_factory.mktemp("locked") / "demo.db"
    engine = make_engine(f"sqlite:///{path}")
    ensure_database(engine)
    yield engine, path
    engine.dispose()


@pytest.fixture
def values_file(tmp_path: Path) -> Path:
    path = tmp_path / "werte.csv"
    path.write_text(VALUES, encoding="utf-8")
    return path


def hold_write_lock(path: Path) -> sqlite3.Connection:
    """A second connection, as another process's import would be, holding SQLite's write lock."""
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO dataset_info (key, value) VALUES ('other_import', 'running')")
    return other


def log_count(engine) -> int:
    with engine.connect() as connection:
        return connection.scalar(select(func.count(ImportLog.id)))


def test_locked_sqlite_waits_then_says_another_import_runs_and_writes_nothing(sqlite_demo, values_file):
    engine, path = sqlite_demo
    before, logged = data_snapshot(engine), log_count(engine)
    other = hold_write_lock(path)
    try:
        started = time.monotonic()
        report = run_import(engine, "observations", values_file, lock_wait=1.5)
        waited = time.monotonic() - started
    finally:
        other.rollback()
        other.close()
    assert not report.ok
    assert not report.written
    assert report.rows_written == 0
    assert [problem.text for problem in report.errors if BUSY in problem.text], report.lines()
    assert report.summary().startswith(f"werte.csv: {BUSY}")  # the page's headline, not »1 Fehler«
    assert "nichts geschrieben" in report.summary()
    assert 1.4 <= waited < 10
    assert data_snapshot(engine) == before
    assert log_count(engine) == logged


def test_locked_sqlite_import_succeeds_when_the_lock_goes_within_the_wait(sqlite_demo, values_file):
    engine, path = sqlite_demo
    other = hold_write_lock(path)
    release = threading.Timer(1.0, lambda: (other.rollback(), other.close()))
    release.start()
    try:
        report = run_import(engine, "observations", values_file, lock_wait=20)
    finally:
        release.join()
    assert report.ok, report.lines()
    assert report.written
    assert report.rows_written == 2
    with engine.connect() as connection:  # committed, not only counted
        assert (
            connection.exec_driver_sql(
                "SELECT COUNT(*) FROM observation o JOIN indicator i ON i.id = o.indicator_id "
                "WHERE i.key = 'share_u18' AND o.period = '2024-12-31' AND o.value IN (12.5, 13.5)"
            ).scalar()
            >= 2
        )


def test_locked_sqlite_after_the_check_also_blocks_the_failure_log(sqlite_demo, tmp_path):
    """A bad file while the database is locked: its errors are reported, no traceback, nothing written."""
    engine, path = sqlite_demo
    bad = tmp_path / "falsch.csv"
    bad.write_text("Gebiet;Kennzahl;Stichtag;Wert\n0101;share_u18;31.12.2024;zwölf\n", encoding="utf-8")
    before = data_snapshot(engine)
    other = hold_write_lock(path)
    try:
        report = run_import(engine, "observations", bad, lock_wait=0.5)
    finally:
        other.rollback()
        other.close()
    assert [problem.text for problem in report.errors] == ["Kein Zahlenwert: »zwölf«."]
    assert data_snapshot(engine) == before


def square(x: float, y: float, size: float = 0.01) -> Polygon:
    return Polygon([(x, y), (x + size, y), (x + size, y + size), (x, y + size)])


def test_two_imports_creating_the_same_boundary_version_at_once_both_succeed(empty_engine, tmp_path, monkeypatch):
    """Both check the file while the version does not exist yet, then write one after the other: the second
    must find the version the first created instead of failing on its unique key."""
    frame = gpd.GeoDataFrame(
        {"key": ["01", "02"], "name": ["Nord", "Süd"]}, geometry=[square(13.0, 52.0), square(13.1, 52.0)], crs=4326
    )
    frame.to_file(tmp_path / "bezirke.geojson")
    mapping = load_mapping(
        None, {"level": "district", "boundary_version": "neu-2026", "values": {"valid_from": "2026"}}
    )
    both_checked = threading.Barrier(2, timeout=30)
    checked = areas.validate

    def validate_then_wait(*args, **kwargs):
        prepared = checked(*args, **kwargs)
        both_checked.wait()  # neither writes before both saw "version unknown"
        return prepared

    monkeypatch.setattr(areas, "validate", validate_then_wait)
    reports, failures = [], []

    def one_import() -> None:
        try:
            reports.append(run_import(empty_engine, "areas", tmp_path / "bezirke.geojson", mapping=mapping))
        except Exception as error:  # the test reports any traceback as failure
            failures.append(error)

    threads = [threading.Thread(target=one_import) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert failures == []
    assert [report.ok for report in reports] == [True, True], [report.lines() for report in reports]
    with empty_engine.connect() as connection:
        assert connection.scalar(select(func.count()).where(BoundaryVersion.key == "neu-2026")) == 1
        assert connection.scalar(select(func.count(Area.id))) == 2


def test_busy_timeout_is_restored_after_an_import(sqlite_demo, values_file):
    """The import's long wait must not stay on the pooled connection the pages use afterwards."""
    engine, _ = sqlite_demo
    with engine.connect() as connection:
        default = connection.exec_driver_sql("PRAGMA busy_timeout").scalar()
    run_import(engine, "observations", values_file, lock_wait=12)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == default == SQLITE_BUSY_TIMEOUT_MS


def test_sqlite_url_of_the_fixture_is_a_file(sqlite_demo):
    engine, path = sqlite_demo
    assert make_url(str(engine.url)).database == str(path)


def test_postgresql_import_waits_for_another_import_then_says_so(empty_engine, values_file):
    """On PostgreSQL, imports of other servers hold a transaction-level advisory lock while they write."""
    if empty_engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL only: SQLite's lock is tested above")
    ensure_database(empty_engine)  # the demo city, so the file would be valid
    before = data_snapshot(empty_engine)
    with empty_engine.connect() as other:
        other.exec_driver_sql(f"SELECT pg_advisory_xact_lock({POSTGRES_IMPORT_LOCK})")
        started = time.monotonic()
        report = run_import(empty_engine, "observations", values_file, lock_wait=1.0)
        waited = time.monotonic() - started
        other.rollback()
    assert [problem.text for problem in report.errors if BUSY in problem.text], report.lines()
    assert 0.9 <= waited < 10
    assert data_snapshot(empty_engine) == before
    report = run_import(empty_engine, "observations", values_file, lock_wait=1.0)
    assert report.ok, report.lines()
    assert report.written


IMPORT_IN_A_PROCESS = """
import sys
from pathlib import Path
from sozialraum.db import make_engine
from sozialraum.importing import run_import
from sozialraum.importing.mapping import load_mapping
values = {"level": "district", "boundary_version": "prozess-2026", "values": {"valid_from": "2026"}}
mapping = load_mapping(None, values)
report = run_import(make_engine(sys.argv[1]), "areas", Path(sys.argv[2]), mapping=mapping)
print("OK" if report.ok else "\\n".join(report.lines()))
"""


def test_two_processes_importing_the_same_new_boundary_version(empty_engine, tmp_path):
    """As two servers (or two CLI runs) would: separate processes, no shared lock but the database's."""
    frame = gpd.GeoDataFrame(
        {"key": ["01", "02"], "name": ["Nord", "Süd"]}, geometry=[square(13.0, 52.0), square(13.1, 52.0)], crs=4326
    )
    frame.to_file(tmp_path / "bezirke.geojson")
    url = empty_engine.url.render_as_string(hide_password=False)
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", IMPORT_IN_A_PROCESS, url, str(tmp_path / "bezirke.geojson")],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert [(run.returncode, out.strip()) for run, (out, _) in zip(runs, outputs, strict=True)] == [(0, "OK")] * 2, [
        err for _, err in outputs
    ]
    with empty_engine.connect() as connection:
        assert connection.scalar(select(func.count()).where(BoundaryVersion.key == "prozess-2026")) == 1
        assert connection.scalar(select(func.count(Area.id))) == 2
