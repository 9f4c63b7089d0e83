"""The data-version stamp: every kind of write raises it once, reads and refused writes leave it alone."""

from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from sozialraum.db import upgrade
from sozialraum.importing import run_import
from sozialraum.models import Indicator
from sozialraum.store import data_version
from sozialraum.store.decks import DeckError, create_deck, delete_deck, rename_deck


def catalogue(tmp_path: Path, key: str = "probe") -> Path:
    path = tmp_path / "katalog.csv"
    path.write_text(f"Schlüssel;Name;Einheit;Thema;Polarität;Art\n{key};Probe;Personen;Test;0;Anzahl\n")
    return path


def test_imports_raise_the_stamp_dry_runs_do_not(empty_engine, tmp_path):
    start = data_version.current(empty_engine)
    assert run_import(empty_engine, "indicators", catalogue(tmp_path), dry_run=True).ok
    assert data_version.current(empty_engine) == start
    assert run_import(empty_engine, "indicators", catalogue(tmp_path)).ok
    assert data_version.current(empty_engine) == start + 1
    broken = tmp_path / "kaputt.csv"
    broken.write_text("Gebiet;Kennzahl;Jahr;Wert\n0101;fehlt;2020;1\n")
    assert not run_import(empty_engine, "observations", broken).ok
    assert data_version.current(empty_engine) == start + 2  # the log shows the failed attempt


def test_session_writers_raise_the_stamp_once_per_commit(empty_engine):
    start = data_version.current(empty_engine)
    deck_id = create_deck(empty_engine, "Ausschuss")
    assert data_version.current(empty_engine) == start + 1
    rename_deck(empty_engine, deck_id, "Ausschuss März")
    delete_deck(empty_engine, deck_id)
    assert data_version.current(empty_engine) == start + 3
    with Session(empty_engine) as session, session.begin():  # a read in a transaction is no write
        session.scalars(select(Indicator)).all()
    with pytest.raises(DeckError):
        rename_deck(empty_engine, 999_999, "gibt es nicht")
    assert data_version.current(empty_engine) == start + 3


def test_a_schema_without_the_stamp_reads_zero_and_writes_go_on(blank_engine):
    upgrade(blank_engine, "0005_social_index_validity")
    assert data_version.current(blank_engine) == 0
    create_deck(blank_engine, "Vor der Migration")  # the session events must not need the table
    upgrade(blank_engine)
    assert data_version.current(blank_engine) == 0
    create_deck(blank_engine, "Nach der Migration")
    assert data_version.current(blank_engine) == 1
