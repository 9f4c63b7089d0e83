"""Sitzungsmappe: the decks of slides collected with »Zur Sitzungsmappe«, their order, PowerPoint, presentation."""

import streamlit as st

from sozialraum.export.deck_pptx import PPTX_MEDIA_TYPE, DeckSlideContent, build_deck_pptx, deck_file_name
from sozialraum.slides import kind_label
from sozialraum.store import decks as store
from sozialraum.ui import data, pages
from sozialraum.ui.components import demo_badge, page_context, source_footer
from sozialraum.ui.deck import LAST_DECK_KEY, decks_changed, slide_of, slide_summary
from sozialraum.ui.markup import markdown_literal

DECK_PARAM = "mappe"
DECK_SELECT = "deck_select"

url, info, selection = page_context()
engine = data.engine_for(url)

st.title("Sitzungsmappe")
demo_badge(info)
st.caption(
    "Unter jeder Karte, jedem Diagramm und jeder Tabelle legt »Zur Sitzungsmappe« die Ansicht mit ihren "
    "Einstellungen als Folie ab. Folien zeigen immer die aktuellen Daten."
)


def flash(message: str) -> None:
    st.session_state["deck_flash"] = message


if message := st.session_state.pop("deck_flash", None):
    st.success(markdown_literal(message))

decks = store.list_decks(engine)
with st.expander("Neue Mappe anlegen", expanded=not decks), st.form("deck_new", clear_on_submit=True, border=False):
    new_name = st.text_input("Name", placeholder="z. B. Jugendhilfeausschuss 12.03.")
    if st.form_submit_button("Anlegen", icon=":material/add:"):
        try:
            created = store.create_deck(engine, new_name)
            decks_changed()
        except store.DeckError as error:
            st.error(markdown_literal(error))
        else:
            st.session_state[DECK_SELECT] = created
            flash(f"Mappe »{store.deck_name(engine, created)}« angelegt.")
            st.rerun()
if not decks:
    st.info("Noch keine Sitzungsmappe. Auf einer Seite »Zur Sitzungsmappe« wählen oder oben eine Mappe anlegen.")
    source_footer(info)
    st.stop()

names = {deck.id: f"{deck.name} ({deck.slide_count} Folien)" for deck in decks}
if st.session_state.get(DECK_SELECT) not in names:
    wanted = st.query_params.get(DECK_PARAM)
    last = next((deck.id for deck in decks if deck.name == st.session_state.get(LAST_DECK_KEY)), None)
    st.session_state[DECK_SELECT] = (
        int(wanted) if wanted and wanted.isdigit() and int(wanted) in names else (last or decks[0].id)
    )
deck_id = st.selectbox("Mappe", list(names), format_func=names.__getitem__, key=DECK_SELECT)
st.query_params[DECK_PARAM] = str(deck_id)
deck_name = store.deck_name(engine, deck_id)
slides = store.slides(engine, deck_id)
deck_version = (deck_id, deck_name, tuple(spec.id for spec in slides))

actions = st.columns([2, 2, 2, 1], vertical_alignment="bottom")
with actions[0]:
    if slides:
        st.page_link(
            pages.page_path("praesentation.py"),
            label="Präsentation starten",
            icon=":material/slideshow:",
            query_params={DECK_PARAM: str(deck_id), "folie": "1"},
        )
with actions[1]:
    if slides and st.button("PowerPoint erstellen", icon=":material/download:", key="deck_build"):
        with st.spinner("Folien werden erstellt …"):
            contents = [DeckSlideContent(slide_of(url, spec), spec.speaker_note) for spec in slides]
            pptx, problem = build_deck_pptx(deck_name, contents)
        st.session_state["deck_pptx"] = (deck_version, pptx, problem)
    built = st.session_state.get("deck_pptx")
    # Only the file of the deck as it is now: after a move, delete or rename it must be built again.
    if built and built[0] == deck_version:
        st.download_button(
            "PowerPoint herunterladen",
            built[1],
            deck_file_name(deck_name),
            PPTX_MEDIA_TYPE,
            icon=":material/file_download:",
            key="deck_download",
        )
        if built[2]:
            st.warning(markdown_literal(built[2]))
with actions[2], st.popover("Umbenennen", icon=":material/edit:"):
    renamed = st.text_input("Neuer Name", value=deck_name, key=f"deck_rename_{deck_id}")
    if st.button("Speichern", key="deck_rename_save"):
        try:
            store.rename_deck(engine, deck_id, renamed)
            decks_changed()
        except store.DeckError as error:
            st.error(markdown_literal(error))
        else:
            flash(f"Mappe heißt jetzt »{store.deck_name(engine, deck_id)}«.")
            st.rerun()
with actions[3], st.popover("Löschen", icon=":material/delete:"):
    st.markdown(f"Mappe »{markdown_literal(deck_name)}« mit {len(slides)} Folien löschen?")
    if st.button("Endgültig löschen", type="primary", key="deck_delete"):
        store.delete_deck(engine, deck_id)
        decks_changed()
        st.session_state.pop(DECK_SELECT, None)
        st.query_params.pop(DECK_PARAM, None)
        flash(f"Mappe »{deck_name}« gelöscht.")
        st.rerun()

st.subheader(f"Folien ({len(slides)})")
if not slides:
    st.info("Diese Mappe ist leer. Auf einer Seite unter einer Ansicht »Zur Sitzungsmappe« wählen.")
for spec in slides:
    title, subtitle, problem = slide_summary(url, spec)
    with st.container(border=True, key=f"deck_slide_{spec.id}"):
        number, body, up, down, remove = st.columns([0.5, 8, 0.7, 0.7, 0.7], vertical_alignment="center")
        number.markdown(f"**{spec.position + 1}**")
        body.markdown(
            f"**{markdown_literal(spec.title if problem else title)}**  \n:gray[{kind_label(spec.kind)}]"
            + (f" · :gray[{markdown_literal(subtitle)}]" if not problem and subtitle else "")
        )
        if problem:
            body.warning(markdown_literal(problem))
        if up.button(
            "", icon=":material/arrow_upward:", key=f"up_{spec.id}", help="Nach oben", disabled=spec.position == 0
        ):
            store.move_slide(engine, spec.id, -1)
            st.rerun()
        if down.button(
            "",
            icon=":material/arrow_downward:",
            key=f"down_{spec.id}",
            help="Nach unten",
            disabled=spec.position == len(slides) - 1,
        ):
            store.move_slide(engine, spec.id, +1)
            st.rerun()
        if remove.button("", icon=":material/delete:", key=f"remove_{spec.id}", help="Folie entfernen"):
            store.delete_slide(engine, spec.id)
            flash(f"Folie »{spec.title}« entfernt.")
            st.rerun()

source_footer(info)
