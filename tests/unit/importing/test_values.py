from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sozialraum.importing.values import CellState, detect_decimal_comma, parse_number
from sozialraum.periods import read_stichtag


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
        # Wien's REF_DATE, also from the 19th century
        ("20021231", date(2002, 12, 31)),
        ("18691231", date(1869, 12, 31)),
        ("20020101", date(2002, 1, 1)),
        ("20020230", None),
        ("20021301", None),
        # MM/YYYY: end of month
        ("12/2025", date(2025, 12, 31)),
        ("2/2024", date(2024, 2, 29)),
        ("13/2025", None),
        ("00/2025", None),
        ("2025-00", None),  # month 0 once became 31.12. of the year before
        # Excel: a date cell read as text, and a serial number (days since 30.12.1899)
        ("2023-12-31 00:00:00", date(2023, 12, 31)),
        ("45291", date(2023, 12, 31)),
        ("45291.0", date(2023, 12, 31)),
        (" 45107 ", date(2023, 6, 30)),
        ("4529", date(4529, 12, 31)),  # four digits are a year; the import's range check refuses this one
    ],
)
def test_periods(text, expected):
    assert read_stichtag(text) == expected


@given(st.dates(min_value=date(1000, 1, 1), max_value=date(9999, 12, 31)))
def test_every_compact_date_round_trips(day):
    assert read_stichtag(day.strftime("%Y%m%d")) == day


@given(st.dates(min_value=date(1927, 5, 18), max_value=date(2173, 10, 14)))
def test_every_five_digit_excel_serial_round_trips(day):
    serial = (day - date(1899, 12, 30)).days
    assert 10_000 <= serial <= 99_999
    assert read_stichtag(str(serial)) == day


@given(st.integers(min_value=1, max_value=12), st.integers(min_value=1800, max_value=2100))
def test_month_slash_year_is_the_last_day_of_that_month(month, year):
    period = read_stichtag(f"{month:02d}/{year}")
    assert (period.year, period.month) == (year, month)
    assert (period + timedelta(days=1)).day == 1


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
