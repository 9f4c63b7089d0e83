"""Reading a Stichtag (reference date) from text, in one place.

``read_stichtag`` reads what files and people write (``2025``, ``31.12.2025``, ``2025-12-31``, ``2025-12``,
``2024-H1``, an Excel serial …) and gives a date or None: the importers use it for period cells.
``parse_period`` is for the command line: it picks one of the Stichtage a command can use, a bare year
meaning the last of them within that year, and says in German what is possible when nothing fits.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta

from sozialraum.formatting import format_date

_LISTED_AT_MOST = 6


class PeriodError(ValueError):
    """The text names no usable Stichtag; the message is German and complete."""


def available_text(periods: Sequence[date]) -> str:
    if not periods:
        return "Für keinen Stichtag liegen Daten vor."
    if len(periods) <= _LISTED_AT_MOST:
        return "Möglich: " + ", ".join(format_date(period) for period in periods) + "."
    return f"Möglich: {len(periods)} Stichtage von {format_date(periods[0])} bis {format_date(periods[-1])}."


def parse_period(text: str, available: Sequence[date], missing: str = "liegen keine Daten vor") -> date:
    """``2020`` (the last available Stichtag in 2020), ``31.12.2020`` or ``2020-12-31``.

    ``missing`` completes the German sentence for an unavailable period: "Im Jahr 2020 {missing}."
    """
    available = sorted(available)
    text = text.strip()
    if text.isdigit() and len(text) == 4:
        in_year = [period for period in available if period.year == int(text)]
        if not in_year:
            raise PeriodError(f"Im Jahr {text} {missing}. {available_text(available)}")
        return in_year[-1]
    if (period := read_stichtag(text)) is not None:
        if period not in available:
            raise PeriodError(f"Am {format_date(period)} {missing}. {available_text(available)}")
        return period
    raise PeriodError(f"»{text}« ist kein Jahr und kein Datum; erwartet z. B. 2025, 31.12.2025 oder 2025-12-31.")


_YEAR = re.compile(r"^(\d{4})$")
_GERMAN_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
# pandas writes an Excel date cell read as text as »2023-12-31 00:00:00«.
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T]00:00(?::00)?)?$")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")  # Wien's REF_DATE: 20021231
_YEAR_MONTH = re.compile(r"^(\d{4})-?(\d{2})$")
_MONTH_YEAR = re.compile(r"^(\d{1,2})/(\d{4})$")
_HALF_YEAR = re.compile(r"^(\d{4})[-/ ]?(H|HJ)([12])$", re.IGNORECASE)
# An Excel date cell formatted as a number (or pasted as text) is a serial: days since 30.12.1899. Only
# five digits are taken as one (18.05.1927 to 2173): four are a year, six a YYYYMM, eight a YYYYMMDD.
_EXCEL_SERIAL = re.compile(r"^(\d{5})(?:\.0+)?$")
EXCEL_EPOCH = date(1899, 12, 30)


def read_stichtag(text: str) -> date | None:
    """A reference date (Stichtag) from ``2025`` (31.12.), ``31.12.2025``, ``2025-12-31``, ``20251231``,
    ``202012``, ``2025-12`` or ``12/2025`` (end of month), ``2024-H1`` (30.06.), or an Excel serial number
    such as ``45291`` (31.12.2023). None when unreadable."""
    stripped = str(text).strip()
    try:
        if match := _YEAR.match(stripped):
            return date(int(match[1]), 12, 31)
        if match := _GERMAN_DATE.match(stripped):
            return date(int(match[3]), int(match[2]), int(match[1]))
        if match := _ISO_DATE.match(stripped):
            return date(int(match[1]), int(match[2]), int(match[3]))
        if match := _COMPACT_DATE.match(stripped):
            return date(int(match[1]), int(match[2]), int(match[3]))
        if match := _HALF_YEAR.match(stripped):
            return date(int(match[1]), 6, 30) if match[3] == "1" else date(int(match[1]), 12, 31)
        if match := _YEAR_MONTH.match(stripped):
            return _end_of_month(int(match[1]), int(match[2]))
        if match := _MONTH_YEAR.match(stripped):
            return _end_of_month(int(match[2]), int(match[1]))
        if match := _EXCEL_SERIAL.match(stripped):
            return EXCEL_EPOCH + timedelta(days=int(match[1]))
    except ValueError:
        return None
    return None


def _end_of_month(year: int, month: int) -> date:
    if not 1 <= month <= 12:
        raise ValueError(month)  # month 0 would otherwise become 31.12. of the year before
    if month == 12:
        return date(year, 12, 31)
    return date(year, month + 1, 1).fromordinal(date(year, month + 1, 1).toordinal() - 1)


def latest_period_per_year(periods: Sequence[date]) -> dict[int, date]:
    """For pages that select a year: the last reference date within each year."""
    latest: dict[int, date] = {}
    for period in sorted(periods):
        latest[period.year] = period
    return latest


def periods_by_year(periods: Sequence[date], extra_years: Sequence[int] = ()) -> dict[int, date]:
    """Selectable years with the reference date each one shows: the last Stichtag within the year, and
    for ``extra_years`` without indicator data (e.g. budget plans for next year) the latest Stichtag
    before the year ends, so pages show the newest figures available then."""
    by_year = latest_period_per_year(periods)
    ordered = sorted(periods)
    for year in extra_years:
        earlier = [period for period in ordered if period <= date(year, 12, 31)]
        if year not in by_year and earlier:
            by_year[year] = earlier[-1]
    return by_year
