"""The project's words, defined once: area levels (singular, plural, URL word, CLI word), indicator kinds,
polarity, aid types, goal status and the traffic-light rule. Pages, slides, exports and the CLI read them
from here, so a link, a heading and a PDF say the same thing.

URL words: every page takes ``?ebene=bezirk`` (German words, ``LEVEL_WORDS``). Older links used the
internal level names (``?ebene=district``, ``?ebene=social_space`` on the Karte); ``level_from_word``
accepts both, so old links keep working. The CLI takes the internal names (``--level social_space``).

This module is top level: it imports only ``models`` (the enums it labels), nothing above.
"""

from __future__ import annotations

from collections.abc import Iterable

from sozialraum.models import AREA_LEVELS, AidType, IndicatorKind

#: Internal level -> URL word (``?ebene=``).
LEVEL_WORDS: dict[str, str] = {
    "city": "gesamtstadt",
    "district": "bezirk",
    "region": "region",
    "social_space": "sozialraum",
    "planning_area": "planungsraum",
}
#: Internal level -> German singular (headings, »Ebene Bezirk«, selectboxes).
LEVEL_SINGULAR: dict[str, str] = {
    "city": "Gesamtstadt",
    "district": "Bezirk",
    "region": "Region",
    "social_space": "Sozialraum",
    "planning_area": "Planungsraum",
}
#: Internal level -> German plural (»12 Sozialräume«, index levels, CLI info).
LEVEL_PLURAL: dict[str, str] = {
    "city": "Gesamtstadt",
    "district": "Bezirke",
    "region": "Regionen",
    "social_space": "Sozialräume",
    "planning_area": "Planungsräume",
}
#: Internal level -> the word the CLI takes (``--level``): the internal name itself.
LEVEL_CLI_WORDS: dict[str, str] = {level.value: level.value for level in AREA_LEVELS}
#: Levels below the city, coarse to fine: what a page can show as a set of areas.
AREA_LEVELS_BELOW_CITY: tuple[str, ...] = tuple(level.value for level in AREA_LEVELS if level.value != "city")

#: The URL parameter that names a level on every page.
LEVEL_PARAM = "ebene"

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
    """The URL word of ``level`` (what a page writes into ``?ebene=``)."""
    return LEVEL_WORDS[level]


def ordered_levels(stored: Iterable[str]) -> list[str]:
    """The stored levels below the city, coarse to fine."""
    present = set(stored)
    return [level for level in AREA_LEVELS_BELOW_CITY if level in present]


#: Indicator kind -> German label (catalogue tables, import messages).
INDICATOR_KIND_LABELS: dict[str, str] = {
    IndicatorKind.COUNT.value: "Anzahl",
    IndicatorKind.SHARE.value: "Anteil",
    IndicatorKind.RATE.value: "Quote",
    IndicatorKind.MEAN.value: "Mittelwert",
    IndicatorKind.AMOUNT.value: "Betrag",
    IndicatorKind.INDEX.value: "Index",
}

#: Polarity (+1 higher is better, -1 lower is better, 0 neutral) -> German words.
POLARITY_TEXT: dict[int, str] = {1: "höher ist günstiger", -1: "niedriger ist günstiger", 0: "ohne Wertung"}
#: What a catalogue file may write as polarity (lower case) -> +1/-1/0; the import template's older wording
#: (»höher ist besser«, »höher ist schlechter«) stays accepted.
POLARITY_WORDS: dict[str, int] = {
    "+1": 1,
    "1": 1,
    "-1": -1,
    "0": 0,
    "höher ist besser": 1,
    "höher ist schlechter": -1,
    **{text: polarity for polarity, text in POLARITY_TEXT.items()},
}

#: Aid types in the field's order: outpatient, day-care, residential, then prevention.
AID_TYPE_LABELS: dict[str, str] = {
    AidType.AMBULANT.value: "ambulant",
    AidType.TEILSTATIONAER.value: "teilstationär",
    AidType.STATIONAER.value: "stationär",
    AidType.PRAEVENTIV.value: "präventiv",
    AidType.SONSTIGE.value: "sonstige",
}
#: What a budget file may write in its »Hilfeart« column (lower case) -> the stored aid type.
AID_TYPE_WORDS: dict[str, str] = {
    **{aid.value: aid.value for aid in AidType},
    **{label: aid for aid, label in AID_TYPE_LABELS.items()},
    "": AidType.SONSTIGE.value,
}

