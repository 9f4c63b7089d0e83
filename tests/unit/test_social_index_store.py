"""Sozialindex definitions: TOML in and out, and the database as their home (SQLite and PostgreSQL)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sozialraum.analysis.social_index import (
    DYNAMICS_CLASSES,
    STATUS_CLASSES,
    IndexClass,
    IndexComponent,
    IndexDefinition,
)
from sozialraum.models import Indicator, SocialIndex, SocialIndexComponent
from sozialraum.services.social_index import save_definition
from sozialraum.store.social_index import (
    definition_from_toml,
    definition_to_toml,
    delete_definition,
    list_definitions,
    load_definition,
)

STATUS_TOML = """
key = "status"
name = "Status-Index"
description = "Wie das MSS: \\"S1, S3, S4\\""
kind = "status"
level = "social_space"
population_indicator = "pop_total"

[[components]]
indicator = "sgb2_rate"

[[components]]
indicator = "unemployment_rate"
weight = 0.5

[[components]]
indicator = "childcare_u3"
weight = 2
direction = -1
"""


def test_toml_with_defaults():
    definition = definition_from_toml(STATUS_TOML, "status.toml")
    assert definition.components == (
        IndexComponent("sgb2_rate", 1.0, 1),
        IndexComponent("unemployment_rate", 0.5, 1),
        IndexComponent("childcare_u3", 2.0, -1),
    )
    assert definition.thresholds == (-1.0, 1.0, 1.5)
    assert definition.classes == STATUS_CLASSES
    assert definition.min_population == 300
    assert definition.description == 'Wie das MSS: "S1, S3, S4"'
    assert definition.change_years is None


def test_dynamics_defaults_and_no_population_threshold():
    text = 'key = "d"\nname = "Dynamik"\nkind = "dynamics"\nmin_population = 0\nchange_years = 2\n'
    text += '[[components]]\nindicator = "sgb2_rate"\n'
    definition = definition_from_toml(text)
    assert definition.classes == DYNAMICS_CLASSES
    assert definition.thresholds == (-1.0, 1.0)
    assert definition.min_population is None
    assert definition.change_years == 2


@pytest.mark.parametrize(
    "definition",
    [
        definition_from_toml(STATUS_TOML),
        IndexDefinition(
            key="eigen-1",
            name="Eigener Index mit »Anführungszeichen« und \\ Backslash",
            components=(IndexComponent("a", 0.25, -1), IndexComponent("b", 3.0)),
            thresholds=(-0.5, 0.0, 2.25),
            classes=(
                IndexClass("A", "gut"),
                IndexClass("B", "eher gut"),
                IndexClass("C", "eher schlecht"),
                IndexClass("D", "schlecht"),
            ),
            min_population=None,
            level="planning_area",
            kind="dynamics",
            change_years=3,
            valid_from=date(2012, 12, 31),
            valid_to=date(2016, 12, 31),
        ),
    ],
)
def test_toml_round_trip(definition):
    assert definition_from_toml(definition_to_toml(definition)) == definition


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('key = "s"\nname = \nlevel = "x"', r"datei\.toml: kein gültiges TOML \(Zeile 2, Spalte 8"),
        ('key = "s"\nname = ', r"kein gültiges TOML \(am Dateiende: Invalid value\)"),
        ('name = "S"\n[[components]]\nindicator = "x"\n', "Pflichtfeld »key« fehlt"),
        ('key = "s"\nname = "S"\n', "Pflichtfeld »components« fehlt"),
        ('key = "s"\nname = "S"\nkind = "statik"\n[[components]]\nindicator = "x"\n', "»kind«: »statik«"),
        ('key = "s"\nname = "S"\nlevel = "kiez"\n[[components]]\nindicator = "x"\n', "»level«: »kiez«"),
        ('key = "s"\nname = "S"\nschwelle = 1\n[[components]]\nindicator = "x"\n', "unbekannte.*schwelle"),
        ('key = "s"\nname = "S"\n[[components]]\nindicator = "x"\nweight = "1"\n', r"components\[1\]\.weight"),
        ('key = "s"\nname = "S"\n[[components]]\nindicator = "x"\nweight = -1\n', r"components\[1\]\.weight"),
        ('key = "s"\nname = "S"\n[[components]]\nindicator = "x"\ndirection = 2\n', r"components\[1\]\.direction"),
        ('key = "s"\nname = "S"\n[[components]]\nweight = 1\n', r"»components\[1\]\.indicator« fehlt"),
        ('key = "s"\nname = "S"\n[[components]]\nindicator = "x"\n[[components]]\nindicator = "x"\n', "nur einmal"),
        ('key = "s"\nname = "S"\nthresholds = [1, 0, 2]\n[[components]]\nindicator = "x"\n', "streng aufsteigen"),
        ('key = "s"\nname = "S"\nthresholds = [0]\n[[components]]\nindicator = "x"\n', "eine Klasse mehr"),
        ('key = "s s"\nname = "S"\n[[components]]\nindicator = "x"\n', "»key«: »s s«"),
        ('key = "s"\nname = "S"\nchange_years = 0\n[[components]]\nindicator = "x"\n', "change_years"),
        ('key = "s"\nname = "S"\nvalid_from = "31.12."\n[[components]]\nindicator = "x"\n', "»valid_from«: »31.12.«"),
        (
            'key = "s"\nname = "S"\nvalid_from = 2020-12-31\nvalid_to = 2018-12-31\n[[components]]\nindicator = "x"\n',
            "»valid_from« darf nicht nach »valid_to«",
        ),
    ],
)
def test_bad_toml_names_file_and_field(text, message):
    with pytest.raises(ValueError, match=message) as raised:
        definition_from_toml(text, "datei.toml")
    assert str(raised.value).startswith("datei.toml: ")


@pytest.fixture
def catalogue_engine(empty_engine):
    """A database with just the catalogue entries the definitions above use."""
    with Session(empty_engine) as session, session.begin():
        for key in ("sgb2_rate", "unemployment_rate", "childcare_u3", "pop_total"):
            session.add(
                Indicator(key=key, name=key, short_name=key, unit="%", topic="T", kind="share", aggregation="weighted")
            )
    return empty_engine


def test_validity_reads_as_toml_date_or_iso_text():
    text = 'key = "s"\nname = "S"\nvalid_from = 2018-12-31\nvalid_to = "2020-12-31"\n[[components]]\nindicator = "x"\n'
    definition = definition_from_toml(text)
    assert (definition.valid_from, definition.valid_to) == (date(2018, 12, 31), date(2020, 12, 31))
    applies = [definition.applies_to(date(year, 12, 31)) for year in (2016, 2018, 2020, 2021)]
    assert applies == [False, True, True, False]
    assert "valid_from = 2018-12-31" in definition_to_toml(definition)


def test_store_keeps_the_validity(catalogue_engine):
    definition = replace(definition_from_toml(STATUS_TOML), valid_to=date(2016, 12, 31))
    save_definition(catalogue_engine, definition, materialise=False)
    assert load_definition(catalogue_engine, "status").valid_to == date(2016, 12, 31)


def test_store_round_trip_upsert_and_delete(catalogue_engine):
    engine = catalogue_engine
    definition = definition_from_toml(STATUS_TOML)
    save_definition(engine, definition, materialise=False)
    assert load_definition(engine, "status") == definition

    changed = definition.without("unemployment_rate").with_weight("childcare_u3", 1.5)
    save_definition(engine, changed, materialise=False)
    assert load_definition(engine, "status") == changed
    assert [d.key for d in list_definitions(engine)] == ["status"]
    with Session(engine) as session:
        assert session.scalar(select(func.count(SocialIndexComponent.id))) == 2
        assert session.scalar(select(SocialIndex.output_indicator_key)) == "index_status"

    delete_definition(engine, "status")
    assert load_definition(engine, "status") is None
    with Session(engine) as session:
        assert session.scalar(select(func.count(SocialIndexComponent.id))) == 0


def test_unknown_indicators_are_named_and_nothing_is_written(catalogue_engine):
    bad = definition_from_toml(STATUS_TOML.replace('"sgb2_rate"', '"sgb3_rate"').replace("pop_total", "ew"))
    with pytest.raises(ValueError, match="unbekannte Kennzahl.*sgb3_rate, ew"):
        save_definition(catalogue_engine, bad)
    with Session(catalogue_engine) as session:
        assert session.scalar(select(func.count(SocialIndex.id)).where(SocialIndex.key == "status")) == 0
        assert session.scalar(select(func.count(Indicator.id)).where(Indicator.key == "index_status")) == 0
