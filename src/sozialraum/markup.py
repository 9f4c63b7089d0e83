"""Data text inside Streamlit markdown: shown literally, never as a link, image, formula or heading.

Streamlit renders ``st.markdown``, ``st.caption``, ``st.info`` and friends, ``st.title``/``st.header``, the
labels of widgets, metrics, expanders, tabs and page links, toasts and the cells of ``st.table`` as
GitHub-flavoured markdown with maths (``$…$``) and its own directives (``:red[…]``, ``:material/…:``). An
area named ``![x](http://host/x.png)`` would make every viewer's browser fetch that address, and the
municipality promises that no request leaves its server. Names, titles and file names come from imports,
so every place that puts data text into markdown passes it through :func:`markdown_literal` first.

Two mechanisms, because one is not enough:

* every ASCII punctuation character gets a backslash (CommonMark lets any of them be escaped), which
  stops links, images, emphasis, headings, lists, tables, raw HTML, entities, maths and directives;
* GFM also turns bare ``http://…``, ``www.…`` and e-mail addresses into links *after* parsing, on the
  unescaped text, so a word joiner (U+2060, invisible and never a line break) goes between ``http`` and
  ``:``, ``www`` and ``.``, and before ``@``. A reader sees the text unchanged; a copy of it carries the
  invisible character.

Pure Python, no Streamlit: slides and page pieces use it alike.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pandas as pd

WORD_JOINER = "\u2060"

_ASCII_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
# A colon after a letter or digit (``http:``, ``mailto:``, the end of ``:smile:``), ``www`` before a dot,
# and every ``@``: the places GFM's autolink literals and emoji shortcodes start or end.
_AUTOLINK_BREAK = re.compile(r"(?<=[0-9A-Za-z])(?=:)|(?i:(?<=www))(?=\.)|(?=@)")


def markdown_literal(value: object) -> str:
    """``value`` as markdown that displays exactly its text; ``None`` becomes an empty string."""
    if value is None:
        return ""
    text = str(value)
    text = _AUTOLINK_BREAK.sub(WORD_JOINER, text)
    return _ASCII_PUNCTUATION.sub(r"\\\1", text)


def markdown_literal_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` for ``st.table`` (whose cells, headers and index are markdown): text escaped."""
    escape: Callable[[object], object] = lambda v: markdown_literal(v) if isinstance(v, str) else v  # noqa: E731
    out = frame.copy()
    for column in out.columns:
        out[column] = out[column].map(escape)
    out.columns = [escape(column) for column in out.columns]
    out.index = out.index.map(escape)
    return out


def plain_text(markdown: str) -> str:
    """Undo :func:`markdown_literal` (for tests and for comparing what a reader sees with the data)."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown).replace(WORD_JOINER, "")
