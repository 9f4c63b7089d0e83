"""A column the mapping names must exist in the file, for every table kind: a typo is an error naming the
column, never a silently missing numerator or flag."""

from __future__ import annotations

import pytest

from sozialraum.importing import run_import
from sozialraum.importing.mapping import load_mapping

FILES = {
    "observations": "Gebiet;Kennzahl;Jahr;Wert\n0101;pop_total;2025;1\n",
    "indicators": "Schlüssel;Name;Einheit;Thema;Polarität;Art\nneu;Neu;%;X;0;Anteil\n",
    "budget": "Sozialraum;Jahr;Produkt;Hilfeart;Ansatz\n0101;2025;36.3;ambulant;100\n",
    "goals": (
        "Leitziel;Wirkungsziel;Kennzahl;Gebiet;Basisjahr;Basiswert;Zieljahr;Zielwert\n"
        "A;B;pop_total;0101;2020;1;2030;2\n"
    ),
}


@pytest.mark.parametrize("kind", sorted(FILES))
def test_a_mapped_column_missing_from_the_file_is_named(import_engine, tmp_path, kind):
    path = tmp_path / f"{kind}.csv"
    path.write_text(FILES[kind], encoding="utf-8")
    mapping = load_mapping(None, {"columns": {"flag": "Kz_fehlt"}})
    report = run_import(import_engine, kind, path, mapping=mapping)
    assert not report.ok
    assert report.errors[0].text == "Spalte »Kz_fehlt« aus der Zuordnung (columns.flag) fehlt in der Datei."
    assert report.errors[0].column == "Kz_fehlt"
    assert not report.written
