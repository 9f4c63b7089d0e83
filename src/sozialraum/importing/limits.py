"""What the schema and the pages can hold, read from ``models`` so the check refuses what a write would.

SQLite stores a 300-character key in a ``VARCHAR(64)``, a NUL byte in text and a 10^17 amount in a
``NUMERIC(16,2)``; PostgreSQL refuses all three, but only when writing. The check therefore asks these
functions, which take the limits from the column types, so both databases refuse the same files, at the
check, with a message naming row and column.
"""

from __future__ import annotations

import math

from sqlalchemy import Column, Float, Integer, Numeric, String

from sozialraum.formatting import format_number

#: Largest magnitude a stored float may have: integers up to 2^53 are exact, and the formatter's
#: half-up rounding (``Decimal`` with 28 digits) stays exact far beyond it.
MAX_FLOAT = 1e15
#: Decimals ``formatting.format_number`` is used with; beyond six, no page shows a difference.
MAX_DECIMALS = 6
#: Significant decimal digits a float keeps through every round trip (C's DBL_DIG).
FLOAT_DIGITS = 15
#: PostgreSQL's INTEGER (SQLite's is wider; the stricter one decides).
MAX_INTEGER = 2**31 - 1


def text_problem(column: Column, text: str) -> str | None:
    """A German reason why ``text`` cannot be stored in ``column`` (String length, NUL byte), or None."""
    if "\x00" in text:
        return "Text enthält ein Nullzeichen (NUL), das die Datenbank nicht speichern kann."
    length = getattr(column.type, "length", None)
    if isinstance(column.type, String) and length is not None and len(text) > length:
        return f"Text ist {format_number(len(text))} Zeichen lang, erlaubt sind höchstens {format_number(length)}."
    return None


def number_problem(column: Column, value: float) -> str | None:
    """A German reason why ``value`` cannot be stored exactly in ``column`` or shown by the pages, or None."""
    if not math.isfinite(value):
        return "Zahl ist nicht endlich (unendlich oder zu groß für die Datenbank)."
    if isinstance(column.type, Numeric) and not isinstance(column.type, Float):
        limit = numeric_limit(column)
        if abs(value) > limit:
            return (
                f"Betrag {plain_number(value)} ist zu groß: centgenau gespeichert werden höchstens "
                f"{format_number(limit, column.type.scale or 0)}."
            )
        return None
    if isinstance(column.type, Integer):
        if value != int(value):
            return f"Ganze Zahl erwartet, gefunden {plain_number(value)}."
        if abs(value) > MAX_INTEGER:
            return f"Zahl {plain_number(value)} ist zu groß (höchstens {format_number(MAX_INTEGER)})."
        return None
    if abs(value) > MAX_FLOAT:
        return f"Zahl {plain_number(value)} ist zu groß (höchstens {format_number(MAX_FLOAT)})."
    return None


def numeric_limit(column: Column) -> float:
    """The largest amount a ``NUMERIC(p, s)`` column read as float holds to the last digit: below 10^(p−s),
    and within the 15 significant digits every float keeps (``DBL_DIG``) and PostgreSQL keeps when it casts
    a float parameter to NUMERIC (90.071.992.547.409,92 comes back as …409,9)."""
    precision, scale = column.type.precision, column.type.scale or 0
    digits = min(precision, FLOAT_DIGITS)
    return round(10 ** (digits - scale) - 10**-scale, scale)


def plain_number(value: float) -> str:
    """A number as a user wrote it (``2,5``, ``1.000.000``, ``1,000e+17``): the formatter rounds to 28 digits."""
    if abs(value) >= 1e15:
        return f"{value:.3e}".replace(".", ",")
    return format_number(value, 6).rstrip("0").removesuffix(",")