#: The goal traffic light's words, best first (``analysis.goals.GoalStatus`` values).
GOAL_STATUS_WORDS: tuple[str, ...] = ("erreicht", "auf Kurs", "gefährdet", "nicht auf Kurs")


def goal_rule_text(trend_periods: int | str, at_risk_share: float) -> str:
    """The traffic-light rule in one sentence, generated from the method's parameters (``analysis.goals``:
    ``trend_periods`` years of trend, ``AT_RISK_SHARE``), so the text cannot drift from the rule."""
    share = f"{at_risk_share * 100:.0f} %"
    return (
        f"Ampel aus dem letzten Wert und dem linearen Trend der letzten {trend_periods} Jahre bis zum Zieljahr: "
        f"auf Kurs, wenn der Trend das Ziel erreicht; gefährdet, wenn er mindestens {share} der nötigen "
        "Veränderung schafft."
    )


#: Every URL query word a page reads or writes, and what it names. A link carries keys, not display names
#: (``?raum=0102``). tests/unit/test_docs.py checks that the pages use no other word and that README.md
#: documents each one.
URL_PARAMS: dict[str, str] = {
    "jahr": "the year (sidebar, every page)",
    "raum": "the social space chosen in the sidebar (area key)",
    LEVEL_PARAM: "the area level, as a URL word (LEVEL_WORDS); the internal names of old links still work",
    "gebiet": "one area of the chosen level (Steckbrief)",
    "gebiete": "several areas, comma-separated keys (Vergleich, Entwicklung)",
    "kennzahl": "one indicator key (Karte, cockpit links)",
    "kennzahlen": "several indicator keys, comma-separated (Entwicklung)",
    "ansicht": "the Karte's view: values of the year or their change",
    "vergleich": "the Karte's comparison year for the change",
    "methode": "the Karte's class method",
    "klassen": "the Karte's number of classes",
    "fest": "the Karte's classes fixed across all years (1)",
    "grenzen": "own class breaks (Karte) or index thresholds (Sozialindex), German numbers separated by »;«",
    "produkt": "a budget product code (Budget & Wirkung)",
    "ziel": "one outcome goal by id (Wirkungsziele)",
    "status": "the goals list filtered by traffic-light status (Wirkungsziele)",
    "sozialindex": "a Sozialindex definition by key",
    "stichtag": "the Sozialindex Stichtag (ISO date)",
    "mappe": "a Sitzungsmappe by id (Sitzungsmappe, Präsentation)",
    "folie": "the slide number in a presentation, from 1",
    # Settings a view's Params also read from the URL and store with its slide (reports.*.Params.to_query).
    "darstellung": "which form of a view a slide shows (Karte: karte/rangfolge, Vergleich: tabelle/abstand, …)",
    "themen": "the topics a comparison shows (Vergleich)",
    "basis": "the Stichtag an index line starts from, ISO date (Entwicklung)",
    "basisjahr": "the year an index line starts from (Entwicklung)",
    "trend": "how many years the traffic-light trend reaches back (Wirkungsziele, Steckbrief, Übersicht)",
    "partner": "the Sozialindex of the other kind combined in the matrix",
    "vergleichsjahr": "the earlier budget year a budget view compares with",
    "verzoegerung": "years between spending and outcome (Budget & Wirkung)",
    "ausgaben_veraenderung": "Budget & Wirkung on the change of spending instead of its level (1)",
    "wirkung_veraenderung": "Budget & Wirkung on the change of the outcome instead of its level (1)",
    "gesamtbetrag": "the total to distribute (bedarfsorientierte Verteilung)",
    "bezugsgruppe": "the population indicator the distribution is per head of",
    "bedarfsgewicht": "how strongly need weighs against head count in the distribution, 0 to 1",
}
