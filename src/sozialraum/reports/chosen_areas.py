"""Areas a view names by key (``gebiete=0101,0102``), resolved as the pages' pickers resolve them.

Keys are unique only within one boundary version, so the areas are those of one version: the one valid at
the view's Stichtag, else the newest that has the level (as ``ui.area_choice`` offers them).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import pandas as pd

from sozialraum.analysis.steckbrief import ancestors
from sozialraum.periods import periods_by_year
from sozialraum.reports.source import Source


class AreaChoiceError(LookupError):
    """A named area, level or year is not (any more) in the database; the message is German."""


def keys_of(raw: object) -> tuple[str, ...]:
    """``"0101,0102"`` (URL) or ``["0101", "0102"]`` (stored slide) -> ``("0101", "0102")``."""
    if raw is None or raw == "":
        return ()
    parts = raw.split(",") if isinstance(raw, str) else [str(part) for part in raw]  # type: ignore[union-attr]
    return tuple(part.strip() for part in parts if part.strip())


def year_of(query: Mapping[str, Any]) -> int | None:
    try:
        return int(query["jahr"]) if query.get("jahr") not in (None, "") else None
    except (TypeError, ValueError):
        return None


def period_of_year(source: Source, year: int) -> date:
    """The Stichtag the sidebar shows for ``year`` (a budget's plan year: the latest before)."""
    by_year = periods_by_year(source.periods(), source.budget_years())
    if year not in by_year:
        raise AreaChoiceError(f"Für das Jahr {year} liegen keine Daten mehr vor.")
    return by_year[year]


def areas_of_one_version(source: Source, level: str, period: date | None) -> pd.DataFrame:
    """Areas of ``level`` in one boundary version: the one valid at ``period``, else the newest with the level."""
    areas = source.areas(level, period) if period is not None else source.areas(level).iloc[0:0]
    if not areas.empty:
        return areas
    everything = source.areas(level)
    if everything.empty:
        return everything
    versions = source.boundary_versions()
    present = set(everything["boundary_version"])
    order = [key for key in versions.sort_values("valid_from")["key"] if key in present]
    newest = order[-1] if order else everything["boundary_version"].iloc[-1]
    return everything[everything["boundary_version"] == newest].reset_index(drop=True)


def area_label(everything: pd.DataFrame, area_id: int) -> str:
    """The name with the social space and district above it (below district level), as in the pickers."""
    by_id = everything.set_index("id")
    above = [
        str(by_id.loc[a, "name"])
        for a in ancestors(everything, area_id)[1:]
        if by_id.loc[a, "level"] in ("social_space", "district")
    ]
    name = str(by_id.loc[area_id, "name"])
    return f"{name} ({', '.join(above)})" if above and by_id.loc[area_id, "level"] != "district" else name


def chosen_areas(source: Source, level: str, keys: Sequence[str], period: date | None) -> dict[int, str]:
    """Area id -> label for ``keys`` in their order; raises ``AreaChoiceError`` for a key that is gone."""
    offered = areas_of_one_version(source, level, period).set_index("key")
    everything = source.areas()
    labels: dict[int, str] = {}
    for key in keys:
        if key not in offered.index:
            raise AreaChoiceError(f"Das Gebiet »{key}« gibt es nicht mehr.")
        area_id = int(offered.loc[key, "id"])
        labels[area_id] = area_label(everything, area_id)
    return labels
