"""A composite social index, computed the way Berlin's Monitoring Soziale Stadtentwicklung (MSS) does it.

The method, in the order a planner would explain it to a council:

1. Areas are **excluded** when they have fewer residents than a threshold (default 300), when the
   source marks a value as not valid, or when a component value is missing. Excluded areas keep a row
   with the German reason and no class.
2. Each component indicator is **z-standardised over the valid areas** with the population standard
   deviation (ddof = 0), as the MSS does.
3. The z-values are summed with their **weights**, signed by **direction** (+1: a higher value raises the
   index, −1: lowers it).
4. The sum is **standardised again**, so the index has mean 0 and standard deviation 1 over valid areas.
5. **Classes** come from fixed thresholds. A value exactly on a threshold belongs to the class nearer to
   zero: Berlin's wording is "mittel −1 bis 1" and "niedrig > 1 bis 1,5".

No Streamlit and no database here: the input is a wide frame (one row per area, one column per
indicator), so the same code serves the page, the CLI, the tests and the sensitivity analysis.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

import numpy as np
import pandas as pd

from sozialraum.formatting import format_date, format_number

DEFAULT_MIN_POPULATION = 300

REASON_POPULATION = "weniger als {threshold} Einwohner"
REASON_INVALID = "von der Quelle als ungültig gekennzeichnet"
REASON_MISSING = "Wert fehlt: {keys}"
REASON_NO_POPULATION = "Einwohnerzahl fehlt"


@dataclass(frozen=True)
class IndexComponent:
    """One indicator in the index: ``direction`` +1 when a higher value means more disadvantage."""

    indicator_key: str
    weight: float = 1.0
    direction: int = 1

    def __post_init__(self) -> None:
        if self.direction not in (1, -1):
            raise ValueError(f"direction must be +1 or -1, not {self.direction!r}")
        if not math.isfinite(self.weight) or self.weight < 0:
            raise ValueError(f"weight must be a non-negative number, not {self.weight!r}")


@dataclass(frozen=True)
class IndexClass:
    """A class of the index: ``code`` is the short symbol (Berlin: 1–4 for status, +, +/-, - for dynamics)."""

    code: str
    label: str


@dataclass(frozen=True)
class IndexDefinition:
    """What an index is made of and how it is classified; ``thresholds`` ascend, one class more than them."""

    key: str
    name: str
    components: tuple[IndexComponent, ...]
    thresholds: tuple[float, ...]
    classes: tuple[IndexClass, ...]
    description: str = ""
    min_population: float | None = DEFAULT_MIN_POPULATION
    population_indicator_key: str | None = None
    level: str = "planning_area"
    kind: str = "status"
    # Dynamics from levels: each component enters as its change over this many years (value at P minus
    # value at P − n years). None when the components are changes already (Berlin's D indicators).
    change_years: int | None = None
    # The Stichtage the method applies to (inclusive; None = open). A statistics office changes its method
    # between reports (Berlin's MSS: four status indicators up to the 2017 report, three from 2019), so each
    # method is its own definition that says for which Stichtage it reproduces the published index.
    valid_from: date | None = None
    valid_to: date | None = None

    def __post_init__(self) -> None:
        if not self.components:
            raise ValueError("an index needs at least one indicator")
        keys = [component.indicator_key for component in self.components]
        if len(set(keys)) != len(keys):
            raise ValueError("an indicator may appear only once in an index")
        if list(self.thresholds) != sorted(self.thresholds) or len(set(self.thresholds)) != len(self.thresholds):
            raise ValueError("class thresholds must be strictly ascending")
        if len(self.classes) != len(self.thresholds) + 1:
            raise ValueError("there must be exactly one class more than thresholds")
        if sum(component.weight for component in self.components) <= 0:
            raise ValueError("at least one weight must be positive")
        if self.change_years is not None and self.change_years < 1:
            raise ValueError("change_years must be at least 1")
        if self.valid_from and self.valid_to and self.valid_from > self.valid_to:
            raise ValueError("valid_from must not be after valid_to")

    def applies_to(self, period: date) -> bool:
        """Whether the method is meant for the Stichtag ``period``."""
        return (self.valid_from is None or period >= self.valid_from) and (
            self.valid_to is None or period <= self.valid_to
        )

    @property
    def indicator_keys(self) -> list[str]:
        return [component.indicator_key for component in self.components]

    def without(self, indicator_key: str) -> IndexDefinition:
        return replace(self, components=tuple(c for c in self.components if c.indicator_key != indicator_key))

    def with_weight(self, indicator_key: str, weight: float) -> IndexDefinition:
        return replace(
            self,
            components=tuple(
                replace(c, weight=weight) if c.indicator_key == indicator_key else c for c in self.components
            ),
        )


def validity_text(definition: IndexDefinition) -> str:
    """»Die Methode gilt für die Stichtage vom 31.12.2012 bis 31.12.2016.« (empty when open both ways)."""
    start, end = definition.valid_from, definition.valid_to
    if start and end:
        span = f"vom {format_date(start)} bis {format_date(end)}"
    elif start:
        span = f"ab {format_date(start)}"
    elif end:
        span = f"bis {format_date(end)}"
    else:
        return ""
    return f"Die Methode gilt für die Stichtage {span}."


# Berlin's Monitoring Soziale Stadtentwicklung: the defaults the issue names.
STATUS_CLASSES = (
    IndexClass("1", "hoch"),
    IndexClass("2", "mittel"),
    IndexClass("3", "niedrig"),
    IndexClass("4", "sehr niedrig"),
)
STATUS_THRESHOLDS = (-1.0, 1.0, 1.5)
DYNAMICS_CLASSES = (IndexClass("+", "positiv"), IndexClass("+/-", "stabil"), IndexClass("-", "negativ"))
DYNAMICS_THRESHOLDS = (-1.0, 1.0)


def z_scores(values: pd.Series) -> pd.Series:
    """Standard scores with the population standard deviation.

    Values that do not vary get 0: such an indicator tells the areas nothing apart, so it must neither
    move the index nor exclude every area.
    """
    mean = values.mean()
    spread = values.std(ddof=0)
    if not spread or not math.isfinite(spread):
        return pd.Series(0.0, index=values.index, dtype=float).where(values.notna())
    return (values - mean) / spread


def classify(index: pd.Series, thresholds: Sequence[float], classes: Sequence[IndexClass]) -> pd.Series:
    """Class position (0 … len(thresholds)) per value; NaN stays NaN. Ties go to the class nearer zero."""
    positions = pd.Series(np.nan, index=index.index, dtype=float)
    present = index.notna()
    if len(classes) != len(thresholds) + 1:
        raise ValueError("there must be exactly one class more than thresholds")
    result = np.zeros(int(present.sum()), dtype=int)
    for threshold in thresholds:
        values = index[present].to_numpy(dtype=float)
        above = values >= threshold if threshold < 0 else values > threshold
        result += above
    positions[present] = result
    return positions


def exclusion_reasons(
    values: pd.DataFrame,
    definition: IndexDefinition,
    population: pd.Series | None = None,
    invalid: pd.Series | None = None,
) -> pd.Series:
    """The German reason each area is left out of the index (None for valid areas), first reason wins."""
    reasons = pd.Series(None, index=values.index, dtype=object)
    if invalid is not None:
        flagged = invalid.reindex(values.index).fillna(False).astype(bool)
        reasons[flagged] = REASON_INVALID
    if definition.min_population is not None:
        residents = population.reindex(values.index) if population is not None else None
        if residents is None:
            reasons[reasons.isna()] = REASON_NO_POPULATION
        else:
            unknown = residents.isna() & reasons.isna()
            reasons[unknown] = REASON_NO_POPULATION
            small = (residents < definition.min_population) & reasons.isna()
            reasons[small] = REASON_POPULATION.format(threshold=format_number(definition.min_population))
    for area, row in values[definition.indicator_keys].iterrows():
        if pd.isna(reasons[area]):
            missing = [key for key in definition.indicator_keys if pd.isna(row[key])]
            if missing:
                reasons[area] = REASON_MISSING.format(keys=", ".join(missing))
    # Boolean assignment turns untouched None into NaN; callers test "is None".
    return reasons.astype(object).where(reasons.notna(), None)


@dataclass(frozen=True)
class IndexResult:
    """Per area: ``z_<key>`` per component, ``weighted_sum``, ``index``, ``class_position``,
    ``class_code``, ``class_label`` and ``excluded`` (the German reason, None when the area is valid)."""

    definition: IndexDefinition
    table: pd.DataFrame

    @property
    def valid(self) -> pd.DataFrame:
        return self.table[self.table["excluded"].isna()]

    def class_counts(self) -> pd.Series:
        """Valid areas per class label, in class order (classes with no area show 0)."""
        labels = [c.label for c in self.definition.classes]
        return self.valid["class_label"].value_counts().reindex(labels, fill_value=0)


def compute_index(
    values: pd.DataFrame,
    definition: IndexDefinition,
    population: pd.Series | None = None,
    invalid: pd.Series | None = None,
) -> IndexResult:
    """The index of every area in ``values`` (rows: areas, columns: indicator keys).

    ``population`` (residents per area) is needed when the definition has a population threshold;
    ``invalid`` (True per area) carries the source's validity flags.
    """
    missing_columns = [key for key in definition.indicator_keys if key not in values.columns]
    if missing_columns:
        raise KeyError(f"no values for indicator(s) {', '.join(missing_columns)}")
    raw = values[definition.indicator_keys].astype(float)
    reasons = exclusion_reasons(raw, definition, population, invalid)
    valid = reasons.isna()

    table = pd.DataFrame(index=raw.index)
    weighted_sum = pd.Series(0.0, index=raw.index)
    for component in definition.components:
        z = z_scores(raw.loc[valid, component.indicator_key]).reindex(raw.index)
        table[f"z_{component.indicator_key}"] = z
        weighted_sum = weighted_sum + component.direction * component.weight * z.fillna(0.0)
    weighted_sum[~valid] = np.nan
    table["weighted_sum"] = weighted_sum
    table["index"] = z_scores(weighted_sum[valid]).reindex(raw.index)
    positions = classify(table["index"], definition.thresholds, definition.classes)
    table["class_position"] = positions.astype("Int64")
    table["class_code"] = positions.map(lambda p: None if pd.isna(p) else definition.classes[int(p)].code)
    table["class_label"] = positions.map(lambda p: None if pd.isna(p) else definition.classes[int(p)].label)
    table["excluded"] = reasons
    return IndexResult(definition, table)


def combined_classes(status: IndexResult, dynamics: IndexResult) -> pd.DataFrame:
    """Berlin's status-dynamics class per area: code ``2-`` and label "Status mittel, Dynamik negativ"."""
    joined = status.table[["class_code", "class_label"]].merge(
        dynamics.table[["class_code", "class_label"]],
        how="outer",
        left_index=True,
        right_index=True,
        suffixes=("_status", "_dynamics"),
    )
    both = joined["class_code_status"].notna() & joined["class_code_dynamics"].notna()
    code = joined["class_code_status"] + joined["class_code_dynamics"]
    label = "Status " + joined["class_label_status"] + ", Dynamik " + joined["class_label_dynamics"]
    return pd.DataFrame({"code": code.where(both), "label": label.where(both)}, index=joined.index)


