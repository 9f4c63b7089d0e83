"""Every page on two real cities whose data once could not be imported (issue 15): Wien's population by
Bezirk from 1869 (dates as YYYYMMDD) and Konstanz's Stadtteile without any geometry, with their
population table one column per Stadtteil. No page may crash; Konstanz's Karte names the Stadtteile it
cannot draw. Skipped when ``../shared/realdata`` is absent.
"""

from __future__ import annotations

import csv
from pathlib import Path

import geopandas as gpd
import pytest
import yaml

from shapes.apptest import PAGES, crashes, drawn_lines, open_page
from shapes.conftest import BERLIN_DATA as REALDATA

CATALOGUE = (
    "Schlüssel;Name;Einheit;Thema;Polarität;Art;Nachkommastellen\n"
    "ew;Einwohnerinnen und Einwohner;Personen;Bevölkerung;0;Anzahl;0\n"
)


def _engine(url: str):
    from sozialraum.db import make_engine
    from sozialraum.demo.install import ensure_database

    engine = make_engine(url)
    ensure_database(engine, load_demo_when_empty=False)
    return engine


def _run(engine, kind: str, path: Path, mapping: str | None = None) -> None:
    from sozialraum.importing import run_import

    mapping_path = None
    if mapping is not None:
        mapping_path = path.with_suffix(".toml")
        mapping_path.write_text(mapping, encoding="utf-8")
    report = run_import(engine, kind, path, mapping_path=mapping_path)
    assert report.ok, report.lines()[:10]


@pytest.fixture(scope="session")
def wien_url(tmp_path_factory) -> str:
    if not (REALDATA / "wien").is_dir():
        pytest.skip("../shared/realdata/wien nicht vorhanden")
    folder = tmp_path_factory.mktemp("wien")
    url = f"sqlite:///{folder / 'wien.db'}"
    engine = _engine(url)
    bezirke = gpd.read_file(REALDATA / "wien" / "wien_bezirke_wgs84.geojson")
    bezirke["key"] = (bezirke["STATAUSTRI"].astype(int) * 100).astype(str)  # the data's 9BB00
    bezirke[["key", "NAMEK", "geometry"]].rename(columns={"NAMEK": "name"}).to_file(
        folder / "bezirke.geojson", driver="GeoJSON"
    )
    _run(
        engine,
        "areas",
        folder / "bezirke.geojson",
        'boundary_version = "wien"\n[values]\nlevel = "district"\nvalid_from = "1850"\n',
    )
    # The city from its Bezirke: the app starts from the city (or social spaces).
    city = folder / "stadt.geojson"
    city.write_bytes((folder / "bezirke.geojson").read_bytes())
    _run(
        engine,
        "areas",
        city,
        'boundary_version = "wien"\n[values]\nlevel = "city"\ndissolve = true\nkey = "90000"\nname = "Wien"\n',
    )
    _run(
        engine,
        "areas",
        folder / "bezirke.geojson",
        'boundary_version = "wien"\n[values]\nlevel = "district"\nparent_level = "city"\nparent = "90000"\n',
    )
    (folder / "kennzahlen.csv").write_text(CATALOGUE, encoding="utf-8")
    _run(engine, "indicators", folder / "kennzahlen.csv")
    population = folder / "bevoelkerung.csv"
    population.write_bytes((REALDATA / "wien" / "vie-bez-pop-sex-stk-1869f.csv").read_bytes())
    _run(
        engine,
        "observations",
        population,
        'level = "district"\n[columns]\narea = "DISTRICT_CODE"\nperiod = "REF_DATE"\n'
        '[wide.columns]\nPOP_TOTAL = "ew"\n',
    )
    engine.dispose()
    return url


@pytest.fixture(scope="session")
def konstanz_url(tmp_path_factory) -> str:
    if not (REALDATA / "konstanz").is_dir():
        pytest.skip("../shared/realdata/konstanz nicht vorhanden")
    folder = tmp_path_factory.mktemp("konstanz")
    url = f"sqlite:///{folder / 'konstanz.db'}"
    engine = _engine(url)
    text = (REALDATA / "konstanz" / "bevoelkerung_nach_stadtteilen.md").read_text(encoding="utf-8")
    columns = yaml.safe_load(text.split("---")[1])["columns"][1:]
    with (folder / "stadtteile.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["Schlüssel", "Name"])
        writer.writerows([column["name"], column["description"]] for column in columns)
    _run(
        engine,
        "areas",
        folder / "stadtteile.csv",
        'boundary_version = "kn"\n[values]\nlevel = "social_space"\nvalid_from = "1990"\n',
    )
    (folder / "kennzahlen.csv").write_text(CATALOGUE, encoding="utf-8")
    _run(engine, "indicators", folder / "kennzahlen.csv")
    population = folder / "bevoelkerung.csv"
    population.write_bytes((REALDATA / "konstanz" / "bevoelkerung_nach_stadtteilen.csv").read_bytes())
    _run(engine, "observations", population, '[wide]\nby = "area"\nindicator = "ew"\n')
    engine.dispose()
    return url


@pytest.mark.parametrize("page", PAGES)
def test_wien_from_1869_every_page_opens(wien_url, logged_errors, monkeypatch, page):
    monkeypatch.setenv("SOZIALRAUM_DATABASE_URL", wien_url)
    at = open_page(page)
    assert not crashes(at, logged_errors), crashes(at, logged_errors)
    if page == "entwicklung":
        assert drawn_lines(at), "no line of the population since 1869"


@pytest.mark.parametrize("page", PAGES)
def test_konstanz_without_geometry_every_page_opens(konstanz_url, logged_errors, monkeypatch, page):
    monkeypatch.setenv("SOZIALRAUM_DATABASE_URL", konstanz_url)
    at = open_page(page)
    assert not crashes(at, logged_errors), crashes(at, logged_errors)
    if page == "karte":
        infos = [info.value for info in at.info]
        assert any("Für 15 Sozialräume sind noch keine Umrisse gespeichert" in text for text in infos), infos
        assert any("Allmannsdorf, Altstadt" in text and "und 5 weitere" in text for text in infos), infos
