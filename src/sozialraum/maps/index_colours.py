"""The colours and names of a Sozialindex's classes, shared by its map, its figures and its tables.

In ``maps`` because the class map needs them and maps sit below charts: ``charts.social_index`` draws with
the same colours, so a planner can read map, bars and table against each other.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from sozialraum.analysis.social_index import IndexDefinition, classify
from sozialraum.maps.colours import NO_DATA_COLOUR

EXCLUDED_COLOUR = NO_DATA_COLOUR
EXCLUDED_LABEL = "ausgeschlossen"
# ColorBrewer RdYlBu (colour-blind safe), split at its pale centre: the class around 0 is neutral,
# favourable classes calm blues, unfavourable ones warm colours up to red. Listed from the centre out.
NEUTRAL_COLOUR = "#ffffbf"
_FAVOURABLE = ("#e0f3f8", "#abd9e9", "#74add1", "#4575b4", "#313695")
_UNFAVOURABLE = ("#fee090", "#fdae61", "#f46d43", "#d73027", "#a50026")
# Which of the five shades a side with n classes uses: few classes get clearly distinct shades, and a
# single unfavourable class (Berlin's "Dynamik negativ") is red, not a hesitant orange.
_FAVOURABLE_PICKS = {1: (2,), 2: (1, 3), 3: (0, 2, 4), 4: (0, 1, 3, 4), 5: (0, 1, 2, 3, 4)}
_UNFAVOURABLE_PICKS = {1: (3,), 2: (1, 3), 3: (0, 2, 4), 4: (0, 1, 3, 4), 5: (0, 1, 2, 3, 4)}


def neutral_position(thresholds: Sequence[float]) -> int:
    """The class that holds an index of 0 (the city's mean): Berlin's "mittel" and "stabil"."""
    return int(classify(pd.Series([0.0]), thresholds, [None] * (len(thresholds) + 1)).iloc[0])


def _side(shades: Sequence[str], picks: Mapping[int, tuple[int, ...]], count: int) -> list[str]:
    if count == 0:
        return []
    chosen = [shades[i] for i in picks[min(count, 5)]]
    return chosen + [chosen[-1]] * (count - len(chosen))  # more than five classes a side share the darkest


def class_colours(thresholds: Sequence[float]) -> list[str]:
    """One colour per class in class order (lowest index first): calm blue for the most favourable,
    pale for the class around 0, red for the least favourable. A higher index always means more
    disadvantage (``IndexComponent.direction``), so the order never has to be flipped."""
    centre = neutral_position(thresholds)
    above = len(thresholds) - centre
    favourable = _side(_FAVOURABLE, _FAVOURABLE_PICKS, centre)[::-1]
    return favourable + [NEUTRAL_COLOUR] + _side(_UNFAVOURABLE, _UNFAVOURABLE_PICKS, above)


def class_names(definition: IndexDefinition) -> list[str]:
    """``"hoch (1)"``: the label a reader understands, with the code the published tables use."""
    return [f"{c.label} ({c.code})" for c in definition.classes]
