"""Leaflet served by the app itself, so maps draw without any request leaving the server.

Stock folium points ``default_js``/``default_css`` at CDNs; streamlit-folium's frontend bundles no
Leaflet and loads exactly those links inside its iframe, so offline the map is blank. Here the links
point at ``./static/leaflet/`` (Streamlit static serving, ``/app/static/``), filled at run time from the
installed XStatic-Leaflet package: nothing large is committed, and the files always match the
installed version. Only Leaflet itself is loaded; folium's jQuery, Bootstrap and Font Awesome are for
markers and popups this app does not draw.
"""

from __future__ import annotations

import filecmp
import shutil
from pathlib import Path

import folium
import xstatic.pkg.leaflet
from branca.element import MacroElement
from jinja2 import Template

ASSET_FOLDER = "leaflet"
LEAFLET_FILES = ("leaflet.js", "leaflet.css")
#: Relative to streamlit-folium's iframe (``<base>/component/streamlit_folium.st_folium/index.html``),
#: so the links also work when the app runs under a ``server.baseUrlPath``.
STATIC_URL = "../../app/static/" + ASSET_FOLDER + "/"


def sync_leaflet_assets(static_dir: Path) -> Path:
    """Copy Leaflet's JS, CSS and images from the installed package into ``static_dir/leaflet``.

    Copies only what is missing or differs, so it is cheap to call at every start.
    """
    source = Path(xstatic.pkg.leaflet.BASE_DIR)
    target = static_dir / ASSET_FOLDER
    (target / "images").mkdir(parents=True, exist_ok=True)
    wanted = [Path(name) for name in LEAFLET_FILES] + [p.relative_to(source) for p in (source / "images").glob("*.png")]
    for relative in wanted:
        destination = target / relative
        if not destination.exists() or not filecmp.cmp(source / relative, destination, shallow=False):
            shutil.copyfile(source / relative, destination)
    return target


class GermanControls(MacroElement):
    """Leaflet's control tooltips in German: »Vergrößern«/»Verkleinern« instead of »Zoom in«/»Zoom out«, and
    the attribution prefix as plain »Leaflet«, without the English title »A JavaScript library for interactive
    maps« and without a link out of the app."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (map) {
            if (map.zoomControl) {
                map.zoomControl.remove();
                L.control.zoom({zoomInTitle: "Vergrößern", zoomOutTitle: "Verkleinern"}).addTo(map);
            }
            if (map.attributionControl) {
                map.attributionControl.setPrefix("Leaflet");
            }
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )


def offline_map(
    bounds: list[list[float]], tile_url: str | None = None, tile_attribution: str | None = None, **options
) -> folium.Map:
    """A ``folium.Map`` fitted to ``bounds`` ([[south, west], [north, east]]) that loads Leaflet from the app.

    Without ``tile_url`` there is no base map (no tile server is contacted); with it, the configured
    tiles (e.g. a municipal WMTS in XYZ form) are shown with ``tile_attribution``.
    """
    folium_map = folium.Map(tiles=None, control_scale=True, zoom_snap=0.25, **options)
    folium_map.default_js = [("leaflet", STATIC_URL + "leaflet.js")]
    folium_map.default_css = [("leaflet_css", STATIC_URL + "leaflet.css")]
    if tile_url:
        folium.TileLayer(tile_url, attr=tile_attribution or tile_url.split("/")[2], name="Grundkarte").add_to(
            folium_map
        )
    GermanControls().add_to(folium_map)
    folium_map.fit_bounds(bounds)
    return folium_map
