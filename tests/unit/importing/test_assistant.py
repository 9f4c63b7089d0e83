"""The import assistant's core on real files (Hamburg, Berlin, Konstanz) and on hostile input.

Real files come from ../shared/realdata; tests that need them are skipped when it is absent. The Hamburg
database (``tests/hamburg_data.py``) holds the 104 Stadtteile of hamburg-quarters.geojson on SQLite and
PostgreSQL.
"""

import dataclasses
import random
import re
import shutil
import tomllib
from datetime import date
from pathlib import Path

import geopandas as gpd
import openpyxl
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from hamburg_data import EXPECTED_INDICATORS, HAMBURG, REALDATA, build_hamburg_database
from sozialraum.db import make_engine
from sozialraum.importing import run_import
from sozialraum.importing.assistant import (
    AREA_BY_KEY,
    AREA_BY_NAME,
    KnownArea,
    KnownIndicator,
    describe,
    known_areas,
    known_indicators,
    mapping_toml,
    normalise_name,
    propose,
)
from sozialraum.importing.mapping import load_mapping
from sozialraum.importing.messages import UnreadableFileError
from sozialraum.models import Area, Indicator, Observation

needs_hamburg = pytest.mark.skipif(not HAMBURG.is_dir(), reason="../shared/realdata/hamburg nicht vorhanden")


@pytest.fixture(scope="module")
def hamburg_engine(database_factory, tmp_path_factory):
    if not HAMBURG.is_dir():
        pytest.skip("../shared/realdata/hamburg nicht vorhanden")
    engine = make_engine(database_factory.new_url())
    build_hamburg_database(engine, tmp_path_factory.mktemp("hamburg"))
    yield engine
    engine.dispose()


@needs_hamburg
def test_hamburg_csv_is_recognised_by_stadtteil_names(hamburg_engine):
    areas = known_areas(hamburg_engine)
    assert len(areas) == 104
    proposal = propose(HAMBURG / "stadtteilprofile_2014.csv", areas, known_indicators(hamburg_engine))
    assert (proposal.separator, proposal.encoding, proposal.header_row) == (";", "utf-8-sig", 1)
    assert (proposal.rows, len(proposal.header)) == (107, 69)
    assert (proposal.area_column, proposal.area_by, proposal.level) == ("Stadtgebiet", AREA_BY_NAME, "social_space")
    match = proposal.area_match
    assert (match.matched, match.distinct) == (95, 103)  # »Harburg« is Stadtteil and Bezirk: one distinct value
    # Districts, the city and the Stadtteile the profile publishes together are no stored Stadtteil.
    assert {"Hamburg", "Hamburg-Mitte", "Kleiner Grasbrook und Steinwerder"} <= set(match.unmatched)
    assert (proposal.period_column, proposal.period, proposal.period_source) == (None, "2014", "aus dem Dateinamen")
    assert proposal.indicators == EXPECTED_INDICATORS
    # Similar, but other quantities: a density and a count with a suffix are not the catalogue's indicators.
    assert "Bevölkerungs-dichte" not in proposal.indicators
    assert "Bevölkerung mit Migrations-hintergrund" not in proposal.indicators
    assert len(proposal.numeric_columns) == 68
    assert proposal.problems() == []
    assert proposal.mapping() == {
        "header_row": 1,
        "level": "social_space",
        "columns": {"area": "Stadtgebiet"},
        "wide": {"period": "2014", "columns": EXPECTED_INDICATORS},
        "values": {"area_by": "name"},
    }
    assert describe(proposal)[2] == "Gebiete in Spalte »Stadtgebiet«: 95 von 103 Werten sind bekannte Namen"


