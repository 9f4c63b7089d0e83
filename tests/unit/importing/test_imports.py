"""Valid files in the shapes municipal users have: they import, and importing twice changes nothing."""

import zipfile
from datetime import date

import geopandas as gpd
import openpyxl
import pytest
import shapely
from shapely.geometry import Polygon
from sqlalchemy import select
from sqlalchemy.orm import Session

from sozialraum.importing import run_import
from sozialraum.importing.mapping import load_mapping
from sozialraum.models import Area, BoundaryVersion, Indicator, Observation

from .conftest import DATA, data_snapshot


def stored(engine, area_key: str, indicator_key: str, period: date) -> Observation | None:
    with Session(engine) as session:
        return session.scalars(
            select(Observation)
            .join(Area)
            .join(Indicator)
            .where(Area.key == area_key, Indicator.key == indicator_key, Observation.period == period)
        ).first()


def test_windows_1252_semicolon_file_with_german_numbers(import_engine, tmp_path):
    path = tmp_path / "sgb2_2026.csv"
    text = (
        "Gebiet;Kennzahl;Jahr;Wert;Zähler;Nenner\n"
        "0101;sgb2_rate;2026;;1\u00a0250;10.000\n"
        "0102;sgb2_rate;2026;.;;8.000\n"
        "0103;sgb2_rate;2026;k.A.;;\n"
        "0104;sgb2_rate;2026;12,5;;\n"
    )
    path.write_bytes(text.encode("cp1252"))
    report = run_import(import_engine, "observations", path)
    assert report.ok, report.lines()
    assert report.rows_written == 3  # the k.A. row is missing data, not a zero
    first = stored(import_engine, "0101", "sgb2_rate", date(2026, 12, 31))
    assert (first.numerator, first.denominator, first.value) == (1250, 10000, pytest.approx(12.5))
    suppressed = stored(import_engine, "0102", "sgb2_rate", date(2026, 12, 31))
    assert (suppressed.value, suppressed.flag, suppressed.denominator) == (None, "suppressed", 8000)
    assert stored(import_engine, "0103", "sgb2_rate", date(2026, 12, 31)) is None


def test_reimporting_the_same_file_changes_nothing(import_engine, tmp_path):
    path = tmp_path / "werte.csv"
    path.write_text("Gebiet\tKennzahl\tStichtag\tWert\n0101\tinobhutnahmen\t31.12.2026\t7\n", encoding="utf-8-sig")
    assert run_import(import_engine, "observations", path).ok
    after_first = data_snapshot(import_engine)
    report = run_import(import_engine, "observations", path)
    assert report.ok
    assert data_snapshot(import_engine) == after_first
    assert stored(import_engine, "0101", "inobhutnahmen", date(2026, 12, 31)).value == 7


def test_wide_table_with_title_rows_and_decimal_points(import_engine, tmp_path):
    path = tmp_path / "mss.csv"
    path.write_text(
        "Monitoring (fiktiv)\n\nRaum,S1,S4\n0101,4.22594,19.39799\n0102,1.15858,8.33333\n", encoding="utf-8"
    )
    mapping = tmp_path / "mss.toml"
    mapping.write_text(
        'header_row = 3\n[columns]\narea = "Raum"\n[wide]\nperiod = "2027"\n'
        '[wide.columns]\nS1 = "unemployment_rate"\nS4 = "child_poverty"\n'
    )
    report = run_import(import_engine, "observations", path, mapping_path=mapping)
    assert report.ok, report.lines()
    assert report.rows_written == 4
    assert stored(import_engine, "0102", "child_poverty", date(2027, 12, 31)).value == pytest.approx(8.33333)


def test_excel_long_table_with_a_title_row(import_engine, tmp_path):
    path = tmp_path / "werte.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Inobhutnahmen 2028 (fiktiv)"])
    sheet.append(["Gebiet", "Kennzahl", "Jahr", "Wert"])
    sheet.append(["0101", "inobhutnahmen", 2028, 3])
    sheet.append(["0102", "inobhutnahmen", 2028, "x"])
    book.save(path)
    report = run_import(import_engine, "observations", path, mapping=load_mapping(None, {"header_row": 2}))
    assert report.ok, report.lines()
    assert stored(import_engine, "0101", "inobhutnahmen", date(2028, 12, 31)).value == 3
    assert stored(import_engine, "0102", "inobhutnahmen", date(2028, 12, 31)).flag == "suppressed"


