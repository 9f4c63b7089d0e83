"""Synthetic cities of many data shapes, imported the way a user imports a city: files and a recipe.

A :class:`Shape` says which levels, boundary versions, Stichtage, numerators, budgets, goals and
index a city has. :func:`write_city` writes the files a statistics office would publish (GeoJSON per
level and version, a catalogue CSV, long-format observation CSVs with German numbers, budget and goal
CSVs, a Sozialindex TOML) plus a ``recipe.toml``; :func:`import_city` runs that recipe through
``sozialraum.importing.recipe.run_recipe`` and stores the index through the CLI's ``index --save``. The
ORM is never used: whatever the app is shown here, a user could have imported.

Run by hand to look at a shape in the app::

    PYTHONPATH=src python tests/shapes/generate.py five_levels sqlite:////tmp/shapes/five.db
"""

from __future__ import annotations

import csv
import json
import math
import sys
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from sqlalchemy import Engine

from sozialraum.cli.social_index import index_command
from sozialraum.db import make_engine
from sozialraum.demo.install import ensure_database
from sozialraum.importing.recipe import run_recipe

LEVEL_ORDER = ("city", "district", "region", "social_space", "planning_area")
LEVEL_WORDS = {
    "city": "Stadt",
    "district": "Bezirk",
    "region": "Region",
    "social_space": "Sozialraum",
    "planning_area": "Planungsraum",
}
CITY_KEY = "1"
#: Lower-left corner and size of the city square in degrees (somewhere in Lower Saxony's countryside).
ORIGIN, CITY_SIZE = (9.5, 52.2), 0.3
BUDGET_PRODUCT, BUDGET_PRODUCT_NAME = "36.3", "Hilfen zur Erziehung"


@dataclass(frozen=True)
class Shape:
    """What a synthetic city has. ``fanout[i]`` is the number of areas of ``levels[i]`` per parent (for the
    first level: in total)."""

    name: str
    levels: tuple[str, ...] = ("city", "district", "social_space")
    fanout: tuple[int, ...] = (1, 3, 4)
    #: None: one boundary version. A year: a reform valid from 1 January of that year, after which areas
    #: below district level have new keys (and the finest level one area more per parent).
    reform_year: int | None = None
    #: "yearly" (31.12.), "half-yearly" (30.06. and 31.12.) or "biennial" (31.12. of every second year).
    cadence: str = "yearly"
    years: tuple[int, int] = (2019, 2024)
    #: Shares as numerator and denominator (the app can sum them up), or only as published values.
    numerators: bool = True
    #: All indicators neutral (polarity 0): no "better" or "worse" anywhere.
    neutral: bool = False
    #: "plan_actual", "plan_only", "actual_only" or "none".
    budget: str = "plan_actual"
    #: Budget years; default: the last three indicator years and two plan years after the series.
    budget_years: tuple[int, ...] | None = None
    goals: bool = True
    index: bool = True
    #: Level the observations are published on; default the finest level.
    data_level: str | None = None
    indicators: tuple[str, ...] = field(default=("ew", "u18", "sgb2", "kita"))
    #: Levels imported from a CSV list (key, name, parent) without geometry: the GIS has not delivered.
    without_geometry: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if len(self.levels) != len(self.fanout):
            raise ValueError("levels and fanout need the same length")
        if list(self.levels) != sorted(self.levels, key=LEVEL_ORDER.index):
            raise ValueError("levels go from coarse to fine")
        if max(self.fanout[1:], default=1) > 48:
            raise ValueError("at most 48 children per parent: keys have two digits per level, new ones from 51")

    @property
    def finest(self) -> str:
        return self.data_level or self.levels[-1]

    @property
    def budget_level(self) -> str:
        return "social_space" if "social_space" in self.levels else self.finest

    def periods(self) -> list[date]:
        first, last = self.years
        if self.cadence == "yearly":
            return [date(year, 12, 31) for year in range(first, last + 1)]
        if self.cadence == "half-yearly":
            return [day for year in range(first, last + 1) for day in (date(year, 6, 30), date(year, 12, 31))]
        if self.cadence == "biennial":
            return [date(year, 12, 31) for year in range(last, first - 1, -2)][::-1]
        raise ValueError(f"unknown cadence {self.cadence}")

    def all_budget_years(self) -> tuple[int, ...]:
        if self.budget == "none":
            return ()
        if self.budget_years is not None:
            return self.budget_years
        last = self.years[1]
        return tuple(range(last - 2, last + 3))

    def versions(self) -> list[Version]:
        if self.reform_year is None:
            return [Version("gs-1", "Gebietsstand 1", date(2000, 1, 1), None, renumbered=False)]
        return [
            Version("gs-alt", "Gebietsstand bis Reform", date(2000, 1, 1), date(self.reform_year - 1, 12, 31), False),
            Version("gs-neu", "Gebietsstand nach Reform", date(self.reform_year, 1, 1), None, renumbered=True),
        ]

    def area_count(self) -> int:
        return math.prod(self.fanout)


