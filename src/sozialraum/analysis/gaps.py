"""Honest gaps: why a value is missing, and how complete a sum of smaller areas is.

A dash alone lets a reader guess; these functions name the reason in German, for captions, tooltips and
footnotes of the Übersicht, the Steckbrief and the Vergleich. Pure pandas and plain values, no database.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Mapping, Sequence
from datetime import date

import pandas as pd

from sozialraum.formatting import format_date, format_number
from sozialraum.models import Aggregation, ObservationFlag

#: Plural names of levels, for »Summe aus 95 von 104 Planungsräumen«.
LEVEL_PLURALS = {
    "city": "Gesamtstädten",
    "district": "Bezirken",
    "region": "Regionen",
    "social_space": "Sozialräumen",
    "planning_area": "Planungsräumen",
}


class GapReason(enum.StrEnum):
    SUPPRESSED = "suppressed"  # withheld by the source (statistische Geheimhaltung)
    NO_NUMERATORS = "no_numerators"  # a share published without numerators: not computable from smaller areas
    NOT_ADDITIVE = "not_additive"  # an index or score: no sum of smaller areas means anything
    PARTS_MISSING = "parts_missing"  # some smaller areas have no value, so their sum would be wrong
    NOT_COLLECTED_THEN = "not_collected_then"  # the indicator has no value at this Stichtag (other years only)
    OTHER_BOUNDARY = "other_boundary"  # the values sit on another Gebietsstand
    NOT_COLLECTED_HERE = "not_collected_here"  # the source gives no value for this area


_REASON_TEXT = {
    GapReason.SUPPRESSED: "gesperrt wegen statistischer Geheimhaltung",
    GapReason.NO_NUMERATORS: "nicht aus kleineren Gebieten berechenbar, da die Quelle keine Zähler und Nenner liefert",
    GapReason.NOT_ADDITIVE: "nicht aus kleineren Gebieten berechenbar, da sich ein Index nicht summieren lässt",
    GapReason.PARTS_MISSING: "nicht berechenbar, da nicht alle kleineren Gebiete einen Wert haben",
    GapReason.NOT_COLLECTED_THEN: "zu diesem Stichtag nicht erhoben",
    GapReason.OTHER_BOUNDARY: "Gebietsstand geändert, die Werte liegen auf einem anderen Gebietsstand vor",
    GapReason.NOT_COLLECTED_HERE: "für dieses Gebiet nicht erhoben",
}


def missing_reason(
    row: Mapping[str, object] | None,
    aggregation: str,
    level: str,
    *,
    collected_at_period: bool = True,
    on_other_boundary: bool = False,
    computable_from_parts: bool = True,
) -> GapReason | None:
    """Why the value in ``row`` (a ``repository.load_values`` row, None when there is none) is missing at
    ``level``; None when there is a value. ``aggregation`` is the indicator's rule (sum, weighted, none);
    ``collected_at_period`` says whether the indicator has any value at the Stichtag, ``on_other_boundary``
    whether its values then sit on another boundary version than this area's, ``computable_from_parts``
    whether smaller areas could give it (False: only finer levels are stored, without numerators or not
    additive; then no boundary version would have a value either)."""
    if row is not None:
        if row.get("flag") == ObservationFlag.SUPPRESSED:
            return GapReason.SUPPRESSED
        value = row.get("value")
        if value is not None and not _isnan(value):
            return None
        source = row.get("source_level")
        if isinstance(source, str) and source != level:
            if aggregation == Aggregation.NONE:
                return GapReason.NOT_ADDITIVE if _is_index(row) else GapReason.NO_NUMERATORS
            if aggregation == Aggregation.WEIGHTED and (_isnan(row.get("numerator")) or _isnan(row.get("denominator"))):
                return GapReason.NO_NUMERATORS
            return GapReason.PARTS_MISSING
    if not collected_at_period:
        return GapReason.NOT_COLLECTED_THEN
    if not computable_from_parts:
        return GapReason.NOT_ADDITIVE if row is not None and _is_index(row) else GapReason.NO_NUMERATORS
    if on_other_boundary:
        return GapReason.OTHER_BOUNDARY
    return GapReason.NOT_COLLECTED_HERE


def _isnan(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _is_index(row: Mapping[str, object]) -> bool:
    return row.get("kind") == "index"


def reason_text(reason: GapReason, last_period: date | None = None) -> str:
    """The German reason; a value not collected then names the indicator's latest earlier Stichtag."""
    text = _REASON_TEXT[reason]
    if reason == GapReason.NOT_COLLECTED_THEN and last_period is not None:
        text += f", letzter Wert: {format_date(last_period)}"
    return text


def coverage_text(parts: object, expected: object, source_level: str | None) -> str | None:
    """»Summe aus 95 von 104 Planungsräumen« when a sum covers fewer areas than lie in the area, else None."""
    if _isnan(parts) or _isnan(expected) or not source_level:
        return None
    parts, expected = int(parts), int(expected)
    if parts >= expected:
        return None
    plural = LEVEL_PLURALS.get(source_level, "Teilgebieten")
    return f"Summe aus {format_number(parts)} von {format_number(expected)} {plural}"


