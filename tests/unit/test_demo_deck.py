"""The demo city ships the example Sitzungsmappe, built from ordinary slide kinds, on SQLite and PostgreSQL."""

from sqlalchemy import delete
from sqlalchemy.orm import Session

from sozialraum.db import upgrade
from sozialraum.demo.city import generate_demo
from sozialraum.demo.deck import DEMO_DECK_NAME, INSTALLED_MARK
from sozialraum.demo.install import ensure_database
from sozialraum.models import DatasetInfo, Deck
from sozialraum.slides import render_slide
from sozialraum.store import decks as deck_store
from sozialraum.store import repository


def test_a_fresh_demo_has_the_example_deck_and_every_slide_renders(blank_engine):
    assert ensure_database(blank_engine) is True
    deck_id = deck_store.find_deck(blank_engine, DEMO_DECK_NAME)
    assert deck_id is not None
    specs = deck_store.slides(blank_engine, deck_id)
    assert [spec.kind for spec in specs] == [
        "uebersicht",
        "karte",
        "steckbrief",
        "budget_wirkung",
        "ziele",
        "sozialindex",
    ]
    rendered = [render_slide(blank_engine, spec.kind, spec.params, spec.title) for spec in specs]
    assert [slide.message for slide in rendered] == [None] * 6
    assert rendered[2].title == "Steckbrief Am Mühlbach (Lindenfeld)"
    assert rendered[4].figure is not None  # one goal with its path, not the list of all goals
    assert rendered[5].title.startswith("Status und Dynamik")
    assert all(spec.speaker_note for spec in specs)
    assert repository.dataset_info(blank_engine)[INSTALLED_MARK] == "1"


def test_an_old_demo_database_gets_the_deck_once(blank_engine):
    upgrade(blank_engine)
    with Session(blank_engine) as session, session.begin():
        generate_demo(session)  # as the demo was written before the example deck: no decks
    assert deck_store.list_decks(blank_engine) == []

    assert ensure_database(blank_engine) is False
    assert [deck.name for deck in deck_store.list_decks(blank_engine)] == [DEMO_DECK_NAME]
    assert deck_store.list_decks(blank_engine)[0].slide_count == 6

    ensure_database(blank_engine)  # a second start adds nothing
    assert len(deck_store.list_decks(blank_engine)) == 1

    with Session(blank_engine) as session, session.begin():
        session.execute(delete(Deck))  # a user removes it on purpose
    ensure_database(blank_engine)
    assert deck_store.list_decks(blank_engine) == []


def test_a_database_that_is_not_the_demo_gets_no_example_deck(empty_engine):
    with Session(empty_engine) as session, session.begin():
        session.add(DatasetInfo(key="name", value="Beispielstadt"))
    ensure_database(empty_engine, load_demo_when_empty=False)
    assert deck_store.list_decks(empty_engine) == []
    assert INSTALLED_MARK not in repository.dataset_info(empty_engine)
