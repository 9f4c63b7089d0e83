"""Area matching on real cities' files in ../shared/realdata (skipped when that folder is absent).

Hamburg names its Stadtteile and has no keys, Köln writes ``001`` where its geometry says ``1``, Wien
writes ``90100`` for Bezirk ``01``: each is imported the way a planner would, with a mapping.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import geopandas as gpd
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from sozialraum.importing.mapping import load_mapping
from sozialraum.importing.runner import run_import
from sozialraum.models import Area, BoundaryVersion, Indicator, Observation

ROOT = Path(__file__).resolve().parents[3]
REALDATA = ROOT.parent / "shared" / "realdata"
HAMBURG = REALDATA / "hamburg"
KOELN = REALDATA / "koeln"
WIEN = REALDATA / "wien"

pytestmark = pytest.mark.skipif(
    not (HAMBURG.is_dir() and KOELN.is_dir() and WIEN.is_dir()),
    reason="../shared/realdata mit Hamburger, Kölner und Wiener Daten nicht vorhanden",
)

CATALOGUE = (
    "Schlüssel;Name;Einheit;Thema;Polarität;Art;Nachkommastellen\n"
    "hh_ew;Bevölkerung;Personen;Bevölkerung;0;Anzahl;0\n"
    "hh_u18;Anteil der unter 18-Jährigen;%;Bevölkerung;0;Anteil;1\n"
    "Einwohner;Einwohner (Köln);Personen;Bevölkerung;0;Anzahl;0\n"
    "wien_alter;Durchschnittsalter (Wien);Jahre;Bevölkerung;0;Mittelwert;2\n"
)
# The Stadtteilprofile list the Stadtteile, then the Bezirke and the city in the same column (rows 101-108).
# Four rows combine two Stadtteile the geometry keeps apart, and the Bezirke are no Stadtteile: these
# are the names that stay unmatched, each reported with its nearest stored names.
HAMBURG_UNMATCHED = {
    "Kleiner Grasbrook und Steinwerder": "»Kleiner Grasbrook«, »Steinwerder«, »Altenwerder«",
    "Waltershof und Finkenwerder": "»Waltershof«, »Finkenwerder«, »Steinwerder«",
    "Neuland und Gut Moor": "»Neuland«, »Gut Moor«",
    "Moorburg und Altenwerder": "»Moorburg«, »Altenwerder«, »Steinwerder«",
    "Hamburg-Mitte": "»Hamm«, »Harburg«",
    "Altona": "»Altona-Altstadt«, »Altona-Nord«",
    "Hamburg-Nord": "»Hamm«, »Harburg«",
    "Hamburg": "»Hamburg-Altstadt«, »Harburg«, »Hamm«",
}
# Four Bezirke share their name with a Stadtteil: they match it and collide with the Stadtteil's row.
HAMBURG_DUPLICATE_ROWS = {103: 32, 105: 55, 106: 73, 107: 86}  # Eimsbüttel, Wandsbek, Bergedorf, Harburg
HAMBURG_MAPPING = """\
# Stadtteilprofile 2014: Stadtteile by name, two indicators of the wide table.
level = "social_space"
boundary_version = "hh-stadtteile"
[columns]
area = "Stadtgebiet"
[wide]
period = "31.12.2013"
[wide.columns]
"Bevölkerung" = "hh_ew"
"Anteil der unter 18-Jährigen in %" = "hh_u18"
[values]
area_by = "name"
"""


@pytest.fixture(scope="module")
def city_engine(import_engine, tmp_path_factory):
    folder = tmp_path_factory.mktemp("realdata")
    catalogue = folder / "katalog.csv"
    catalogue.write_text(CATALOGUE, encoding="utf-8")
    report = run_import(import_engine, "indicators", catalogue)
    assert report.ok, report.lines()
    return import_engine


def import_areas(engine, path: Path, mapping: dict) -> None:
    report = run_import(engine, "areas", path, mapping=load_mapping(None, mapping))
    assert report.ok, report.lines()


def test_hamburg_stadtteile_by_name_through_the_cli(city_engine, tmp_path):
    # hamburg-quarters.geojson holds the 181 Ortsteile, each carrying its Stadtteil's name: the
    # 104 Stadtteile are the Ortsteile united by name (keyed by their first Ortsteil's number).
    quarters = gpd.read_file(HAMBURG / "hamburg-quarters.geojson")
    stadtteile = quarters.dissolve(by="name", aggfunc={"quarter_id_3": "min"}).reset_index()
    stadtteile = stadtteile.rename(columns={"quarter_id_3": "key"})[["key", "name", "geometry"]]
    assert len(quarters) == 181
    assert len(stadtteile) == 104
    stadtteile.to_file(tmp_path / "stadtteile.geojson", driver="GeoJSON")
    import_areas(
        city_engine,
        tmp_path / "stadtteile.geojson",
        {
            "level": "social_space",
            "boundary_version": "hh-stadtteile",
            "values": {"version_name": "Hamburger Stadtteile", "valid_from": "2008-01-01"},
        },
    )
    mapping = tmp_path / "hamburg.toml"
    mapping.write_text(HAMBURG_MAPPING, encoding="utf-8")
    url = city_engine.url.render_as_string(hide_password=False)
    environment = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    command = [sys.executable, "-m", "sozialraum", "import", "observations"]
    command += [str(HAMBURG / "stadtteilprofile_2014.csv"), "--mapping", str(mapping), "--db", url, "--dry-run"]
    command += ["--report", str(tmp_path / "bericht.csv")]
    result = subprocess.run(command, capture_output=True, text=True, env=environment, timeout=300, check=False)
    assert result.returncode == 1, result.stdout + result.stderr
    # On screen one line for all unknown names, each example with its nearest names ...
    summary = next(line for line in result.stderr.splitlines() if "Unbekannter Gebietsname" in line)
    assert "Unbekannter Gebietsname in Spalte »Stadtgebiet«: 8 verschiedene Werte in 8 Zeilen" in summary, summary
    assert "»Kleiner Grasbrook und Steinwerder« (Zeile 16; ähnlich: »Kleiner Grasbrook«" in summary, summary
    # ... and every one of them in the complete report.
    report_text = (tmp_path / "bericht.csv").read_text(encoding="utf-8-sig")
    for name, similar in HAMBURG_UNMATCHED.items():
        assert f"Unbekannter Gebietsname »{name}«; ähnlich: {similar}." in report_text, report_text
    assert "Traceback" not in result.stderr

    report = run_import(
        city_engine, "observations", HAMBURG / "stadtteilprofile_2014.csv", mapping_path=mapping, dry_run=True
    )
    unmatched = {
        error.text.split("»")[1].split("«")[0]: error.row
        for error in report.errors
        if "Unbekannter Gebietsname" in error.text
    }
    duplicates = {error.row for error in report.errors if error.text.startswith("Doppelt:")}
    failing = {error.row for error in report.errors}
    assert report.rows_read == 107
    assert set(unmatched) == set(HAMBURG_UNMATCHED)
    assert duplicates == set(HAMBURG_DUPLICATE_ROWS)
    assert failing == set(unmatched.values()) | duplicates  # no other kind of error
    assert report.rows_read - len(failing) == 95  # 95 of the 99 Stadtteil rows find their Stadtteil
    assert "St. Pauli" not in unmatched
    assert "Groß Borstel" not in unmatched

    # Without the rows the geometry cannot take, the same mapping writes the 95 Stadtteile's values.
    kept = tmp_path / "stadtteile_2014.csv"
    lines = (HAMBURG / "stadtteilprofile_2014.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    kept.write_text("".join(line for number, line in enumerate(lines, 1) if number not in failing), encoding="utf-8")
    report = run_import(city_engine, "observations", kept, mapping_path=mapping)
    assert report.ok, report.lines()
    assert report.rows_written == 2 * 95
    with Session(city_engine) as session:
        pauli = session.scalar(
            select(Observation.value)
            .join(Area)
            .join(Indicator)
            .where(Area.name == "St. Pauli", Indicator.key == "hh_ew")
        )
    assert pauli == 22_392  # » 22 392 « in the file: the space groups thousands


def test_hamburg_ortsteile_sharing_a_name_are_ambiguous(city_engine, tmp_path):
    import_areas(
        city_engine,
        HAMBURG / "hamburg-quarters.geojson",
        {
            "level": "planning_area",
            "boundary_version": "hh-ortsteile",
            "columns": {"key": "id", "name": "name"},
            "values": {"version_name": "Hamburger Ortsteile", "valid_from": "2008-01-01"},
        },
    )
    path = tmp_path / "altstadt.csv"
    path.write_text("Gebiet;Kennzahl;Jahr;Wert\nHamburg-Altstadt;hh_ew;2013;1675\n", encoding="utf-8")
    mapping = load_mapping(None, {"level": "planning_area", "values": {"area_by": "name"}})
    report = run_import(city_engine, "observations", path, mapping=mapping, dry_run=True)
    assert [error.text for error in report.errors] == [
        "Gebietsname »Hamburg-Altstadt« ist mehrdeutig: so heißen die Gebiete »01101101«, »01101102«. "
        "Schlüssel statt Namen verwenden oder in der Zuordnung »level« bzw. »boundary_version« angeben."
    ]


def test_koeln_keys_with_leading_zeros_find_stadtbezirke_and_stadtteile(city_engine):
    version = {"version_name": "Köln", "valid_from": "2000-01-01"}
    import_areas(
        city_engine,
        KOELN / "stadtbezirke.geojson",
        {
            "level": "district",
            "boundary_version": "koeln",
            "columns": {"key": "STB_NR", "name": "STB_NAME"},
            "values": version,
        },
    )
    import_areas(
        city_engine,
        KOELN / "stadtteile_wgs84.geojson",
        {"level": "social_space", "boundary_version": "koeln", "columns": {"key": "STT_NR", "name": "STT_NAME"}},
    )
    mapping = {
        "boundary_version": "koeln",
        "columns": {"area": "raum_id", "period": "jahr", "indicator": "zeile", "value": "zahl"},
        "values": {"filter": {"tabelle": "Einwohner in Köln", "raum_id": "!000"}},  # 000: the whole city
    }
    path = KOELN / "bevoelkerung.csv"
    report = run_import(city_engine, "observations", path, mapping=load_mapping(None, mapping), dry_run=True)
    assert not report.ok
    assert report.errors[0].text == (
        "Unbekannter Gebietsschlüssel »001«; gemeint ist wohl »1« (in der Zuordnung [values] "
        "key_strip_zeros = true angeben)."
    )
    mapping["values"]["key_strip_zeros"] = True
    report = run_import(city_engine, "observations", path, mapping=load_mapping(None, mapping))
    assert report.ok, report.lines()
    assert report.rows_read == 29_135
    assert report.rows_written == 95 * 8  # 9 Stadtbezirke and 86 Stadtteile, 2005 to 2012
    with Session(city_engine) as session:
        innenstadt = session.scalar(
            select(Observation.value)
            .join(Area)
            .join(BoundaryVersion)
            .where(BoundaryVersion.key == "koeln", Area.key == "1", Observation.period == date(2005, 12, 31))
        )
    assert innenstadt == 129_496  # »001« Innenstadt in 2005


def test_wien_district_codes_become_bezirk_keys_by_pattern(city_engine):
    import_areas(
        city_engine,
        WIEN / "wien_bezirke_wgs84.geojson",
        {
            "level": "district",
            "boundary_version": "wien",
            "columns": {"key": "BEZ", "name": "NAMEK"},
            "values": {"version_name": "Wiener Bezirke", "valid_from": "2000-01-01"},
        },
    )
    mapping = {
        "boundary_version": "wien",
        "columns": {"area": "DISTRICT_CODE", "period": "REF_YEAR"},
        "wide": {"columns": {"AGE_AVE": "wien_alter"}},
        "values": {"key_pattern": r"^9(\d\d)00$", "filter": {"DISTRICT_CODE": "!90000"}},  # 90000: all Vienna
    }
    path = WIEN / "vie-bez-biz-pop-age-2002f.csv"
    report = run_import(city_engine, "observations", path, mapping=load_mapping(None, mapping))
    assert report.ok, report.lines()
    assert report.rows_read == 552
    assert report.rows_written == 23 * 23  # 23 Bezirke, 2002 to 2024
    with Session(city_engine) as session:
        keys = set(
            session.scalars(
                select(Area.key).join(Observation).join(BoundaryVersion).where(BoundaryVersion.key == "wien")
            )
        )
    assert keys == {f"{number:02d}" for number in range(1, 24)}
