"""Repairs without a new database: a boundary version's name and validity, a catalogue indicator deleted."""

from datetime import date

import geopandas as gpd
import pytest
from shapely.geometry import box
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sozialraum.cli.main import main
from sozialraum.db import make_engine
from sozialraum.demo.install import ensure_database
from sozialraum.importing import run_import
from sozialraum.importing.mapping import load_mapping
from sozialraum.importing.repair import RepairError, delete_indicator, indicator_deletion
from sozialraum.importing.undo import undo_import
from sozialraum.models import BoundaryVersion, Goal, ImportLog, Indicator, Observation
from sozialraum.store import data_version


@pytest.fixture(scope="module")
def repair_engine(database_factory):
    """A demo database of this module's own: repairs change it."""
    engine = make_engine(database_factory.new_url())
    ensure_database(engine)
    yield engine
    engine.dispose()


def url_of(engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def version_row(engine, key: str) -> BoundaryVersion:
    with Session(engine) as session:
        return session.scalars(select(BoundaryVersion).where(BoundaryVersion.key == key)).one()


def import_districts(engine, tmp_path, mapping_values: dict) -> object:
    path = tmp_path / "bezirke.geojson"
    gpd.GeoDataFrame(
        {"key": ["R1"], "name": ["Reparaturbezirk"]}, geometry=[box(9.0, 50.0, 9.01, 50.01)], crs="EPSG:4326"
    ).to_file(path, driver="GeoJSON")
    mapping = {"level": "district", "boundary_version": "repair-v", "values": mapping_values}
    return run_import(engine, "areas", path, mapping=load_mapping(None, mapping))


def test_reimporting_areas_with_a_corrected_valid_from_updates_the_version(empty_engine, tmp_path):
    assert import_districts(empty_engine, tmp_path, {"version_name": "Stand A", "valid_from": "01.01.2006"}).ok
    report = import_districts(empty_engine, tmp_path, {"version_name": "Stand A", "valid_from": "01.01.2007"})
    assert report.ok
    assert report.written
    assert [warning.text for warning in report.warnings] == [
        "Gebietsstand »repair-v«: gültig ab wird von 01.01.2006 auf 01.01.2007 geändert."
    ]
    assert version_row(empty_engine, "repair-v").valid_from == date(2007, 1, 1)
    # The correction is an import like any other: undo brings the old date back.
    with Session(empty_engine) as session:
        last = session.scalar(select(ImportLog.id).order_by(ImportLog.id.desc()).limit(1))
    undo_import(empty_engine, last)
    assert version_row(empty_engine, "repair-v").valid_from == date(2006, 1, 1)


def test_version_name_and_validity_are_edited_by_the_cli(empty_engine, tmp_path, capsys):
    assert import_districts(empty_engine, tmp_path, {"version_name": "Stand A", "valid_from": "2006"}).ok
    stamp = data_version.current(empty_engine)
    arguments = ["areas", "version", "repair-v", "--name", "LOR 2006", "--valid-from", "01.01.2005"]
    assert main([*arguments, "--valid-to", "31.12.2020", "--db", url_of(empty_engine)]) == 0
    assert "Gebietsstand »repair-v« geändert: LOR 2006, gültig 01.01.2005 bis 31.12.2020." in capsys.readouterr().out
    version = version_row(empty_engine, "repair-v")
    assert (version.name, version.valid_from, version.valid_to) == ("LOR 2006", date(2005, 1, 1), date(2020, 12, 31))
    assert data_version.current(empty_engine) == stamp + 1

    assert main(["areas", "version", "repair-v", "--valid-to", "31.12.2000", "--db", url_of(empty_engine)]) == 1
    assert "liegt vor »gültig ab« (01.01.2005)" in capsys.readouterr().err
    assert main(["areas", "version", "repair-v", "--open-end", "--db", url_of(empty_engine)]) == 0
    assert version_row(empty_engine, "repair-v").valid_to is None
    assert main(["areas", "version", "gibt-es-nicht", "--name", "x", "--db", url_of(empty_engine)]) == 1
    assert "Gebietsstand »gibt-es-nicht« gibt es nicht (vorhanden: repair-v)" in capsys.readouterr().err
    assert main(["areas", "version", "repair-v", "--valid-from", "gestern", "--db", url_of(empty_engine)]) == 1
    assert "--valid-from: »gestern« ist kein Datum" in capsys.readouterr().err


def test_an_empty_leftover_indicator_is_deleted_after_confirmation(repair_engine, tmp_path, capsys):
    catalogue = tmp_path / "katalog.csv"
    catalogue.write_text("Schlüssel;Name;Einheit;Thema;Polarität;Art\new;Einwohner;Personen;Bevölkerung;0;Anzahl\n")
    assert run_import(repair_engine, "indicators", catalogue).ok
    assert indicator_deletion(repair_engine, "ew").text() == (
        "Kennzahl »ew« (Einwohner) löschen: 0 Werte, 0 Ziele werden mitgelöscht."
    )
    assert main(["catalogue", "delete", "ew", "--db", url_of(repair_engine)]) == 1
    assert "Zum Löschen mit --yes bestätigen." in capsys.readouterr().err
    assert main(["catalogue", "delete", "ew", "--yes", "--db", url_of(repair_engine)]) == 0
    assert "Kennzahl »ew« (Einwohner) gelöscht: 0 Werte, 0 Ziele mitgelöscht." in capsys.readouterr().out
    with Session(repair_engine) as session:
        assert session.scalar(select(Indicator).where(Indicator.key == "ew")) is None


def test_deleting_an_indicator_takes_its_values_and_goals(repair_engine, tmp_path):
    catalogue = tmp_path / "katalog.csv"
    catalogue.write_text("Schlüssel;Name;Einheit;Thema;Polarität;Art\nprobe;Probe;Personen;Test;0;Anzahl\n")
    assert run_import(repair_engine, "indicators", catalogue).ok
    values = tmp_path / "werte.csv"
    values.write_text("Gebiet;Kennzahl;Stichtag;Wert\n0101;probe;31.12.2024;3\n0102;probe;31.12.2024;4\n")
    assert run_import(repair_engine, "observations", values).ok
    goals = tmp_path / "ziele.csv"
    goals.write_text(
        "Leitziel;Wirkungsziel;Kennzahl;Gebiet;Basisjahr;Basiswert;Zieljahr;Zielwert;Richtung\n"
        "Test;Probe senken;probe;0101;2024;3;2030;1;sinken\n"
    )
    assert run_import(repair_engine, "goals", goals).ok
    deletion = delete_indicator(repair_engine, "probe")
    assert (deletion.values, deletion.goals) == (2, 1)
    with Session(repair_engine) as session:
        assert session.scalar(select(func.count()).select_from(Goal).where(Goal.title == "Probe senken")) == 0
        assert session.scalar(select(Indicator).where(Indicator.key == "probe")) is None
        orphaned = (
            select(func.count()).select_from(Observation).where(~Observation.indicator_id.in_(select(Indicator.id)))
        )
        assert session.scalar(orphaned) == 0


def test_an_indicator_a_social_index_uses_is_not_deleted(repair_engine, capsys):
    deletion = indicator_deletion(repair_engine, "sgb2_rate")
    assert not deletion.allowed
    assert "der Sozialindex »" in deletion.text()
    with pytest.raises(RepairError, match="Erst den Index auf der Seite Sozialindex"):
        delete_indicator(repair_engine, "sgb2_rate")
    assert main(["catalogue", "delete", "sgb2_rate", "--yes", "--db", url_of(repair_engine)]) == 1
    assert "kann nicht gelöscht werden" in capsys.readouterr().err
    with Session(repair_engine) as session:
        assert session.scalar(select(Indicator.key).where(Indicator.key == "sgb2_rate")) == "sgb2_rate"
