"""Undo: every import kind is taken back exactly, overwritten values included, on SQLite and PostgreSQL."""

from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import box
from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from sozialraum.cli.main import main
from sozialraum.importing import run_import
from sozialraum.importing.mapping import load_mapping
from sozialraum.importing.undo import BOOKKEEPING_TABLES, UndoRefusedError, preview_undo, undo_import
from sozialraum.models import Area, Base, BoundaryVersion, Goal, ImportLog, Observation
from sozialraum.store import data_version

ROOT = Path(__file__).resolve().parents[3]
REALDATA = ROOT.parent / "shared" / "realdata"


def content_digest(engine: Engine) -> dict[str, list[tuple[str, ...]]]:
    """All rows of all data tables, sorted (the log, the change record and the stamp are bookkeeping)."""
    with engine.connect() as connection:
        return {
            table.name: sorted(tuple(str(value) for value in row) for row in connection.execute(select(table)))
            for table in Base.metadata.sorted_tables
            if table.name not in BOOKKEEPING_TABLES
        }


def latest_log_id(engine: Engine) -> int:
    with engine.connect() as connection:
        return connection.scalar(select(ImportLog.id).order_by(ImportLog.id.desc()).limit(1))


def imported(engine: Engine, kind: str, path: Path, mapping: dict | None = None) -> int:
    report = run_import(engine, kind, path, mapping=load_mapping(None, mapping) if mapping else None)
    assert report.ok, report.lines()
    assert report.written
    return latest_log_id(engine)


def write_catalogue(path: Path) -> Path:
    path.write_text(
        "Schlüssel;Name;Einheit;Thema;Polarität;Art\n"
        "undo_probe;Probe fürs Zurücknehmen;Personen;Test;0;Anzahl\n"
        "unemployment_rate;Arbeitslosenquote (geändert);%;Arbeit;-1;Anteil\n",
        encoding="utf-8",
    )
    return path


def test_observations_import_is_undone_with_overwritten_values(import_engine, tmp_path):
    before = content_digest(import_engine)
    with Session(import_engine) as session:
        area_keys = session.scalars(
            select(Area.key).where(Area.level == "social_space").order_by(Area.key).limit(3)
        ).all()
        latest = session.scalar(select(Observation.period).order_by(Observation.period.desc()).limit(1))
    path = tmp_path / "werte.csv"
    # Two values overwrite stored ones (the latest Stichtag), one is new (a later year).
    lines = [f"{key};pop_total;{latest:%d.%m.%Y};{1000 + number}" for number, key in enumerate(area_keys[:2])]
    lines.append(f"{area_keys[2]};pop_total;31.12.2099;5")
    path.write_text("Gebiet;Kennzahl;Stichtag;Wert\n" + "\n".join(lines) + "\n", encoding="utf-8")
    log_id = imported(import_engine, "observations", path)
    assert content_digest(import_engine) != before

    preview = preview_undo(import_engine, log_id)
    assert (preview.added["observation"], preview.overwritten["observation"]) == (1, 2)
    assert preview.text().startswith(f"Import Nr. {log_id} (werte.csv, ")
    assert "3 Werte, davon 2 überschriebene, werden auf den vorherigen Stand gesetzt" in preview.text()

    stamp = data_version.current(import_engine)
    undo_import(import_engine, log_id)
    assert content_digest(import_engine) == before
    assert data_version.current(import_engine) == stamp + 1
    with Session(import_engine) as session:
        log = session.get(ImportLog, log_id)
        assert log.undone_at is not None  # stays in the log, marked
    with pytest.raises(UndoRefusedError, match="bereits am"):
        undo_import(import_engine, log_id)


def test_catalogue_import_is_undone(import_engine, tmp_path):
    before = content_digest(import_engine)
    log_id = imported(import_engine, "indicators", write_catalogue(tmp_path / "katalog.csv"))
    preview = preview_undo(import_engine, log_id)
    assert (preview.added["indicator"], preview.overwritten["indicator"]) == (1, 1)
    undo_import(import_engine, log_id)
    assert content_digest(import_engine) == before


def test_areas_import_of_a_new_version_is_undone(import_engine, tmp_path):
    before = content_digest(import_engine)
    frame = gpd.GeoDataFrame(
        {"key": ["U1", "U2"], "name": ["Undo Nord", "Undo Süd"]},
        geometry=[box(9.0, 50.0, 9.01, 50.01), box(9.0, 50.01, 9.01, 50.02)],
        crs="EPSG:4326",
    )
    path = tmp_path / "bezirke.geojson"
    frame.to_file(path, driver="GeoJSON")
    mapping = {
        "level": "district",
        "boundary_version": "undo-test",
        "values": {"version_name": "Probe", "valid_from": "01.01.2090"},
    }
    log_id = imported(import_engine, "areas", path, mapping)
    preview = preview_undo(import_engine, log_id)
    assert (preview.added["boundary_version"], preview.added["area"]) == (1, 2)
    undo_import(import_engine, log_id)
    assert content_digest(import_engine) == before


