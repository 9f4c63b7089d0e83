from datetime import date

import pytest

from sozialraum.formatting import (
    format_change,
    format_date,
    format_euro,
    format_number,
    format_percent,
    format_value,
)


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (1234.5, 1, "1.234,5"),
        (1234567.891, 2, "1.234.567,89"),
        (0.05, 1, "0,1"),
        (-1234.5, 0, "-1.235"),  # half away from zero, as published statistics round
        (2.675, 2, "2,68"),
        (-0.04, 1, "0,0"),
        (None, 1, "–"),
        (float("nan"), 1, "–"),
    ],
)
def test_format_number_uses_german_separators(value, decimals, expected):
    assert format_number(value, decimals) == expected


def test_signed_numbers_show_plus_and_minus():
    assert format_number(2.25, 1, signed=True) == "+2,3"
    assert format_number(-2.26, 1, signed=True) == "-2,3"
    assert format_number(0, 1, signed=True) == "0,0"


def test_percent_and_points():
    assert format_percent(12.345) == "12,3\u00a0%"
    assert format_change(-1.25, "%", 1) == "-1,3\u00a0Pp."
    assert format_change(3.0, "je 1.000", 1) == "+3,0\u00a0je 1.000"


def test_money_is_compact_with_german_words():
    assert format_euro(1_234_567) == "1,2\u00a0Mio.\u00a0€"
    assert format_euro(2_500_000_000) == "2,50\u00a0Mrd.\u00a0€"
    assert format_euro(45_600) == "46\u00a0Tsd.\u00a0€"
    assert format_euro(999.4) == "999\u00a0€"
    assert format_euro(1_234_567, compact=False) == "1.234.567\u00a0€"


def test_value_with_unit_and_date():
    assert format_value(9.74, "%", 1) == "9,7\u00a0%"
    assert format_value(12345, "Personen", 0) == "12.345\u00a0Personen"
    assert format_value(None, "%", 1) == "–"
    assert format_date(date(2025, 12, 31)) == "31.12.2025"


def test_exported_numbers_round_half_up_like_the_pages():
    from sozialraum.formatting import round_or_none

    assert round(2.25, 1) == 2.2  # Python's own rounding would disagree with the page's "2,3"
    assert round_or_none(2.25, 1) == 2.3
    assert round_or_none(float("nan"), 1) is None
    assert round_or_none(None, 2) is None
