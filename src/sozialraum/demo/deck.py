"""Musterstadt's example Sitzungsmappe »Jugendhilfeausschuss – Beispiel«.

A newcomer's first look at Präsentation should be a deck, not an empty page. The deck is stored through
``deck_store`` with ordinary slide kinds and settings, exactly as »Zur Sitzungsmappe« stores a user's
views, so it re-renders from the current data and can be edited, reordered or deleted like any other.
Like the demo indices it is added once to an older demo database (mark ``demo_deck`` in ``dataset_info``),
so a user who deletes it does not get it back.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from sozialraum.analysis.goals import DEFAULT_TREND_PERIODS
from sozialraum.models import DatasetInfo, Goal
from sozialraum.store import decks as deck_store
from sozialraum.store import repository

DEMO_DECK_NAME = "Jugendhilfeausschuss – Beispiel"
INSTALLED_MARK = "demo_deck"

#: The social space the example is about, and its outcome goal in the demo city.
EXAMPLE_SPACE_NAME = "Am Mühlbach"
EXAMPLE_GOAL_TITLE = "Hilfen zur Erziehung durch frühe Unterstützung im Sozialraum vermeiden"
YOUTH_AID_PRODUCT = "36.3"
OUTCOME_INDICATOR = "hze_rate"
_log = logging.getLogger(__name__)


def demo_deck_slides(engine: Engine) -> list[tuple[str, str, dict[str, Any], str]]:
    """(kind, title, params, speaker note) of the example deck, for the latest year of the demo data."""
    year = max(period.year for period in repository.load_periods(engine))
    spaces = repository.load_areas(engine, "social_space")
    example = spaces.loc[spaces["name"] == EXAMPLE_SPACE_NAME, "key"]
    space_key = str(example.iloc[-1]) if not example.empty else str(spaces["key"].iloc[0])
    with Session(engine) as session:
        goal_id = session.scalar(select(Goal.id).where(Goal.title == EXAMPLE_GOAL_TITLE))
    goal_params: dict[str, Any] = {"jahr": year, "trend": DEFAULT_TREND_PERIODS}
    if goal_id is not None:
        goal_params["ziel"] = goal_id
    return [
        (
            "uebersicht",
            f"Übersicht {year}: Gesamtstadt",
            {"jahr": year, "raum": ""},
            "Einstieg: die Schlüsselkennzahlen der Stadt und ihre Veränderung gegenüber dem Vorjahr.",
        ),
        (
            "karte",
            f"HzE-Quote {year}",
            {"kennzahl": OUTCOME_INDICATOR, "ebene": "social_space", "jahr": year, "ansicht": "werte"},
            "Wo der Bedarf an Hilfen zur Erziehung am höchsten ist.",
        ),
        (
            "steckbrief",
            f"Steckbrief {EXAMPLE_SPACE_NAME}",
            {"ebene": "social_space", "gebiet": space_key, "jahr": year},
            "Ein Sozialraum im Detail: Lage gegenüber der Gesamtstadt und Rang.",
        ),
        (
            "budget_wirkung",
            "Mitteleinsatz und Wirkung: HzE-Quote",
            {"produkt": YOUTH_AID_PRODUCT, "jahr": year, "vergleichsjahr": year, "kennzahl": OUTCOME_INDICATOR},
            "Ausgaben je jungem Menschen gegen die HzE-Quote: wo viel Geld wenig bewirkt und umgekehrt.",
        ),
        (
            "ziele",
            f"Wirkungsziel {EXAMPLE_SPACE_NAME}",
            goal_params,
            "Ein Wirkungsziel mit seinem Trend bis zum Zieljahr.",
        ),
        (
            "sozialindex",
            "Status und Dynamik",
            {"index": "status", "darstellung": "matrix"},
            "Soziale Lage und ihre Veränderung: wie viele Sozialräume in welcher Kombination liegen.",
        ),
    ]


def install_demo_deck(engine: Engine) -> int | None:
    """Store the example deck (unless a deck of that name exists) and set the mark; returns its id."""
    deck_id = None
    if deck_store.find_deck(engine, DEMO_DECK_NAME) is None:
        deck_id = deck_store.create_deck(engine, DEMO_DECK_NAME)
        for kind, title, params, note in demo_deck_slides(engine):
            deck_store.add_slide(engine, deck_id, kind, title, params, speaker_note=note)
    _mark_installed(engine)
    return deck_id


def add_demo_deck_once(engine: Engine) -> bool:
    """A demo database made before the example deck existed gets it on its next start, once; True when added."""
    info = repository.dataset_info(engine)
    if info.get("is_demo") != "1" or INSTALLED_MARK in info:
        return False
    try:
        return install_demo_deck(engine) is not None
    except (ValueError, LookupError) as error:
        # An extra for old demo databases must never keep the app from starting; tried once, then left alone.
        _log.warning("demo deck not added: %s", error)
        _mark_installed(engine)
        return False


def _mark_installed(engine: Engine) -> None:
    with Session(engine) as session, session.begin():
        session.merge(DatasetInfo(key=INSTALLED_MARK, value="1"))
