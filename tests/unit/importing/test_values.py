from datetime import date

import pytest

from sozialraum.importing.values import CellState, detect_decimal_comma, parse_number, parse_period


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9,7", 9.7),
        ("1.675", 1675.0),
        ("1 675", 1675.0),
        ("1\u00a0675,5", 1675.5),
        ("1\u202f675", 1675.0),
        ("-3,5", -3.5),
        ("−3,5", -3.5),
        ("12,5 %", 12.5),
        ("1.234 €", 1234.0),
        ("0", 0.0),
    ],
)
def test_german_numbers(text, expected):
    assert parse_number(text) == (CellState.VALUE, expected) or parse_number(text).value == pytest.approx(expected)


@pytest.mark.parametrize("marker", [".", "x", "X"])
def test_suppression_markers_are_not_zero(marker):
    assert parse_number(marker).state == CellState.SUPPRESSED
    assert parse_number(marker).value is None


@pytest.mark.parametrize("marker", ["", "-", "–", "k.A.", "/", "  "])
def test_missing_markers_are_not_zero(marker):
    assert parse_number(marker).state == CellState.MISSING


@pytest.mark.parametrize("text", ["abc", "1.2.3,4,5", "12a", "1,2,3"])
def test_garbage_is_invalid(text):
    assert parse_number(text).state == CellState.INVALID


def test_decimal_point_files_are_recognised():
    assert detect_decimal_comma(["3419", "4.22594"]) is False
    assert parse_number("4.22594", decimal_comma=False).value == pytest.approx(4.22594)
    assert detect_decimal_comma(["1.675", "9,7"]) is True
    assert detect_decimal_comma(["1.675", "2.000"]) is True  # thousands, German by default


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025", date(2025, 12, 31)),
        ("31.12.2025", date(2025, 12, 31)),
        ("30.6.2024", date(2024, 6, 30)),
        ("2024-06-30", date(2024, 6, 30)),
        ("202012", date(2020, 12, 31)),
        ("2024-02", date(2024, 2, 29)),
        ("2024-H1", date(2024, 6, 30)),
        ("2024 HJ2", date(2024, 12, 31)),
        ("2025-13", None),
        ("31.02.2025", None),
        ("irgendwann", None),
    ],
)
def test_periods(text, expected):
    assert parse_period(text) == expected


SAMPLES = [
    "9,7",
    "1.675",
    "1 675",
    "1\u00a0675,5",
    "-3,5",
    "−3,5",
    "12,5 %",
    "1.234 €",
    "0",
    ".",
    "x",
    "X",
    "",
    "-",
    "–",
    "k.A.",
    "/",
    "abc",
    "1.2.3,4,5",
    "12a",
    "1,2,3",
    "4.22594",
    "1,234.5",
    "  7  ",
    "2.000",
]


@pytest.mark.parametrize("decimal_comma", [True, False])
def test_the_column_parser_agrees_with_the_cell_parser(decimal_comma):
    import pandas as pd

    from sozialraum.importing.values import parse_numbers

    values, states = parse_numbers(pd.Series(SAMPLES), decimal_comma)
    for text, value, state in zip(SAMPLES, values, states, strict=True):
        expected = parse_number(text, decimal_comma)
        assert state == expected.state.value, text
        if expected.value is None:
            assert pd.isna(value), text
        else:
            assert value == pytest.approx(expected.value), text
