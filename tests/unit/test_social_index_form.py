"""The Sozialindex editor's check: typed values become a definition, or German messages and nothing."""

from __future__ import annotations

from datetime import date

import pytest

from sozialraum.analysis.social_index import (
    DYNAMICS_CLASSES,
    STATUS_CLASSES,
    STATUS_THRESHOLDS,
    IndexComponent,
    IndexDefinition,
)
from sozialraum.ui.social_index_form import (
    FAVOURABLE,
    UNFAVOURABLE,
    ComponentRow,
    DefinitionFormError,
    definition_from_form,
    form_from_definition,
    new_form,
    parse_german_number,
)

CATALOGUE = {"sgb2_rate", "child_poverty", "gymnasium_transition", "pop_total"}


def _valid_form():
    form = new_form("status", "planning_area")
    form.key, form.name = "status_test", "Status Test"
    form.components = [ComponentRow("sgb2_rate"), ComponentRow("gymnasium_transition", FAVOURABLE, 0.5)]
    form.population_indicator_key = "pop_total"
    return form


def test_new_status_form_yields_berlins_classes():
    definition = definition_from_form(_valid_form(), CATALOGUE)

    assert definition.thresholds == STATUS_THRESHOLDS
    assert definition.classes == STATUS_CLASSES
    assert definition.components == (
        IndexComponent("sgb2_rate", 1.0, 1),
        IndexComponent("gymnasium_transition", 0.5, -1),
    )
    assert definition.min_population == 300
    assert definition.change_years is None


def test_new_dynamics_form_has_three_classes_over_two_years():
    form = new_form("dynamics", "social_space")
    form.key, form.name, form.components = "dyn", "Dynamik", [ComponentRow("sgb2_rate")]
    definition = definition_from_form(form, CATALOGUE)
    assert definition.classes == DYNAMICS_CLASSES
    assert definition.change_years == 2
    assert definition.level == "social_space"


def test_zero_residents_means_no_threshold():
    form = _valid_form()
    form.min_population = 0
    assert definition_from_form(form, CATALOGUE).min_population is None


def test_round_trip_through_the_form_keeps_every_field():
    original = IndexDefinition(
        key="mss",
        name="MSS Status",
        components=(IndexComponent("sgb2_rate", 1.25), IndexComponent("child_poverty", 2.0, -1)),
        thresholds=(-1.0, 0.5, 1.75),
        classes=STATUS_CLASSES,
        description="Beschreibung",
        min_population=250,
        population_indicator_key="pop_total",
        level="social_space",
        kind="status",
        change_years=None,
        valid_from=date(2018, 12, 31),
    )
    form = form_from_definition(original)
    assert (form.valid_from, form.valid_to) == ("31.12.2018", "")
    assert form.thresholds == "-1; 0,5; 1,75"
    assert form.components[1].direction == FAVOURABLE
    assert [row.weight for row in form.components] == ["1,25", "2"]
    assert definition_from_form(form, CATALOGUE) == original


@pytest.mark.parametrize(("text", "number"), [("1,5", 1.5), ("-1", -1.0), ("\u22121,25", -1.25), ("2.5", 2.5)])
def test_german_numbers(text, number):
    assert parse_german_number(text) == number


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"key": "Status 2025"}, "Schlüssel: 1 bis 50 Zeichen"),
        ({"name": "  "}, "Bitte einen Namen angeben."),
        ({"components": []}, "Mindestens einen Indikator auswählen."),
        ({"components": [ComponentRow("unbekannt")]}, "Indikator »unbekannt« gibt es im Katalog nicht."),
        ({"components": [ComponentRow("sgb2_rate", UNFAVOURABLE, -1.0)]}, "Gewicht von »sgb2_rate«: eine Zahl ab 0"),
        ({"components": [ComponentRow("sgb2_rate", UNFAVOURABLE, 0.0)]}, "Mindestens ein Gewicht muss größer als 0"),
        (
            {"components": [ComponentRow("sgb2_rate", UNFAVOURABLE, "eins")]},
            "Gewicht von »sgb2_rate«: »eins« ist keine",
        ),
        ({"thresholds": "1; -1; 1,5"}, "Klassengrenzen müssen aufsteigend sein"),
        ({"thresholds": "-1; eins; 1,5"}, "Klassengrenzen: »eins« ist keine Zahl"),
        ({"thresholds": ""}, "Klassengrenzen: mindestens eine Grenze"),
        (
            {"class_labels": "hoch; mittel; niedrig"},
            "Klassen-Bezeichnungen: 3 Grenzen ergeben 4 Klassen, angegeben sind 3.",
        ),
        ({"class_codes": "1; 1; 3; 4"}, "Klassen-Kürzel: jeder Eintrag nur einmal."),
        ({"min_population": -5.0}, "Mindesteinwohnerzahl: eine Zahl ab 0"),
        ({"change_years": 0}, "Veränderung über Jahre: mindestens 1 Jahr"),
        ({"population_indicator_key": "pop_x"}, "Einwohner-Indikator »pop_x« gibt es im Katalog nicht."),
        ({"valid_from": "Ende 2018"}, "»Gilt ab Stichtag«: »Ende 2018« ist kein Datum"),
        ({"valid_from": "31.12.2020", "valid_to": "31.12.2018"}, "»Gilt ab Stichtag« darf nicht nach"),
    ],
)
def test_bad_input_gives_german_messages(change, message):
    form = _valid_form()
    for name, value in change.items():
        setattr(form, name, value)
    with pytest.raises(DefinitionFormError) as caught:
        definition_from_form(form, CATALOGUE)
    assert any(m.startswith(message) for m in caught.value.messages), caught.value.messages


def test_all_problems_are_reported_at_once():
    form = _valid_form()
    form.key, form.name, form.thresholds = "", "", "x"
    with pytest.raises(DefinitionFormError) as caught:
        definition_from_form(form, CATALOGUE)
    assert len(caught.value.messages) >= 3
