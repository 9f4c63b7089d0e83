"""A browser's multipart file name is a label, never a path (security review, issue »Hostile input«)."""

from __future__ import annotations

import tempfile

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sozialraum.importing.upload import STORED_STEM, stored_name, upload_label
from sozialraum.models import ImportLog
from sozialraum.ui import import_flow

CONTENT = b"Gebiet;Kennzahl;Jahr;Wert\n0101;ew;2025;1.234\n"


@pytest.mark.parametrize(
    ("client_name", "label", "stored"),
    [
        ("werte.csv", "werte.csv", "upload.csv"),
        ("../../../../tmp/x.csv", "x.csv", "upload.csv"),
        ("/abs/path/x.CSV", "x.CSV", "upload.csv"),
        ("..\\..\\windows\\x.xlsx", "x.xlsx", "upload.xlsx"),
        ("..", "Hochgeladene Datei", "upload"),
        ("a\x00b\nc.geojson", "abc.geojson", "upload.geojson"),
        ("evil.sh", "evil.sh", "upload"),
        ("", "Hochgeladene Datei", "upload"),
    ],
)
def test_label_and_stored_name(client_name, label, stored):
    assert upload_label(client_name) == label
    assert stored_name(client_name) == stored


@given(st.text())
def test_stored_name_is_always_a_plain_server_chosen_name(client_name):
    name = stored_name(client_name)
    assert name.startswith(STORED_STEM)
    assert "/" not in name
    assert "\\" not in name
    assert ".." not in name
    assert "/" not in upload_label(client_name)


@pytest.mark.parametrize("relative", [True, False])
def test_upload_with_a_traversal_name_writes_nothing_outside_its_temporary_folder(
    import_engine, tmp_path, monkeypatch, relative
):
    target = tmp_path / "outside"
    target.mkdir()
    temporary = tmp_path / "t1" / "t2"
    temporary.mkdir(parents=True)
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    # TemporaryDirectory adds one folder below `temporary`; climb from there to / and down into `target`.
    climb = "../" * (len(temporary.parts) - 1 + 1)
    name = f"{climb}{str(target).lstrip('/')}/x.csv" if relative else f"{target}/x.csv"
    monkeypatch.setattr(import_flow.data, "engine", lambda: import_engine)
    report = import_flow._run(import_flow.ImportKind.OBSERVATIONS, name, CONTENT, None, None, dry_run=False)
    assert list(target.iterdir()) == []
    assert report.file_name == "x.csv"
    with import_engine.connect() as connection:
        logged = connection.execute(ImportLog.__table__.select().order_by(ImportLog.id.desc())).first()
    assert logged.file_name == "x.csv"
    assert all("upload" not in line for line in report.lines())


def test_messages_name_the_users_file_not_the_stored_one(import_engine, monkeypatch):
    monkeypatch.setattr(import_flow.data, "engine", lambda: import_engine)
    report = import_flow._run(import_flow.ImportKind.OBSERVATIONS, "meine werte.csv", b"", None, None, dry_run=True)
    assert not report.ok
    assert report.lines()
    assert all(line.startswith("Fehler: meine werte.csv") for line in report.lines())
