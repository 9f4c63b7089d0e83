"""Data text inside Streamlit markdown: shown literally, never as a link, image, formula or heading.

Streamlit renders ``st.markdown``, ``st.caption``, ``st.info`` and friends, ``st.title``/``st.header``, the
labels of widgets, metrics, expanders, tabs and page links, toasts and the cells of ``st.table`` as
GitHub-flavoured markdown with maths (``$…$``) and its own directives (``:red[…]``, ``:material/…:``). An
area named ``![x](http://host/x.png)`` would make every viewer's browser fetch that address, and the
municipality promises that no request leaves its server. Names, titles and file names come from imports,
so every place that puts data text into markdown passes it through :func:`markdown_literal` first.

Two mechanisms, because one is not enough:

* the characters that start markdown constructs get a backslash (CommonMark lets any ASCII punctuation be
  escaped): brackets (links, images, directives, footnotes), emphasis and code marks, ``<`` and ``&`` (raw
  HTML, entities), ``$`` (maths), ``#``, ``>``, ``|``, ``~``, and list or heading markers at the start of
  a line. Other punctuation (``. , : ( ) ! % -`` inside a line) forms nothing without them and stays, so
  »Am Mühlbach (Lindenfeld)« or »17,6 %« reach the page unchanged;
* GFM also turns bare ``http://…``, ``www.…`` and e-mail addresses into links *after* parsing, on the
  unescaped text, and emoji or icon short codes (``:smile:``, ``:material/home:``) become pictures, so a
  word joiner (U+2060, invisible and never a line break) goes before ``://``, between ``www`` and ``.``,
  before ``@`` and before the closing colon of a short code. A reader sees the text unchanged; a copy of
  it carries the invisible character.

Pure Python, no Streamlit: slides and page pieces use it alike.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pandas as pd

WORD_JOINER = "\u2060"

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_\[\]<>#|~$&])")
# A list item (``- ``, ``+ ``, ``1. ``, ``1) ``), a rule (``---``) or a setext heading (``=``) starts a line;
# »-2,5« does not.
_LINE_START_MARKER = re.compile(r"(^|\n)([ \t]*)([-+](?=[ \t]|$|-)|=|\d{1,9}(?=[.)](?:[ \t]|$)))", re.MULTILINE)
_AUTOLINK_BREAK = re.compile(r"(?<=[0-9A-Za-z])(?=://)|(?i:(?<=www))(?=\.)|(?=@)")
_SHORT_CODE = re.compile(r"(:[\w/+\-]+)(?=:)")
_ALL_ASCII_PUNCTUATION = re.compile(r"\\([!-/:-@\[-`{-~])")


def markdown_literal(value: object) -> str:
    """``value`` as markdown that displays exactly its text; ``None`` becomes an empty string."""
    if value is None:
        return ""
    text = str(value)
    text = _AUTOLINK_BREAK.sub(WORD_JOINER, text)
    text = _SHORT_CODE.sub(lambda match: match.group(1) + WORD_JOINER, text)
    text = _MARKDOWN_SPECIALS.sub(r"\\\1", text)
    return _LINE_START_MARKER.sub(_escape_marker, text)


def _escape_marker(match: re.Match[str]) -> str:
    start, indent, marker = match.groups()
    if marker[0].isdigit():  # »1.« or »1)«: escape the dot or parenthesis that follows the number
        return f"{start}{indent}{marker}\\"
    return f"{start}{indent}\\{marker}"


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
    return _ALL_ASCII_PUNCTUATION.sub(r"\1", markdown).replace(WORD_JOINER, "")