def sensitivity(
    values: pd.DataFrame,
    definition: IndexDefinition,
    population: pd.Series | None = None,
    invalid: pd.Series | None = None,
    weight_factors: Sequence[float] = (0.5, 2.0),
) -> pd.DataFrame:
    """How many valid areas change class when one indicator is left out or its weight is scaled.

    One row per variant: ``indicator_key``, ``variant`` (German), ``changed`` (areas whose class differs
    from the base index), ``compared`` (areas valid in both) and ``share`` (changed / compared).
    """
    base = compute_index(values, definition, population, invalid).table["class_position"]
    rows: list[dict[str, object]] = []
    for component in definition.components:
        variants: list[tuple[str, IndexDefinition | None]] = []
        # Leaving out the only indicator (or the only one with a weight) leaves no index: no variant.
        try:
            remaining: IndexDefinition | None = definition.without(component.indicator_key)
        except ValueError:
            remaining = None
        variants.append(("ohne diesen Indikator", remaining))
        for factor in weight_factors:
            variants.append(
                (
                    f"Gewicht × {format_number(factor, 1)}",
                    definition.with_weight(component.indicator_key, component.weight * factor),
                )
            )
        for label, variant in variants:
            if variant is None:
                rows.append(_sensitivity_row(component.indicator_key, label, None, 0))
                continue
            other = compute_index(values, variant, population, invalid).table["class_position"]
            both = base.notna() & other.notna()
            changed = int((base[both] != other[both]).sum())
            rows.append(_sensitivity_row(component.indicator_key, label, changed, int(both.sum())))
    return pd.DataFrame(rows, columns=["indicator_key", "variant", "changed", "compared", "share"])


