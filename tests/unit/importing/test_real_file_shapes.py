"""Real cities' files whose shapes once broke the importer (issue 15): Wien's YYYYMMDD dates and series
from 1869, Konstanz's Stadtteil tables one column per area before any geometry exists, Köln's shares
with numerator and denominator in separate rows and its budget years with actuals only.

The files are the open data in ../shared/realdata (skipped when that folder is absent); where area keys
differ from the geometry's, the test writes the small lookup itself, as the Daten page's user would.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import geopandas as gpd
import pytest
import yaml
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sozialraum.importing import run_import
from sozialraum.models import Area, BudgetLine, Indicator, Observation

ROOT = Path(__file__).resolve().parents[3]
REALDATA = ROOT.parent / "shared" / "realdata"


def needs(folder: str) -> pytest.MarkDecorator:
    return pytest.mark.skipif(not (REALDATA / folder).is_dir(), reason=f"../shared/realdata/{folder} nicht vorhanden")


POPULATION = ["ew", "Einwohner", "Personen", "Bevölkerung", "0", "Anzahl", "", "", "0"]
CATALOGUE_HEADER = ["Schlüssel", "Name", "Einheit", "Thema", "Polarität", "Art", "Zähler", "Nenner", "Nachkommastellen"]


def import_catalogue(engine, tmp_path: Path, rows: list[list[str]]) -> None:
    path = tmp_path / "kennzahlen.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(CATALOGUE_HEADER)
        writer.writerows(rows)
    report = run_import(engine, "indicators", path)
    assert report.ok, report.lines()


def write_mapping(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def observation_values(engine, indicator_key: str) -> dict[tuple[str, date], Observation]:
    with Session(engine) as session:
        rows = session.execute(
            select(Area.key, Observation).join(Area).join(Indicator).where(Indicator.key == indicator_key)
        ).all()
        session.expunge_all()
    return {(key, observation.period): observation for key, observation in rows}


@needs("wien")
def test_wien_population_from_1869_with_yyyymmdd_dates(empty_engine, tmp_path):
    # Wien's data key a Bezirk as 9BB00 (90100 is the Innere Stadt); its geometry has STATAUSTRI = 9BB.
    bezirke = gpd.read_file(REALDATA / "wien" / "wien_bezirke_wgs84.geojson")
    bezirke["key"] = (bezirke["STATAUSTRI"].astype(int) * 100).astype(str)
    bezirke[["key", "NAMEK", "geometry"]].rename(columns={"NAMEK": "name"}).to_file(
        tmp_path / "bezirke.geojson", driver="GeoJSON"
    )
    areas_mapping = write_mapping(
        tmp_path,
        "bezirke.toml",
        'boundary_version = "wien-2024"\n[values]\nlevel = "district"\nversion_name = "Wien 2024"\n'
        'valid_from = "1850-01-01"\n',
    )
    report = run_import(empty_engine, "areas", tmp_path / "bezirke.geojson", mapping_path=areas_mapping)
    assert report.ok, report.lines()
    import_catalogue(
        empty_engine, tmp_path, [["ew", "Einwohner", "Personen", "Bevölkerung", "0", "Anzahl", "", "", "0"]]
    )

    mapping = write_mapping(
        tmp_path,
        "bevoelkerung.toml",
        'level = "district"\nboundary_version = "wien-2024"\n'
        '[columns]\narea = "DISTRICT_CODE"\nperiod = "REF_DATE"\n[wide.columns]\nPOP_TOTAL = "ew"\n',
    )
    source = REALDATA / "wien" / "vie-bez-pop-sex-stk-1869f.csv"
    report = run_import(empty_engine, "observations", source, mapping_path=mapping)
    assert report.ok, report.lines()[:10]
    values = observation_values(empty_engine, "ew")
    # The first line of the file: Innere Stadt, 31.12.1869, 68.079 residents.
    assert values[("90100", date(1869, 12, 31))].value == 68079
    assert min(period for _, period in values) == date(1869, 12, 31)
    assert len({key for key, _ in values}) == 23
    with source.open(encoding="utf-8") as handle:
        lines = sum(1 for _ in handle) - 1
    assert report.rows_written == lines == len(values)


def konstanz_stadtteile(tmp_path: Path) -> Path:
    """Konstanz's 15 Stadtteile as a list without geometry, from the description of its population table
    (the column names are the keys, the descriptions the names)."""
    text = (REALDATA / "konstanz" / "bevoelkerung_nach_stadtteilen.md").read_text(encoding="utf-8")
    meta = yaml.safe_load(text.split("---")[1])
    path = tmp_path / "stadtteile.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["Schlüssel", "Name"])
        writer.writerows([column["name"], column["description"]] for column in meta["columns"][1:])
    return path


@needs("konstanz")
def test_konstanz_stadtteile_without_geometry_then_a_table_wide_by_area(empty_engine, tmp_path):
    areas_mapping = write_mapping(
        tmp_path,
        "stadtteile.toml",
        'boundary_version = "kn"\n[values]\nlevel = "social_space"\nversion_name = "Stadtteile"\nvalid_from = "1900"\n',
    )
    report = run_import(empty_engine, "areas", konstanz_stadtteile(tmp_path), mapping_path=areas_mapping)
    assert report.ok, report.lines()
    assert report.rows_written == 15
    with Session(empty_engine) as session:
        assert session.scalar(select(func.count()).select_from(Area).where(Area.geometry.is_not(None))) == 0
        assert session.scalar(select(Area.name).where(Area.key == "petershausenwest")) == "Petershausen-West"
    import_catalogue(
        empty_engine, tmp_path, [["ew", "Einwohner", "Personen", "Bevölkerung", "0", "Anzahl", "", "", "0"]]
    )

    mapping = write_mapping(tmp_path, "wide.toml", 'level = "social_space"\n[wide]\nby = "area"\nindicator = "ew"\n')
    for name in ("bevoelkerung_nach_stadtteilen.csv", "bevoelkerung_historisch_nach_stadtteilen.csv"):
        report = run_import(empty_engine, "observations", REALDATA / "konstanz" / name, mapping_path=mapping)
        assert report.ok, report.lines()[:10]
    values = observation_values(empty_engine, "ew")
    # bevoelkerung_nach_stadtteilen.csv, first data row: 1995, Altstadt 10.815, Wallhausen 1.144
    assert values[("altstadt", date(1995, 12, 31))].value == 10815
    assert values[("wallhausen", date(1995, 12, 31))].value == 1144
    # The historic table starts in 1927 and writes »20696.0« from 1928 on; empty cells are no value.
    assert values[("altstadt", date(1928, 12, 31))].value == 20696
    assert ("paradies", date(1927, 12, 31)) not in values
    assert len({key for key, _ in values}) == 15


@needs("konstanz")
def test_a_wide_by_area_table_reports_a_bad_row_once_and_bad_cells_per_column(empty_engine, tmp_path):
    areas_mapping = write_mapping(
        tmp_path,
        "stadtteile.toml",
        'boundary_version = "kn"\n[values]\nlevel = "social_space"\nvalid_from = "1900"\n',
    )
    assert run_import(empty_engine, "areas", konstanz_stadtteile(tmp_path), mapping_path=areas_mapping).ok
    import_catalogue(
        empty_engine, tmp_path, [["ew", "Einwohner", "Personen", "Bevölkerung", "0", "Anzahl", "", "", "0"]]
    )
    lines = (REALDATA / "konstanz" / "bevoelkerung_nach_stadtteilen.csv").read_text(encoding="utf-8").splitlines()
    broken = [lines[0], "19x5" + lines[1][4:], lines[2].replace(",4988,", ",viele,").replace(",1699,", ",viele,")]
    path = tmp_path / "kaputt.csv"
    path.write_text("\n".join(broken) + "\n", encoding="utf-8")
    mapping = write_mapping(tmp_path, "wide.toml", '[wide]\nby = "area"\nindicator = "ew"\n')
    report = run_import(empty_engine, "observations", path, mapping_path=mapping)
    texts = [(problem.row, problem.column, problem.text) for problem in report.errors]
    # The unreadable year of row 2 is one message, not one per Stadtteil column.
    assert texts.count((2, "jahr", "Zeitraum »19x5« nicht lesbar (z. B. 2025 oder 31.12.2025).")) == 1
    assert [row for row, _, _ in texts].count(2) == 1
    # Bad cells are one message each, naming the area's column, with the same text.
    assert (3, "paradies", "Kein Zahlenwert: »viele«.") in texts
    assert (3, "staad", "Kein Zahlenwert: »viele«.") in texts
    assert report.error_count == 3
    assert observation_values(empty_engine, "ew") == {}


@needs("konstanz")
def test_geometry_imported_later_fills_in_the_listed_areas_and_keeps_their_ids(empty_engine, tmp_path):
    areas_mapping = write_mapping(
        tmp_path, "list.toml", 'boundary_version = "kn"\n[values]\nlevel = "social_space"\nvalid_from = "1900"\n'
    )
    assert run_import(empty_engine, "areas", konstanz_stadtteile(tmp_path), mapping_path=areas_mapping).ok
    with Session(empty_engine) as session:
        ids_before = dict(session.execute(select(Area.key, Area.id)).all())
    # The GIS delivers keys and shapes only (no names): two Stadtteile, as squares.
    features = gpd.GeoDataFrame(
        {"key": ["altstadt", "paradies"]},
        geometry=gpd.GeoSeries.from_wkt(
            ["POLYGON((9.17 47.65, 9.18 47.65, 9.18 47.66, 9.17 47.66, 9.17 47.65))",
             "POLYGON((9.15 47.65, 9.16 47.65, 9.16 47.66, 9.15 47.66, 9.15 47.65))"]
        ),
        crs="EPSG:4326",
    )  # fmt: skip
    features.to_file(tmp_path / "gis.geojson", driver="GeoJSON")
    report = run_import(empty_engine, "areas", tmp_path / "gis.geojson", mapping_path=areas_mapping)
    assert report.ok, report.lines()
    with Session(empty_engine) as session:
        rows = {area.key: area for area in session.scalars(select(Area))}
    assert {key: area.id for key, area in rows.items()} == ids_before
    assert rows["altstadt"].name == "Altstadt"
    assert rows["altstadt"].geometry is not None
    assert rows["altstadt"].area_km2 > 0
    assert rows["egg"].geometry is None
    # A new area from the GIS needs a name: without a name column it is refused, naming the key.
    extra = features.assign(key=["altstadt", "neuland"])
    extra.to_file(tmp_path / "gis2.geojson", driver="GeoJSON")
    report = run_import(empty_engine, "areas", tmp_path / "gis2.geojson", mapping_path=areas_mapping)
    assert not report.ok
    assert any("Name fehlt (Gebiet »neuland«)" in problem.text for problem in report.errors)


KOELN_SHARE_ROWS = ("Einwohner", "Ausländer")


@needs("koeln")
def test_koeln_share_from_numerator_and_denominator_rows(empty_engine, tmp_path):
    # Köln's Stadtbezirke, keyed as the statistics key them (raum_id 001 … 009).
    bezirke = gpd.read_file(REALDATA / "koeln" / "stadtbezirke.geojson")
    bezirke["key"] = bezirke["STB_NR"].astype(int).map("{:03d}".format)
    bezirke[["key", "STB_NAME", "geometry"]].rename(columns={"STB_NAME": "name"}).to_file(
        tmp_path / "bezirke.geojson", driver="GeoJSON"
    )
    areas_mapping = write_mapping(
        tmp_path, "bezirke.toml", 'boundary_version = "koeln"\n[values]\nlevel = "district"\nvalid_from = "2000"\n'
    )
    assert run_import(empty_engine, "areas", tmp_path / "bezirke.geojson", mapping_path=areas_mapping).ok
    import_catalogue(
        empty_engine,
        tmp_path,
        [["auslaenderanteil", "Ausländeranteil", "%", "Bevölkerung", "0", "Anteil", "Ausländer", "Einwohner", "1"]],
    )
    # The real file's rows of the two Merkmale on Stadtbezirk level (filtering rows of an observation file
    # in the mapping is another feature; here the test picks them).
    source = REALDATA / "koeln" / "bevoelkerung.csv"
    with source.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    picked = [rows[0]] + [
        row for row in rows[1:] if row[7] in KOELN_SHARE_ROWS and row[4] != "000" and int(row[4]) < 10
    ]
    path = tmp_path / "bevoelkerung_bezirke.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(picked)
    mapping = write_mapping(
        tmp_path,
        "anteil.toml",
        'level = "district"\n[columns]\narea = "raum_id"\nindicator = "zeile"\nperiod = "jahr"\nvalue = "zahl"\n'
        '[shares.auslaenderanteil]\nnumerator = "Ausländer"\ndenominator = "Einwohner"\n',
    )
    report = run_import(empty_engine, "observations", path, mapping_path=mapping)
    assert report.ok, report.lines()[:10]
    values = observation_values(empty_engine, "auslaenderanteil")
    assert len(values) == 9 * 8  # nine Stadtbezirke, 2005 to 2012
    by_key = {(row[4], row[3], row[7]): float(row[8]) for row in picked[1:]}
    innenstadt = values[("001", date(2005, 12, 31))]
    assert innenstadt.numerator == by_key[("001", "2005", "Ausländer")]
    assert innenstadt.denominator == by_key[("001", "2005", "Einwohner")] == 129496
    assert innenstadt.value == pytest.approx(innenstadt.numerator / innenstadt.denominator * 100)
    # A numerator without its denominator row is refused, naming the row and what is missing.
    without_denominator = [
        row for row in picked if not (row[4] == "002" and row[3] == "2006" and row[7] == "Einwohner")
    ]
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(without_denominator)
    report = run_import(empty_engine, "observations", path, mapping_path=mapping)
    assert not report.ok
    assert report.error_count == 1
    assert "fehlt die Zeile mit dem Nenner »Einwohner«" in report.errors[0].text
    assert "»002«" in report.errors[0].text


@needs("koeln_haushalt")
def test_koeln_budget_with_actuals_only_then_plan_keeps_both(empty_engine, tmp_path):
    # Teilergebnisplan: per Teilplan (product) the Ergebnis 2010 (actual only) and the Plan 2011 (plan only).
    source = REALDATA / "koeln_haushalt" / "teilergebnisplan.csv"
    base = (
        '[columns]\nproduct = "Teilplan"\nproduct_name = "Teilplanbezeichnung"\n{amount}\n'
        '[values]\nyear = {year}\nfilter = {{ Teilplanzeile = "17 = ordentliche Aufwendungen" }}\n'
    )
    actual = write_mapping(tmp_path, "ist.toml", base.format(amount='actual = "Ergebnis 2010"', year=2010))
    report = run_import(empty_engine, "budget", source, mapping_path=actual)
    assert report.ok, report.lines()[:10]
    assert report.rows_written == 101
    with source.open(encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row["Teilplanzeile"] == "17 = ordentliche Aufwendungen"]
    youth = next(row for row in rows if row["Teilplan"] == "0603")
    with Session(empty_engine) as session:
        lines = {(line.product, line.year): line for line in session.scalars(select(BudgetLine))}
    assert lines[("0603", 2010)].actual == float(youth["Ergebnis 2010"])
    assert lines[("0603", 2010)].planned is None
    # The plan of 2011 (Ansatz only), then the same year's Ist from another file: both stay.
    plan = write_mapping(tmp_path, "plan.toml", base.format(amount='planned = "Plan 2011"', year=2011))
    assert run_import(empty_engine, "budget", source, mapping_path=plan).ok
    ist_2011 = tmp_path / "ist_2011.csv"
    ist_2011.write_text(
        "Teilplan,Teilplanbezeichnung,Teilplanzeile,Ergebnis 2011\n"
        f"0603,{youth['Teilplanbezeichnung']},17 = ordentliche Aufwendungen,123456\n",
        encoding="utf-8",
    )
    later = write_mapping(tmp_path, "ist2011.toml", base.format(amount='actual = "Ergebnis 2011"', year=2011))
    assert run_import(empty_engine, "budget", ist_2011, mapping_path=later).ok
    with Session(empty_engine) as session:
        line = session.scalars(select(BudgetLine).where(BudgetLine.product == "0603", BudgetLine.year == 2011)).one()
    assert (line.planned, line.actual) == (float(youth["Plan 2011"]), 123456)


def test_a_budget_file_with_neither_plan_nor_actual_is_refused(empty_engine, tmp_path):
    path = tmp_path / "budget.csv"
    path.write_text("Jahr;Produkt;Produktname;Fälle\n2024;36.3;Hilfen zur Erziehung;12\n", encoding="utf-8")
    report = run_import(empty_engine, "budget", path)
    assert not report.ok
    assert [problem.text for problem in report.errors] == [
        "Es fehlt eine Spalte »Ansatz« (Plan) oder »Ist« (Ergebnis)."
    ]
