"""Class breaks for choropleth maps, computed with mapclassify.

A classification is a list of upper class bounds (right-closed, as mapclassify counts: a value equal to
a bound belongs to the lower class) plus the lowest value, so a legend can state every class's range.
Breaks can be computed from one year's values or from all years pooled, which keeps colours comparable
over time.
"""

from __future__ import annotations

import enum
import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import mapclassify
import numpy as np

from sozialraum.formatting import parse_german_number

MIN_CLASSES = 3
MAX_CLASSES = 7
#: Fisher-Jenks is quadratic in the number of values (pure Python without numba: ~0.35 s for 542
#: values); above this size it runs on evenly spaced order statistics, deterministic unlike
#: mapclassify's random ``FisherJenksSampled``.
JENKS_SAMPLE_SIZE = 500


class Method(enum.StrEnum):
    QUANTILES = "quantile"
    EQUAL_INTERVAL = "gleich"
    NATURAL_BREAKS = "jenks"
    STANDARD_DEVIATION = "stdabw"
    MANUAL = "manuell"


METHOD_LABELS = {
    Method.QUANTILES: "Quantile (gleich viele Gebiete je Klasse)",
    Method.EQUAL_INTERVAL: "Gleiche Intervalle",
    Method.NATURAL_BREAKS: "Natürliche Brüche (Fisher-Jenks)",
    Method.STANDARD_DEVIATION: "Standardabweichung um den Mittelwert",
    Method.MANUAL: "Eigene Klassengrenzen",
}


class ClassificationError(ValueError):
    """Input a user can correct; the message is German and shown as is."""


@dataclass(frozen=True)
class Classification:
    lowest: float
    upper_bounds: tuple[float, ...]  # one per class, ascending; the last is the highest classified value
    method: Method

    @property
    def class_count(self) -> int:
        return len(self.upper_bounds)

    def class_of(self, values: Sequence[float] | np.ndarray) -> np.ndarray:
        """Class index per value (0 = lowest class), -1 for missing values."""
        array = np.asarray(values, dtype=float)
        classes = np.searchsorted(np.asarray(self.upper_bounds), array, side="left")
        classes = np.minimum(classes, self.class_count - 1)  # values above the last bound (other years)
        return np.where(np.isnan(array), -1, classes)

    def lower_bounds(self) -> tuple[float, ...]:
        return (self.lowest, *self.upper_bounds[:-1])


def parse_manual_breaks(text: str) -> list[float]:
    """``"10; 20,5; 30"`` -> ``[10.0, 20.5, 30.0]``: German decimal commas, separated by ``;`` or spaces."""
    parts = [part for part in re.split(r"[;\s]+", text.strip()) if part]
    try:
        numbers = [parse_german_number(part) for part in parts]
    except ValueError as error:
        raise ClassificationError(
            "Klassengrenzen bitte als Zahlen mit Semikolon getrennt eingeben, z. B. »10; 20,5; 30«."
        ) from error
    if not MIN_CLASSES - 1 <= len(numbers) <= MAX_CLASSES - 1:
        raise ClassificationError(
            f"Bitte {MIN_CLASSES - 1} bis {MAX_CLASSES - 1} Klassengrenzen angeben "
            f"(ergibt {MIN_CLASSES} bis {MAX_CLASSES} Klassen)."
        )
    if any(later <= earlier for earlier, later in zip(numbers, numbers[1:], strict=False)):
        raise ClassificationError("Die Klassengrenzen müssen aufsteigend sein.")
    return numbers


def _std_multiples(class_count: int) -> list[float]:
    """Bounds one standard deviation apart, centred on the mean (odd counts: a middle class around it)."""
    return list(np.arange(class_count - 1) - (class_count - 2) / 2)


def _order_statistics(array: np.ndarray, size: int) -> np.ndarray:
    """``array`` itself if small, else ``size`` evenly spaced values of it in sorted order (min and max kept)."""
    if array.size <= size:
        return array
    ordered = np.sort(array)
    return ordered[np.linspace(0, ordered.size - 1, size).round().astype(int)]


def classify(
    values: Sequence[float] | np.ndarray,
    method: Method,
    class_count: int = 5,
    manual_breaks: Sequence[float] | None = None,
) -> Classification | None:
    """Breaks for ``values`` (NaN ignored); None when there is nothing to classify.

    With fewer distinct values than classes the class count shrinks to the number of distinct values,
    so no class is an artefact of the method.
    """
    array = np.asarray(values, dtype=float)
    array = array[~np.isnan(array)]
    if array.size == 0:
        return None
    lowest, highest = float(array.min()), float(array.max())
    if method == Method.MANUAL:
        inner = [b for b in (manual_breaks or []) if lowest <= b < highest]
        if manual_breaks is None or len(manual_breaks) == 0:
            raise ClassificationError("Für eigene Klassengrenzen bitte Grenzen eingeben.")
        return Classification(lowest, (*inner, highest), method)
    if not MIN_CLASSES <= class_count <= MAX_CLASSES:
        raise ClassificationError(f"Bitte {MIN_CLASSES} bis {MAX_CLASSES} Klassen wählen.")
    distinct = np.unique(array)
    if distinct.size <= class_count:
        return Classification(lowest, tuple(float(v) for v in distinct), method)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # mapclassify warns about duplicate quantiles; handled below
        if method == Method.QUANTILES:
            bins = mapclassify.Quantiles(array, k=class_count).bins
        elif method == Method.EQUAL_INTERVAL:
            bins = mapclassify.EqualInterval(array, k=class_count).bins
        elif method == Method.NATURAL_BREAKS:
            bins = mapclassify.FisherJenks(_order_statistics(array, JENKS_SAMPLE_SIZE), k=class_count).bins
        elif method == Method.STANDARD_DEVIATION:
            bins = mapclassify.StdMean(array, multiples=_std_multiples(class_count)).bins
        else:
            raise ClassificationError(f"Unbekanntes Klassifikationsverfahren: {method}")
    bounds = sorted({float(b) for b in bins if lowest <= b < highest} | {highest})
    return Classification(lowest, tuple(bounds), method)