def test_budget_import_is_undone(import_engine, tmp_path):
    before = content_digest(import_engine)
    path = tmp_path / "haushalt.csv"
    path.write_text(
        "Bezirk;Jahr;Produkt;Produktname;Ansatz\nAltstadt;2095;99.9;Probeprodukt;1.000,50\n", encoding="utf-8"
    )
    mapping = {"level": "district", "values": {"area_by": "name"}, "columns": {"area": "Bezirk"}}
    log_id = imported(import_engine, "budget", path, mapping)
    assert preview_undo(import_engine, log_id).added["budget_line"] == 1
    undo_import(import_engine, log_id)
    assert content_digest(import_engine) == before


def test_goals_import_is_undone_and_an_edit_since_refuses(import_engine, tmp_path):
    before = content_digest(import_engine)
    path = tmp_path / "ziele.csv"
    path.write_text(
        "Leitziel;Wirkungsziel;Kennzahl;Gebiet;Basisjahr;Basiswert;Zieljahr;Zielwert;Richtung\n"
        "Teilhabe;Probeziel Zurücknehmen;child_poverty;0104;2020;40,5;2030;30,0;sinken\n",
        encoding="utf-8",
    )
    log_id = imported(import_engine, "goals", path)
    probe = Goal.title == "Probeziel Zurücknehmen"
    with Session(import_engine) as session:
        updated_at = session.scalar(select(Goal.updated_at).where(probe))
    with Session(import_engine) as session, session.begin():  # as the Ziele page would
        session.execute(update(Goal).where(probe).values(target_value=25.0))
    with pytest.raises(UndoRefusedError, match="außerhalb von Importen geändert"):
        undo_import(import_engine, log_id)
    with Session(import_engine) as session, session.begin():  # the goal exactly as the import left it
        session.execute(update(Goal).where(probe).values(target_value=30.0, updated_at=updated_at))
    undo_import(import_engine, log_id)
    assert content_digest(import_engine) == before


def test_undo_is_refused_while_a_later_import_changed_the_same_rows(import_engine, tmp_path):
    before = content_digest(import_engine)
    first, second = tmp_path / "erste.csv", tmp_path / "zweite.csv"
    first.write_text("Gebiet;Kennzahl;Stichtag;Wert\n0101;pop_total;31.12.2098;10\n", encoding="utf-8")
    second.write_text("Gebiet;Kennzahl;Stichtag;Wert\n0101;pop_total;31.12.2098;20\n", encoding="utf-8")
    first_id = imported(import_engine, "observations", first)
    second_id = imported(import_engine, "observations", second)
    with pytest.raises(UndoRefusedError, match=f"späteren? Import Nr. {second_id} \\(zweite.csv"):
        undo_import(import_engine, first_id)
    after_both = content_digest(import_engine)
    undo_import(import_engine, second_id)  # the later one first, then the earlier one
    assert content_digest(import_engine) != after_both
    undo_import(import_engine, first_id)
    assert content_digest(import_engine) == before


def test_undo_of_new_areas_is_refused_while_later_values_sit_on_them(import_engine, tmp_path):
    before = content_digest(import_engine)
    path = tmp_path / "gebiete.geojson"
    gpd.GeoDataFrame(
        {"key": ["V1"], "name": ["Neues Gebiet"]}, geometry=[box(9.0, 50.0, 9.01, 50.01)], crs="EPSG:4326"
    ).to_file(path, driver="GeoJSON")
    mapping = {"level": "district", "boundary_version": "undo-v2", "values": {"valid_from": "01.01.2097"}}
    areas_id = imported(import_engine, "areas", path, mapping)
    values = tmp_path / "werte_neu.csv"
    values.write_text("Gebiet;Kennzahl;Stichtag;Wert\nV1;pop_total;31.12.2097;7\n", encoding="utf-8")
    values_id = imported(import_engine, "observations", values)
    with pytest.raises(UndoRefusedError, match=f"Import Nr. {values_id} \\(werte_neu.csv"):
        undo_import(import_engine, areas_id)
    undo_import(import_engine, values_id)
    undo_import(import_engine, areas_id)
    assert content_digest(import_engine) == before


def test_failed_and_unknown_imports_cannot_be_undone(import_engine, tmp_path):
    bad = tmp_path / "kaputt.csv"
    bad.write_text("Gebiet;Kennzahl;Stichtag;Wert\n0101;gibt_es_nicht;31.12.2020;1\n", encoding="utf-8")
    assert not run_import(import_engine, "observations", bad).ok
    with pytest.raises(UndoRefusedError, match="abgelehnt"):
        undo_import(import_engine, latest_log_id(import_engine))
    with pytest.raises(UndoRefusedError, match="gibt es im Importprotokoll nicht"):
        undo_import(import_engine, 999_999)