@needs_hamburg
def test_hamburg_xlsx_skips_its_titles_and_takes_the_stichtag_from_them(hamburg_engine):
    proposal = propose(
        HAMBURG / "stadtteilprofile_2014.xlsx", known_areas(hamburg_engine), known_indicators(hamburg_engine)
    )
    # Row 1 is the title, row 2 the topics with the Stichtag, row 3 the names, row 4 explains them.
    assert proposal.header_row == 3
    assert (proposal.separator, proposal.encoding) == (None, None)
    assert (proposal.area_column, proposal.area_by, proposal.level) == ("", AREA_BY_NAME, "social_space")
    assert proposal.area_match.matched == 95
    assert (proposal.period, proposal.period_source) == ("31.12.2013", "aus der Überschrift (Zeile 2)")
    assert proposal.indicators == EXPECTED_INDICATORS
    assert describe(proposal)[1].startswith("Gebiete in Spalte »ohne Namen«")
    # The explanations in row 4 are no data: the planner is told before the dry run refuses them.
    assert any(note.startswith("Zeile 4 enthält in den Zahlenspalten Text") for note in proposal.notes)


@needs_hamburg
def test_the_downloaded_toml_round_trips_through_the_mapping_reader(hamburg_engine, tmp_path):
    proposal = propose(
        HAMBURG / "stadtteilprofile_2014.csv", known_areas(hamburg_engine), known_indicators(hamburg_engine)
    )
    path = tmp_path / "stadtteilprofile_zuordnung.toml"
    path.write_text(mapping_toml(proposal.mapping()), encoding="utf-8")
    mapping = load_mapping(path)
    assert mapping.header_row == 1
    assert mapping.level == "social_space"
    assert mapping.columns == {"area": "Stadtgebiet"}
    assert mapping.wide_period == "2014"
    assert mapping.wide_columns == EXPECTED_INDICATORS
    assert mapping.values == {"area_by": "name"}
    assert path.read_text(encoding="utf-8").startswith("# Zuordnung, erstellt vom Import-Assistenten")


def hamburg_with_keys(engine, folder: Path) -> Path:
    """A copy of the Hamburg CSV with a key column in front, for the rows that name a stored Stadtteil."""
    areas = known_areas(engine)
    key_by_name = {normalise_name(area.name): area.key for area in areas}
    lines = (HAMBURG / "stadtteilprofile_2014.csv").read_text(encoding="utf-8").splitlines()
    kept = ["Schlüssel;" + lines[0]]
    for line in lines[1:]:
        key = key_by_name.get(normalise_name(line.split(";", 1)[0]))
        if key and line.split(";", 1)[0] not in {"Harburg", "Bergedorf", "Wandsbek", "Eimsbüttel"} | set(kept):
            kept.append(f"{key};{line}")
    path = folder / "stadtteilprofile_2014.csv"
    path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    return path


def stored(engine, area_key: str, indicator_key: str, period: date) -> Observation | None:
    with Session(engine) as session:
        return session.scalars(
            select(Observation)
            .join(Area)
            .join(Indicator)
            .where(Area.key == area_key, Indicator.key == indicator_key, Observation.period == period)
        ).first()


@needs_hamburg
def test_the_proposal_imports_a_hamburg_file_with_keys(hamburg_engine, tmp_path):
    path = hamburg_with_keys(hamburg_engine, tmp_path)
    proposal = propose(path, known_areas(hamburg_engine), known_indicators(hamburg_engine))
    # Keys and names match equally often; a key wins, since keys are unique.
    assert (proposal.area_column, proposal.area_by) == ("Schlüssel", AREA_BY_KEY)
    assert proposal.indicators == EXPECTED_INDICATORS
    assert "values" not in proposal.mapping()
    check = run_import(hamburg_engine, "observations", path, mapping_base=proposal.mapping(), dry_run=True)
    assert check.ok, check.lines()
    report = run_import(hamburg_engine, "observations", path, mapping_base=proposal.mapping())
    assert report.ok, report.lines()
    rows = len(path.read_text(encoding="utf-8").splitlines()) - 1
    assert report.rows_read == rows
    assert report.written
    end_of_2014 = date(2014, 12, 31)
    altstadt = stored(hamburg_engine, "01101", "population", end_of_2014)
    assert altstadt.value == pytest.approx(1675)  # » 1 675    « in the file
    assert stored(hamburg_engine, "01101", "share_u18", end_of_2014).value == pytest.approx(9.7)
    with Session(hamburg_engine) as session:
        written = session.scalars(
            select(Observation).join(Indicator).where(Indicator.key == "population", Observation.period == end_of_2014)
        ).all()
    assert len(written) == rows