def _sensitivity_row(key: str, variant: str, changed: int | None, compared: int) -> dict[str, object]:
    share = changed / compared if changed is not None and compared else None
    return {"indicator_key": key, "variant": variant, "changed": changed, "compared": compared, "share": share}


# --- the classes in words (used by the materialised indicator's text, the CLI and the pages) ----------


def plain_number(value: float) -> str:
    """A threshold or weight as typed: ``1``, ``1,5``, ``0,25`` (no trailing zeros)."""
    if float(value).is_integer():
        return format_number(value, 0)
    return format_number(value, 3).rstrip("0")


def _opens_upward(threshold: float) -> bool:
    """A value exactly on ``threshold`` belongs to the class above it (``classify``: the class nearer 0)."""
    return threshold < 0


def class_ranges(definition: IndexDefinition) -> list[str]:
    """Each class's range in words, e.g. ``"mittel (2): −1 bis 1"`` and ``"niedrig (3): über 1 bis 1,5"``."""
    thresholds = definition.thresholds
    texts = []
    for position, index_class in enumerate(definition.classes):
        lower = thresholds[position - 1] if position > 0 else None
        upper = thresholds[position] if position < len(thresholds) else None
        if lower is None and upper is None:
            span = "alle Werte"
        elif lower is None:
            span = f"{'unter' if _opens_upward(upper) else 'bis'} {plain_number(upper)}"
        elif upper is None:
            span = f"{'ab' if _opens_upward(lower) else 'über'} {plain_number(lower)}"
        else:
            start = plain_number(lower) if _opens_upward(lower) else f"über {plain_number(lower)}"
            end = f"unter {plain_number(upper)}" if _opens_upward(upper) else plain_number(upper)
            span = f"{start} bis {end}"
        texts.append(f"{index_class.label} ({index_class.code}): {span}")
    return texts
