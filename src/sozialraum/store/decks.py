"""Sitzungsmappen (decks) in the database: create, rename, delete, and their ordered slides.

Positions are kept dense (0, 1, 2, …) after every change, so "move up" is a swap with the neighbour
and the slide number a presenter sees is ``position + 1``. Messages are German: the page shows them.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from sozialraum.models import Deck, DeckSlide

DEFAULT_DECK_NAME = "Sitzungsmappe"
MAX_NAME_LENGTH = 200
MAX_TITLE_LENGTH = 300


class DeckError(ValueError):
    """Input a user can correct; the message is German."""


@dataclass(frozen=True)
class DeckSummary:
    id: int
    name: str
    slide_count: int
    created_at: datetime | None
    updated_at: datetime | None


@dataclass(frozen=True)
class SlideSpec:
    """A slide as stored: what to render (kind, params) and how the deck lists it."""

    id: int
    position: int
    kind: str
    title: str
    params: dict[str, Any] = field(default_factory=dict)
    speaker_note: str | None = None


def _clean_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise DeckError("Bitte einen Namen für die Sitzungsmappe angeben.")
    if len(cleaned) > MAX_NAME_LENGTH:
        raise DeckError(f"Der Name ist zu lang (höchstens {MAX_NAME_LENGTH} Zeichen).")
    return cleaned


def _name_taken(session: Session, name: str, except_id: int | None = None) -> bool:
    statement = select(Deck.id).where(func.lower(Deck.name) == name.lower())
    if except_id is not None:
        statement = statement.where(Deck.id != except_id)
    return session.scalar(statement) is not None


def _deck(session: Session, deck_id: int) -> Deck:
    deck = session.get(Deck, deck_id)
    if deck is None:
        raise DeckError("Diese Sitzungsmappe gibt es nicht mehr.")
    return deck


def _parse_params(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text or "{}")
    except json.JSONDecodeError:
        return {}
    return value if isinstance(value, dict) else {}


def create_deck(engine: Engine, name: str) -> int:
    cleaned = _clean_name(name)
    with Session(engine) as session, session.begin():
        if _name_taken(session, cleaned):
            raise DeckError(f"Eine Sitzungsmappe »{cleaned}« gibt es bereits.")
        deck = Deck(name=cleaned)
        session.add(deck)
        session.flush()
        return deck.id


def ensure_deck(engine: Engine, name: str = DEFAULT_DECK_NAME) -> int:
    """The id of the deck called ``name`` (case-insensitive), created if there is none."""
    cleaned = _clean_name(name)
    found = find_deck(engine, cleaned)
    return found if found is not None else create_deck(engine, cleaned)


def find_deck(engine: Engine, name: str) -> int | None:
    with Session(engine) as session:
        return session.scalar(select(Deck.id).where(func.lower(Deck.name) == " ".join(name.split()).lower()))


def rename_deck(engine: Engine, deck_id: int, name: str) -> None:
    cleaned = _clean_name(name)
    with Session(engine) as session, session.begin():
        deck = _deck(session, deck_id)
        if _name_taken(session, cleaned, except_id=deck_id):
            raise DeckError(f"Eine Sitzungsmappe »{cleaned}« gibt es bereits.")
        deck.name = cleaned


def delete_deck(engine: Engine, deck_id: int) -> None:
    with Session(engine) as session, session.begin():
        session.delete(_deck(session, deck_id))


def list_decks(engine: Engine) -> list[DeckSummary]:
    """All decks, the most recently changed first."""
    statement = (
        select(Deck.id, Deck.name, func.count(DeckSlide.id), Deck.created_at, Deck.updated_at)
        .outerjoin(DeckSlide, DeckSlide.deck_id == Deck.id)
        .group_by(Deck.id, Deck.name, Deck.created_at, Deck.updated_at)
        .order_by(Deck.updated_at.desc(), Deck.id.desc())
    )
    with Session(engine) as session:
        return [DeckSummary(*row) for row in session.execute(statement).all()]


def deck_name(engine: Engine, deck_id: int) -> str:
    with Session(engine) as session:
        return _deck(session, deck_id).name


def slides(engine: Engine, deck_id: int) -> list[SlideSpec]:
    with Session(engine) as session:
        rows = session.scalars(
            select(DeckSlide).where(DeckSlide.deck_id == deck_id).order_by(DeckSlide.position, DeckSlide.id)
        ).all()
        return [
            SlideSpec(row.id, row.position, row.kind, row.title, _parse_params(row.params), row.speaker_note)
            for row in rows
        ]


def _plain(value: object) -> object:
    """numpy numbers (a widget's value often is one) as plain numbers; anything else as text."""
    item = getattr(value, "item", None)
    return item() if callable(item) else str(value)


def _touch(deck: Deck) -> None:
    # onupdate only fires when a deck column changes; slide edits count as changes of the deck too.
    # The database's clock, as for the server default, so the two never disagree about time zones.
    deck.updated_at = func.now()


def add_slide(
    engine: Engine, deck_id: int, kind: str, title: str, params: dict[str, Any], speaker_note: str | None = None
) -> int:
    """Append a slide at the end of the deck; returns its id."""
    title = " ".join(title.split())[:MAX_TITLE_LENGTH] or kind
    with Session(engine) as session, session.begin():
        deck = _deck(session, deck_id)
        last = session.scalar(select(func.max(DeckSlide.position)).where(DeckSlide.deck_id == deck_id))
        slide = DeckSlide(
            deck_id=deck.id,
            position=0 if last is None else last + 1,
            kind=kind,
            title=title,
            params=json.dumps(params, ensure_ascii=False, sort_keys=True, default=_plain),
            speaker_note=speaker_note,
        )
        session.add(slide)
        _touch(deck)
        session.flush()
        return slide.id


def _ordered(session: Session, deck_id: int) -> list[DeckSlide]:
    return list(
        session.scalars(
            select(DeckSlide).where(DeckSlide.deck_id == deck_id).order_by(DeckSlide.position, DeckSlide.id)
        )
    )


def reorder(engine: Engine, deck_id: int, slide_ids: Sequence[int]) -> None:
    """Put the deck's slides in the order of ``slide_ids`` (which must name each slide exactly once)."""
    with Session(engine) as session, session.begin():
        deck = _deck(session, deck_id)
        current = {slide.id: slide for slide in _ordered(session, deck_id)}
        if sorted(slide_ids) != sorted(current):
            raise DeckError("Die neue Reihenfolge muss jede Folie der Mappe genau einmal enthalten.")
        for position, slide_id in enumerate(slide_ids):
            current[slide_id].position = position
        _touch(deck)


def move_slide(engine: Engine, slide_id: int, offset: int) -> None:
    """Move a slide ``offset`` places (−1 up, +1 down); at either end it stays where it is."""
    with Session(engine) as session, session.begin():
        slide = session.get(DeckSlide, slide_id)
        if slide is None:
            raise DeckError("Diese Folie gibt es nicht mehr.")
        ordered = _ordered(session, slide.deck_id)
        index = ordered.index(slide)
        target = max(0, min(len(ordered) - 1, index + offset))
        ordered.insert(target, ordered.pop(index))
        for position, row in enumerate(ordered):
            row.position = position
        _touch(slide.deck)


def delete_slide(engine: Engine, slide_id: int) -> None:
    with Session(engine) as session, session.begin():
        slide = session.get(DeckSlide, slide_id)
        if slide is None:
            return
        deck_id, deck = slide.deck_id, slide.deck
        session.delete(slide)
        session.flush()
        for position, row in enumerate(_ordered(session, deck_id)):
            row.position = position
        _touch(deck)


def latest_deck(engine: Engine) -> int | None:
    """The deck a command line without ``--name`` means: the most recently changed one."""
    decks = list_decks(engine)
    return decks[0].id if decks else None