@needs_hamburg
def test_the_proposal_imports_the_hamburg_file_by_name(hamburg_engine, tmp_path):
    source = HAMBURG / "stadtteilprofile_2014.csv"
    # Only the rows that name one stored Stadtteil: the by-name lookup itself is the importers' part.
    lines = source.read_text(encoding="utf-8").splitlines()
    names = {normalise_name(area.name) for area in known_areas(hamburg_engine)}
    path = tmp_path / "stadtteilprofile_2015.csv"
    path.write_text(
        "\n".join([lines[0], *[line for line in lines[1:96] if normalise_name(line.split(";")[0]) in names]]) + "\n",
        encoding="utf-8",
    )
    proposal = propose(path, known_areas(hamburg_engine), known_indicators(hamburg_engine))
    assert proposal.area_by == AREA_BY_NAME
    report = run_import(hamburg_engine, "observations", path, mapping_base=proposal.mapping())
    assert report.ok, report.lines()
    assert stored(hamburg_engine, "01101", "population", date(2015, 12, 31)).value == pytest.approx(1675)


@needs_hamburg
def test_the_real_hamburg_file_imports_with_the_rows_the_planner_types(hamburg_engine, tmp_path):
    # The file as published: Stadtteile in rows 2-100 (four of them combined pairs: rows 16, 17, 87, 95),
    # then the Bezirke and the city. The planner types the rows the summary's row numbers point to.
    proposal = propose(
        HAMBURG / "stadtteilprofile_2014.csv", known_areas(hamburg_engine), known_indicators(hamburg_engine)
    )
    chosen = dataclasses.replace(proposal, period="31.12.2013", row_range="2-15, 18-86, 88-94, 96-100")
    assert chosen.problems() == []
    assert chosen.mapping()["values"] == {"area_by": AREA_BY_NAME, "rows": "2-15, 18-86, 88-94, 96-100"}
    report = run_import(
        hamburg_engine, "observations", HAMBURG / "stadtteilprofile_2014.csv", mapping_base=chosen.mapping()
    )
    assert report.ok, report.summary_lines()
    assert stored(hamburg_engine, "01101", "population", date(2013, 12, 31)).value == pytest.approx(1675)
    assert dataclasses.replace(proposal, row_range="9-3").problems()[-1].startswith("Zeilen »9-3« nicht lesbar")


@pytest.mark.skipif(not (REALDATA / "berlin_lor_geometry").is_dir(), reason="../shared/realdata/berlin fehlt")
def test_berlin_population_of_the_districts_by_key():
    districts = gpd.read_file(REALDATA / "berlin_lor_geometry" / "berlin_bezirke_wgs84.geojson")
    areas = [KnownArea(row.BEZ, row.BEZ_NAME, "district") for row in districts.itertuples()]
    indicators = [KnownIndicator("inhabitants", "Einwohnerinnen und Einwohner"), KnownIndicator("x", "Fläche")]
    path = REALDATA / "berlin_population_lor" / "berlin-lor-population-2024-02-t1-districts.csv"
    proposal = propose(path, areas, indicators)
    assert (proposal.separator, proposal.header_row, proposal.rows) == (",", 1, 12)
    assert (proposal.area_column, proposal.area_by, proposal.level) == ("id", AREA_BY_KEY, "district")
    assert (proposal.area_match.matched, proposal.area_match.distinct) == (12, 12)
    assert (proposal.period, proposal.period_source) == ("2024", "aus dem Dateinamen")
    # The key as header matches; »inhabitants_percentage« is another quantity.
    assert proposal.indicators == {"inhabitants": "inhabitants"}
    assert len(proposal.numeric_columns) == 12
    assert proposal.mapping()["columns"] == {"area": "id"}


@pytest.mark.skipif(not (REALDATA / "konstanz").is_dir(), reason="../shared/realdata/konstanz fehlt")
def test_konstanz_names_its_areas_in_the_header():
    folder = REALDATA / "konstanz"
    described = re.findall(r"^  description: (.+)$", (folder / "bevoelkerung_nach_stadtteilen.md").read_text(), re.M)
    areas = [KnownArea(f"{number:02d}", name, "district") for number, name in enumerate(described[1:], start=1)]
    proposal = propose(folder / "bevoelkerung_nach_stadtteilen.csv", areas, [KnownIndicator("pop", "Einwohner")])
    assert (proposal.separator, proposal.header_row, proposal.rows) == (",", 1, 31)
    assert (proposal.period_column, proposal.period_source) == ("jahr", "Spalte »jahr«")
    assert proposal.area_column is None
    assert "Gebieten als Spalten" in proposal.notes[0]
    assert "»altstadt«" in proposal.notes[0]
    assert proposal.problems()[0] == "Bitte die Spalte mit den Gebieten wählen."


