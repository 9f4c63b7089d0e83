"""The area levels as users and links see them: one German word per level for URLs (``?ebene=bezirk``),
singular and plural labels. Every page and slide reads them from here, so a link means the same on
every page. Older links used the internal level names (``?ebene=district`` on the Karte); they are
accepted as aliases and keep working.
"""

from __future__ import annotations

from collections.abc import Iterable

from sozialraum.models import AREA_LEVELS

#: Internal level -> URL word.
LEVEL_WORDS: dict[str, str] = {
    "city": "gesamtstadt",
    "district": "bezirk",
    "region": "region",
    "social_space": "sozialraum",
    "planning_area": "planungsraum",
}
LEVEL_SINGULAR: dict[str, str] = {
    "city": "Gesamtstadt",
    "district": "Bezirk",
    "region": "Region",
    "social_space": "Sozialraum",
    "planning_area": "Planungsraum",
}
LEVEL_PLURAL: dict[str, str] = {
    "city": "Gesamtstadt",
    "district": "Bezirke",
    "region": "Regionen",
    "social_space": "Sozialräume",
    "planning_area": "Planungsräume",
}
#: Levels below the city, coarse to fine: what a page can show as a set of areas.
AREA_LEVELS_BELOW_CITY: tuple[str, ...] = tuple(level.value for level in AREA_LEVELS if level.value != "city")

_BY_WORD = {word: level for level, word in LEVEL_WORDS.items()}


def level_from_word(word: str | None) -> str | None:
    """The level a URL word stands for; internal names (old links) are aliases. None for anything else."""
    if word is None:
        return None
    word = word.strip().lower()
    if word in _BY_WORD:
        return _BY_WORD[word]
    return word if word in LEVEL_WORDS else None


def word_for(level: str) -> str:
    return LEVEL_WORDS[level]


def ordered_levels(stored: Iterable[str]) -> list[str]:
    """The stored levels below the city, coarse to fine."""
    present = set(stored)
    return [level for level in AREA_LEVELS_BELOW_CITY if level in present]
