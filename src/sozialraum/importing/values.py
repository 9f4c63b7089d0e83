"""German cell values: numbers with decimal comma and thousands separators, missing and suppressed markers.

Statistics offices write ``1.675``, ``1 675`` (also with a no-break space), ``9,7``, and mark cells they
may not publish with ``.`` or ``x``; ``-``, ``–``, ``k.A.``, ``/`` and empty cells mean "no value". None of
these is ever read as zero.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

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