@dataclass(frozen=True)
class Version:
    key: str
    name: str
    valid_from: date
    valid_to: date | None
    renumbered: bool

    def covers(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True)
class SynthArea:
    key: str
    name: str
    level: str
    parent: str | None
    box: tuple[float, float, float, float]  # west, south, east, north
    number: int  # running number over the level, for deterministic values


SHAPES: dict[str, Shape] = {
    shape.name: shape
    for shape in (
        # City, districts, social spaces; yearly with numerators; budgets also in two plan years without
        # indicators and none in the first indicator years; goals; a stored Sozialindex.
        Shape("standard"),
        Shape("one_level", levels=("social_space",), fanout=(8,), goals=False),
        Shape("city_and_spaces", levels=("city", "social_space"), fanout=(1, 9)),
        Shape("five_levels", levels=LEVEL_ORDER, fanout=(1, 2, 2, 2, 3)),
        Shape("two_versions", fanout=(1, 3, 3), reform_year=2021, years=(2017, 2024)),
        Shape("half_yearly", cadence="half-yearly", years=(2021, 2024)),
        Shape("biennial", cadence="biennial", years=(2012, 2020), index=False),
        Shape("no_numerators", numerators=False),
        Shape("plan_only", budget="plan_only", budget_years=(2024, 2025, 2026), goals=False, index=False),
        Shape("actual_only", budget="actual_only", index=False),
        Shape("bare", budget="none", goals=False, index=False),
        Shape("single_area", levels=("social_space",), fanout=(1,), index=False),
        Shape("neutral", neutral=True, index=False),
        Shape("no_geometry", without_geometry=("social_space",)),
    )
}
#: 10,000 planning areas below 500 social spaces and 20 districts: the upper end of what a city stores.
MANY_AREAS = Shape(
    "many_areas",
    levels=("city", "district", "social_space", "planning_area"),
    fanout=(1, 20, 25, 20),
    years=(2022, 2024),
    indicators=("ew", "sgb2"),
    goals=False,
    index=False,
    budget="none",
)


def build_areas(shape: Shape, version: Version) -> list[SynthArea]:
    """Nested squares: every parent's box split into a grid of its children."""
    west, south = ORIGIN
    fanout = list(shape.fanout)
    if version.renumbered:
        fanout[-1] += 1  # the reform splits one more area off every parent of the finest level
    result: list[SynthArea] = []
    parents: list[SynthArea | None] = [None]
    root_box = (west, south, west + CITY_SIZE, south + CITY_SIZE * 0.6)
    for depth, (level, count) in enumerate(zip(shape.levels, fanout, strict=True)):
        children: list[SynthArea] = []
        for parent in parents:
            box = parent.box if parent else root_box
            for index, child_box in enumerate(_split(box, count)):
                if level == "city":
                    key = CITY_KEY
                else:
                    offset = 51 if version.renumbered and level not in ("city", "district") else 1
                    prefix = "" if parent is None or parent.level == "city" else parent.key
                    key = f"{prefix}{index + offset:02d}"
                number = len(children) + 1
                name = "Synthstadt" if level == "city" else f"{LEVEL_WORDS[level]} {key}"
                children.append(SynthArea(key, name, level, parent.key if parent else None, child_box, number))
        result.extend(children)
        parents = children
        del depth
    return result


