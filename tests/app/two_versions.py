"""A small city with a boundary reform, written through the importer as a user would import it.

Two boundary versions (``alt`` until 2020, ``neu`` from 2021) each hold the city, two districts (same keys
and names in both, as Berlin's Bezirke), two regions and four social spaces (new keys after the reform).
Indicators: ``ew`` (a count, half-yearly 30.06./31.12. until 2022, only 30.06. in 2023), ``alq`` (a share
without numerators on 31.12., biennial before the reform, as Berlin's MSS), ``hze`` (a share stored only
for districts, 31.12.2023) and budget plans for 2024/25 without indicator values. Keys differ between
levels, so the long value table needs no level column.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
from shapely.geometry import box

from sozialraum.db import make_engine
from sozialraum.demo.install import ensure_database
from sozialraum.importing import run_import
from sozialraum.importing.mapping import load_mapping

VERSIONS = {
    "alt": {"version_name": "Gebietsstand alt", "valid_from": "01.01.2010", "valid_to": "31.12.2020"},
    "neu": {"version_name": "Gebietsstand neu", "valid_from": "01.01.2021"},
}
SPACE_KEYS = {"alt": ["1101", "1102", "1201", "1202"], "neu": ["5101", "5102", "5201", "5202"]}
EW_PERIODS = [f"{day}.{year}" for year in range(2017, 2023) for day in ("30.06", "31.12")] + ["30.06.2023"]
ALQ_PERIODS = {"alt": ["31.12.2016", "31.12.2018", "31.12.2020"], "neu": ["31.12.2022", "31.12.2023"]}


def _layer(tmp: Path, name: str, keys: list[str], names: list[str], boxes: list, parents: list[str] | None) -> Path:
    columns = {"key": keys, "name": names}
    if parents is not None:
        columns["parent"] = parents
    path = tmp / f"{name}.geojson"
    gpd.GeoDataFrame(columns, geometry=boxes, crs="EPSG:4326").to_file(path, driver="GeoJSON")
    return path


def _import(engine, kind: str, path: Path, mapping: dict | None = None) -> None:
    report = run_import(engine, kind, path, mapping=load_mapping(None, mapping) if mapping is not None else None)
    assert report.ok, report.lines()


def build_two_version_city(tmp: Path, url: str | None = None) -> str:
    """Write the city into ``url`` (an empty database; default a new SQLite file below ``tmp``, where the
    import files go too); returns the URL."""
    tmp.mkdir(parents=True, exist_ok=True)
    url = url or f"sqlite:///{tmp / 'zwei_gebietsstaende.db'}"
    engine = make_engine(url)
    ensure_database(engine, load_demo_when_empty=False)
    # Squares of 0.01° around Kassel; districts west/east, regions = districts split north/south.
    quarter = [
        box(9.40 + 0.01 * (i % 2) + 0.02 * (i // 2), 51.30, 9.41 + 0.01 * (i % 2) + 0.02 * (i // 2), 51.31)
        for i in range(4)
    ]
    halves = [box(9.40, 51.30, 9.42, 51.31), box(9.42, 51.30, 9.44, 51.31)]
    for version, validity in VERSIONS.items():
        layers = [
            ("city", ["99"], ["Beispielstadt"], [box(9.40, 51.30, 9.44, 51.31)], None, None),
            ("district", ["1", "2"], ["West", "Ost"], halves, ["99", "99"], "city"),
            (
                "region",
                [f"{version[0]}r1", f"{version[0]}r2"],
                ["Region West", "Region Ost"],
                halves,
                ["1", "2"],
                "district",
            ),
            (
                "social_space",
                SPACE_KEYS[version],
                [f"Raum {key}" for key in SPACE_KEYS[version]],
                quarter,
                [f"{version[0]}r1", f"{version[0]}r1", f"{version[0]}r2", f"{version[0]}r2"],
                "region",
            ),
        ]
        for level, keys, names, boxes, parents, parent_level in layers:
            path = _layer(tmp, f"{version}_{level}", keys, names, boxes, parents)
            values = dict(validity)
            if parent_level:
                values["parent_level"] = parent_level
            _import(engine, "areas", path, {"level": level, "boundary_version": version, "values": values})
    catalogue = tmp / "katalog.csv"
    catalogue.write_text(
        "Schlüssel;Name;Einheit;Thema;Polarität;Art\n"
        "alq;Arbeitslosenanteil;%;Arbeit;-1;Anteil\n"
        "ew;Einwohner;Personen;Bevölkerung;0;Anzahl\n"
        "hze;HzE-Quote;%;Jugendhilfe;-1;Anteil\n",
        encoding="utf-8",
    )
    _import(engine, "indicators", catalogue)
    rows = ["Gebiet;Kennzahl;Jahr;Wert"]
    for period in EW_PERIODS:
        version = "alt" if int(period[-4:]) <= 2020 else "neu"
        rows += [f"{key};ew;{period};{100 + 10 * i}" for i, key in enumerate(SPACE_KEYS[version])]
    for version, periods in ALQ_PERIODS.items():
        for period in periods:
            rows += [f"{key};alq;{period};{5 + i + int(period[-4:]) % 7}" for i, key in enumerate(SPACE_KEYS[version])]
    rows += ["1;hze;31.12.2023;2,5", "2;hze;31.12.2023;3,5"]
    values = tmp / "werte.csv"
    values.write_text("\n".join(rows) + "\n", encoding="utf-8")
    _import(engine, "observations", values)
    budget = tmp / "haushalt.csv"
    budget.write_text(
        "Bezirk;Jahr;Produkt;Produktname;Ansatz\n"
        "West;2024;36.3;Hilfen zur Erziehung;1.000.000\nOst;2025;36.3;Hilfen zur Erziehung;1.100.000\n",
        encoding="utf-8",
    )
    _import(
        engine, "budget", budget, {"level": "district", "values": {"area_by": "name"}, "columns": {"area": "Bezirk"}}
    )
    engine.dispose()
    return url
