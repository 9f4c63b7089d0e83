"""An indicator map as a plain plotly figure, for slides and image exports.

Polygons are filled scatter traces in lon/lat, one trace per class so the legend states the classes.
Not ``go.Choropleth``: plotly's geo subplot fetches a world topojson from its CDN whenever a trace has
a location mode, even with the base map hidden; offline that fails (kaleido raises, the browser makes
a foreign request). The y axis is stretched by 1/cos(latitude), as in the locator map, so the city
keeps its shape.
"""

from __future__ import annotations

import math

import geopandas as gpd
import pandas as pd
import plotly.graph_objects as go

from sozialraum.charts.common import german_layout
from sozialraum.maps.choropleth import HATCHED, NO_DATA, Legend
from sozialraum.maps.colours import NO_DATA_COLOUR, SUPPRESSED_HATCH

#: Up to this many areas the map names them; more names would cover the colours.
LABEL_MAX_AREAS = 20
MAP_WIDTH_SHARE = 0.64  # of the figure's width; the legend takes the rest


def _rings(geometry) -> tuple[list[float | None], list[float | None]]:  # shapely geometry
    """All exterior rings of a (multi)polygon, separated by None so one trace fills each of them."""
    xs: list[float | None] = []
    ys: list[float | None] = []
    for polygon in getattr(geometry, "geoms", [geometry]):
        x, y = polygon.exterior.coords.xy
        xs += [*x, None]
        ys += [*y, None]
    return xs, ys


def _fill_style(fill: str) -> dict:
    if fill == HATCHED:
        return {"fillcolor": "white", "fillpattern": {"shape": "/", "fgcolor": SUPPRESSED_HATCH, "size": 8}}
    if fill == NO_DATA:
        return {"fillcolor": NO_DATA_COLOUR}
    return {"fillcolor": fill}


def static_map_figure(geometries: gpd.GeoDataFrame, fills: pd.Series, names: pd.Series, legend: Legend) -> go.Figure:
    """``geometries`` (key, geometry in EPSG:4326); ``fills`` and ``names`` indexed by key; ``legend`` from
    ``maps.indicator_map.build_legend`` (its entries in order, each with a fill code or colour)."""
    figure = go.Figure()
    shapes = geometries.set_index("key")
    if shapes.empty:
        # Areas imported from a list have no boundary yet: say so instead of an empty (unscalable) map.
        german_layout(figure)
        figure.update_xaxes(visible=False)
        figure.update_yaxes(visible=False)
        figure.add_annotation(
            text="Für diese Gebiete sind noch keine Umrisse gespeichert.", showarrow=False, x=0.5, y=0.5,
            xref="paper", yref="paper", font={"size": 16},
        )  # fmt: skip
        figure.update_layout(plot_bgcolor="white")
        return figure
    for entry in legend.entries:
        keys = [key for key in shapes.index if fills.get(key) == entry.fill]
        xs: list[float | None] = []
        ys: list[float | None] = []
        for key in keys:
            x, y = _rings(shapes.loc[key, "geometry"])
            xs += x
            ys += y
        figure.add_trace(
            go.Scatter(
                x=xs or [None],
                y=ys or [None],
                mode="lines",
                fill="toself",
                line={"color": "white", "width": 1},
                name=entry.label,
                hoverinfo="skip",
                **_fill_style(entry.fill),
            )
        )
    centroids = shapes.geometry.representative_point()
    show_names = len(shapes) <= LABEL_MAX_AREAS
    figure.add_trace(
        go.Scatter(
            x=centroids.x,
            y=centroids.y,
            mode="text" if show_names else "markers",
            text=[names.get(key, key) for key in shapes.index],
            textfont={"size": 12, "color": "#1b1f24"},
            marker={"size": 1, "opacity": 0},
            hoverinfo="text",
            showlegend=False,
        )
    )
    west, south, east, north = shapes.total_bounds
    mid_latitude = (south + north) / 2
    german_layout(figure)
    # The map keeps its shape on the left; the legend follows right beside it, not at the far edge.
    figure.update_xaxes(
        visible=False, range=[west, east], constrain="domain", constraintoward="right", domain=[0, MAP_WIDTH_SHARE]
    )
    figure.update_yaxes(
        visible=False, scaleanchor="x", scaleratio=1 / math.cos(math.radians(mid_latitude)), constrain="domain"
    )
    figure.update_layout(
        showlegend=True,
        legend={
            "orientation": "v",
            "x": MAP_WIDTH_SHARE + 0.02,
            "xanchor": "left",
            "y": 0.5,
            "yanchor": "middle",
            "title": None,
        },
        plot_bgcolor="white",
    )
    return figure
