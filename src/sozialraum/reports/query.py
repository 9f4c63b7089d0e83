"""Reading a view's settings, one way for every report: from the URL (strings, or lists of them for a
repeated key, of which the last counts, as in Streamlit's ``st.query_params``) and from a stored slide (the
plain JSON values ``Params.to_query`` wrote, or those of decks stored before it). Malformed values read as
absent, so a hand-edited link or an old deck falls back to the view's default instead of failing.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date
from typing import Any


def first(mapping: Mapping[str, Any], key: str) -> Any:
    """One value of ``key``: the URL gives strings (or lists of them), a stored slide plain JSON values."""
    value = mapping.get(key)
    if isinstance(value, list | tuple) and value and not isinstance(value[0], list | tuple):
        return value[-1]
    return value


def text(mapping: Mapping[str, Any], key: str) -> str | None:
    value = first(mapping, key)
    return None if value is None or value == "" else str(value)


def integer(mapping: Mapping[str, Any], key: str) -> int | None:
    value = first(mapping, key)
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return int(number) if math.isfinite(number) else None


def number(mapping: Mapping[str, Any], key: str) -> float | None:
    value = first(mapping, key)
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def flag(mapping: Mapping[str, Any], key: str) -> bool:
    value = first(mapping, key)
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "ja", "yes")
    return bool(value)


def iso_date(mapping: Mapping[str, Any], key: str) -> date | None:
    """A Stichtag written as an ISO date (``2025-12-31``), or a stored ``date``."""
    value = first(mapping, key)
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)) if value not in (None, "") else None
    except ValueError:
        return None
