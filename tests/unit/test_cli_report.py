"""``sozialraum report steckbrief``: a PDF file for a known area, one German line and exit 1 otherwise."""

from __future__ import annotations

from pypdf import PdfReader

from sozialraum.cli.main import main
from sozialraum.export import images


def url_of(engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def test_steckbrief_report_writes_a_pdf_of_the_latest_period(demo_engine, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv(images.CHROMIUM_ENV_VARIABLE, "/nonexistent")  # fast; charts are tested elsewhere
    target = tmp_path / "steckbrief.pdf"
    assert main(["report", "steckbrief", "--area", "0303", "--out", str(target), "--db", url_of(demo_engine)]) == 0
    out = capsys.readouterr().out
    assert "Steckbrief Am Mühlbach (31.12.2025) geschrieben" in out
    assert "ohne Diagramme" in out
    text = PdfReader(target).pages[0].extract_text()
    assert "Am Mühlbach (Lindenfeld)" in text
    assert "Stichtag 31.12.2025" in text


def test_period_as_year_or_date_and_other_levels(demo_engine, tmp_path, monkeypatch):
    monkeypatch.setenv(images.CHROMIUM_ENV_VARIABLE, "/nonexistent")
    for period, level, area in (("2019", "district", "03"), ("31.12.2020", "planning_area", "030301")):
        target = tmp_path / f"{area}.pdf"
        argv = ["report", "steckbrief", "--area", area, "--level", level, "--period", period, "--out", str(target)]
        assert main([*argv, "--db", url_of(demo_engine)]) == 0
        text = PdfReader(target).pages[0].extract_text()
        assert f"Stichtag 31.12.{period[-4:]}" in text
    target = tmp_path / "iso.pdf"
    argv = ["report", "steckbrief", "--area", "0101", "--period", "2024-12-31", "--out", str(target)]
    assert main([*argv, "--db", url_of(demo_engine)]) == 0
    assert target.read_bytes().startswith(b"%PDF")


def test_bad_input_gives_one_german_line_and_exit_1(demo_engine, tmp_path, capsys):
    cases = {
        ("--area", "9999"): "Fehler: Kein Sozialraum mit dem Schlüssel »9999« vorhanden.",
        ("--area", "0303", "--period", "1999"): "Fehler: Im Jahr 1999 liegen keine Kennzahlen vor",
        ("--area", "0303", "--period", "30.06.2025"): "Fehler: Am 30.06.2025 liegen keine Kennzahlen vor.",
        ("--area", "0303", "--period", "bald"): "Fehler: »bald« ist kein Jahr und kein Datum",
        ("--area", "0303", "--level", "district"): "Fehler: Kein Bezirk mit dem Schlüssel »0303« vorhanden.",
    }
    target = tmp_path / "never.pdf"
    for arguments, message in cases.items():
        argv = ["report", "steckbrief", *arguments, "--out", str(target), "--db", url_of(demo_engine)]
        assert main(argv) == 1
        err = capsys.readouterr().err
        assert err.startswith(message)
        assert len(err.strip().splitlines()) == 1
    assert not target.exists()


def test_unwritable_target_is_a_german_error(demo_engine, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv(images.CHROMIUM_ENV_VARIABLE, "/nonexistent")
    target = tmp_path / "missing-folder" / "x.pdf"
    argv = ["report", "steckbrief", "--area", "0303", "--out", str(target), "--db", url_of(demo_engine)]
    assert main(argv) == 1
    assert "kann nicht geschrieben werden" in capsys.readouterr().err


def test_reports_on_a_database_without_schema_say_so_and_create_nothing(tmp_path, capsys):
    database = tmp_path / "leer.db"
    url = f"sqlite:///{database}"
    for command in (["steckbrief", "--area", "0303"], ["deck"]):
        assert main(["report", *command, "--out", str(tmp_path / "x"), "--db", url]) == 1
        assert "Die Datenbank hat noch kein Schema" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()
