"""»Zur Sitzungsmappe«: one compact control under any chart, map or table, and cached slide rendering."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import streamlit as st

from sozialraum.demo.deck import DEMO_DECK_NAME
from sozialraum.slides import RenderedSlide, render_slide
from sozialraum.store import decks as deck_store
from sozialraum.ui import data
from sozialraum.ui.markup import markdown_literal

NEW_DECK = "__neu__"
LAST_DECK_KEY = "deck_last_used"


def _key(kind: str, params: dict[str, Any], key: str | None) -> str:
    if key:
        return f"deck_{key}"
    digest = hashlib.sha1(json.dumps([kind, params], sort_keys=True, default=str).encode()).hexdigest()[:10]
    return f"deck_{kind}_{digest}"


@st.cache_data(ttl=data.TTL_SECONDS, show_spinner=False)
def deck_names(url: str) -> list[str]:
    """Names for the »Zur Sitzungsmappe« popovers; a page has up to a dozen, each drawn on every rerun.
    Cleared whenever a deck is created, renamed or deleted (``decks_changed``)."""
    return [deck.name for deck in deck_store.list_decks(data.engine_for(url))]


def decks_changed() -> None:
    deck_names.clear()


def add_to_deck_button(kind: str, params: dict[str, Any], title: str, key: str | None = None) -> None:
    """A popover: pick a deck (default: the one used last, else »Sitzungsmappe«) or name a new one, then add.

    ``params`` are the view's current settings; the slide re-renders from them and the current data.
    """
    url = data.database_url()
    widget_key = _key(kind, params, key)
    with st.popover("Zur Sitzungsmappe", icon=":material/playlist_add:", help="Diese Ansicht als Folie merken"):
        names = _target_decks(deck_names(url))
        last = st.session_state.get(LAST_DECK_KEY)
        options = [*names, NEW_DECK]
        choice = st.selectbox(
            "Mappe",
            options,
            index=options.index(last) if last in options else 0,
            format_func=lambda name: "Neue Mappe …" if name == NEW_DECK else name,
            key=f"{widget_key}_mappe",
        )
        new_name = ""
        if choice == NEW_DECK:
            new_name = st.text_input("Name der neuen Mappe", key=f"{widget_key}_name", placeholder="z. B. JHA 12.03.")
        if st.button("Hinzufügen", key=f"{widget_key}_add", type="primary", icon=":material/add:"):
            _add(url, kind, params, title, new_name if choice == NEW_DECK else choice)


def _target_decks(names: list[str]) -> list[str]:
    """Decks offered for a new slide, the default first. The demo's example deck stays an example: it is
    offered last, and a user without a deck of their own starts »Sitzungsmappe«."""
    own = [name for name in names if name != DEMO_DECK_NAME] or [deck_store.DEFAULT_DECK_NAME]
    return own + [name for name in names if name == DEMO_DECK_NAME]


def _add(url: str, kind: str, params: dict[str, Any], title: str, deck_name: str) -> None:
    engine = data.engine_for(url)
    try:
        deck_id = deck_store.ensure_deck(engine, deck_name)
        deck_store.add_slide(engine, deck_id, kind, title, params)
    except deck_store.DeckError as error:
        st.error(markdown_literal(error))
        return
    decks_changed()
    name = deck_store.deck_name(engine, deck_id)  # the stored spelling: names match case-insensitively
    st.session_state[LAST_DECK_KEY] = name
    count = len(deck_store.slides(engine, deck_id))
    st.toast(
        f"Folie »{markdown_literal(title)}« zur Mappe »{markdown_literal(name)}« hinzugefügt ({count} Folien).",
        icon=":material/check_circle:",
    )


@st.cache_data(ttl=data.TTL_SECONDS, show_spinner="Folie wird erstellt …")
def rendered_slide(url: str, kind: str, params_json: str, title: str) -> RenderedSlide:
    """A slide rendered from the current data; cached like the pages' loaders (data change only by import)."""
    engine = data.engine_for(url)
    return render_slide(engine, kind, json.loads(params_json), title, data.dataset_info(url))


def slide_of(url: str, spec: deck_store.SlideSpec) -> RenderedSlide:
    return rendered_slide(url, spec.kind, json.dumps(spec.params, sort_keys=True), spec.title)


@st.cache_data(ttl=data.TTL_SECONDS, show_spinner=False)
def _summary(url: str, kind: str, params_json: str, title: str) -> tuple[str, str, str | None]:
    slide = rendered_slide(url, kind, params_json, title)
    return slide.title, slide.subtitle, slide.message


def slide_summary(url: str, spec: deck_store.SlideSpec) -> tuple[str, str, str | None]:
    """Title, subtitle and problem of a slide, for the deck's list: a small cached tuple, so moving a slide
    does not unpickle every slide's figure again."""
    return _summary(url, spec.kind, json.dumps(spec.params, sort_keys=True), spec.title)
