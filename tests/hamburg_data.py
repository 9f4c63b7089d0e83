"""A database of Hamburg's 104 Stadtteile and a small catalogue whose names match columns of the
Stadtteilprofile 2014, for the import assistant's tests (unit on both backends, AppTest on SQLite).

hamburg-quarters.geojson holds 181 Ortsteile; their key is district (2) + Stadtteil (3) + Ortsteil (3)
digits and their name the Stadtteil's, so they are dissolved by the first five digits and the Stadtteile
imported through the areas importer, as a planner would import them.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
from sqlalchemy import Engine

from sozialraum.demo.install import ensure_database
from sozialraum.importing import run_import

REALDATA = Path(__file__).resolve().parents[2] / "shared" / "realdata"
HAMBURG = REALDATA / "hamburg"
CATALOGUE = (
    "Schlüssel;Name;Einheit;Thema;Polarität;Art\n"
    "population;Bevölkerung;Personen;Bevölkerung;0;Anzahl\n"
    "share_u18;Anteil der unter 18-Jährigen;%;Bevölkerung;0;Anteil\n"
    "unemployed_share;Arbeitslosenanteil;%;Arbeit;-1;Anteil\n"
    "migration_share;Anteil mit Migrationshintergrund an allen Einwohnern;%;Bevölkerung;0;Anteil\n"
)
#: The columns of stadtteilprofile_2014 the catalogue above names, and their indicators.
EXPECTED_INDICATORS = {
    "Bevölkerung": "population",
    "Anteil der unter 18-Jährigen in %": "share_u18",
    "Arbeitslosenanteil in % (Dez 2013)": "unemployed_share",
}


def build_hamburg_database(engine: Engine, folder: Path) -> None:
    ensure_database(engine, load_demo_when_empty=False)
    quarters = gpd.read_file(HAMBURG / "hamburg-quarters.geojson")
    quarters["key"] = quarters["id"].str[:5]
    stadtteile = quarters.dissolve(by="key", aggfunc={"name": "first"}).reset_index()[["key", "name", "geometry"]]
    stadtteile.to_file(folder / "stadtteile.geojson", driver="GeoJSON")
    areas = run_import(
        engine,
        "areas",
        folder / "stadtteile.geojson",
        mapping_base={
            "boundary_version": "hh-stadtteile",
            "values": {"level": "social_space", "valid_from": "2010", "version_name": "Hamburger Stadtteile"},
        },
    )
    assert areas.ok, areas.lines()
    (folder / "katalog.csv").write_text(CATALOGUE, encoding="utf-8")
    catalogue = run_import(engine, "indicators", folder / "katalog.csv")
    assert catalogue.ok, catalogue.lines()
