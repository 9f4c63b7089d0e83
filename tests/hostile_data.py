"""A demo database whose texts are hostile: markdown images and links, bare URLs, raw HTML, maths, and
spreadsheet formulas in area, indicator, topic, goal, product, provider, index, deck and dataset names and
in import-log file names.

Everything that an import can carry arrives through the importer (``run_import`` on CSV and GeoJSON files
written here); index definitions, decks and the dataset description through their own stores, as the
pages and the recipe write them. Used by the export scan (``tests/app``) and the browser test
(``tests/e2e``).
"""

from __future__ import annotations

import csv
import dataclasses
from pathlib import Path

import geopandas as gpd
import shapely
from sqlalchemy import Engine, text

from sozialraum.analysis.social_index import IndexClass
from sozialraum.db import make_engine
from sozialraum.demo.install import ensure_database
from sozialraum.importing.mapping import load_mapping
from sozialraum.importing.recipe import describe_dataset
from sozialraum.importing.runner import run_import
from sozialraum.services.social_index import save_definition
from sozialraum.store import decks as deck_store
from sozialraum.store import social_index as social_index_store

OUTSIDE_HOST = "203.0.113.1"  # TEST-NET-3: never routed, so a request to it can only be a leak
IMAGE = f"![x](http://{OUTSIDE_HOST}/x.png)"
LINK = f"[a](http://{OUTSIDE_HOST}/)"
BARE_URL = f"http://{OUTSIDE_HOST}/"
RAW_HTML = f"<img src=http://{OUTSIDE_HOST}/>"
MATHS = "$x$"
MARKUP = (IMAGE, LINK, BARE_URL, RAW_HTML, MATHS)

HYPERLINK = '=HYPERLINK("http://x")'
FORMULAS = (HYPERLINK, "+1", "-2+3", "@SUM(1)")

#: social space key -> hostile name (each keeps a readable suffix so the pages stay distinguishable)
AREA_NAMES = {
    "0101": f"{IMAGE} Kern",
    "0102": f"{LINK} Kirchberg",
    "0103": f"{BARE_URL} Schlossgarten",
    "0104": f"{RAW_HTML} Gerberviertel",
    "0201": f"{MATHS} Hafen",
    "0202": HYPERLINK,
    "0203": "+1",
    "0204": "-2+3",
    "0301": "@SUM(1)",
}
#: indicator key -> (name, short name, definition, source, topic)
INDICATOR_TEXTS = {
    "sgb2_rate": (f"{IMAGE} SGB-II-Quote", f"{IMAGE} SGB II", LINK, BARE_URL, f"{RAW_HTML} Arbeit"),
    "unemployment_rate": (f"{LINK} Arbeitslose", f"{LINK} AL", IMAGE, RAW_HTML, f"{RAW_HTML} Arbeit"),
    "child_poverty": (f"{BARE_URL} Kinderarmut", f"{MATHS} Kinderarmut", MATHS, LINK, f"{RAW_HTML} Arbeit"),
    "hze_rate": (HYPERLINK, "+1", "-2+3", "@SUM(1)", "Kinder, Jugend und Familie"),
    "share_u18": ("-2+3 Junge", "@SUM(1) Junge", HYPERLINK, "+1", "Bevölkerung"),
}
PRODUCT_CODE = "99.1"
PRODUCT_NAME = f"{IMAGE} Produkt"
PROVIDER = f"{LINK} Träger"
GOAL_TITLE = f"{IMAGE} Ziel"
STRATEGIC_GOAL = f"{LINK} Leitziel"
DECK_NAME = f"{IMAGE} Mappe"
INDEX_NAME = f"{IMAGE} Index"
DATASET_NAME = f"{IMAGE} Stadt"
DATASET_SOURCE = f"{LINK} Quelle"
LOG_FILE_NAME = f"{IMAGE}.csv"

_KIND_WORDS = {"count": "Anzahl", "share": "Anteil", "rate": "Quote", "mean": "Mittelwert", "amount": "Betrag"}


def _write_csv(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", quoting=csv.QUOTE_ALL)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _must(report) -> None:  # an ImportReport
    assert report.ok, report.lines()
    assert report.written, report.lines()


def _areas(engine: Engine, folder: Path) -> None:
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT a.key, a.geometry, p.key FROM area a JOIN area p ON p.id = a.parent_id "
                "WHERE a.level = 'social_space' ORDER BY a.key"
            )
        ).all()
        version = connection.execute(text("SELECT key, name, valid_from FROM boundary_version")).one()
    frame = gpd.GeoDataFrame(
        {
            "key": [key for key, _, _ in rows],
            "name": [AREA_NAMES.get(key, key) for key, _, _ in rows],
            "parent": [parent for _, _, parent in rows],
        },
        geometry=[shapely.from_wkb(geometry) for _, geometry, _ in rows],
        crs="EPSG:4326",
    )
    path = folder / "sozialraeume.geojson"
    frame.to_file(path, driver="GeoJSON")
    mapping = {
        "level": "social_space",
        "boundary_version": version[0],
        "columns": {"key": "key", "name": "name", "parent": "parent"},
        "values": {"version_name": version[1], "valid_from": str(version[2]), "parent_level": "district"},
    }
    _must(run_import(engine, "areas", path, mapping=load_mapping(None, mapping)))


