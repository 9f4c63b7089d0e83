"""The choropleth itself: one GeoJSON layer drawn by a few lines of plain Leaflet, a legend, the outline.

Why not ``folium.GeoJson`` with ``GeoJsonTooltip``: the tooltip would insert field values as HTML
unescaped and repeat the style of every feature; here each feature carries only its key, its texts
(escaped in Python) and its fill, and the tooltip is assembled in the browser. That keeps the map for
Berlin's 542 Planungsräume far below the size stock folium produces.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass

import folium
import geopandas as gpd
import shapely
from branca.element import MacroElement
from jinja2 import Template

from sozialraum.maps.colours import NO_DATA_COLOUR, SUPPRESSED_HATCH
from sozialraum.maps.geometry import bulk_bounds
from sozialraum.maps.offline import offline_map

HATCHED = "h"  # fill code of a suppressed value (geheimgehalten)
NO_DATA = "n"  # fill code of a missing value
BACKGROUND = "#f4f5f2"  # the plain light ground shown when no tile server is configured
HATCH_CSS = f"repeating-linear-gradient(45deg, {SUPPRESSED_HATCH} 0 1.5px, #ffffff 1.5px 5px)"


@dataclass(frozen=True)
class LegendEntry:
    fill: str  # a colour, HATCHED or NO_DATA
    label: str


@dataclass(frozen=True)
class Legend:
    title: str
    entries: tuple[LegendEntry, ...]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class TooltipTexts:
    """Texts shared by all tooltips (labels and the city average), plain text; escaped when drawn."""

    value_label: str
    rank_label: str
    city_average: str
    change_label: str


def to_script_json(data: object) -> str:
    """JSON that is safe inside a ``<script>`` element (no ``</script>`` can close it early)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def features_json(areas: gpd.GeoDataFrame, selected_key: str | None = None) -> str:
    """A GeoJSON FeatureCollection with the compact properties the map script reads.

    ``areas`` needs the columns key, name, fill, value_text, rank_text, change_text (plain text).
    """
    features = []
    for row, geometry in zip(areas.itertuples(), areas.geometry, strict=True):
        properties = {
            "k": row.key,
            "n": html.escape(str(row.name)),
            "v": html.escape(row.value_text),
            "r": html.escape(row.rank_text),
            "d": html.escape(row.change_text),
            "f": row.fill,
        }
        if row.key == selected_key:
            properties["s"] = 1
        features.append(
            '{"type":"Feature","properties":'
            + to_script_json(properties)
            + ',"geometry":'
            + shapely.to_geojson(geometry)
            + "}"
        )
    return '{"type":"FeatureCollection","features":[' + ",".join(features) + "]}"


def _swatch(fill: str) -> str:
    if fill == HATCHED:
        background = HATCH_CSS
    elif fill == NO_DATA:
        background = NO_DATA_COLOUR
    else:
        background = fill
    return (
        f'<span style="display:inline-block;width:18px;height:14px;margin-right:6px;vertical-align:middle;'
        f'border:1px solid #8a8a8a;background:{background}"></span>'
    )


def legend_html(legend: Legend) -> str:
    rows = "".join(
        f'<div style="white-space:nowrap;line-height:18px">{_swatch(e.fill)}{html.escape(e.label)}</div>'
        for e in legend.entries
    )
    notes = "".join(
        f'<div style="margin-top:4px;color:#444;font-size:11px;max-width:230px">{html.escape(n)}</div>'
        for n in legend.notes
    )
    return (
        '<div class="sr-legend" style="background:rgba(255,255,255,0.94);padding:8px 10px;border-radius:4px;'
        "box-shadow:0 1px 4px rgba(0,0,0,0.3);font:12px/1.4 'Source Sans Pro',Arial,sans-serif;color:#1b1f24\">"
        f'<div style="font-weight:600;margin-bottom:4px;max-width:230px">{html.escape(legend.title)}</div>'
        f"{rows}{notes}</div>"
    )


