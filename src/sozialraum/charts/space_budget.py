"""Sozialraumbudget figures: the mix of aid types per social space and its shift over the years."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from sozialraum.charts.common import german_layout
from sozialraum.vocabulary import AID_TYPE_LABELS

#: Outpatient to residential from light to dark, prevention in green: the shift reads as "less dark, more green".
AID_TYPE_COLOURS = {
    "ambulant": "#9ecae1",
    "teilstationaer": "#4292c6",
    "stationaer": "#08306b",
    "praeventiv": "#41ab5d",
    "sonstige": "#bdbdbd",
}
_HIGHLIGHT_COLOUR = "#d95f02"
_BACKGROUND_COLOUR = "#c7c7c7"


def aid_type_mix_figure(composition: pd.DataFrame, title: str) -> go.Figure:
    """Stacked horizontal bars: each space's actual spending split by aid type, in per cent.

    ``composition``: area_name, aid_type, share (see ``aid_type_composition``), spaces in display order.
    """
    order = list(dict.fromkeys(composition["area_name"]))
    figure = go.Figure()
    for aid, label in AID_TYPE_LABELS.items():
        part = composition[composition["aid_type"] == aid].set_index("area_name").reindex(order)
        if part["share"].isna().all():
            continue
        figure.add_trace(
            go.Bar(
                name=label,
                y=order,
                x=part["share"],
                orientation="h",
                marker_color=AID_TYPE_COLOURS.get(aid, "#bdbdbd"),
                hovertemplate="%{y}: %{x:,.1f} %<extra>" + label + "</extra>",
            )
        )
    figure.update_layout(barmode="stack", height=max(320, 28 * len(order) + 120))
    figure.update_yaxes(autorange="reversed")
    figure.update_xaxes(title_text="Anteil am Ist in %", range=[0, 100], ticksuffix=" %")
    return german_layout(figure, title)


def share_over_years_figure(shares: pd.DataFrame, title: str, highlight: set[str]) -> go.Figure:
    """One line per social space: a share (e.g. residential aid) over the years.

    ``shares``: area_key, area_name, year, share. Spaces in ``highlight`` are drawn in colour, the
    others in grey, so the group that moved stands apart.
    """
    figure = go.Figure()
    ordered = sorted(shares.groupby(["area_key", "area_name"]), key=lambda item: item[0][0] in highlight)
    for (key, name), group in ordered:
        emphasised = key in highlight
        figure.add_trace(
            go.Scatter(
                name=name,
                x=group["year"],
                y=group["share"],
                mode="lines",
                line={
                    "color": _HIGHLIGHT_COLOUR if emphasised else _BACKGROUND_COLOUR,
                    "width": 3 if emphasised else 1.5,
                },
                showlegend=False,
                hovertemplate=f"{name}<br>" + "%{x}: %{y:,.1f} %<extra></extra>",
            )
        )
    figure.update_xaxes(dtick=1, tickformat="d")
    figure.update_yaxes(title_text="%", ticksuffix=" %", rangemode="tozero")
    figure.update_layout(height=380)
    return german_layout(figure, title)
