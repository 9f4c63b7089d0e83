"""``--period`` as people type it: one reading for every command."""

from datetime import date

import pytest

from sozialraum.periods import PeriodError, parse_period

HALF_YEARS = [date(2024, 6, 30), date(2024, 12, 31), date(2025, 6, 30)]
YEARLY = [date(year, 12, 31) for year in range(2014, 2026)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024", date(2024, 12, 31)),
        ("2025", date(2025, 6, 30)),
        ("30.06.2024", date(2024, 6, 30)),
        (" 2024-12-31 ", date(2024, 12, 31)),
    ],
)
def test_a_year_means_its_last_available_stichtag(text, expected):
    assert parse_period(text, HALF_YEARS) == expected


def test_unavailable_periods_name_what_is_possible():
    with pytest.raises(
        PeriodError,
        match=r"^Im Jahr 2013 liegen keine Kennzahlen vor\. Möglich: 12 Stichtage von "
        r"31\.12\.2014 bis 31\.12\.2025\.$",
    ):
        parse_period("2013", YEARLY, "liegen keine Kennzahlen vor")
    with pytest.raises(PeriodError, match=r"^Am 31\.12\.2025 liegen keine Daten vor\. Möglich: 30\.06\.2024, "):
        parse_period("31.12.2025", HALF_YEARS)
    with pytest.raises(PeriodError, match="»bald« ist kein Jahr und kein Datum"):
        parse_period("bald", YEARLY)