def test_catalogue_import_then_values(import_engine, tmp_path):
    catalogue = tmp_path / "katalog.csv"
    catalogue.write_text(
        "Schlüssel;Name;Kurzname;Einheit;Thema;Definition;Quelle;Polarität;Art;Nachkommastellen\n"
        "wohnungslos;Wohnungslose je 1.000 Einwohner;Wohnungslose;je 1.000;Wohnen;Untergebrachte …;Sozialamt;-1;"
        "Quote;1\n",
        encoding="utf-8",
    )
    report = run_import(import_engine, "indicators", catalogue)
    assert report.ok, report.lines()
    with Session(import_engine) as session:
        indicator = session.scalars(select(Indicator).where(Indicator.key == "wohnungslos")).one()
        assert (indicator.kind, indicator.polarity, indicator.aggregation) == ("rate", -1, "weighted")


def square(x: float, y: float, size: float = 1000) -> Polygon:
    return Polygon([(x, y), (x + size, y), (x + size, y + size), (x, y + size)])


def test_areas_in_any_crs_and_format_and_two_boundary_versions(empty_engine, tmp_path):
    # ETRS89 / UTM 33N, as Berlin delivers, as GeoPackage and as a zipped shapefile without .prj.
    old = gpd.GeoDataFrame(
        {"PLR_ID": ["01011101", "01011102"], "PLR_NAME": ["Alt A", "Alt B"]},
        geometry=[square(390000, 5820000), square(391000, 5820000)],
        crs="EPSG:25833",
    )
    old.to_file(tmp_path / "alt.gpkg")
    old_mapping = {
        "level": "planning_area",
        "boundary_version": "lor-alt",
        "columns": {"key": "PLR_ID", "name": "PLR_NAME"},
        "values": {"version_name": "LOR bis 2020", "valid_from": "01.01.2006", "valid_to": "31.12.2020"},
    }
    report = run_import(empty_engine, "areas", tmp_path / "alt.gpkg", mapping=load_mapping(None, old_mapping))
    assert report.ok, report.lines()

    new = old.assign(PLR_NAME=["Neu A", "Neu B"])
    new.to_file(tmp_path / "neu.shp")
    (tmp_path / "neu.prj").unlink()
    with zipfile.ZipFile(tmp_path / "neu.zip", "w") as archive:
        for part in tmp_path.glob("neu.*"):
            if part.suffix != ".zip":
                archive.write(part, part.name)
    new_mapping = {
        **old_mapping,
        "boundary_version": "lor-2021",
        "values": {"version_name": "LOR 2021", "valid_from": "01.01.2021"},
    }
    report = run_import(
        empty_engine, "areas", tmp_path / "neu.zip", mapping=load_mapping(None, new_mapping), crs="EPSG:25833"
    )
    assert report.ok, report.lines()

    with Session(empty_engine) as session:
        versions = {v.key: v for v in session.scalars(select(BoundaryVersion))}
        assert versions["lor-alt"].valid_to == date(2020, 12, 31)
        area = session.scalars(select(Area).where(Area.name == "Neu A")).one()
        point = shapely.from_wkb(area.geometry).centroid
        assert 13.3 < point.x < 13.5  # reprojected to EPSG:4326 (Berlin)
        assert 52.4 < point.y < 52.6
        assert area.area_km2 == pytest.approx(1.0, rel=0.01)

    # Observations attach to the version valid for their period.
    catalogue = tmp_path / "katalog.csv"
    catalogue.write_text("Schlüssel;Name;Einheit;Thema;Polarität;Art\new;Einwohner;Personen;Bevölkerung;0;Anzahl\n")
    assert run_import(empty_engine, "indicators", catalogue).ok
    values = tmp_path / "ew.csv"
    values.write_text("Gebiet;Kennzahl;Jahr;Wert\n01011101;ew;2019;100\n01011101;ew;2022;120\n")
    assert run_import(empty_engine, "observations", values).ok
    with Session(empty_engine) as session:
        rows = session.execute(select(Observation.period, Area.name).join(Area).order_by(Observation.period)).all()
    assert [tuple(row) for row in rows] == [(date(2019, 12, 31), "Alt A"), (date(2022, 12, 31), "Neu A")]


def test_a_bowtie_polygon_is_repaired_with_a_warning(empty_engine):
    mapping = load_mapping(None, {"level": "district", "boundary_version": "v1", "values": {"valid_from": "2020"}})
    report = run_import(empty_engine, "areas", DATA / "valid" / "bowtie_repairable.geojson", mapping=mapping)
    assert report.ok
    assert report.warnings
    assert "wurde repariert" in report.warnings[0].text
    assert report.warnings[0].row == 1