class ChoroplethLayer(MacroElement):
    """Areas coloured by class, with tooltips, the city outline and the legend, in plain Leaflet."""

    _template = Template(
        """
{% macro script(this, kwargs) %}
(function () {
    var map = {{ this._parent.get_name() }};
    map.getContainer().style.background = "{{ this.background }}";
    if (!document.getElementById("sr-hatch")) {
        var holder = document.createElement("div");
        holder.innerHTML = '<svg width="0" height="0" style="position:absolute" aria-hidden="true"><defs>'
            + '<pattern id="sr-hatch" patternUnits="userSpaceOnUse" width="5" height="5" '
            + 'patternTransform="rotate(45)"><rect width="5" height="5" fill="#ffffff"/>'
            + '<line x1="0" y1="0" x2="0" y2="5" stroke="{{ this.hatch }}" stroke-width="3"/></pattern></defs></svg>';
        document.body.appendChild(holder.firstChild);
    }
    var texts = {{ this.texts }};
    // A tooltip line is left out when its label or this area's text is empty (e.g. no exclusion reason).
    function line(label, value) { return label && value ? "<br>" + label + ": " + value : ""; }
    function fillOf(code) {
        if (code === "{{ this.hatched }}") { return "url(#sr-hatch)"; }
        if (code === "{{ this.no_data }}") { return "{{ this.no_data_colour }}"; }
        return code;
    }
    var areas = L.geoJSON({{ this.features }}, {
        style: function (feature) {
            var p = feature.properties;
            return {fillColor: fillOf(p.f), fillOpacity: p.f === "{{ this.hatched }}" ? 1 : 0.9,
                    color: p.s ? "#111111" : "#ffffff", weight: p.s ? 3 : 0.7, opacity: 1};
        },
        onEachFeature: function (feature, layer) {
            var p = feature.properties;
            layer.bindTooltip("<strong>" + p.n + "</strong>" + line(texts.value, p.v) + line(texts.rank, p.r)
                + (texts.city ? "<br>" + texts.city : "") + line(texts.change, p.d), {sticky: true});
        }
    }).addTo(map);
    areas.eachLayer(function (layer) { if (layer.feature.properties.s) { layer.bringToFront(); } });
    L.geoJSON({{ this.outline }}, {interactive: false,
        style: {color: "#3a3a3a", weight: 1.6, fill: false, opacity: 0.9}}).addTo(map);
    var legend = L.control({position: "bottomright"});
    legend.onAdd = function () {
        var box = L.DomUtil.create("div");
        box.innerHTML = {{ this.legend }};
        return box;
    };
    legend.addTo(map);
})();
{% endmacro %}
"""
    )

    def __init__(
        self,
        areas: gpd.GeoDataFrame,
        outline_geojson: str,
        legend: Legend,
        texts: TooltipTexts,
        selected_key: str | None,
    ):
        super().__init__()
        self._name = "ChoroplethLayer"
        self.features = features_json(areas, selected_key)
        self.outline = outline_geojson
        self.legend = to_script_json(legend_html(legend))
        self.texts = to_script_json(
            {
                "value": html.escape(texts.value_label),
                "rank": html.escape(texts.rank_label),
                "city": html.escape(texts.city_average),
                "change": html.escape(texts.change_label),
            }
        )
        self.background = BACKGROUND
        self.hatch = SUPPRESSED_HATCH
        self.hatched = HATCHED
        self.no_data = NO_DATA
        self.no_data_colour = NO_DATA_COLOUR


def choropleth_map(
    areas: gpd.GeoDataFrame,
    outline_geojson: str,
    legend: Legend,
    texts: TooltipTexts,
    selected_key: str | None = None,
    tile_url: str | None = None,
    tile_attribution: str | None = None,
) -> folium.Map:
    """The map of ``areas`` (EPSG:4326, simplified; columns see ``features_json``), offline-ready.

    ``outline_geojson`` is the city's border (``geometry.outline_geojson``), drawn on top, not clickable.
    """
    # The bulk of the areas, not far-off fragments (Hamburg's Neuwerk); empty: Germany.
    west, south, east, north = bulk_bounds(areas) if not areas.empty else (5.9, 47.3, 15.0, 55.1)
    folium_map = offline_map([[south, west], [north, east]], tile_url, tile_attribution)
    ChoroplethLayer(areas, outline_geojson, legend, texts, selected_key).add_to(folium_map)
    return folium_map
