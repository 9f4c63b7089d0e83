"""Sitzungsmappen in the database, on SQLite and PostgreSQL: order, renames, deletes, German errors."""

import pytest

from sozialraum.store import decks as store


def titles(engine, deck_id):
    return [slide.title for slide in store.slides(engine, deck_id)]


def test_a_deck_keeps_its_slides_in_order_with_their_settings(empty_engine):
    deck = store.create_deck(empty_engine, "  Ausschuss   März ")
    assert store.deck_name(empty_engine, deck) == "Ausschuss März"
    first = store.add_slide(empty_engine, deck, "karte", "SGB-II-Quote", {"kennzahl": "sgb2_rate", "jahr": 2025})
    store.add_slide(empty_engine, deck, "entwicklung", "Kinderarmut", {"kennzahlen": ["child_poverty"]})
    store.add_slide(empty_engine, deck, "ziele", "Ziele", {}, speaker_note="Kurz halten")
    slides = store.slides(empty_engine, deck)
    assert [s.position for s in slides] == [0, 1, 2]
    assert slides[0].id == first
    assert slides[0].params == {"kennzahl": "sgb2_rate", "jahr": 2025}
    assert slides[1].params == {"kennzahlen": ["child_poverty"]}
    assert slides[2].speaker_note == "Kurz halten"
    summary = store.list_decks(empty_engine)
    assert [(d.name, d.slide_count) for d in summary] == [("Ausschuss März", 3)]


def test_moving_reordering_and_deleting_slides_keeps_positions_dense(empty_engine):
    deck = store.create_deck(empty_engine, "Mappe")
    ids = [store.add_slide(empty_engine, deck, "karte", title, {}) for title in ("A", "B", "C", "D")]
    store.move_slide(empty_engine, ids[2], -1)
    assert titles(empty_engine, deck) == ["A", "C", "B", "D"]
    store.move_slide(empty_engine, ids[0], -1)  # already first: stays
    store.move_slide(empty_engine, ids[3], +1)  # already last: stays
    assert titles(empty_engine, deck) == ["A", "C", "B", "D"]
    store.move_slide(empty_engine, ids[0], +1)
    assert titles(empty_engine, deck) == ["C", "A", "B", "D"]
    store.reorder(empty_engine, deck, [ids[3], ids[2], ids[1], ids[0]])
    assert titles(empty_engine, deck) == ["D", "C", "B", "A"]
    with pytest.raises(store.DeckError, match="genau einmal"):
        store.reorder(empty_engine, deck, [ids[0], ids[1]])
    store.delete_slide(empty_engine, ids[2])
    assert titles(empty_engine, deck) == ["D", "B", "A"]
    assert [s.position for s in store.slides(empty_engine, deck)] == [0, 1, 2]


def test_names_are_unique_regardless_of_case_and_renames_are_checked(empty_engine):
    first = store.create_deck(empty_engine, "Sitzungsmappe")
    with pytest.raises(store.DeckError, match="gibt es bereits"):
        store.create_deck(empty_engine, "sitzungsmappe")
    with pytest.raises(store.DeckError, match="Namen"):
        store.create_deck(empty_engine, "   ")
    second = store.create_deck(empty_engine, "Jugendhilfeausschuss")
    with pytest.raises(store.DeckError, match="gibt es bereits"):
        store.rename_deck(empty_engine, second, "SITZUNGSMAPPE")
    store.rename_deck(empty_engine, second, "JHA 12.03.")
    assert store.deck_name(empty_engine, second) == "JHA 12.03."
    assert store.ensure_deck(empty_engine, "sitzungsmappe") == first
    assert store.find_deck(empty_engine, "jha 12.03.") == second
    third = store.ensure_deck(empty_engine, "Neue Mappe")
    assert {d.id for d in store.list_decks(empty_engine)} == {first, second, third}


def test_deleting_a_deck_removes_its_slides(empty_engine):
    deck = store.create_deck(empty_engine, "Weg damit")
    store.add_slide(empty_engine, deck, "karte", "A", {})
    store.delete_deck(empty_engine, deck)
    assert store.list_decks(empty_engine) == []
    assert store.slides(empty_engine, deck) == []
    with pytest.raises(store.DeckError, match="gibt es nicht mehr"):
        store.rename_deck(empty_engine, deck, "X")
    assert store.latest_deck(empty_engine) is None


def test_the_latest_deck_is_the_one_changed_last(empty_engine):
    older = store.create_deck(empty_engine, "Alt")
    newer = store.create_deck(empty_engine, "Neu")
    assert store.latest_deck(empty_engine) == newer
    assert older != newer
