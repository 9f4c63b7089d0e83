"""Sozialindex through AppTest on a copy of the demo database (the page saves and deletes definitions)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from sozialraum.analysis.social_index import (
    IndexDefinition,
    sensitivity,
)
from sozialraum.db import make_engine
from sozialraum.models import Indicator, Observation
from sozialraum.reports.social_index_tables import LEVEL_LABELS, index_inputs
from sozialraum.services import social_index as social_index_data
from sozialraum.store import social_index as social_index_store

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGE = "views/sozialindex.py"


@pytest.fixture
def index_db(demo_sqlite_file, tmp_path, monkeypatch):
    path = tmp_path / "index.db"
    shutil.copyfile(demo_sqlite_file, path)
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    assert {d.kind for d in social_index_store.list_definitions(engine)} == {"status", "dynamics"}
    monkeypatch.setenv("SOZIALRAUM_DATABASE_URL", url)
    yield engine
    engine.dispose()


def open_page(**params) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception
    return at


def _status(engine) -> IndexDefinition:
    return next(d for d in social_index_store.list_definitions(engine) if d.kind == "status")


def _table(at, column: str):
    return next(frame.value for frame in at.dataframe if column in frame.value.columns)


def test_page_shows_map_distribution_table_and_sensitivity(index_db):
    status = _status(index_db)
    at = open_page(sozialindex=status.key)
    period = at.selectbox(key="stichtag").value
    expected = social_index_data.run_index(index_db, status, period)

    assert at.title[0].value == "Sozialindex"
    assert at.selectbox(key="sozialindex").value == status.key
    assert len(at.selectbox(key="sozialindex").options) == len(social_index_store.list_definitions(index_db))
    assert period == max(social_index_data.index_periods(index_db, status))
    assert [c.proto.component_name for c in at.get("component_instance")] == ["streamlit_folium.st_folium"]
    table = _table(at, "Ausschlussgrund")
    assert len(table) == len(expected.table)
    assert table["Klasse"].notna().sum() == len(expected.valid)
    assert f"{LEVEL_LABELS[status.level]}: {len(expected.valid)} von {len(expected.table)} mit Klasse" in " ".join(
        c.value for c in at.caption
    )
    robust = _table(at, "verglichene Gebiete")
    values, population, invalid = index_inputs(expected)
    reference = sensitivity(values, status, population, invalid)
    assert len(robust) == len(status.components)
    for variant in ("ohne diesen Indikator", "Gewicht × 0,5", "Gewicht × 2,0"):
        assert robust[variant].tolist() == reference.loc[reference["variant"] == variant, "changed"].tolist()
    # distribution, index values, status × dynamics matrix, sensitivity
    assert len(at.get("plotly_chart")) == 4
    assert any("So wird der Index berechnet" in m.value for m in at.markdown)


def test_link_selects_the_dynamics_index(index_db):
    dynamics = next(d for d in social_index_store.list_definitions(index_db) if d.kind == "dynamics")
    at = open_page(sozialindex=dynamics.key)
    assert at.selectbox(key="sozialindex").value == dynamics.key
    assert "Dynamik" in at.selectbox(key="sozialindex").format_func(dynamics.key)


def test_leaving_an_indicator_out_counts_the_areas_that_change(index_db):
    status = _status(index_db)
    at = open_page(sozialindex=status.key)
    first = status.components[0].indicator_key
    at.checkbox(key=f"wi_{status.key}_{first}_out").check().run()
    assert not at.exception
    period = at.selectbox(key="stichtag").value
    values, population, invalid = index_inputs(social_index_data.run_index(index_db, status, period))
    reference = sensitivity(values, status, population, invalid)
    changed = reference[(reference["indicator_key"] == first) & (reference["variant"] == "ohne diesen Indikator")]
    count = int(changed["changed"].iloc[0])
    messages = [w.value for w in at.warning] + [s.value for s in at.success]
    if count:
        assert any(m.startswith(f"**{count} von ") for m in messages), messages
        assert len(_table(at, "Klasse neu")) == count
    else:
        assert any("behalten ihre Klasse" in m for m in messages)


def test_editing_a_weight_and_saving_changes_the_stored_definition(index_db):
    status = _status(index_db)
    first = status.components[0].indicator_key
    at = open_page(sozialindex=status.key)
    at.text_input(key=f"si_form_weight_{first}").set_value("3")
    at.button(key="si_save").click().run()
    assert not at.exception
    assert not at.error
    stored = social_index_store.load_definition(index_db, status.key)
    assert stored.components[0].weight == 3.0
    assert [c.weight for c in stored.components[1:]] == [c.weight for c in status.components[1:]]
    assert any("gespeichert" in s.value for s in at.success)
    # The index was materialised again with the new weight.
    period = max(social_index_data.index_periods(index_db, stored))
    expected = social_index_data.run_index(index_db, stored, period).valid["index"]
    with Session(index_db) as session:
        count = session.scalar(
            select(func.count())
            .select_from(Observation)
            .join(Indicator)
            .where(Indicator.key == f"index_{status.key}", Observation.period == period)
        )
    assert count == len(expected)


def test_bad_input_gives_a_german_error_and_stores_nothing(index_db):
    status = _status(index_db)
    at = open_page(sozialindex=status.key)
    at.text_input(key="si_form_thresholds").set_value("1; -1; 1,5")
    at.text_input(key=f"si_form_weight_{status.components[0].indicator_key}").set_value("2,5")
    at.button(key="si_save").click().run()
    assert not at.exception
    assert len(at.error) == 1
    assert "Nicht gespeichert" in at.error[0].value
    assert "Klassengrenzen müssen aufsteigend sein" in at.error[0].value
    assert social_index_store.load_definition(index_db, status.key) == status


def test_new_definition_is_saved_and_becomes_an_indicator(index_db):
    at = open_page()
    at.radio(key="si_action").set_value("Neu").run()
    at.text_input(key="si_form_key").set_value("wohnen")
    at.text_input(key="si_form_name").set_value("Wohnlage")
    at.multiselect(key="si_form_indicators").set_value(["social_housing_share", "residential_turnover"]).run()
    at.selectbox(key="si_form_level").set_value("social_space")
    at.button(key="si_save").click().run()
    assert not at.exception
    assert not at.error
    stored = social_index_store.load_definition(index_db, "wohnen")
    assert stored.indicator_keys == ["social_housing_share", "residential_turnover"]
    assert stored.level == "social_space"
    assert at.selectbox(key="sozialindex").value == "wohnen"
    with Session(index_db) as session:
        indicator = session.scalar(select(Indicator).where(Indicator.key == "index_wohnen"))
    assert indicator is not None
    assert indicator.topic == "Sozialindex"


def test_a_new_dynamics_definition_gets_the_dynamics_classes(index_db):
    at = open_page()
    at.radio(key="si_action").set_value("Neu").run()
    at.selectbox(key="si_form_kind").set_value("dynamics").run()
    assert at.text_input(key="si_form_thresholds").value == "-1; 1"
    assert at.number_input(key="si_form_change_years").value == 2
    at.text_input(key="si_form_key").set_value("wandel")
    at.text_input(key="si_form_name").set_value("Wandel")
    at.multiselect(key="si_form_indicators").set_value(["sgb2_rate", "child_poverty"]).run()
    at.selectbox(key="si_form_level").set_value("social_space")
    at.button(key="si_save").click().run()
    assert not at.exception
    assert not at.error
    stored = social_index_store.load_definition(index_db, "wandel")
    assert [c.label for c in stored.classes] == ["positiv", "stabil", "negativ"]
    assert stored.change_years == 2


def test_new_definition_with_a_taken_key_is_refused(index_db):
    status = _status(index_db)
    at = open_page()
    at.radio(key="si_action").set_value("Neu").run()
    at.text_input(key="si_form_key").set_value(status.key)
    at.text_input(key="si_form_name").set_value("Doppelt")
    at.multiselect(key="si_form_indicators").set_value(["sgb2_rate"]).run()
    at.button(key="si_save").click().run()
    assert "gibt es schon" in at.error[0].value
    assert social_index_store.load_definition(index_db, status.key) == status


def test_delete_needs_confirmation(index_db):
    status = _status(index_db)
    at = open_page(sozialindex=status.key)
    at.radio(key="si_action").set_value("Löschen").run()
    assert at.button(key="si_delete").disabled
    at.checkbox(key="si_delete_confirm").check().run()
    at.button(key="si_delete").click().run()
    assert not at.exception
    assert social_index_store.load_definition(index_db, status.key) is None
    assert at.selectbox(key="sozialindex").value != status.key
