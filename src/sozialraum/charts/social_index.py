"""Figures of a social index: class distribution, index values with thresholds, sensitivity, and the
status × dynamics matrix.

Every figure colours classes with ``class_colours``, the same colours the class map uses, so a
planner can read map, bars and table against each other.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from sozialraum.analysis.social_index import IndexResult
from sozialraum.charts.common import german_layout
from sozialraum.formatting import format_number, format_percent
from sozialraum.maps.index_colours import (
    EXCLUDED_COLOUR,
    EXCLUDED_LABEL,
    class_colours,
    class_names,
)


def class_distribution_figure(result: IndexResult, title: str | None = None) -> go.Figure:
    """Horizontal bars of valid areas per class, most favourable on top (classes with no area show 0),
    and the excluded areas in grey at the bottom. Horizontal, so labels stay legible in a side column."""
    definition = result.definition
    counts = result.class_counts()
    valid = int(counts.sum())
    excluded = len(result.table) - valid
    names = class_names(definition)
    colours = class_colours(definition.thresholds)
    texts = [f"{count} ({format_percent(count / valid * 100 if valid else np.nan, 0)})" for count in counts]
    values = counts.tolist()
    if excluded:
        names.append(EXCLUDED_LABEL)
        colours.append(EXCLUDED_COLOUR)
        texts.append(str(excluded))
        values.append(excluded)
    figure = go.Figure(
        go.Bar(
            x=values,
            y=names,
            orientation="h",
            marker={"color": colours, "line": {"color": "#8a8a8a", "width": 0.6}},
            text=texts,
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{text}<extra></extra>",
        )
    )
    german_layout(figure, title or f"Gebiete je Klasse ({valid} gültige Gebiete)")
    figure.update_layout(
        height=120 + 42 * len(names),
        showlegend=False,
        xaxis={"title": "Anzahl Gebiete", "rangemode": "tozero", "gridcolor": "#e5e5e5"},
        yaxis={"type": "category", "autorange": "reversed", "automargin": True},
        margin={"r": 70, "t": 60},
    )
    return figure


def _jitter(count: int) -> np.ndarray:
    """Evenly spread vertical offsets (golden-ratio sequence): reproducible, and dots rarely overlap."""
    return (np.arange(count) * 0.6180339887) % 1.0 - 0.5


def index_strip_figure(result: IndexResult, names: pd.Series | None = None, title: str | None = None) -> go.Figure:
    """Every valid area as a dot on the index axis, coloured by class, with the thresholds as lines.

    ``names`` (area name per row of the result table) labels the dots on hover; default: the row key.
    """
    definition = result.definition
    valid = result.valid.sort_values("index")
    labels = (names if names is not None else pd.Series(valid.index, index=valid.index)).reindex(valid.index)
    offsets = pd.Series(_jitter(len(valid)), index=valid.index)
    colours = class_colours(definition.thresholds)
    figure = go.Figure()
    for position, (name, colour) in enumerate(zip(class_names(definition), colours, strict=True)):
        rows = valid[valid["class_position"] == position]
        figure.add_trace(
            go.Scatter(
                x=rows["index"],
                y=offsets[rows.index],
                mode="markers",
                name=name,
                marker={"color": colour, "size": 9, "line": {"color": "#555555", "width": 0.6}},
                text=[f"{labels[i]}: {format_number(v, 2)}" for i, v in zip(rows.index, rows["index"], strict=True)],
                hovertemplate="%{text} · " + name + "<extra></extra>",
            )
        )
    for threshold in definition.thresholds:
        figure.add_vline(
            x=threshold,
            line={"color": "#1b1f24", "dash": "dash", "width": 1.2},
            annotation_text=format_number(threshold, 1),
            annotation_position="top",
        )
    german_layout(figure, title or "Indexwerte der Gebiete und Klassengrenzen")
    figure.update_layout(
        height=300,
        yaxis={"visible": False, "range": [-0.7, 0.7]},
        xaxis={"title": "Index (Mittel 0, Standardabweichung 1; höher = ungünstiger)", "zeroline": False},
        margin={"t": 110},
        legend={"y": 1.12},
    )
    return figure


def sensitivity_figure(table: pd.DataFrame, indicator_names: Mapping[str, str], title: str | None = None) -> go.Figure:
    """Per indicator and variant (``analysis.social_index.sensitivity``): how many areas change class.

    A variant that cannot be computed (leaving out the only indicator) has no bar.
    """
    order = list(dict.fromkeys(table["indicator_key"]))
    figure = go.Figure()
    palette = ("#636363", "#9ecae1", "#08519c")  # left out: grey; halved: light; doubled: dark
    for number, variant in enumerate(dict.fromkeys(table["variant"])):
        rows = table[table["variant"] == variant].set_index("indicator_key").reindex(order)
        changed = pd.to_numeric(rows["changed"], errors="coerce")
        figure.add_trace(
            go.Bar(
                y=[indicator_names.get(key, key) for key in order],
                x=changed,
                orientation="h",
                name=variant,
                marker={"color": palette[number % len(palette)]},
                text=[
                    "" if np.isnan(c) else f"{int(c)} ({format_percent(s * 100, 0)})"
                    for c, s in zip(changed, pd.to_numeric(rows["share"], errors="coerce"), strict=True)
                ],
                textposition="outside",
                cliponaxis=False,
                hovertemplate="%{y}, " + variant + ": %{text} Gebiete mit anderer Klasse<extra></extra>",
            )
        )
    german_layout(figure, title or "Gebiete mit anderer Klasse je Variante")
    most = pd.to_numeric(table["changed"], errors="coerce").max()
    # Counts of areas: whole-number ticks, never "0,5 Gebiete".
    step = max(1, math.ceil((0 if np.isnan(most) else most) / 8))
    figure.update_layout(
        barmode="group",
        height=max(300, 130 + 60 * len(order)),
        xaxis={
            "title": "Gebiete mit anderer Klasse",
            "rangemode": "tozero",
            "gridcolor": "#e5e5e5",
            "dtick": step,
            "tick0": 0,
        },
        yaxis={"automargin": True, "autorange": "reversed"},
        margin={"r": 60},
    )
    return figure


def combined_matrix_figure(counts: pd.DataFrame, title: str | None = None) -> go.Figure:
    """The status × dynamics matrix: rows status classes, columns dynamics classes, areas per cell.

    Cells are coloured by how unfavourable the combination is (top left calm blue, bottom right red,
    the class colours' scale), not by their count: the eye should go to the cells that need attention,
    not to the large ordinary middle. ``counts`` comes from ``reports.social_index_tables.combined_counts``.
    """
    z = counts.to_numpy(dtype=float)
    total = z.sum()
    rows, columns = z.shape
    severity = [[(r / max(rows - 1, 1) + c / max(columns - 1, 1)) / 2 for c in range(columns)] for r in range(rows)]
    # An empty cell says "0" and nothing more, so the occupied cells stand out.
    text = [[f"<b>{int(v)}</b><br>({format_percent(v / total * 100, 0)})" if v else "0" for v in row] for row in z]
    figure = go.Figure(
        go.Heatmap(
            z=severity,
            x=[f"Dynamik {c}" for c in counts.columns],
            y=[f"Status {r}" for r in counts.index],
            text=text,
            customdata=z,
            texttemplate="%{text}",
            textfont={"size": 15, "color": "#1b1f24"},
            colorscale=[[0, "#abd9e9"], [0.5, "#ffffbf"], [1, "#f46d43"]],
            zmin=0,
            zmax=1,
            showscale=False,
            xgap=2,
            ygap=2,
            hovertemplate="%{y}, %{x}: %{customdata} Gebiete<extra></extra>",
        )
    )
    german_layout(figure, title or f"Status und Dynamik kombiniert ({int(total)} Gebiete)")
    figure.update_layout(
        height=120 + 70 * rows,
        yaxis={"autorange": "reversed", "automargin": True},
        xaxis={"side": "top", "automargin": True},
        plot_bgcolor="white",
        margin={"t": 110},
    )
    return figure
