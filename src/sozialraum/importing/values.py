"""German cell values: numbers with decimal comma and thousands separators, missing and suppressed markers.

Statistics offices write ``1.675``, ``1 675`` (also with a no-break space), ``9,7``, and mark cells they
may not publish with ``.`` or ``x``; ``-``, ``–``, ``k.A.``, ``/`` and empty cells mean "no value". None of
these is ever read as zero.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

SUPPRESSED_MARKERS = frozenset({".", "x", "X", "•"})
MISSING_MARKERS = frozenset({"", "-", "–", "—", "k.A.", "k. A.", "ka", "n.v.", "/", "...", "NA", "nan"})

_SPACES = re.compile(r"[\s\u00a0\u202f]")
_GERMAN_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$")
_GERMAN_DECIMAL = re.compile(r"^[+-]?\d+(,\d+)?$")
_PLAIN_DECIMAL = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")


class CellState(enum.StrEnum):
    VALUE = "value"
    MISSING = "missing"
    SUPPRESSED = "suppressed"
    INVALID = "invalid"


@dataclass(frozen=True)
class ParsedNumber:
    state: CellState
    value: float | None = None


def parse_number(text: str | float | int | None, decimal_comma: bool = True) -> ParsedNumber:
    """Read one cell. ``decimal_comma`` is the file's convention (see ``detect_decimal_comma``).

    With a decimal comma, ``1.675`` is one thousand six hundred seventy-five; without, it is 1.675.
    """
    if text is None:
        return ParsedNumber(CellState.MISSING)
    if isinstance(text, int | float):
        return ParsedNumber(CellState.VALUE, float(text)) if text == text else ParsedNumber(CellState.MISSING)
    stripped = text.strip()
    if stripped in SUPPRESSED_MARKERS:
        return ParsedNumber(CellState.SUPPRESSED)
    if stripped in MISSING_MARKERS:
        return ParsedNumber(CellState.MISSING)
    # Excel exports often keep the unit in the cell: "12,5 %" or "1.234 €".
    compact = _SPACES.sub("", stripped).replace("−", "-").removesuffix("%").removesuffix("€")
    if decimal_comma:
        if _GERMAN_THOUSANDS.match(compact) or _GERMAN_DECIMAL.match(compact):
            return ParsedNumber(CellState.VALUE, float(compact.replace(".", "").replace(",", ".")))
    elif _PLAIN_DECIMAL.match(compact.replace(",", "")) and _thousands_commas_ok(compact):
        return ParsedNumber(CellState.VALUE, float(compact.replace(",", "")))
    return ParsedNumber(CellState.INVALID)


def _thousands_commas_ok(compact: str) -> bool:
    if "," not in compact:
        return True
    return bool(re.match(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$", compact))


def detect_decimal_comma(cells: list[str]) -> bool:
    """Whether a column (or file) writes decimals with a comma. German is the default: only clear
    evidence of a decimal point (``4.22594``: a dot followed by other than three digits) switches."""
    for cell in cells:
        compact = _SPACES.sub("", cell.strip())
        if re.match(r"^[+-]?\d+,\d+$", compact) and not re.match(r"^[+-]?\d{1,3}(,\d{3})+$", compact):
            return True
        if re.match(r"^[+-]?\d*\.\d+$", compact) and not re.match(r"^[+-]?\d{1,3}(\.\d{3})+$", compact):
            return False
    return True


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


def parse_period(text: str) -> date | None:
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


def parse_numbers(cells: pd.Series, decimal_comma: bool = True) -> tuple[pd.Series, pd.Series]:
    """``parse_number`` for a whole column at once: (values as float, states as CellState strings).

    Same rules as the scalar version (a test holds them equal); vectorised because a million-row
    import cannot afford a Python call per cell.
    """
    text = cells.astype(str).str.strip()
    suppressed = text.isin(SUPPRESSED_MARKERS)
    missing = text.isin(MISSING_MARKERS) | cells.isna()
    compact = (
        text.str.replace(r"[\s\u00a0\u202f]", "", regex=True)
        .str.replace("−", "-", regex=False)
        .str.removesuffix("%")
        .str.removesuffix("€")
    )
    if decimal_comma:
        valid = compact.str.match(_GERMAN_THOUSANDS.pattern) | compact.str.match(_GERMAN_DECIMAL.pattern)
        numeric = compact.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    else:
        without_commas = compact.str.replace(",", "", regex=False)
        thousands_ok = ~compact.str.contains(",", regex=False) | compact.str.match(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
        valid = without_commas.str.match(_PLAIN_DECIMAL.pattern) & thousands_ok
        numeric = without_commas
    valid &= ~suppressed & ~missing
    values = pd.to_numeric(numeric.where(valid), errors="coerce")
    states = pd.Series(CellState.INVALID.value, index=cells.index, dtype=object)
    states[valid] = CellState.VALUE.value
    states[missing] = CellState.MISSING.value
    states[suppressed] = CellState.SUPPRESSED.value
    return values.astype(float), states
