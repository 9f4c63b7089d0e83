"""Budget against outcome: one bubble per social space, quadrants at the city reference."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from sozialraum.analysis.budget_outcome import Comparison, quadrant_label
from sozialraum.charts.common import german_layout
from sozialraum.formatting import format_number, format_percent

#: Colour-blind-safe qualitative colours (Okabe–Ito), one per district.
DISTRICT_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
_LARGEST_BUBBLE_PX = 48
_REFERENCE_LINE = {"color": "#666", "width": 1, "dash": "dot"}


def budget_outcome_figure(
    points: pd.DataFrame,
    reference: tuple[float, float],
    comparison: Comparison,
    polarity: int,
    axis_titles: tuple[str, str],
    title: str,
    highlight_key: str | None = None,
) -> go.Figure:
    """Scatter of spaces: x spending, y outcome, size population, colour district, quadrant lines and labels.

    ``points``: area_key, area_name, district, population, spending, outcome, hover (text per space).
    Each marker carries the space's key as ``customdata`` so a click can open the space; the space
    ``highlight_key`` (the one selected in the sidebar) gets a black ring.
    """
    points = points.dropna(subset=["spending", "outcome"])
    largest = points["population"].max() if len(points) else 1
    size_ref = 2.0 * largest / _LARGEST_BUBBLE_PX**2
    figure = go.Figure()
    # Alternate names above and below the bubbles in x order, so neighbours' labels overlap less.
    rank = points["spending"].rank(method="first")
    points = points.assign(text_position=["top center" if r % 2 else "bottom center" for r in rank])
    for position, (district, group) in enumerate(points.groupby("district", sort=True)):
        figure.add_trace(
            go.Scatter(
                name=district,
                x=group["spending"],
                y=group["outcome"],
                mode="markers+text",
                text=group["area_name"],
                textposition=group["text_position"],
                textfont={"size": 11, "color": "#444"},
                customdata=group["area_key"],
                hovertext=group["hover"],
                hoverinfo="text",
                marker={
                    "size": group["population"],
                    "sizemode": "area",
                    "sizeref": size_ref,
                    "sizemin": 6,
                    "color": DISTRICT_COLOURS[position % len(DISTRICT_COLOURS)],
                    "opacity": 0.75,
                    "line": {
                        "color": ["black" if key == highlight_key else "white" for key in group["area_key"]],
                        "width": [3 if key == highlight_key else 1 for key in group["area_key"]],
                    },
                },
            )
        )
    x_ref, y_ref = reference
    figure.add_vline(x=x_ref, line=_REFERENCE_LINE)
    figure.add_hline(y=y_ref, line=_REFERENCE_LINE)
    for x_above in (False, True):
        for y_above in (False, True):
            figure.add_annotation(
                text=quadrant_label(x_above, y_above, comparison, polarity).replace(", ", ",<br>"),
                xref="paper",
                yref="paper",
                x=1.0 if x_above else 0.0,
                y=1.0 if y_above else 0.0,
                xanchor="right" if x_above else "left",
                yanchor="top" if y_above else "bottom",
                showarrow=False,
                align="right" if x_above else "left",
                font={"size": 12, "color": "#555"},
                bgcolor="rgba(255,255,255,0.8)",
            )
    figure.update_xaxes(
        title_text=axis_titles[0],
        tickformat=",.0f",
        showgrid=True,
        gridcolor="#eee",
        range=_padded(points["spending"], x_ref),
        autorange=False,
    )
    figure.update_yaxes(
        title_text=axis_titles[1], tickformat=",.1f", range=_padded(points["outcome"], y_ref), autorange=False
    )
    figure.update_layout(height=620, legend_title_text="Bezirk", clickmode="event+select")
    return german_layout(figure, title)


def _padded(values: pd.Series, reference: float, share: float = 0.18) -> list[float] | None:
    """An axis range around the values and the reference line, with room for bubbles and corner labels."""
    low, high = min(values.min(), reference), max(values.max(), reference)
    if pd.isna(low) or pd.isna(high):
        return None
    margin = (high - low) * share or 1.0
    return [low - margin, high + margin]


def space_hover_texts(
    points: pd.DataFrame,
    shift: pd.DataFrame,
    axis_titles: tuple[str, str],
    outcome_decimals: int,
    years: tuple[int, int],
) -> list[str]:
    """Hover text per space: both axis values, residents, residential share then and now, the quadrant.

    ``shift``: ``composition_shift`` output (area_key, residential_share_base/now).
    """
    shares = shift.set_index("area_key")
    base_year, year = years
    return [
        f"<b>{row.area_name}</b> ({row.district})<br>{axis_titles[0]}: {format_number(row.spending)}"
        f"<br>{axis_titles[1]}: {format_number(row.outcome, outcome_decimals)}"
        f"<br>Einwohner: {format_number(row.population)}"
        f"<br>Anteil stationär {base_year} → {year}: "
        f"{format_percent(shares['residential_share_base'].get(row.area_key))} → "
        f"{format_percent(shares['residential_share_now'].get(row.area_key))}"
        f"<br><i>{row.quadrant}</i>"
        for row in points.itertuples()
    ]
