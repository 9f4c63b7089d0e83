"""Data text escaped for Streamlit's markdown renders as exactly that text: no link, image, maths or markup.

The oracle is markdown-it-py (CommonMark, GFM tables and strikethrough, ``$…$`` maths, schema autolinks)
plus the two regular expressions with which GFM (remark-gfm, Streamlit's renderer) turns bare URLs and
e-mail addresses into links after parsing, on the unescaped text.
"""

from __future__ import annotations

import html
import re

import pandas as pd
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin

from sozialraum.ui.markup import WORD_JOINER, markdown_literal, markdown_literal_frame, plain_text

HOSTILE = [
    "![x](http://203.0.113.1/x.png)",
    "[a](http://203.0.113.1/)",
    "http://203.0.113.1/",
    "<img src=http://203.0.113.1/>",
    "$x$",
    "www.example.org",
    "HTTPS://EXAMPLE.ORG",
    "kontakt@example.org",
    ":red[rot] :material/home: :smile:",
    "# Überschrift",
    "1. Liste",
    "- Punkt",
    "| a | b |",
    "**fett** _kursiv_ ~~weg~~ `code`",
    "&lt;b&gt; &amp;",
    "a\\*b\\",
    "[x]: http://203.0.113.1/",
]

# remark-gfm's transform-time autolinks (mdast-util-gfm-autolink-literal).
GFM_URL = re.compile(r"(https?://|www(?=\.))([-.\w]+)", re.IGNORECASE | re.ASCII)
GFM_EMAIL = re.compile(r"([-.\w+]+)@([-\w]+(?:\.[-\w]+)+)", re.ASCII)

RENDERER = MarkdownIt("commonmark", {"linkify": True}).enable(["table", "strikethrough", "linkify"])
RENDERER.use(dollarmath_plugin)
RENDERER.linkify.set({"fuzzy_link": False, "fuzzy_email": False})


def _inline_tokens(markdown: str) -> list:
    tokens = RENDERER.parse(markdown)
    blocks = [token.type for token in tokens]
    assert blocks == ["paragraph_open", "inline", "paragraph_close"], blocks
    return tokens[1].children


def _rendered_text(markdown: str) -> str:
    children = _inline_tokens(markdown)
    kinds = {token.type for token in children}
    assert kinds <= {"text", "softbreak"}, kinds
    return "".join(token.content for token in children)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1).map(str.strip))
@example("![x](http://203.0.113.1/x.png)")
@example("1. Liste")
@example("2) Liste")
@example("+ Punkt")
@example("Www.example.org")
@example("a__b__c")
@example("---")
@example("- - -")
@example("1) Punkt")
def test_escaped_text_renders_literally_without_links(text):
    if not text:
        return
    shown = _rendered_text(markdown_literal(text))
    assert shown.replace(WORD_JOINER, "") == text
    assert not GFM_URL.search(shown)
    assert not GFM_EMAIL.search(shown)


def test_hostile_samples_render_as_text():
    for text in HOSTILE:
        shown = _rendered_text(markdown_literal(text))
        assert shown.replace(WORD_JOINER, "") == text, text
        rendered = RENDERER.render(markdown_literal(text))
        for markup in ("<a", "<img", "math"):
            assert markup not in rendered, rendered
        assert html.unescape(re.sub(r"</?p>\n?", "", rendered)).replace(WORD_JOINER, "") == text


def test_unescaped_samples_would_render_as_markup():
    # The oracle sees the danger: without escaping these become an image, a link, maths, an autolink.
    assert "<img" in RENDERER.render(HOSTILE[0])
    assert "<a" in RENDERER.render(HOSTILE[1])
    assert "math" in RENDERER.render(HOSTILE[4])
    assert GFM_URL.search(HOSTILE[2])


def test_plain_names_and_figures_stay_as_they_are():
    plain = ["Am Mühlbach (Lindenfeld)", "17,6 %", "280.132 Personen", "Nord-Ost", "-2,5 Pp.", "x +1", "a: b."]
    for text in plain:
        assert markdown_literal(text) == text
    for text in ["- Punkt", "1. Liste", "---", "www.x.de", "a_b_", ":smile:"]:  # list, rule, autolink …
        assert markdown_literal(text) != text
        assert _rendered_text(markdown_literal(text)).replace(WORD_JOINER, "") == text


def test_plain_text_undoes_the_escaping():
    for text in HOSTILE:
        assert plain_text(markdown_literal(text)) == text
    assert markdown_literal(None) == ""
    assert markdown_literal(12.5) == "12.5"


def test_frame_escapes_cells_headers_and_index_but_keeps_numbers():
    frame = pd.DataFrame({"[a](http://x/)": ["![x](http://x/x.png)"], "Wert": [1.5]}, index=["$x$"])
    escaped = markdown_literal_frame(frame)
    assert list(escaped.columns) == [markdown_literal("[a](http://x/)"), "Wert"]
    assert escaped.iloc[0, 0] == markdown_literal("![x](http://x/x.png)")
    assert escaped.iloc[0, 1] == 1.5
    assert escaped.index[0] == "\\$x\\$"
    assert frame.iloc[0, 0] == "![x](http://x/x.png)"  # the input is left alone
