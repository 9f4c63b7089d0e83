"""No English UI text of Streamlit, Plotly or Leaflet on any page of the demo, in a real browser.

What a user reads: text on screen (not text hidden by ``display: none`` or ``font-size: 0``, which is how
``sozialraum.ui.german_ui`` replaces it), tooltips (``title``, Plotly's ``data-title``, the labels of
Streamlit's element toolbars) and the placeholder of an empty visible field, in the page and in its
iframes (the Leaflet maps). The strings looked for are ``ENGLISH_UI_STRINGS``.
"""

from __future__ import annotations

import re

import pytest

from sozialraum.ui.german_ui import ENGLISH_UI_STRINGS

pytestmark = pytest.mark.browser

PAGES = (
    "/",
    "/ziele",
    "/budget",
    "/karte",
    "/steckbrief",
    "/vergleich",
    "/entwicklung",
    "/sozialindex",
    "/sitzungsmappe",
    "/praesentation",
    "/daten",
)

READABLE_TEXT = """() => {
    const shown = (element) => element && element.checkVisibility({checkVisibilityCSS: true, checkOpacity: false});
    const texts = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement;
        const text = node.textContent.trim();
        if (text && shown(parent) && parseFloat(getComputedStyle(parent).fontSize) > 0
                && !parent.closest("script, style, noscript, template")) {
            texts.push(text);
        }
    }
    for (const element of document.querySelectorAll("[title], [data-title]")) {
        if (shown(element)) texts.push(element.getAttribute("title") || element.getAttribute("data-title"));
    }
    for (const element of document.querySelectorAll("[data-testid='stElementToolbar'] [aria-label]")) {
        if (shown(element)) texts.push(element.getAttribute("aria-label"));
    }
    for (const field of document.querySelectorAll("input[placeholder], textarea[placeholder]")) {
        if (shown(field) && field.value === "") texts.push(field.getAttribute("placeholder"));
    }
    return texts;
}"""

_LETTER = "A-Za-zÄÖÜäöüß"
ENGLISH = re.compile("|".join(f"(?<![{_LETTER}]){re.escape(text)}(?![{_LETTER}])" for text in ENGLISH_UI_STRINGS))


def english_on(page) -> set[str]:
    """The listed English strings readable on the page or in one of its iframes."""
    texts = list(page.evaluate(READABLE_TEXT))
    for frame in page.frames[1:]:
        try:
            texts += frame.evaluate(READABLE_TEXT)
        except Exception:  # a frame that navigated away while we looked
            continue
    return {match.group(0) for text in texts if text for match in ENGLISH.finditer(text)}


def hover_toolbars(page) -> None:
    """Streamlit shows a table's or chart's toolbar, and Plotly its mode bar, only under the mouse."""
    for selector in ("[data-testid='stDataFrame']", ".js-plotly-plot"):
        element = page.locator(selector).first
        if element.count() and element.is_visible():
            element.hover()
            page.wait_for_timeout(300)


@pytest.mark.parametrize("path", PAGES)
def test_no_english_ui_text_on_a_page_of_the_demo(app_url, visit, path):
    visit.open(app_url + path)
    page = visit.page
    assert page.locator("[data-testid='stException']").count() == 0
    hover_toolbars(page)
    assert english_on(page) == set(), path


def test_no_english_in_the_states_a_newcomer_reaches(app_url, visit):
    page = visit.page
    # Sozialindex: the editor's tab, with its indicator choice.
    visit.open(app_url + "/sozialindex")
    page.get_by_role("tab", name="Definition bearbeiten").click()
    page.wait_for_timeout(800)
    assert english_on(page) == set()

    # Sitzungsmappe: typing a deck name shows Streamlit's hint under the field.
    visit.open(app_url + "/sitzungsmappe")
    page.get_by_text("Neue Mappe anlegen").click()
    field = page.get_by_role("textbox", name="Name")
    field.fill("JHA Probe")
    page.wait_for_timeout(500)
    assert page.locator("[data-testid='InputInstructions']").count() == 1
    assert english_on(page) == set()

    # Daten: the uploader, with a file dragged over it and with a file of the wrong type.
    visit.open(app_url + "/daten")
    dropzone = "[data-testid='stFileUploaderDropzone']"
    assert page.locator(dropzone).first.is_visible()
    assert english_on(page) == set()
    dragged = page.evaluate_handle(
        "() => { const d = new DataTransfer(); d.items.add(new File(['x'], 'a.csv')); return d; }"
    )
    page.dispatch_event(dropzone, "dragenter", {"dataTransfer": dragged})
    page.wait_for_timeout(500)
    assert page.locator(f"{dropzone} > div:not([data-testid]) > span").count() == 1  # the drag state is on
    assert english_on(page) == set()
    page.dispatch_event(dropzone, "dragleave", {"dataTransfer": dragged})
    page.locator("[data-testid='stFileUploaderDropzoneInput']").first.set_input_files(
        {"name": "notiz.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4"}
    )
    page.wait_for_timeout(1000)
    assert page.locator("[data-testid='stFileChipIconError']").count() == 1
    assert english_on(page) == set()