def test_budget_lines_sum_titles_and_replace_on_reimport(import_engine, tmp_path):
    from sozialraum.models import BudgetLine

    path = tmp_path / "haushalt.csv"
    path.write_text(
        "Bezirk;Jahr;Funktion;Produkt;Produktname;Ansatz\n"
        "Altstadt;2030;HzE;36.3;Hilfen zur Erziehung;1.000.000\n"
        "Altstadt;2030;HzE;36.3;Hilfen zur Erziehung;250.000,50\n"
        "Altstadt;2030;Kita;36.1;Kindertagesbetreuung;9.999.999\n"
        ";2030;HzE;36.3;Hilfen zur Erziehung;40.000\n",
        encoding="utf-8",
    )
    mapping = load_mapping(
        None,
        {
            "level": "district",
            "values": {"area_by": "name", "filter": {"Funktion": "HzE"}},
            "columns": {"area": "Bezirk"},
        },
    )
    report = run_import(import_engine, "budget", path, mapping=mapping)
    assert report.ok, report.lines()
    assert report.rows_written == 2  # titles summed per area; the Kita line filtered out
    assert run_import(import_engine, "budget", path, mapping=mapping).ok
    with Session(import_engine) as session:
        lines = session.scalars(select(BudgetLine).where(BudgetLine.year == 2030)).all()
    assert sorted(line.planned for line in lines) == [40_000.0, 1_250_000.5]  # replaced, not doubled
    assert {line.aid_type for line in lines} == {"sonstige"}


def test_goals_import_and_update(import_engine, tmp_path):
    from sozialraum.models import Goal

    path = tmp_path / "ziele.csv"
    header = "Leitziel;Wirkungsziel;Kennzahl;Gebiet;Basisjahr;Basiswert;Zieljahr;Zielwert;Richtung;Produkte\n"
    path.write_text(
        header + "Teilhabe;Kinderarmut im Gerberviertel senken;child_poverty;0104;2020;40,5;2030;"
        "30,0;sinken;36.3, 36.2\n",
        encoding="utf-8",
    )
    assert run_import(import_engine, "goals", path).ok
    path.write_text(
        header + "Teilhabe;Kinderarmut im Gerberviertel senken;child_poverty;0104;2020;40,5;2030;28,0;sinken;36.3\n",
        encoding="utf-8",
    )
    assert run_import(import_engine, "goals", path).ok
    with Session(import_engine) as session:
        goals = session.scalars(select(Goal).where(Goal.title == "Kinderarmut im Gerberviertel senken")).all()
    assert len(goals) == 1
    assert (goals[0].target_value, goals[0].direction, goals[0].products) == (28.0, -1, ["36.3"])


def test_our_own_german_excel_export_imports_again(import_engine, tmp_path):
    import pandas as pd

    from sozialraum.export.tables import TEXT, german_csv_bytes

    table = pd.DataFrame({"Gebiet": ["0101"], "Kennzahl": ["sgb2_rate"], "Jahr": ["2031"], "Wert": [12.25]})
    path = tmp_path / "export.csv"
    path.write_bytes(german_csv_bytes(table, {"Gebiet": TEXT}))
    report = run_import(import_engine, "observations", path)
    assert report.ok, report.lines()
    assert stored(import_engine, "0101", "sgb2_rate", date(2031, 12, 31)).value == pytest.approx(12.25)


def test_exported_values_import_again_unchanged(import_engine, tmp_path):
    from sozialraum.export.tables import TEXT, german_csv_bytes
    from sozialraum.export.values import values_table
    from sozialraum.store import repository

    periods = [date(2024, 12, 31), date(2025, 12, 31)]  # demo years; other tests add later ones
    keys = ["inobhutnahmen", "sgb2_rate", "hze_avg_duration"]
    values = repository.load_values(import_engine, keys, periods, "planning_area")
    assert (values["flag"] == "suppressed").any()  # the round trip must carry suppression too
    path = tmp_path / "kennzahlen.csv"
    table = values_table(values, repository.load_areas(import_engine, "planning_area"))
    path.write_bytes(german_csv_bytes(table, {"Gebiet": TEXT}))
    before = data_snapshot(import_engine)
    report = run_import(import_engine, "observations", path)
    assert report.ok, report.lines()[:5]
    assert report.rows_written == len(values)
    assert data_snapshot(import_engine) == before


def test_exported_xlsx_with_its_notes_sheet_imports_again_unchanged(import_engine, tmp_path):
    from sozialraum.export.tables import TEXT, xlsx_bytes
    from sozialraum.export.values import values_table
    from sozialraum.reports.provenance import export_notes
    from sozialraum.store import repository

    keys = ["sgb2_rate", "inobhutnahmen"]
    values = repository.load_values(import_engine, keys, [date(2025, 12, 31)], "planning_area")
    table = values_table(values, repository.load_areas(import_engine, "planning_area"))
    notes = export_notes(
        repository.dataset_info(import_engine), catalogue=repository.load_indicators(import_engine), indicator_keys=keys
    )
    path = tmp_path / "kennzahlen.xlsx"
    path.write_bytes(xlsx_bytes(table, {"Gebiet": TEXT}, sheet_name="kennzahlen", notes=notes))
    before = data_snapshot(import_engine)
    report = run_import(import_engine, "observations", path)
    assert report.ok, report.lines()[:5]
    assert report.rows_written == len(values)
    assert data_snapshot(import_engine) == before
