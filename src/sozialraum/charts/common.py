"""Shared look of all figures: German number separators, fonts, source line."""

from __future__ import annotations

import plotly.graph_objects as go

PLANNED_COLOUR = "#9ecae1"  # light blue: the plan is the frame
ACTUAL_COLOUR = "#08519c"  # dark blue: what happened
OVERSPEND_COLOUR = "#cb181d"

GERMAN_LAYOUT = {
    "separators": ",.",
    "font": {"family": "Source Sans Pro, Arial, sans-serif", "size": 14},
    "margin": {"l": 10, "r": 10, "t": 80, "b": 10},
    # Legend on its own line below the title, so the two never overlap.
    "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0, "xanchor": "left"},
    "plot_bgcolor": "white",
}


def german_layout(figure: go.Figure, title: str | None = None, source: str | None = None) -> go.Figure:
    figure.update_layout(**GERMAN_LAYOUT)
    if title:
        figure.update_layout(title={"text": title, "x": 0, "xanchor": "left", "y": 0.97, "yanchor": "top"})
    if source:
        figure.add_annotation(
            text=f"Quelle: {source}",
            xref="paper",
            yref="paper",
            x=0,
            y=-0.2,
            showarrow=False,
            font={"size": 11, "color": "#666"},
            xanchor="left",
        )
        figure.update_layout(margin={"b": 80})
    figure.update_yaxes(gridcolor="#e5e5e5", zerolinecolor="#bbb")
    return figure


#: Pixels added below a figure for the source line of an exported image.
SOURCE_LINE_PX = 34
#: Room below the plot for tick labels, and for an axis title too. Generous on purpose: if plotly had to
#: push the margin further for the labels, the plot would move up and take the source line into them.
TICK_LABELS_PX = 36
AXIS_TITLE_PX = 40


def with_source_line(figure: go.Figure, text: str) -> go.Figure:
    """A copy of ``figure`` with ``text`` (source, as-of date, demo label) as the last line of the image.

    The bottom margin grows by one line and the note sits at the image's lower edge, below axis titles
    and tick labels, so an exported PNG or SVG never travels without its provenance.
    """
    copy = go.Figure(figure)
    titled = any(axis.title.text for axis in copy.select_xaxes())
    needed = TICK_LABELS_PX + (AXIS_TITLE_PX if titled else 0)
    current = copy.layout.margin.b if copy.layout.margin.b is not None else GERMAN_LAYOUT["margin"]["b"]
    bottom = max(current, needed)
    copy.update_layout(margin={"b": bottom + SOURCE_LINE_PX})
    copy.add_annotation(
        text=text,
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        xanchor="left",
        yanchor="bottom",
        yshift=-(bottom + SOURCE_LINE_PX),
        showarrow=False,
        font={"size": 11, "color": "#555"},
    )
    return copy