def test_names_compare_without_case_umlauts_hyphens_and_spaces():
    assert normalise_name("  EIßENDORF ") == normalise_name("Eissendorf") == "eissendorf"
    assert normalise_name("Altona–Nord") == normalise_name("altona nord")
    assert normalise_name("Barmbek-Süd") == "barmbek sued"


def test_a_year_or_date_column_is_the_period(tmp_path):
    path = tmp_path / "werte.csv"
    path.write_text("Jahr;Gebiet;Kinderarmut\n2024;01;12,5\n2025;02;13,0\n", encoding="cp1252")
    areas = [KnownArea("01", "Nord", "district"), KnownArea("02", "Süd", "district")]
    proposal = propose(path, areas, [KnownIndicator("child_poverty", "Kinderarmut")])
    assert proposal.encoding == "utf-8-sig"  # plain ASCII reads as UTF-8
    assert (proposal.period_column, proposal.area_column) == ("Jahr", "Gebiet")
    assert proposal.mapping() == {
        "header_row": 1,
        "level": "district",
        "columns": {"area": "Gebiet", "period": "Jahr"},
        "wide": {"columns": {"Kinderarmut": "child_poverty"}},
    }


def test_windows_1252_with_a_title_row(tmp_path):
    path = tmp_path / "bericht.csv"
    path.write_bytes("Sozialbericht Stand 30.06.2023\nGebiet;Wert für Größe\n01;1\n02;2\n".encode("cp1252"))
    areas = [KnownArea("01", "Nord", "district"), KnownArea("02", "Süd", "district")]
    proposal = propose(path, areas, [])
    assert (proposal.encoding, proposal.header_row) == ("cp1252", 2)
    assert (proposal.period, proposal.period_source) == ("30.06.2023", "aus der Überschrift (Zeile 1)")
    assert proposal.header == ["Gebiet", "Wert für Größe"]


