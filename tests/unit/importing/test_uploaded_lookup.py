"""An uploaded mapping cannot make the server read a file it names: ``key_lookup`` works from the command
line and recipes (files the operator placed), and is refused, in German and logged, for uploads."""

from __future__ import annotations

from sozialraum.importing import run_import
from sozialraum.importing.runner import UPLOADED_LOOKUP_REFUSED


def test_an_uploaded_mapping_with_a_lookup_file_is_refused_before_anything_is_read(import_engine, tmp_path):
    secret = tmp_path / "secret.csv"
    secret.write_text("0101;geheim\n", encoding="utf-8")
    mapping = tmp_path / "upload.toml"
    mapping.write_text(f'[values]\nkey_lookup = "{secret}"\n', encoding="utf-8")
    data = tmp_path / "werte.csv"
    data.write_text("Gebiet;Kennzahl;Jahr;Wert\n0101;pop_total;2025;1\n", encoding="utf-8")
    report = run_import(
        import_engine, "observations", data, mapping_path=mapping, mapping_label="zuordnung.toml", dry_run=True
    )
    assert not report.ok
    assert report.lines() == [f"Fehler: werte.csv: Zuordnung »zuordnung.toml«: {UPLOADED_LOOKUP_REFUSED}"]
    assert "geheim" not in " ".join(report.lines())


def test_the_same_mapping_from_the_command_line_reads_its_lookup(import_engine, tmp_path):
    (tmp_path / "schluessel.csv").write_text("von;nach\n101;0101\n", encoding="utf-8")
    mapping = tmp_path / "zuordnung.toml"
    mapping.write_text('[values]\nkey_lookup = "schluessel.csv"\n', encoding="utf-8")
    data = tmp_path / "werte.csv"
    data.write_text("Gebiet;Kennzahl;Jahr;Wert\n101;pop_total;2025;1\n", encoding="utf-8")
    report = run_import(import_engine, "observations", data, mapping_path=mapping, dry_run=True)
    assert report.ok, report.lines()