def parts_give_value(stored: pd.DataFrame, level: str, aggregation: str) -> bool:
    """Whether the observations ``stored`` (inventory rows of one indicator and Stichtag: level, numerators)
    can give a value at ``level``: stored there, or at finer levels and summable (counts, or shares with
    numerators)."""
    if level in set(stored["level"]):
        return True
    if aggregation == Aggregation.SUM:
        return True
    if aggregation == Aggregation.WEIGHTED:
        return bool(stored.get("numerators", pd.Series(dtype=float)).fillna(0).sum() > 0)
    return False


def last_period_before(periods: Sequence[date], period: date) -> date | None:
    """The latest of ``periods`` on or before ``period`` (an indicator's last Stichtag up to then)."""
    earlier = [p for p in periods if p <= period]
    return max(earlier) if earlier else None


def explain_gaps(
    values: pd.DataFrame,
    catalogue: pd.DataFrame,
    area_id: int,
    level: str,
    period: date,
    inventory: pd.DataFrame | None = None,
    area_version: str | None = None,
    keys: Sequence[str] | None = None,
) -> dict[str, str]:
    """For one area at ``period``: indicator key -> German note, for every indicator without a value (the
    reason) or with an incomplete sum (its coverage). ``values`` as from ``load_values`` for ``level``;
    ``inventory`` (``repository.observation_inventory``: indicator_key, period, boundary_version) tells
    »not collected then« and, with the area's ``area_version``, »boundary changed«."""
    own = values[(values["area_id"] == area_id) & (values["period"] == period)]
    own = own.drop_duplicates("indicator_key").set_index("indicator_key")
    notes: dict[str, str] = {}
    for key in keys if keys is not None else catalogue.index:
        meta = catalogue.loc[key]
        row = own.loc[key].to_dict() if key in own.index else None
        if row is not None:
            row["kind"] = meta["kind"]
        collected, other_version, computable, last = True, False, True, None
        if inventory is not None:
            of_key = inventory[inventory["indicator_key"] == key]
            at_period = of_key[of_key["period"] == period]
            collected = not at_period.empty
            versions = set(at_period["boundary_version"])
            other_version = area_version is not None and collected and area_version not in versions
            computable = collected and parts_give_value(at_period, level, str(meta["aggregation"]))
            last = last_period_before(list(of_key["period"]), period)
        reason = missing_reason(
            row if row is not None else {"kind": meta["kind"], "value": None},
            str(meta["aggregation"]),
            level,
            collected_at_period=collected,
            on_other_boundary=other_version,
            computable_from_parts=computable,
        )
        if reason is not None:
            notes[key] = reason_text(reason, last)
        elif row is not None:
            coverage = coverage_text(row.get("parts"), row.get("expected_parts"), row.get("source_level"))
            if coverage:
                notes[key] = coverage
    return notes


def comparison_gaps(
    values: pd.DataFrame,
    catalogue: pd.DataFrame,
    areas: Mapping[int, str],
    level: str,
    own_periods: Mapping[str, date | None],
    period: date,
    inventory: pd.DataFrame | None,
    area_versions: Mapping[int, str] | None = None,
) -> list[str]:
    """Footnotes for a table of several ``areas`` (id -> name): per indicator the reason its value is missing
    and where; »alle Gebiete« when it is missing in every one. ``own_periods``: each indicator's Stichtag;
    ``area_versions``: each area's boundary version (to tell »Gebietsstand geändert«)."""
    notes = []
    for key in catalogue.index:
        at = own_periods.get(key) or period
        by_reason: dict[str, list[str]] = {}
        for area_id, name in areas.items():
            version = (area_versions or {}).get(area_id)
            found = explain_gaps(values, catalogue, area_id, level, at, inventory, version, keys=[key])
            if key in found:
                by_reason.setdefault(found[key], []).append(name)
        for reason, names in by_reason.items():
            where = "alle Gebiete" if len(names) == len(areas) > 1 else ", ".join(names)
            notes.append(f"{catalogue.loc[key, 'name']} ({where}): {reason}")
    return notes


def incomplete_sums(values: pd.DataFrame) -> pd.Series:
    """Per row of ``load_values`` output: True where a sum covers fewer smaller areas than lie in the area.
    A change between two such sums (or one and a complete one) measures coverage, not the area."""
    if "parts" not in values or "expected_parts" not in values:
        return pd.Series(False, index=values.index)
    parts = pd.to_numeric(values["parts"], errors="coerce")
    expected = pd.to_numeric(values["expected_parts"], errors="coerce")
    return (parts < expected).fillna(False).astype(bool)


def is_count(meta: Mapping[str, object]) -> bool:
    """A count (persons, cases): its city value is a total, not an average, and no area is compared with it."""
    return meta.get("aggregation") == Aggregation.SUM


def city_reference_label(meta: Mapping[str, object]) -> str:
    """»Stadt gesamt« for counts (a total), »Stadtwert« for rates and shares (weighted from sums)."""
    return "Stadt gesamt" if is_count(meta) else "Stadtwert"
