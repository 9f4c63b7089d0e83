"""Small databases with honest gaps, written through the importer (what a user can import, the app must show).

``gaps`` (Teststadt): city, two districts, four social spaces; years 2022–2024 (a biennial survey in 2022 and
2024, yearly data in 2023 and 2024) and a plan-only budget 2025 on the districts.
- ``einwohner``: a count; in 2024 one social space (S2) has no value, so district Süd and the city are
  »Summe aus 3 von 4 Sozialräumen« (1 of 2 for Süd).
- ``alq``: a share without numerators (as most published tables); district Nord's value is published and
  imported, district Süd's and the city's are not computable from the social spaces.
- ``kinderarmut``: a share of a biennial survey (2022, 2024), aggregation none; S1 suppressed in 2024.
- ``inobhut``: a count of cases with a direction (fewer is better): compared per resident only.

``neutral`` (Neutralstadt): the same areas, only indicators without a direction, and an actual-only budget
2024 on the social spaces.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
from shapely.geometry import box

from sozialraum.db import make_engine
from sozialraum.demo.install import ensure_database
from sozialraum.importing.mapping import load_mapping
from sozialraum.importing.runner import run_import

SPACES = {"N1": ("Nordhafen", "N", 0), "N2": ("Nordpark", "N", 1), "S1": ("Südfeld", "S", 2), "S2": ("Südhang", "S", 3)}
DISTRICTS = {"N": "Nord", "S": "Süd"}

GAPS_CATALOGUE = """Schlüssel;Name;Kurzname;Einheit;Thema;Richtung;Art;Aggregation;Nachkommastellen;Definition
einwohner;Einwohner;Einwohner;Personen;Bevölkerung;0;count;sum;0;Gemeldete Einwohner.
alq;Arbeitslosenquote;Arbeitslose;%;Arbeit;-1;share;weighted;1;Arbeitslose je 100 Erwerbsfähige.
kinderarmut;Kinderarmut;Kinderarmut;%;Familie;-1;share;none;1;Kinder in Bedarfsgemeinschaften.
inobhut;Inobhutnahmen;Inobhutnahmen;Fälle;Familie;-1;count;sum;0;Inobhutnahmen im Jahr.
"""

GAPS_OBSERVATIONS = """Gebiet;Kennzahl;Jahr;Wert
N1;einwohner;31.12.2023;1000
N2;einwohner;31.12.2023;2000
S1;einwohner;31.12.2023;3000
S2;einwohner;31.12.2023;4000
N1;einwohner;31.12.2024;1100
N2;einwohner;31.12.2024;2100
S1;einwohner;31.12.2024;3100
N1;alq;31.12.2023;5,0
N2;alq;31.12.2023;6,0
S1;alq;31.12.2023;7,0
S2;alq;31.12.2023;8,0
N1;alq;31.12.2024;5,5
N2;alq;31.12.2024;6,5
S1;alq;31.12.2024;7,5
S2;alq;31.12.2024;8,5
N;alq;31.12.2024;6,2
N1;kinderarmut;31.12.2022;20,0
N2;kinderarmut;31.12.2022;25,0
S1;kinderarmut;31.12.2022;30,0
S2;kinderarmut;31.12.2022;35,0
N1;kinderarmut;31.12.2024;18,0
N2;kinderarmut;31.12.2024;24,0
S1;kinderarmut;31.12.2024;.
S2;kinderarmut;31.12.2024;33,0
N1;inobhut;31.12.2023;10
N2;inobhut;31.12.2023;12
S1;inobhut;31.12.2023;30
S2;inobhut;31.12.2023;8
N1;inobhut;31.12.2024;11
N2;inobhut;31.12.2024;10
S1;inobhut;31.12.2024;28
S2;inobhut;31.12.2024;9
"""

PLAN_ONLY_BUDGET = """Gebiet;Jahr;Produkt;Produktname;Hilfeart;Ansatz;Ist;Fälle
N;2025;36.3;Hilfen zur Erziehung;ambulant;1.000.000;;
S;2025;36.3;Hilfen zur Erziehung;ambulant;1.500.000;;
"""

NEUTRAL_CATALOGUE = """Schlüssel;Name;Kurzname;Einheit;Thema;Richtung;Art;Aggregation;Nachkommastellen;Definition
einwohner;Einwohner;Einwohner;Personen;Bevölkerung;0;count;sum;0;Gemeldete Einwohner.
anteil_u18;Anteil unter 18;Unter 18;%;Bevölkerung;0;share;weighted;1;Einwohner unter 18 je 100 Einwohner.
"""

NEUTRAL_OBSERVATIONS = """Gebiet;Kennzahl;Jahr;Wert;Zähler;Nenner
N1;einwohner;31.12.2023;1000;;
N2;einwohner;31.12.2023;2000;;
S1;einwohner;31.12.2023;3000;;
S2;einwohner;31.12.2023;4000;;
N1;einwohner;31.12.2024;1100;;
N2;einwohner;31.12.2024;2100;;
S1;einwohner;31.12.2024;3100;;
S2;einwohner;31.12.2024;4100;;
N1;anteil_u18;31.12.2024;20,0;220;1100
N2;anteil_u18;31.12.2024;10,0;210;2100
S1;anteil_u18;31.12.2024;15,0;465;3100
S2;anteil_u18;31.12.2024;12,0;492;4100
"""

ACTUAL_ONLY_BUDGET = """Gebiet;Jahr;Produkt;Produktname;Hilfeart;Ansatz;Ist;Fälle
N1;2024;36.3;Hilfen zur Erziehung;ambulant;;200.000;20
N2;2024;36.3;Hilfen zur Erziehung;stationär;;300.000;10
S1;2024;36.3;Hilfen zur Erziehung;ambulant;;250.000;25
S2;2024;36.3;Hilfen zur Erziehung;präventiv;;100.000;
"""


def _import(engine, kind: str, path: Path, mapping: dict | None = None) -> None:
    report = run_import(engine, kind, path, mapping=load_mapping(None, mapping or {}))
    assert report.ok, report.lines()


def _areas(engine, folder: Path, city_name: str) -> None:
    spaces = gpd.GeoDataFrame(
        {
            "key": list(SPACES),
            "name": [name for name, _, _ in SPACES.values()],
            "parent": [district for _, district, _ in SPACES.values()],
        },
        geometry=[box(13.0 + 0.01 * column, 52.0, 13.01 + 0.01 * column, 52.01) for _, _, column in SPACES.values()],
        crs="EPSG:4326",
    )
    districts = spaces.dissolve(by="parent").reset_index()[["parent", "geometry"]]
    districts = districts.rename(columns={"parent": "key"}).assign(name=lambda f: f["key"].map(DISTRICTS))
    spaces.to_file(folder / "spaces.geojson", driver="GeoJSON")
    districts.to_file(folder / "districts.geojson", driver="GeoJSON")
    version = {"version_name": "Gebietsstand 2020", "valid_from": "01.01.2020"}
    _import(
        engine,
        "areas",
        folder / "districts.geojson",
        {
            "level": "city",
            "boundary_version": "v2020",
            "values": {**version, "dissolve": True, "key": "T", "name": city_name},
        },
    )
    _import(
        engine,
        "areas",
        folder / "districts.geojson",
        {"level": "district", "boundary_version": "v2020", "values": {"parent": "T", "parent_level": "city"}},
    )
    _import(
        engine,
        "areas",
        folder / "spaces.geojson",
        {"level": "social_space", "boundary_version": "v2020", "values": {"parent_level": "district"}},
    )


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def build(url: str, folder: Path, shape: str) -> str:
    """Fill the empty database at ``url`` with ``shape`` (``gaps`` or ``neutral``) through the importer."""
    folder.mkdir(parents=True, exist_ok=True)
    engine = make_engine(url)
    ensure_database(engine, load_demo_when_empty=False)
    neutral = shape == "neutral"
    _areas(engine, folder, "Neutralstadt" if neutral else "Teststadt")
    _import(engine, "indicators", _write(folder, "katalog.csv", NEUTRAL_CATALOGUE if neutral else GAPS_CATALOGUE))
    observations = NEUTRAL_OBSERVATIONS if neutral else GAPS_OBSERVATIONS
    _import(engine, "observations", _write(folder, "werte.csv", observations))
    budget = ACTUAL_ONLY_BUDGET if neutral else PLAN_ONLY_BUDGET
    _import(engine, "budget", _write(folder, "budget.csv", budget))
    engine.dispose()
    return url


if __name__ == "__main__":  # build the shapes for screenshots: python tests/app/gap_shapes.py DIR
    import sys

    target = Path(sys.argv[1])
    for name in ("gaps", "neutral"):
        (target / f"{name}.db").unlink(missing_ok=True)
        print(build(f"sqlite:///{target / name}.db", target / name, name))
