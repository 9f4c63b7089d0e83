"""The project's words are defined once (``sozialraum.vocabulary``) and parse back."""

from __future__ import annotations

import pytest

from sozialraum.formatting import parse_german_number
from sozialraum.models import AREA_LEVELS, AidType, IndicatorKind
from sozialraum.vocabulary import (
    AID_TYPE_LABELS,
    AID_TYPE_WORDS,
    INDICATOR_KIND_LABELS,
    LEVEL_CLI_WORDS,
    LEVEL_PLURAL,
    LEVEL_SINGULAR,
    LEVEL_WORDS,
    POLARITY_TEXT,
    POLARITY_WORDS,
    goal_rule_text,
    level_from_word,
    word_for,
)


def test_every_level_has_every_word():
    levels = {level.value for level in AREA_LEVELS}
    for table in (LEVEL_WORDS, LEVEL_SINGULAR, LEVEL_PLURAL, LEVEL_CLI_WORDS):
        assert set(table) == levels


@pytest.mark.parametrize("level", [level.value for level in AREA_LEVELS])
def test_url_word_and_old_internal_spelling_both_parse(level):
    # The Karte used to write ?ebene=social_space, the other pages ?ebene=bezirk: both keep working.
    assert level_from_word(word_for(level)) == level
    assert level_from_word(level) == level
    assert level_from_word(f" {word_for(level).upper()} ") == level


def test_unknown_level_word_is_none():
    assert level_from_word("stadtteil") is None
    assert level_from_word(None) is None


def test_kinds_aid_types_and_polarity_are_complete_and_parse_back():
    assert set(INDICATOR_KIND_LABELS) == {kind.value for kind in IndicatorKind}
    assert set(AID_TYPE_LABELS) == {aid.value for aid in AidType}
    for aid, label in AID_TYPE_LABELS.items():
        assert AID_TYPE_WORDS[label] == aid
        assert AID_TYPE_WORDS[aid] == aid
    for polarity, text in POLARITY_TEXT.items():
        assert POLARITY_WORDS[text] == polarity


def test_goal_rule_text_comes_from_the_share():
    assert "mindestens 60 % der nötigen Veränderung" in goal_rule_text(5, 0.6)
    assert "mindestens 75 %" in goal_rule_text(5, 0.75)
    assert "der letzten 3 Jahre" in goal_rule_text(3, 0.6)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1,5", 1.5), ("-1", -1.0), ("\u22121", -1.0), ("1.000", 1000.0), ("1.000,5", 1000.5), ("20.5", 20.5)],
)
def test_parse_german_number(text, expected):
    assert parse_german_number(text) == expected


@pytest.mark.parametrize("text", ["", "x", "inf", "nan", "1,2,3"])
def test_parse_german_number_refuses(text):
    with pytest.raises(ValueError, match="."):
        parse_german_number(text)
