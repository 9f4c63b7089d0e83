"""How import rows find their area: names, key rules, lookup files, row filters, mapping key hints."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import geopandas as gpd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from shapely.geometry import box
from sqlalchemy import select
from sqlalchemy.orm import Session

from sozialraum.importing import mapping_schema
from sozialraum.importing.area_match import KeyRules, normalise_name, parse_row_ranges
from sozialraum.importing.mapping import load_mapping
from sozialraum.importing.runner import run_import
from sozialraum.models import Area, BoundaryVersion, Goal, Indicator, Observation

# --- name normalisation -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("Groß Borstel", "Gross Borstel"),
        ("GROSS BORSTEL", "Groß Borstel"),
        ("Barmbek-Süd", "Barmbek Sued"),
        ("Barmbek–Süd", "Barmbek-Süd"),  # en dash
        ("Barmbek\u2011Süd", "Barmbek-Süd"),  # non-breaking hyphen
        ("Eims\u00adbüttel", "Eimsbüttel"),  # soft hyphen from a word processor
        ("St. Pauli", "Sankt Pauli"),
        ("St.Georg", "Sankt Georg"),
        ("st pauli", "St. Pauli"),
        ("  Hamm\u00a0 Nord ", "Hamm Nord"),  # non-breaking and repeated spaces
        ("Wilhelmsbu\u0308rg", "Wilhelmsbürg"),  # decomposed umlaut (macOS file names)
    ],
)
def test_names_written_differently_normalise_alike(written, stored):
    assert normalise_name(written) == normalise_name(stored)


@pytest.mark.parametrize(
    ("one", "other"),
    [("Hamm", "Horn"), ("Altona-Nord", "Altona-Altstadt"), ("Stellingen", "Sankt Ellingen"), ("Neustadt", "Neu")],
)
def test_different_names_stay_different(one, other):
    assert normalise_name(one) != normalise_name(other)


@given(st.text())
def test_normalising_is_idempotent(name):
    once = normalise_name(name)
    assert normalise_name(once) == once


# Letters of Latin-1: German names and their neighbours' (a Turkish dotless ı has no case pair to return to).
NAME_TEXT = st.text(alphabet=st.characters(codec="latin-1", categories=["L", "Zs"]), min_size=1)


@given(NAME_TEXT, st.sampled_from([" ", "\u00a0", "  "]))
def test_case_and_whitespace_variants_match(name, space):
    variant = space + space.join(name.upper().split()) + space
    assert normalise_name(variant) == normalise_name(name.lower())


# --- key rules ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rules", "written", "key"),
    [
        (KeyRules(pad=3), "1", "001"),
        (KeyRules(pad=3), "0001", "0001"),  # never shortened
        (KeyRules(pad=3), "A1", "A1"),  # only keys of digits
        (KeyRules(strip_zeros=True), "001", "1"),
        (KeyRules(strip_zeros=True), "000", "0"),
        (KeyRules(strip_zeros=True, pad=2), "0007", "07"),  # strip, then pad
        (KeyRules(prefix="05315", suffix="-a"), "001", "05315001-a"),
        (KeyRules(pattern=__import__("re").compile(r"^9(\d\d)00$")), "90100", "01"),
        (KeyRules(lookup={"Inn": "1"}, pad=3), "Inn", "001"),  # the lookup first, then the rules
    ],
)
def test_key_rules_apply_in_their_documented_order(rules, written, key):
    assert rules.key(written) == (key, None)


def test_a_key_not_matching_the_pattern_is_named():
    import re

    key, problem = KeyRules(pattern=re.compile(r"^9(\d\d)00$")).key("90000x")
    assert key is None
    assert problem == "Gebietsschlüssel »90000x« passt nicht zum Muster »^9(\\d\\d)00$« (key_pattern)."


# --- on a database: both backends ---------------------------------------------------------------------


def write_areas(path: Path, areas: dict[str, str]) -> Path:
    """A GeoJSON with one small square per key -> name."""
    frame = gpd.GeoDataFrame(
        {"key": list(areas), "name": list(areas.values())},
        geometry=[box(9.9 + i * 0.01, 53.5, 9.905 + i * 0.01, 53.505) for i in range(len(areas))],
        crs="EPSG:4326",
    )
    frame.to_file(path, driver="GeoJSON")
    return path


@pytest.fixture(scope="module")
def named_areas(import_engine, tmp_path_factory):
    """Social spaces of version ``am-test`` whose names need normalising, two sharing a name."""
    folder = tmp_path_factory.mktemp("areas")
    path = write_areas(
        folder / "stadtteile.geojson",
        {
            "701": "Groß Borstel",
            "702": "St. Pauli",
            "703": "Barmbek-Süd",
            "704": "Neustadt",
            "705": "Neustadt",
            "706": "Altona-Altstadt",
        },
    )
    mapping = {
        "level": "social_space",
        "boundary_version": "am-test",
        "values": {"version_name": "Test", "valid_from": "2000-01-01"},
    }
    report = run_import(import_engine, "areas", path, mapping=load_mapping(None, mapping))
    assert report.ok, report.lines()
    catalogue = folder / "katalog.csv"
    catalogue.write_text(
        "Schlüssel;Name;Einheit;Thema;Polarität;Art\nam_ew;Einwohner;Personen;Bevölkerung;0;Anzahl\n", encoding="utf-8"
    )
    assert run_import(import_engine, "indicators", catalogue).ok
    return import_engine


BY_NAME = {"level": "social_space", "boundary_version": "am-test", "values": {"area_by": "name"}}


def stored_values(engine, indicator="am_ew") -> dict[str, float]:
    with Session(engine) as session:
        rows = session.execute(
            select(Area.key, Observation.value)
            .join(Observation, Observation.area_id == Area.id)
            .join(BoundaryVersion)
            .where(BoundaryVersion.key == "am-test")
        ).all()
    return {key: value for key, value in rows}


def test_observations_join_by_normalised_name(named_areas, tmp_path):
    path = tmp_path / "werte.csv"
    path.write_text(
        "Stadtteil;Kennzahl;Jahr;Wert\nGROSS  BORSTEL;am_ew;2020;10\nSankt Pauli;am_ew;2020;20\n"
        "Barmbek\u2013Sued;am_ew;2020;30\n",
        encoding="utf-8",
    )
    mapping = load_mapping(None, {**BY_NAME, "columns": {"area": "Stadtteil"}})
    report = run_import(named_areas, "observations", path, mapping=mapping)
    assert report.ok, report.lines()
    assert stored_values(named_areas) == {"701": 10.0, "702": 20.0, "703": 30.0}


def test_unknown_and_ambiguous_names_are_errors_and_nothing_is_written(named_areas, tmp_path):
    before = stored_values(named_areas)
    path = tmp_path / "werte.csv"
    path.write_text(
        "Stadtteil;Kennzahl;Jahr;Wert\nAltona;am_ew;2021;1\nAltona;am_ew;2022;2\nNeustadt;am_ew;2021;3\n"
        "St. Pauli;am_ew;2021;4\n",
        encoding="utf-8",
    )
    mapping = load_mapping(None, {**BY_NAME, "columns": {"area": "Stadtteil"}})
    report = run_import(named_areas, "observations", path, mapping=mapping)
    assert not report.ok
    texts = [(error.row, error.column, error.text) for error in report.errors]
    unknown = "Unbekannter Gebietsname »Altona«; ähnlich: »Altona-Altstadt«."
    assert texts == [
        (2, "Stadtteil", unknown),
        (3, "Stadtteil", unknown),  # the same text for the same value: a report can group them
        (
            4,
            "Stadtteil",
            "Gebietsname »Neustadt« ist mehrdeutig: so heißen die Gebiete »704«, »705«. Schlüssel statt Namen "
            "verwenden oder in der Zuordnung »level« bzw. »boundary_version« angeben.",
        ),
    ]
    assert stored_values(named_areas) == before


def test_budget_and_goals_join_by_name_too(named_areas, tmp_path):
    from sozialraum.models import BudgetLine

    budget = tmp_path / "budget.csv"
    budget.write_text(
        "Stadtteil;Jahr;Produkt;Produktname;Ansatz\nGross Borstel;2031;36.3;Hilfen zur Erziehung;1.000\n",
        encoding="utf-8",
    )
    mapping = load_mapping(None, {**BY_NAME, "columns": {"area": "Stadtteil"}})
    report = run_import(named_areas, "budget", budget, mapping=mapping)
    assert report.ok, report.lines()
    goals = tmp_path / "ziele.csv"
    goals.write_text(
        "Leitziel;Wirkungsziel;Kennzahl;Gebiet;Basisjahr;Basiswert;Zieljahr;Zielwert\n"
        "Teilhabe;Mehr Einwohner in St. Pauli;am_ew;sankt pauli;2020;20;2030;25\n",
        encoding="utf-8",
    )
    report = run_import(named_areas, "goals", goals, mapping=load_mapping(None, BY_NAME))
    assert report.ok, report.lines()
    with Session(named_areas) as session:
        line_area = session.scalar(
            select(Area.key).join(BudgetLine, BudgetLine.area_id == Area.id).where(BudgetLine.year == 2031)
        )
        goal_area = session.scalar(
            select(Area.key).join(Goal, Goal.area_id == Area.id).where(Goal.title == "Mehr Einwohner in St. Pauli")
        )
    assert (line_area, goal_area) == ("701", "702")


def test_keys_padded_and_prefixed_for_observations(named_areas, tmp_path):
    path = tmp_path / "werte.csv"
    path.write_text("Gebiet;Kennzahl;Jahr;Wert\n1;am_ew;2023;11\n6;am_ew;2023;16\n", encoding="utf-8")
    mapping = load_mapping(None, {"level": "social_space", "values": {"key_pad": 2, "key_prefix": "7"}})
    report = run_import(named_areas, "observations", path, mapping=mapping)
    assert report.ok, report.lines()
    with Session(named_areas) as session:
        rows = session.execute(
            select(Area.key, Observation.value)
            .join(Area)
            .join(BoundaryVersion)
            .where(Observation.period == date(2023, 12, 31), BoundaryVersion.key == "am-test")
        ).all()
    assert sorted(tuple(row) for row in rows) == [("701", 11.0), ("706", 16.0)]


def test_a_transformed_key_that_is_unknown_names_both_forms(named_areas, tmp_path):
    path = tmp_path / "werte.csv"
    path.write_text("Gebiet;Kennzahl;Jahr;Wert\n9;am_ew;2023;11\n", encoding="utf-8")
    mapping = load_mapping(None, {"level": "social_space", "values": {"key_pad": 3}})
    report = run_import(named_areas, "observations", path, mapping=mapping)
    assert [error.text for error in report.errors] == [
        "Unbekannter Gebietsschlüssel »009« (aus »9« nach den Schlüsselregeln der Zuordnung)."
    ]


def test_a_lookup_file_beside_the_mapping_maps_names(named_areas, tmp_path):
    (tmp_path / "namen.csv").write_text("von;nach\nBarmbek (Süd);Barmbek-Süd\n", encoding="utf-8")
    mapping = tmp_path / "zuordnung.toml"
    mapping.write_text(
        'level = "social_space"\nboundary_version = "am-test"\n[columns]\narea = "Stadtteil"\n'
        '[values]\narea_by = "name"\nkey_lookup = "namen.csv"\n',
        encoding="utf-8",
    )
    path = tmp_path / "werte.csv"
    path.write_text("Stadtteil;Kennzahl;Jahr;Wert\nBarmbek (Süd);am_ew;2024;33\n", encoding="utf-8")
    report = run_import(named_areas, "observations", path, mapping_path=mapping)
    assert report.ok, report.lines()
    (tmp_path / "namen.csv").write_text("von;nach\nBarmbek (Süd);Barmbeck Süd\n", encoding="utf-8")
    report = run_import(named_areas, "observations", path, mapping_path=mapping)
    assert [error.text for error in report.errors] == [
        "Unbekannter Gebietsname »Barmbeck Süd« (aus »Barmbek (Süd)« nach key_lookup); ähnlich: »Barmbek-Süd«."
    ]


def test_a_recipe_steps_inline_lookup_file_sits_beside_the_recipe(named_areas, tmp_path):
    from sozialraum.importing.recipe import run_recipe

    (tmp_path / "rezept").mkdir()
    (tmp_path / "daten").mkdir()
    (tmp_path / "rezept" / "namen.csv").write_text("Pauli;St. Pauli\n", encoding="utf-8")
    (tmp_path / "rezept" / "rezept.toml").write_text(
        'title = "Test"\n[[step]]\nkind = "observations"\nfile = "werte.csv"\n[step.mapping]\n'
        'boundary_version = "am-test"\n[step.mapping.values]\narea_by = "name"\nkey_lookup = "namen.csv"\n',
        encoding="utf-8",
    )
    (tmp_path / "daten" / "werte.csv").write_text("Gebiet;Kennzahl;Jahr;Wert\nPauli;am_ew;2027;27\n", encoding="utf-8")
    result = run_recipe(named_areas, tmp_path / "rezept" / "rezept.toml", tmp_path / "daten")
    assert result.ok, [line for _title, report in result.reports for line in report.lines()]


@pytest.mark.parametrize(
    ("lookup", "expected"),
    [
        (None, "Fehler: fehlt.csv: Zuordnungstabelle (key_lookup) nicht gefunden"),
        (
            "von;nach\n1;701\n2\n",
            "Fehler: fehlt.csv, Zeile 3: Zeile braucht genau zwei Werte »von;nach«, gefunden: »2«.",
        ),
        ("1;701\n1;702\n", "Fehler: fehlt.csv, Zeile 2: »1« steht schon in Zeile 1 mit »701«, hier mit »702«."),
    ],
)
def test_lookup_file_problems_name_the_file_and_write_nothing(named_areas, tmp_path, lookup, expected):
    if lookup is not None:
        (tmp_path / "fehlt.csv").write_text(lookup, encoding="utf-8")
    mapping = tmp_path / "zuordnung.toml"
    mapping.write_text('[values]\nkey_lookup = "fehlt.csv"\n', encoding="utf-8")
    path = tmp_path / "werte.csv"
    path.write_text("Gebiet;Kennzahl;Jahr;Wert\n1;am_ew;2025;1\n", encoding="utf-8")
    report = run_import(named_areas, "observations", path, mapping_path=mapping)
    assert not report.ok
    assert report.lines()[0].startswith(expected), report.lines()
    assert not report.written


def test_a_bad_key_pattern_or_area_by_is_a_mapping_error(named_areas, tmp_path):
    path = tmp_path / "werte.csv"
    path.write_text("Gebiet;Kennzahl;Jahr;Wert\n1;am_ew;2025;1\n", encoding="utf-8")
    for values, text in (
        ({"key_pattern": "^9(\\d"}, "»values.key_pattern«: kein gültiger regulärer Ausdruck"),
        ({"key_pattern": "^9\\d\\d00$"}, "»values.key_pattern«: braucht eine Gruppe in Klammern"),
        ({"area_by": "nam"}, "»values.area_by«: erwartet »name« oder »key«, gefunden »nam«."),
    ):
        report = run_import(named_areas, "observations", path, mapping=load_mapping(None, {"values": values}))
        assert [error.text for error in report.errors][0].startswith(f"Zuordnung: {text}"), report.lines()


# --- row filters for every kind -----------------------------------------------------------------------


def test_filters_pick_rows_of_observations_and_goals(named_areas, tmp_path):
    path = tmp_path / "werte.csv"
    path.write_text(
        "Tabelle;Gebiet;Kennzahl;Jahr;Wert\nEinwohner;704;am_ew;2026;4\nHaushalte;704;am_ew;2026;99\n"
        "Einwohner;705;am_ew;2026;5\nAlt;705;am_ew;2026;77\n",
        encoding="utf-8",
    )
    mapping = load_mapping(None, {"values": {"filter": {"Tabelle": ["Einwohner"], "Gebiet": "!999"}}})
    report = run_import(named_areas, "observations", path, mapping=mapping)
    assert report.ok, report.lines()
    assert report.rows_written == 2  # the other tables' rows would be duplicates
    mapping = load_mapping(None, {"values": {"filter": {"Tabelle": ["!Haushalte", "!Alt"]}}})
    report = run_import(named_areas, "observations", path, mapping=mapping)
    assert report.ok, report.lines()
    assert report.rows_written == 2  # a list of »!value« leaves out each of them
    goals = tmp_path / "ziele.csv"
    goals.write_text(
        "Beschluss;Leitziel;Wirkungsziel;Kennzahl;Gebiet;Basisjahr;Basiswert;Zieljahr;Zielwert\n"
        "2024;Teilhabe;Gefiltertes Ziel;am_ew;704;2020;1;2030;2\n"
        "Entwurf;Teilhabe;Entwurfsziel;am_ew;704;2020;1;2030;2\n",
        encoding="utf-8",
    )
    report = run_import(
        named_areas, "goals", goals, mapping=load_mapping(None, {"values": {"filter": {"Beschluss": 2024}}})
    )
    assert report.ok, report.lines()
    with Session(named_areas) as session:
        titles = set(session.scalars(select(Goal.title)))
    assert "Gefiltertes Ziel" in titles
    assert "Entwurfsziel" not in titles


def test_rows_pick_file_rows_by_position(named_areas, tmp_path):
    # Row 4 repeats row 2's area under the same name: only the position tells the Bezirk row apart.
    path = tmp_path / "werte.csv"
    path.write_text(
        "Gebiet;Kennzahl;Jahr;Wert\n704;am_ew;2026;4\n705;am_ew;2026;5\n704;am_ew;2026;999\n",
        encoding="utf-8",
    )
    report = run_import(named_areas, "observations", path, mapping=load_mapping(None, {"values": {"rows": "2-3"}}))
    assert report.ok, report.lines()
    assert report.rows_written == 2
    assert parse_row_ranges("2-100, 105") == [(2, 100), (105, 105)]
    for bad in ("", "2-", "9-3", "zwei"):
        assert parse_row_ranges(bad) is None, bad
    report = run_import(named_areas, "observations", path, mapping=load_mapping(None, {"values": {"rows": "9-3"}}))
    assert not report.ok
    assert "»values.rows«: erwartet Zeilennummern" in report.lines()[0]


def test_filters_pick_areas_and_keep_the_object_numbers(import_engine, tmp_path):
    path = write_areas(tmp_path / "gebiete.geojson", {"801": "Behalten", "802": "Weg", "": "Ohne Schlüssel"})
    frame = gpd.read_file(path).assign(Stand=["neu", "alt", "neu"])
    frame.to_file(path, driver="GeoJSON")
    mapping = {
        "level": "social_space",
        "boundary_version": "am-filter",
        "values": {"version_name": "Filter", "valid_from": "2000-01-01", "filter": {"Stand": "neu"}},
    }
    report = run_import(import_engine, "areas", path, mapping=load_mapping(None, mapping))
    assert [(error.row, error.text) for error in report.errors] == [(3, "Schlüssel fehlt.")]  # object 3, not 2
    frame.iloc[:2].to_file(path, driver="GeoJSON")
    report = run_import(import_engine, "areas", path, mapping=load_mapping(None, mapping))
    assert report.ok, report.lines()
    with Session(import_engine) as session:
        keys = session.scalars(select(Area.key).join(BoundaryVersion).where(BoundaryVersion.key == "am-filter")).all()
    assert keys == ["801"]


@pytest.mark.parametrize("kind", ["observations", "budget", "goals", "areas"])
def test_a_filter_naming_a_missing_column_is_an_error_naming_it(import_engine, tmp_path, kind):
    if kind == "areas":
        path = write_areas(tmp_path / "gebiete.geojson", {"901": "Irgendwo"})
    elif kind == "goals":
        path = tmp_path / "ziele.csv"
        path.write_text(
            "Leitziel;Wirkungsziel;Kennzahl;Basisjahr;Basiswert;Zieljahr;Zielwert\nT;Z;ew;2020;1;2030;2\n",
            encoding="utf-8",
        )
    else:
        path = tmp_path / "daten.csv"
        path.write_text("Gebiet;Kennzahl;Jahr;Wert;Produkt;Ansatz\n0101;ew;2020;1;36.3;1\n", encoding="utf-8")
    values = {"filter": {"Tabele": "Einwohner"}, "version_name": "x", "valid_from": "2000-01-01"}
    mapping = load_mapping(None, {"level": "social_space", "boundary_version": "am-missing", "values": values})
    report = run_import(import_engine, kind, path, mapping=mapping)
    assert [(error.column, error.text) for error in report.errors] == [
        ("Tabele", "Filterspalte aus der Zuordnung fehlt in der Datei.")
    ]


# --- unknown mapping keys -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "suggested"),
    [
        ({"valid_from": "2020-01-01"}, "values.valid_from"),  # right key, wrong table
        ({"values": {"area_bye": "name"}}, "values.area_by"),
        ({"colums": {}}, "columns"),
        ({"wide": {"perod": "2020"}}, "wide.period"),
        ({"values": {"key_padding": 3}}, "values.key_pad"),
    ],
)
def test_an_unknown_mapping_key_suggests_the_nearest_valid_one(raw, suggested):
    (problem,) = mapping_schema.check(raw)
    assert problem.endswith(f" – meinten Sie »{suggested}«?"), problem


def test_an_unknown_key_like_no_valid_one_gets_no_suggestion():
    (problem,) = mapping_schema.check({"xyzzy": 1})
    assert problem.startswith("Unbekannter Schlüssel »xyzzy« (erlaubt: boundary_version, columns")
    assert problem.endswith(").")


def test_the_readme_documents_every_area_matching_key():
    readme = (Path(__file__).resolve().parents[3] / "README.md").read_text(encoding="utf-8")
    keys = ["area_by", "filter", "rows", *(key for key in mapping_schema.VALUES if key.startswith("key_"))]
    assert len(keys) == 9
    for key in keys:
        assert f"| `{key}`" in readme or f"`{key}`, " in readme or f", `{key}`" in readme, key


@pytest.mark.parametrize(
    "values",
    [{"rows": "99-120"}, {"filter": {"Gebiet": "nirgends"}}],
    ids=["rows", "filter"],
)
@pytest.mark.parametrize("kind", ["observations", "indicators"])
def test_a_selection_that_leaves_no_row_is_an_error_not_a_crash(named_areas, tmp_path, kind, values):
    path = tmp_path / "werte.csv"
    if kind == "observations":
        path.write_text("Gebiet;Kennzahl;Jahr;Wert\n704;am_ew;2026;4\n", encoding="utf-8")
    else:
        values = {"filter": {"Schlüssel": "nirgends"}} if "filter" in values else values
        path.write_text("Schlüssel;Name;Einheit;Thema;Polarität;Art\nneu;Neu;%;X;0;Anteil\n", encoding="utf-8")
    report = run_import(named_areas, kind, path, mapping=load_mapping(None, {"values": values}))
    assert not report.ok
    assert report.errors[0].text.startswith("Filter und Zeilenauswahl der Zuordnung"), report.lines()


def test_the_catalogue_import_honours_filters(named_areas, tmp_path):
    path = tmp_path / "katalog.csv"
    path.write_text(
        "Schlüssel;Name;Einheit;Thema;Polarität;Art\nxa;Gefiltert A;%;X;0;Anteil\nxb;Gefiltert B;%;X;0;Anteil\n",
        encoding="utf-8",
    )
    report = run_import(
        named_areas, "indicators", path, mapping=load_mapping(None, {"values": {"filter": {"Schlüssel": "xa"}}})
    )
    assert report.ok, report.lines()
    with Session(named_areas) as session:
        keys = set(session.scalars(select(Indicator.key).where(Indicator.key.in_(["xa", "xb"]))))
    assert keys == {"xa"}
