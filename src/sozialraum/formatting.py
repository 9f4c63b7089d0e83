"""German number, money and date formats (``1.234,5``, ``12,3 %``, ``1,2 Mio. €``, ``31.12.2025``).

Written by hand rather than through ``locale`` or Babel: the process locale is global state that
differs between servers, and these few formats are all the UI needs.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pandas as pd

DASH = "–"  # shown for missing values


def _is_missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def round_half_up(value: float, decimals: int) -> float:
    """Kaufmännisches Runden as statistics offices publish (2,25 -> 2,3), not Python's half-to-even.

    Goes through the shortest decimal representation, so 2.675 rounds to 2.68 as a reader expects.
    """
    quantum = Decimal(1).scaleb(-decimals)
    return float(Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP))


def round_or_none(value: object, decimals: object) -> float | None:
    """A number for a table file, rounded half-up as the pages show it; None (an empty cell) when missing."""
    if value is None or pd.isna(value):
        return None
    return round_half_up(float(value), int(decimals))


def format_number(value: float | None, decimals: int = 0, signed: bool = False) -> str:
    """``1234.5 -> '1.234,5'``; ``None``/NaN -> ``'–'``; ``signed`` prefixes ``+``."""
    if _is_missing(value):
        return DASH
    rounded = round_half_up(float(value), decimals)
    if rounded == 0:
        rounded = 0.0  # avoid "-0,0"
    text = f"{abs(rounded):,.{decimals}f}".replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")
    if rounded < 0:
        return "-" + text
    return ("+" + text) if signed and rounded > 0 else text


def format_percent(value: float | None, decimals: int = 1, signed: bool = False) -> str:
    """A value already in per cent: ``12.34 -> '12,3 %'``."""
    if _is_missing(value):
        return DASH
    return f"{format_number(value, decimals, signed)}\u00a0%"


def format_points(value: float | None, decimals: int = 1) -> str:
    """A change of a share in percentage points: ``-1.25 -> '−1,3 Pp.'``."""
    if _is_missing(value):
        return DASH
    return f"{format_number(value, decimals, signed=True)}\u00a0Pp."


def format_euro(value: float | None, compact: bool = True) -> str:
    """Money: ``1_234_567 -> '1,2 Mio. €'`` (compact) or ``'1.234.567 €'``."""
    if _is_missing(value):
        return DASH
    amount = float(value)
    if compact and abs(amount) >= 1e9:
        return f"{format_number(amount / 1e9, 2)}\u00a0Mrd.\u00a0€"
    if compact and abs(amount) >= 1e6:
        return f"{format_number(amount / 1e6, 1)}\u00a0Mio.\u00a0€"
    if compact and abs(amount) >= 1e4:
        return f"{format_number(amount / 1e3, 0)}\u00a0Tsd.\u00a0€"
    return f"{format_number(amount, 0)}\u00a0€"


def format_value(value: float | None, unit: str, decimals: int) -> str:
    """A value with its unit as the catalogue states it (``%`` glued the German way)."""
    if _is_missing(value):
        return DASH
    if unit == "%":
        return format_percent(value, decimals)
    number = format_number(value, decimals)
    return f"{number}\u00a0{unit}" if unit else number


def format_change(change: float | None, unit: str, decimals: int) -> str:
    """A signed change; changes of shares are percentage points, not per cent."""
    if _is_missing(change):
        return DASH
    if unit == "%":
        return format_points(change, decimals)
    number = format_number(change, decimals, signed=True)
    return f"{number}\u00a0{unit}" if unit else number


def format_date(day: date | None) -> str:
    return DASH if day is None else day.strftime("%d.%m.%Y")


def _cents(value: float | None) -> str:
    return DASH if _is_missing(value) else format_number(value, 2) + "\u00a0€"


#: Display format per column kind of a table spec (see ``sozialraum.ui.tables``): one place for screen and slides.
KIND_FORMATTERS: dict[str, Callable[[Any], str]] = {
    "text": lambda v: DASH if pd.isna(v) else str(v),
    "euro": lambda v: format_euro(v, compact=False),
    "percent": format_percent,
    "points": lambda v: format_number(v, 1, signed=True),
    "cents": _cents,
    "count": format_number,
    "number": lambda v: format_number(v, 1),
    "factor": lambda v: format_number(v, 2),
}


def display_strings(frame: pd.DataFrame, spec: Mapping[str, str]) -> pd.DataFrame:
    """``frame`` (German column names) as German display strings, column by column as ``spec`` says."""
    return pd.DataFrame(
        {column: [KIND_FORMATTERS[spec.get(column, "text")](v) for v in frame[column]] for column in frame.columns}
    )


_GERMAN_THOUSANDS_ONLY = re.compile(r"-?\d{1,3}(\.\d{3})+")


def parse_german_number(text: str) -> float:
    """A number a person typed the German way: ``"1,5"``, ``"-1"``, ``"−1"`` (typographic minus),
    ``"1.000"`` (thousands), ``"1.000,5"``; a lone ``"20.5"`` stays 20.5. ValueError for anything else,
    including infinities and NaN. The one parser for form fields (index thresholds, weights, class breaks);
    file cells go through ``importing.values.parse_number``, which also knows the file's convention."""
    cleaned = text.strip().replace("\u2212", "-").replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    if "," in cleaned or _GERMAN_THOUSANDS_ONLY.fullmatch(cleaned):
        cleaned = cleaned.replace(".", "").replace(",", ".")
    number = float(cleaned)
    if not math.isfinite(number):
        raise ValueError(text)
    return number