def _split(box: tuple[float, float, float, float], count: int) -> list[tuple[float, float, float, float]]:
    west, south, east, north = box
    columns = math.ceil(math.sqrt(count))
    rows = math.ceil(count / columns)
    width, height = (east - west) / columns, (north - south) / rows
    return [
        (
            west + (i % columns) * width,
            south + (i // columns) * height,
            west + (i % columns + 1) * width,
            south + (i // columns + 1) * height,
        )
        for i in range(count)
    ]


def _geojson(areas: list[SynthArea]) -> dict:
    features = []
    for area in areas:
        west, south, east, north = (round(v, 6) for v in area.box)
        ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
        properties = {"key": area.key, "name": area.name}
        if area.parent is not None:
            properties["parent"] = area.parent
        features.append(
            {"type": "Feature", "properties": properties, "geometry": {"type": "Polygon", "coordinates": [ring]}}
        )
    return {"type": "FeatureCollection", "features": features}


def _german(value: float, decimals: int) -> str:
    text = f"{value:.{decimals}f}"
    return text.replace(".", ",")


def _catalogue_rows(shape: Shape) -> list[list[str]]:
    polarity = {"ew": "0", "u18": "0", "sgb2": "-1", "kita": "1"}
    if shape.neutral:
        polarity = dict.fromkeys(polarity, "0")
    source = "Synthetische Testdaten (tests/shapes)"
    rows = {
        "ew": ["ew", "Einwohnerinnen und Einwohner", "Einwohner", "Personen", "Bevölkerung",
               "Registrierte Einwohner am Stichtag.", source, polarity["ew"], "Anzahl", "", "", "sum", "0"],
        "u18": ["u18", "Einwohner unter 18 Jahren", "Unter 18", "Personen", "Bevölkerung",
                "Einwohner unter 18 Jahren am Stichtag.", source, polarity["u18"], "Anzahl", "", "", "sum", "0"],
        "sgb2": ["sgb2", "SGB-II-Quote", "SGB-II-Quote", "%", "Arbeit und Existenzsicherung",
                 "Leistungsberechtigte nach SGB II je 100 Einwohner unter 65 Jahren.", source, polarity["sgb2"],
                 "Anteil", "Leistungsberechtigte SGB II", "Einwohner unter 65 Jahren",
                 "weighted" if shape.numerators else "none", "1"],
        "kita": ["kita", "Betreuungsquote unter 3 Jahren", "Betreuung U3", "%", "Bildung und Betreuung",
                 "Betreute Kinder unter 3 Jahren je 100 Kinder dieses Alters.", source, polarity["kita"],
                 "Anteil", "Betreute Kinder unter 3", "Kinder unter 3 Jahren",
                 "weighted" if shape.numerators else "none", "1"],
    }  # fmt: skip
    return [rows[key] for key in shape.indicators]


def _observation_rows(shape: Shape, areas: list[SynthArea], periods: list[date]) -> list[list[str]]:
    rows = []
    for period_number, period in enumerate(periods):
        for area in areas:
            wave = math.sin(area.number * 1.7 + period_number * 0.9)
            population = 800 + (area.number * 379) % 2200 + 10 * period_number
            for key in shape.indicators:
                day = period.strftime("%d.%m.%Y")
                if key == "ew":
                    rows.append([area.key, key, day, str(population), "", ""])
                elif key == "u18":
                    rows.append([area.key, key, day, str(population * (15 + area.number % 7) // 100), "", ""])
                else:
                    base, spread = (12.0, 6.0) if key == "sgb2" else (35.0, 12.0)
                    denominator = population * 7 // 10 if key == "sgb2" else max(20, population // 30)
                    numerator = round(denominator * (base + spread * wave) / 100)
                    if shape.numerators:
                        rows.append([area.key, key, day, "", str(numerator), str(denominator)])
                    else:
                        rows.append([area.key, key, day, _german(numerator / denominator * 100, 1), "", ""])
    return rows


def _budget_rows(shape: Shape, areas: list[SynthArea]) -> list[list[str]]:
    rows = []
    for year in shape.all_budget_years():
        for area in areas:
            for aid_type, factor in (("ambulant", 1.0), ("stationär", 2.5)):
                planned = 100_000 * factor + 5_000 * area.number
                actual = planned * (0.9 + 0.03 * ((area.number + year) % 7))
                cases = str(10 + (area.number * 3 + year) % 20)
                rows.append(
                    [
                        area.key,
                        str(year),
                        BUDGET_PRODUCT,
                        BUDGET_PRODUCT_NAME,
                        aid_type,
                        _german(planned, 2) if shape.budget != "actual_only" else "",
                        _german(actual, 2) if shape.budget != "plan_only" else "",
                        cases if shape.budget != "plan_only" else "",
                    ]
                )
    return rows


def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(header)
        writer.writerows(rows)


def _toml_value(value: object) -> str:
    return (
        json.dumps(value, ensure_ascii=False)
        if isinstance(value, str)
        else str(value).lower()
        if isinstance(value, bool)
        else str(value)
    )


def _step(title: str, kind: str, file: str, mapping: dict[str, object], values: dict[str, object]) -> str:
    lines = ["[[step]]", f"title = {_toml_value(title)}", f'kind = "{kind}"', f"file = {_toml_value(file)}"]
    if mapping or values:
        lines.append("[step.mapping]")
        lines += [f"{name} = {_toml_value(value)}" for name, value in mapping.items()]
    if values:
        lines.append("[step.mapping.values]")
        lines += [f"{name} = {_toml_value(value)}" for name, value in values.items()]
    return "\n".join(lines) + "\n"


def write_city(shape: Shape, folder: Path) -> Path:
    """Write the shape's files and recipe into ``folder``; returns the recipe's path."""
    folder.mkdir(parents=True, exist_ok=True)
    steps: list[str] = []
    versions = shape.versions()
    areas_by_version: dict[str, list[SynthArea]] = {}
    for version in versions:
        areas = build_areas(shape, version)
        areas_by_version[version.key] = areas
        for position, level in enumerate(shape.levels):
            level_areas = [a for a in areas if a.level == level]
            if level in shape.without_geometry:
                file = f"areas_{version.key}_{level}.csv"
                with_parent = position > 0
                rows = [[a.key, a.name, *([a.parent] if with_parent else [])] for a in level_areas]
                _write_csv(folder / file, ["Schlüssel", "Name", *(["Übergeordnet"] if with_parent else [])], rows)
            else:
                file = f"areas_{version.key}_{level}.geojson"
                (folder / file).write_text(json.dumps(_geojson(level_areas)), encoding="utf-8")
            values: dict[str, object] = {"level": level}
            if position == 0:
                values |= {"version_name": version.name, "valid_from": version.valid_from.isoformat()}
                if version.valid_to:
                    values["valid_to"] = version.valid_to.isoformat()
            else:
                values["parent_level"] = shape.levels[position - 1]
            steps.append(
                _step(
                    f"{LEVEL_WORDS[level]} ({version.name})", "areas", file, {"boundary_version": version.key}, values
                )
            )
    _write_csv(
        folder / "kennzahlen.csv",
        ["Schlüssel", "Name", "Kurzname", "Einheit", "Thema", "Definition", "Quelle", "Polarität", "Art", "Zähler",
         "Nenner", "Aggregation", "Nachkommastellen"],
        _catalogue_rows(shape),
    )  # fmt: skip
    steps.append(_step("Kennzahlenkatalog", "indicators", "kennzahlen.csv", {}, {}))
    periods = shape.periods()
    for version in versions:
        data_areas = [a for a in areas_by_version[version.key] if a.level == shape.finest]
        covered = [p for p in periods if version.covers(p)]
        if covered:
            file = f"werte_{version.key}.csv"
            _write_csv(
                folder / file,
                ["Gebiet", "Kennzahl", "Stichtag", "Wert", "Zähler", "Nenner"],
                _observation_rows(shape, data_areas, covered),
            )
            mapping = {"level": shape.finest, "boundary_version": version.key}
            steps.append(_step(f"Kennzahlenwerte ({version.name})", "observations", file, mapping, {}))
        budget_areas = [a for a in areas_by_version[version.key] if a.level == shape.budget_level]
        budget_shape = replace(
            shape, budget_years=tuple(y for y in shape.all_budget_years() if version.covers(date(y, 12, 31)))
        )
        if budget_shape.budget_years:
            file = f"budget_{version.key}.csv"
            _write_csv(
                folder / file,
                ["Gebiet", "Jahr", "Produkt", "Produktname", "Hilfeart", "Ansatz", "Ist", "Fälle"],
                _budget_rows(budget_shape, budget_areas),
            )
            mapping = {"level": shape.budget_level, "boundary_version": version.key}
            steps.append(_step(f"Budget ({version.name})", "budget", file, mapping, {}))
    if shape.goals:
        latest = versions[-1]
        space = next(a for a in areas_by_version[latest.key] if a.level == shape.budget_level)
        # The goals' baseline lies on the latest boundary version, where the goal's area exists.
        first, last = max(shape.years[0], latest.valid_from.year), shape.years[1]
        _write_csv(
            folder / "ziele.csv",
            ["Leitziel", "Wirkungsziel", "Kennzahl", "Gebiet", "Basisjahr", "Basiswert", "Zieljahr", "Zielwert",
             "Richtung", "Verantwortlich", "Produkte", "Notizen"],
            [
                ["Teilhabe sichern", "SGB-II-Quote der Stadt senken", "sgb2", "", str(first), "12,0", str(last + 4),
                 "9,0", "sinken", "Sozialamt", BUDGET_PRODUCT, ""],
                ["Teilhabe sichern", f"SGB-II-Quote in {space.name} senken", "sgb2", space.key, str(first), "14,0",
                 str(last + 4), "10,0", "sinken", "Jugendamt", "", ""],
            ],
        )  # fmt: skip
        steps.append(_step("Wirkungsziele", "goals", "ziele.csv", {"level": shape.budget_level}, {}))
    header = (
        f'title = "Synthetische Stadt: {shape.name}"\n\n[dataset]\nname = "Synthstadt ({shape.name})"\n'
        'source = "Synthetische Testdaten (tests/shapes/generate.py)"\n'
        f'as_of = "{shape.years[1]}-12-31"\n\n'
    )
    recipe = folder / "recipe.toml"
    recipe.write_text(header + "\n".join(steps), encoding="utf-8")
    if shape.index:
        (folder / "index.toml").write_text(_index_toml(shape), encoding="utf-8")
    return recipe


def _index_toml(shape: Shape) -> str:
    components = [("sgb2", 1), ("kita", -1)]
    parts = [
        'key = "status"',
        'name = "Status-Index (synthetisch)"',
        'kind = "status"',
        f'level = "{shape.finest}"',
        "min_population = 0",
        'population_indicator = "ew"',
    ]
    for indicator, direction in components:
        if indicator in shape.indicators:
            parts += ["", "[[components]]", f'indicator = "{indicator}"', f"direction = {direction}"]
    return "\n".join(parts) + "\n"


def sample_area_key(shape: Shape) -> str:
    """A social space (or the finest area) of the latest boundary version: what a user picks first."""
    areas = build_areas(shape, shape.versions()[-1])
    return next(a.key for a in areas if a.level == shape.budget_level)


class ShapeImportError(AssertionError):
    pass


def import_city(shape: Shape, folder: Path, url: str) -> Engine:
    """Write the shape into ``folder`` and import it into the (empty) database at ``url``."""
    recipe = write_city(shape, folder)
    engine = make_engine(url)
    ensure_database(engine, load_demo_when_empty=False)
    result = run_recipe(engine, recipe, folder)
    if not result.ok:
        problems = [f"{title}: {line}" for title, report in result.reports if not report.ok for line in report.lines()]
        raise ShapeImportError(f"shape {shape.name} does not import:\n" + "\n".join(problems[:20]))
    if shape.index:
        index_command(engine, str(folder / "index.toml"), None, str(shape.years[1]), save=True)
    return engine


def main(argv: list[str]) -> None:
    name, url = argv[1], argv[2]
    shape = MANY_AREAS if name == MANY_AREAS.name else SHAPES[name]
    folder = Path("/tmp") / "shapes" / f"files_{name}"
    import_city(shape, folder, url).dispose()
    print(f"{name}: {shape.area_count()} areas of the finest level imported into {url}")


if __name__ == "__main__":
    main(sys.argv)
