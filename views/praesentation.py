"""Präsentation: a Sitzungsmappe full-screen, one view per slide, keys and buttons to move, ``?mappe=1&folie=3``."""

import json
from html import escape

import streamlit as st

from sozialraum.store import decks as store
from sozialraum.ui import data, pages
from sozialraum.ui.components import DEMO_LABEL
from sozialraum.ui.deck import rendered_slide
from sozialraum.ui.markup import markdown_literal

DECK_PARAM, SLIDE_PARAM = "mappe", "folie"
INDEX_KEY = "presentation_index"
CHART_HEIGHT_PX = 620

# This page only: no sidebar, no header, large type, the slide fills the screen.
st.html(
    """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"] { display: none !important; }
[data-testid="stMainBlockContainer"] { padding: 1.2rem 2.5rem 0.5rem 2.5rem; max-width: 100%; }
[data-testid="stMain"] h1 { font-size: 2.6rem; line-height: 1.15; padding: 0 0 0.2rem 0; }
.sr-subtitle { font-size: 1.3rem; color: #595f66; margin: 0; }
.sr-footer { font-size: 0.95rem; color: #595f66; margin: 0; }
.sr-demo { color: #b35c00; font-weight: 600; }
.sr-number { font-size: 1.4rem; font-weight: 600; text-align: center; margin: 0; }
.sr-message { font-size: 1.6rem; padding: 2rem 0; }
.st-key-slide_keys { display: none; }
table.sr-table { font-size: 1.25rem; border-collapse: collapse; width: 100%; }
table.sr-table th { background: #1f4e79; color: white; text-align: left; padding: 0.45rem 0.8rem; }
table.sr-table td { padding: 0.4rem 0.8rem; border-bottom: 1px solid #e5e5e5; }
table.sr-table tr:nth-child(even) td { background: #f2f5f8; }
</style>
"""
)

engine = data.engine()
url = data.database_url()
decks = store.list_decks(engine)
if not decks:
    st.title("Präsentation")
    st.info("Noch keine Sitzungsmappe. Ansichten mit »Zur Sitzungsmappe« sammeln.")
    st.page_link(pages.page_path("sitzungsmappe.py"), label="Zur Sitzungsmappe", icon=":material/playlist_play:")
    st.stop()

wanted = st.query_params.get(DECK_PARAM)
deck_ids = {deck.id for deck in decks}
deck_id = int(wanted) if wanted and wanted.isdigit() and int(wanted) in deck_ids else decks[0].id
slides = store.slides(engine, deck_id)
if not slides:
    st.title(markdown_literal(store.deck_name(engine, deck_id)))
    st.info("Diese Mappe ist leer.")
    st.page_link(pages.page_path("sitzungsmappe.py"), label="Zur Sitzungsmappe", icon=":material/playlist_play:")
    st.stop()

# The slide number lives in the URL, so a presenter can reload or share the exact slide.
if st.session_state.get(INDEX_KEY, (None,))[0] != deck_id:
    raw = st.query_params.get(SLIDE_PARAM, "1")
    st.session_state[INDEX_KEY] = (deck_id, int(raw) - 1 if raw.isdigit() else 0)
index = max(0, min(len(slides) - 1, st.session_state[INDEX_KEY][1]))


def go_to(target: int) -> None:
    st.session_state[INDEX_KEY] = (deck_id, max(0, min(len(slides) - 1, target)))


st.query_params[DECK_PARAM] = str(deck_id)
st.query_params[SLIDE_PARAM] = str(index + 1)
spec = slides[index]
slide = rendered_slide(url, spec.kind, json.dumps(spec.params, sort_keys=True), spec.title)

st.title(markdown_literal(slide.title))
if slide.subtitle:
    st.html(f'<p class="sr-subtitle">{escape(slide.subtitle)}</p>')

if not slide.ok:
    st.html(f'<p class="sr-message">{escape(slide.message or "")}</p>')
elif slide.figure is not None:
    # A fixed height that leaves room for title and navigation on a 1440×900 screen (plotly does not
    # grow to a CSS height); wider screens get the extra width.
    slide.figure.update_layout(height=CHART_HEIGHT_PX)
    st.plotly_chart(
        slide.figure,
        theme=None,  # keep the slide's large type; Streamlit's theme would shrink it
        config={"displayModeBar": False},
        key=f"chart_{spec.id}",
    )
elif slide.table is not None:
    st.html(slide.table.to_html(index=False, classes="sr-table", border=0))

footer = escape(slide.source_line())
if slide.demo:
    footer = footer.replace(DEMO_LABEL, f'<span class="sr-demo">{DEMO_LABEL}</span>')
back, number, forward, leave = st.columns([2, 1, 2, 2], vertical_alignment="center")
back.button(
    "Zurück",
    icon=":material/arrow_back:",
    key="slide_back",
    on_click=go_to,
    args=(index - 1,),
    disabled=index == 0,
    shortcut="Left",
    width="stretch",
)
number.html(f'<p class="sr-number">{index + 1} / {len(slides)}</p>')
forward.button(
    "Weiter",
    icon=":material/arrow_forward:",
    key="slide_next",
    on_click=go_to,
    args=(index + 1,),
    disabled=index == len(slides) - 1,
    shortcut="Right",
    width="stretch",
    type="primary",
)
leave.page_link(
    pages.page_path("sitzungsmappe.py"),
    label="Beenden",
    icon=":material/close:",
    query_params={DECK_PARAM: str(deck_id)},
)
# Presenter remotes send PageDown/PageUp, many people press the space bar: the same moves, on hidden buttons,
# because a button takes one shortcut only.
with st.container(key="slide_keys"):
    st.button("Weiter (Bild ab)", key="slide_pagedown", on_click=go_to, args=(index + 1,), shortcut="PageDown")
    st.button("Zurück (Bild auf)", key="slide_pageup", on_click=go_to, args=(index - 1,), shortcut="PageUp")
    st.button("Weiter (Leertaste)", key="slide_space", on_click=go_to, args=(index + 1,), shortcut="Space")
st.html(f'<p class="sr-footer">{footer}</p>')