def test_cli_import_undo(import_engine, tmp_path, capsys):
    before = content_digest(import_engine)
    log_id = imported(import_engine, "indicators", write_catalogue(tmp_path / "katalog.csv"))
    url = import_engine.url.render_as_string(hide_password=False)
    assert main(["import", "undo", str(log_id), "--db", url]) == 0
    assert f"Import Nr. {log_id} (katalog.csv" in capsys.readouterr().out
    assert content_digest(import_engine) == before
    assert main(["import", "undo", str(log_id), "--db", url]) == 1
    assert "bereits am" in capsys.readouterr().err
    assert main(["import", "undo", "zwölf", "--db", url]) == 1
    assert "Nummer" in capsys.readouterr().err


@pytest.mark.skipif(
    not (REALDATA / "koeln" / "stadtbezirke.geojson").is_file(), reason="../shared/realdata/koeln nicht vorhanden"
)
def test_real_cologne_districts_import_and_undo(empty_engine):
    before = content_digest(empty_engine)
    mapping = {
        "level": "district",
        "boundary_version": "koeln",
        "columns": {"key": "STB_NR", "name": "STB_NAME"},
        "values": {"version_name": "Köln Stadtbezirke", "valid_from": "2024"},
    }
    log_id = imported(empty_engine, "areas", REALDATA / "koeln" / "stadtbezirke.geojson", mapping)
    with Session(empty_engine) as session:
        assert len(session.scalars(select(Area)).all()) == 9  # Cologne's nine Stadtbezirke
        assert session.scalar(select(BoundaryVersion.name)) == "Köln Stadtbezirke"
    assert preview_undo(empty_engine, log_id).added["area"] == 9
    undo_import(empty_engine, log_id)
    assert content_digest(empty_engine) == before


BERLIN_RECIPE = ROOT / "examples" / "berlin" / "recipe.toml"
BERLIN_POPULATION = "berlin_population_lor/berlin-lor-population-2024-02-t1-planning-areas.csv"


@pytest.mark.skipif(
    not (REALDATA / BERLIN_POPULATION).is_file(), reason="../shared/realdata mit Berliner Daten nicht vorhanden"
)
def test_real_berlin_recipe_steps_and_a_corrected_delivery_are_undone(empty_engine, tmp_path):
    """LOR 2021 at every level, the catalogue and the population of 30.06. and 31.12.2024 as recipe steps;
    then a corrected delivery of 31.12.2024 overwrites five Planungsräume. Undoing the correction restores
    the recipe's values; undoing every step, newest first, leaves the database as empty as before."""
    import tomllib

    import pandas as pd
    import tomli_w

    from sozialraum.importing.recipe import run_recipe

    empty = content_digest(empty_engine)
    recipe = tomllib.loads(BERLIN_RECIPE.read_text(encoding="utf-8"))
    steps = [
        step
        for step in recipe["step"]
        if step["kind"] == "areas" and step["mapping"].get("boundary_version") == "lor-2021"
    ]
    steps.append(next(step for step in recipe["step"] if step["kind"] == "indicators"))
    population = next(step for step in recipe["step"] if "berlin_population_lor" in step.get("files", ""))
    steps.append({**population, "files": population["files"].replace("*", "2024-0[12]")})
    (tmp_path / "indikatoren.csv").write_bytes((BERLIN_RECIPE.parent / "indikatoren.csv").read_bytes())
    (tmp_path / "recipe.toml").write_text(tomli_w.dumps({"title": "Berlin, Auszug", "step": steps}), encoding="utf-8")
    first_log = latest_log_id(empty_engine) or 0
    result = run_recipe(empty_engine, tmp_path / "recipe.toml", REALDATA)
    assert result.ok, [line for _, report in result.reports for line in report.lines()]
    recipe_logs = list(range(first_log + 1, latest_log_id(empty_engine) + 1))
    assert len(recipe_logs) == len(steps) + 1  # one log row per file: two population files
    after_recipe = content_digest(empty_engine)
    assert len(after_recipe["area"]) == 1 + 12 + 58 + 143 + 542

    corrected = pd.read_csv(REALDATA / BERLIN_POPULATION, dtype={"id": str})
    corrected.loc[:4, "inhabitants"] += 1
    delivery = tmp_path / BERLIN_POPULATION.split("/")[1]
    corrected.to_csv(delivery, index=False)
    mapping = load_mapping(
        None, {**population["mapping"], "wide": {**population["mapping"]["wide"], "period": "31.12.2024"}}
    )
    assert run_import(empty_engine, "observations", delivery, mapping=mapping).ok
    correction = latest_log_id(empty_engine)
    preview = preview_undo(empty_engine, correction)
    assert (preview.added["observation"], preview.overwritten["observation"]) == (0, 5)
    assert "5 Werte, davon 5 überschriebene, werden auf den vorherigen Stand gesetzt" in preview.text()
    with pytest.raises(UndoRefusedError, match=f"Import Nr. {correction} "):
        undo_import(empty_engine, recipe_logs[-1])  # the recipe's 31.12.2024 step was changed again
    undo_import(empty_engine, correction)
    assert content_digest(empty_engine) == after_recipe
    for log_id in reversed(recipe_logs):
        undo_import(empty_engine, log_id)
    assert content_digest(empty_engine) == empty
