"""Page pieces used on several pages: figure cards, source footer, demo label, German tables."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from sozialraum.analysis.keyfigures import Assessment
from sozialraum.formatting import format_change, format_date, format_value
from sozialraum.reports.provenance import DEMO_LABEL, as_of_date, source_text
from sozialraum.reports.provenance import is_demo as _is_demo
from sozialraum.ui.markup import markdown_literal
from sozialraum.ui.selection import Selection

__all__ = ["DEMO_LABEL", "demo_badge", "is_demo", "key_figure_metric", "page_context", "source_footer"]

_ASSESSMENT_COLOUR = {
    Assessment.BETTER: "green",
    Assessment.WORSE: "red",
    Assessment.UNCHANGED: "gray",
    Assessment.NEUTRAL: "gray",
    Assessment.UNKNOWN: "gray",
}
_ASSESSMENT_TEXT = {
    Assessment.BETTER: "Entwicklung günstig",
    Assessment.WORSE: "Entwicklung ungünstig",
    Assessment.UNCHANGED: "unverändert",
    Assessment.NEUTRAL: "Kennzahl ohne Wertung",
    Assessment.UNKNOWN: "keine Veränderung berechenbar",
}


def is_demo(info: dict[str, str]) -> bool:
    """The core's check (``export.provenance.is_demo``); kept here because pages import it from here."""
    return _is_demo(info)


def demo_badge(info: dict[str, str]) -> None:
    if is_demo(info):
        st.badge(f"Musterstadt – {DEMO_LABEL}", icon=":material/science:", color="orange")


def key_figure_metric(row: pd.Series, definition: str, previous_year: int | None, border: bool = True) -> None:
    """One figure card: value, change against the previous year coloured by the indicator's polarity."""
    suffix = " (vorläufig)" if row["flag"] == "provisional" else ""
    delta = format_change(row["change"], row["unit"], row["decimals"]) if previous_year else None
    assessment = Assessment(row["assessment"])
    st.metric(
        markdown_literal(row["short_name"]) + suffix,
        markdown_literal(format_value(row["value"], row["unit"], row["decimals"])),  # the unit is data
        delta=None if delta == "–" else delta,
        delta_color=_ASSESSMENT_COLOUR[assessment],
        delta_arrow="off" if assessment == Assessment.UNCHANGED else "auto",
        help=f"{markdown_literal(row['name'])}. {markdown_literal(definition)} – {_ASSESSMENT_TEXT[assessment]}.",
        border=border,
    )


def source_footer(info: dict[str, str]) -> None:
    st.divider()
    parts = [f"Datenquelle: {markdown_literal(source_text(info))}"]
    if (as_of := as_of_date(info)) is not None:
        parts.append(f"Datenstand: {format_date(as_of)}")
    if is_demo(info):
        parts.append(f"**{DEMO_LABEL[0].upper()}{DEMO_LABEL[1:]}** – keine realen Verhältnisse")
    st.caption(" · ".join(parts))


def page_context() -> tuple[str, dict[str, str], Selection]:
    """What every page starts with: the database URL, the dataset facts and the sidebar selection.
    Without data the page says how to get some and stops."""
    from sozialraum.ui import data, exports

    exports.start_page()
    url = data.database_url()
    info = data.dataset_info(url)
    selection = st.session_state.get("selection")
    if selection is None:
        st.info("Noch keine Daten: mit »sozialraum demo« die Beispielstadt laden oder Daten importieren.")
        st.stop()
    return url, info, selection
