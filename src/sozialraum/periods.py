"""Reading a Stichtag as people type it on the command line: a year, a German date or an ISO date.

Shared by every command that takes ``--period``, so ``2025`` means the same everywhere: the last
Stichtag within that year among those the command can use.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sozialraum.formatting import format_date

_DATE_PATTERNS = ("%d.%m.%Y", "%Y-%m-%d")
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
    for pattern in _DATE_PATTERNS:
        try:
            period = datetime.strptime(text, pattern).date()
        except ValueError:
            continue
        if period not in available:
            raise PeriodError(f"Am {format_date(period)} {missing}. {available_text(available)}")
        return period
    raise PeriodError(f"»{text}« ist kein Jahr und kein Datum; erwartet z. B. 2025, 31.12.2025 oder 2025-12-31.")
