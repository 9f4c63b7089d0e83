"""Cached pieces of the map page: Leaflet's files in ./static, simplified geometry, class breaks."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import geopandas as gpd
import pandas as pd
import streamlit as st

from sozialraum.analysis.classification import Classification, Method, classify
from sozialraum.config import ENV_TILE_ATTRIBUTION, ENV_TILE_URL
from sozialraum.maps.geometry import map_shapes
from sozialraum.maps.offline import sync_leaflet_assets
from sozialraum.store import repository
from sozialraum.ui import data
from sozialraum.ui.selection import select_area


@st.cache_resource(show_spinner=False)
def leaflet_assets(static_dir: str) -> str:
    """Copy Leaflet into the app's static folder once per server process (see ``maps.offline``)."""
    return str(sync_leaflet_assets(Path(static_dir)))


def tile_settings() -> tuple[str | None, str | None]:
    """The base map from ``SOZIALRAUM_TILE_URL``/``SOZIALRAUM_TILE_ATTRIBUTION``; none by default (offline)."""
    return os.environ.get(ENV_TILE_URL) or None, os.environ.get(ENV_TILE_ATTRIBUTION) or None


@st.cache_data(ttl=data.TTL_SECONDS, show_spinner=False)
def areas_at(url: str, level: str, period: date, boundary_version: str | None = None) -> pd.DataFrame:
    return repository.load_areas(data.engine_for(url), level, period, boundary_version)


@st.cache_data(ttl=600, show_spinner=False)
def data_boundary_version(url: str, indicator_key: str, period: date) -> str | None:
    return repository.data_boundary_version(data.engine_for(url), indicator_key, period)


@st.cache_data(ttl=data.TTL_SECONDS, show_spinner="Kartengeometrie wird vereinfacht …")
def map_geometries(url: str, level: str, boundary_version: str, _period: date) -> tuple[gpd.GeoDataFrame, str]:
    """Simplified geometry and city outline, once per level and boundary version (``_period`` only picks
    the version and is not part of the cache key)."""
    return map_shapes(repository.load_area_geometries(data.engine_for(url), level, _period, boundary_version))


@st.cache_data(ttl=data.TTL_SECONDS, show_spinner=False)
def cached_classification(
    values: tuple[float, ...], method: Method, class_count: int, manual_breaks: tuple[float, ...] | None
) -> Classification | None:
    """Breaks for the values; cached because Fisher-Jenks without numba takes a noticeable moment."""
    return classify(values, method, class_count, manual_breaks)


MAP_KEY = "karte"
CLICKED_AREAS = "karte_auswahl"  # level -> key of the area last clicked on a map of that level


def clicked_area(level: str) -> str | None:
    return st.session_state.get(CLICKED_AREAS, {}).get(level)


def handle_map_click(level: str, current_social_space: str) -> None:
    """``on_change`` of the map: a click on a social space selects it for the whole app (sidebar, URL,
    profile); on other levels the clicked area is only remembered for this page.

    It must run as a callback: ``select_area`` writes the sidebar widget's state, which Streamlit allows
    only before that widget is drawn in the run.
    """
    value = st.session_state.get(MAP_KEY) or {}
    drawing = value.get("last_active_drawing") or {}
    key = (drawing.get("properties") or {}).get("k")
    if not key:
        return
    if level == "social_space":
        if key != current_social_space:
            select_area(key)
    else:
        st.session_state[CLICKED_AREAS] = {**st.session_state.get(CLICKED_AREAS, {}), level: key}