HOSTILE = {
    "leer.csv": (b"", "Die Datei ist leer."),
    "eine_spalte.csv": (b"Gebiet\n0101\n0102\n", "Nur eine Spalte erkannt"),
    "nur_kopf.csv": (b"Gebiet;Wert\n", "nur die Kopfzeile"),
    "binaer.csv": (bytes(range(256)) * 64, "Zeichenkodierung nicht lesbar"),
    "zip_als.csv": (b"PK\x03\x04" + bytes(300), "Excel- oder ZIP-Datei"),
    "text_als.xlsx": (b"Gebiet;Wert\n0101;1\n", "keine Excel-Datei"),
    "kaputt.xlsx": (b"PK\x03\x04" + bytes(range(256)) * 8, "Excel-Datei nicht lesbar"),
    "bild.png": (b"\x89PNG\r\n", "CSV oder Excel"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_input_gets_a_german_message_naming_the_file(name, tmp_path):
    content, expected = HOSTILE[name]
    path = tmp_path / ("upload" + Path(name).suffix)  # the server's name for an upload
    path.write_bytes(content)
    with pytest.raises(UnreadableFileError) as failure:
        propose(path, [KnownArea("0101", "Mitte", "district")], [], file_name=name)
    assert failure.value.problem.file_name == name
    assert expected in failure.value.problem.text
    assert str(failure.value).startswith(f"Fehler: {name}")


def test_random_bytes_never_raise_anything_but_a_german_message(tmp_path):
    generator = random.Random(15)
    refused = []
    for attempt in range(40):
        path = tmp_path / f"zufall_{attempt}.csv"
        path.write_bytes(bytes(generator.randrange(256) for _ in range(generator.randrange(1, 3000))))
        try:
            propose(path, [], [])
        except UnreadableFileError as failure:
            refused.append((path.name, failure.problem))
    assert all(problem.file_name == name for name, problem in refused)
    assert all(problem.text.endswith((".", ")")) for _, problem in refused)  # a sentence, not a codec's repr
    assert len(refused) >= 30  # nearly all noise is no table; whatever is read as one raised nothing either


@needs_hamburg
def test_the_readme_shows_the_mapping_proposed_for_hamburg(hamburg_engine):
    readme = (Path(__file__).resolve().parents[3] / "README.md").read_text(encoding="utf-8")
    section = readme.split("#### Import assistant", 1)[1]
    example = re.search(r"```toml\n(.*?)```", section, re.S)[1]
    proposal = propose(
        HAMBURG / "stadtteilprofile_2014.csv", known_areas(hamburg_engine), known_indicators(hamburg_engine)
    )
    assert tomllib.loads(example) == proposal.mapping()
    assert mapping_toml(proposal.mapping()).split("\n", 1)[1] == example


def test_a_long_table_is_pointed_to_the_import_tab(tmp_path):
    path = tmp_path / "werte.csv"
    path.write_text("Gebiet;Kennzahl;Jahr;Wert\n01;sgb2_rate;2025;12,5\n02;sgb2_rate;2025;9,5\n", encoding="utf-8")
    areas = [KnownArea("01", "Nord", "district"), KnownArea("02", "Süd", "district")]
    proposal = propose(path, areas, [KnownIndicator("sgb2_rate", "SGB-II-Quote")])
    assert any("»Kennzahl« enthält Kennzahlschlüssel" in note for note in proposal.notes)


def test_a_workbook_with_several_sheets_says_which_was_read(tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active.title = "Werte 2025"
    workbook.active.append(["Gebiet", "Kinderarmut"])
    workbook.active.append(["01", 12.5])
    workbook.active.append(["02", 9.5])
    workbook.create_sheet("Erläuterungen").append(["Quelle: Statistikamt"])
    path = tmp_path / "werte.xlsx"
    workbook.save(path)
    areas = [KnownArea("01", "Nord", "district"), KnownArea("02", "Süd", "district")]
    proposal = propose(path, areas, [KnownIndicator("child_poverty", "Kinderarmut")])
    assert "gelesen wurde das erste, »Werte 2025«" in proposal.notes[-1]
    assert proposal.indicators == {"Kinderarmut": "child_poverty"}
    assert (proposal.area_column, proposal.period) == ("Gebiet", None)
    assert proposal.problems() == [
        "Bitte eine Spalte mit Jahr/Stichtag wählen oder einen Zeitraum angeben (z. B. 2014)."
    ]


def test_a_long_utf8_file_cut_inside_an_umlaut_is_still_utf8(tmp_path):
    path = tmp_path / "gross_2025.csv"
    head = "Gebiet;Einwohner\n"
    filler = "01;1\n" * 200_000
    cut_at = (1 << 20) - len(head.encode()) - len(filler.encode()) - 1  # »ü« straddles the first MiB's end
    body = head + filler + "0" * cut_at + "ü;2\n" + "02;3\n"
    path.write_text(body, encoding="utf-8")
    assert path.read_bytes()[(1 << 20) - 1 : (1 << 20) + 1] == "ü".encode()
    areas = [KnownArea("01", "Nord", "district"), KnownArea("02", "Süd", "district")]
    proposal = propose(path, areas, [KnownIndicator("pop", "Einwohner")])
    assert proposal.encoding == "utf-8-sig"
    assert proposal.indicators == {"Einwohner": "pop"}


@needs_hamburg
def test_without_a_year_in_the_file_name_the_column_names_give_it(hamburg_engine, tmp_path):
    path = tmp_path / "stadtteilprofile.csv"
    shutil.copyfile(HAMBURG / "stadtteilprofile_2014.csv", path)
    proposal = propose(path, known_areas(hamburg_engine), known_indicators(hamburg_engine))
    # »Arbeitslose (Dez 2013)«, »Wohnungen (2013)« …: most columns speak of 2013.
    assert proposal.period == "2013"
    assert re.fullmatch(r"aus den Spaltennamen \(\d+ nennen 2013\)", proposal.period_source)