def _catalogue(engine: Engine, folder: Path) -> None:
    header = ["Schlüssel", "Name", "Kurzname", "Einheit", "Thema", "Definition", "Quelle", "Polarität", "Art"]
    header += ["Zähler", "Nenner", "Skala", "Aggregation", "Nachkommastellen"]
    rows = []
    with engine.connect() as connection:
        for key, (name, short, definition, source, topic) in INDICATOR_TEXTS.items():
            unit, polarity, kind, numerator, denominator, scale, aggregation, decimals = connection.execute(
                text(
                    "SELECT unit, polarity, kind, numerator_label, denominator_label, scale, aggregation, decimals "
                    "FROM indicator WHERE key = :key"
                ),
                {"key": key},
            ).one()
            rows.append([key, name, short, unit, topic, definition, source, polarity, _KIND_WORDS[kind]])
            rows[-1] += [numerator or "", denominator or "", str(scale).replace(".", ","), aggregation, decimals]
    _must(run_import(engine, "indicators", _write_csv(folder / "katalog.csv", header, rows)))


def _budget_and_goals(engine: Engine, folder: Path) -> None:
    header = ["Gebiet", "Jahr", "Produkt", "Produktname", "Hilfeart", "Träger", "Ansatz", "Ist", "Fälle"]
    rows = [
        [key, year, PRODUCT_CODE, PRODUCT_NAME, "ambulant", PROVIDER, "100.000", f"{90 + index}.000", "10"]
        for index, key in enumerate(AREA_NAMES)
        for year in ("2024", "2025")
    ]
    _must(run_import(engine, "budget", _write_csv(folder / "budget.csv", header, rows)))
    header = ["Leitziel", "Wirkungsziel", "Kennzahl", "Gebiet", "Basisjahr", "Basiswert", "Zieljahr", "Zielwert"]
    header += ["Richtung"]
    header += ["Verantwortlich", "Produkte", "Notizen"]
    rows = [
        [STRATEGIC_GOAL, GOAL_TITLE, "child_poverty", "0101", "2020", "30", "2028", "10", "sinken", BARE_URL]
        + ["", MATHS],
        [HYPERLINK, "-2+3 Ziel", "sgb2_rate", "", "2020", "12", "2028", "5", "sinken", "@SUM(1)", "", RAW_HTML],
    ]
    _must(run_import(engine, "goals", _write_csv(folder / "ziele.csv", header, rows)))
    # The import log keeps the name the user's file had (an upload's label), markup and all; a refused
    # file, so the Daten page lists its messages under that name.
    refused = _write_csv(folder / "ziele_abgelehnt.csv", header, [[*rows[0][:2], "unbekannt", *rows[0][3:]]])
    assert not run_import(engine, "goals", refused, display_name=LOG_FILE_NAME).ok


def _index_deck_dataset(engine: Engine) -> None:
    for definition in social_index_store.list_definitions(engine):
        classes = tuple(
            IndexClass(
                index_class.code,
                f"{FORMULAS[position % len(FORMULAS)]} {MARKUP[position % len(MARKUP)]} {index_class.label}",
            )
            for position, index_class in enumerate(definition.classes)
        )
        renamed = dataclasses.replace(
            definition, name=f"{INDEX_NAME} {definition.kind}", description=LINK, classes=classes
        )
        save_definition(engine, renamed)
    deck_id = deck_store.create_deck(engine, DECK_NAME)
    slides = [
        ("uebersicht", {"jahr": 2025, "raum": "0101"}),
        ("karte", {"kennzahl": "sgb2_rate", "ebene": "social_space", "jahr": 2025}),
        ("karte", {"kennzahl": "hze_rate", "ebene": "social_space", "jahr": 2025, "darstellung": "rangfolge"}),
        ("steckbrief", {"ebene": "social_space", "gebiet": "0101", "jahr": 2025}),
        ("vergleich", {"ebene": "social_space", "gebiete": ["0101", "0102", "0202"], "jahr": 2025}),
        ("ziele", {"jahr": 2025, "trend": 5}),
        ("sozialindex", {"index": "status", "stichtag": "2025-12-31"}),
    ]
    for position, (kind, params) in enumerate(slides):
        deck_store.add_slide(engine, deck_id, kind, f"{MARKUP[position % len(MARKUP)]} Folie {position + 1}", params)
    describe_dataset(engine, {"name": DATASET_NAME, "source": DATASET_SOURCE, "as_of": "2025-12-31"})


def build_hostile_database(url: str, folder: Path) -> Engine:
    """The demo city at ``url`` with hostile texts everywhere (files for the imports go to ``folder``)."""
    engine = make_engine(url)
    ensure_database(engine)
    folder.mkdir(parents=True, exist_ok=True)
    _areas(engine, folder)
    _catalogue(engine, folder)
    _budget_and_goals(engine, folder)
    _index_deck_dataset(engine)
    return engine
