"""ColorBrewer colours for choropleths, chosen by the indicator's polarity: worse is darker and warmer.

All schemes used (OrRd, Blues, RdBu, PuOr) are marked colour-blind safe by ColorBrewer. The colour
values come from branca's copy of the ColorBrewer tables, so nothing is typed in by hand.
"""

from __future__ import annotations

from collections.abc import Sequence

from branca.utilities import color_brewer

NO_DATA_COLOUR = "#d9d9d9"  # keine Daten: plain grey
SUPPRESSED_HATCH = "#636363"  # geheimgehalten: grey hatching on white, distinct from every class colour
NEUTRAL_SEQUENTIAL = "Blues"  # no good or bad direction: darker is simply more
JUDGED_SEQUENTIAL = "OrRd"
JUDGED_DIVERGING = "RdBu"  # red = worse, blue = better
NEUTRAL_DIVERGING = "PuOr"  # orange = increase, purple = decrease, no judgement
MAX_DIVERGING = 11


def _scheme(name: str, count: int) -> list[str]:
    """``count`` colours of a scheme, light to dark; ColorBrewer starts at three, so fewer are picked."""
    if count >= 3:
        return list(color_brewer(name, count))[:count]
    three = list(color_brewer(name, 3))
    return [three[1]] if count == 1 else [three[0], three[2]]


def class_colours(class_count: int, polarity: int) -> list[str]:
    """Colours for classes ordered from the lowest to the highest values.

    Higher-is-worse indicators get darker reds for higher values, higher-is-better ones darker reds for
    lower values, so on every map the darkest red marks the least favourable areas.
    """
    if polarity == 0:
        return _scheme(NEUTRAL_SEQUENTIAL, class_count)
    colours = _scheme(JUDGED_SEQUENTIAL, class_count)
    return colours[::-1] if polarity > 0 else colours


def change_class_colours(lower_bounds: Sequence[float], upper_bounds: Sequence[float], polarity: int) -> list[str]:
    """Diverging colours for classes of a change: decreases on one side, increases on the other, a class
    around zero neutral. Red marks the unfavourable direction; without polarity orange marks increases."""
    signs = []
    for lower, upper in zip(lower_bounds, upper_bounds, strict=True):
        if upper <= 0 and lower < 0:
            signs.append(-1)
        elif lower >= 0 and upper > 0:
            signs.append(1)
        else:
            signs.append(0)
    negatives, positives = signs.count(-1), signs.count(1)
    centre = max(negatives, positives, 1)
    size = min(2 * centre + 1, MAX_DIVERGING)
    centre = size // 2
    scheme = NEUTRAL_DIVERGING if polarity == 0 else JUDGED_DIVERGING
    palette = list(color_brewer(scheme, size))[:size]
    # RdBu runs red -> blue and PuOr orange -> purple: orient so decreases sit at index 0's side.
    decrease_is_worse = polarity > 0
    if polarity == 0 or not decrease_is_worse:
        palette = palette[::-1]
    colours = []
    negative_seen = 0
    positive_seen = 0
    for sign in signs:
        if sign < 0:
            colours.append(palette[max(centre - (negatives - negative_seen), 0)])
            negative_seen += 1
        elif sign > 0:
            positive_seen += 1
            colours.append(palette[min(centre + positive_seen, size - 1)])
        else:
            colours.append(palette[centre])
    return colours
