"""Cached loaders for Steckbrief, Vergleich and Entwicklung (same caching rules as ``ui.data``)."""

from __future__ import annotations

from datetime import date

import geopandas as gpd
import pandas as pd
import streamlit as st

from sozialraum.reports.steckbrief import Steckbrief, load_steckbrief
from sozialraum.store import repository
from sozialraum.ui.data import TTL_SECONDS, engine_for


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def boundary_versions(url: str) -> pd.DataFrame:
    return repository.load_boundary_versions(engine_for(url))


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def goals_for_areas(url: str, area_ids: tuple[int, ...]) -> pd.DataFrame:
    return repository.load_goals_for_areas(engine_for(url), area_ids)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def area_outlines(url: str, level: str) -> gpd.GeoDataFrame:
    """Simplified outlines for the small locator map: a few hundred points per area are plenty there."""
    frame = repository.load_area_geometries(engine_for(url), level)
    frame["geometry"] = frame.geometry.simplify(0.0005, preserve_topology=True)
    return frame


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def budget_for_areas(url: str, years: tuple[int, ...], area_ids: tuple[int, ...]) -> pd.DataFrame:
    return repository.load_budget(engine_for(url), years, area_ids=area_ids)


# Each entry holds the level's values (2 MB for 51 planning areas): bounded, not one per area ever visited.
@st.cache_data(ttl=TTL_SECONDS, max_entries=24, show_spinner="Steckbrief wird zusammengestellt …")
def steckbrief(url: str, level: str, area_key: str, period: date, year: int) -> Steckbrief:
    """Everything the Steckbrief shows for one area (page, PDF and CLI read the same ``load_steckbrief``)."""
    return load_steckbrief(engine_for(url), level, area_key, period, year)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def observation_inventory(url: str) -> pd.DataFrame:
    """Which indicator has values at which Stichtag, level and boundary version (for reasons of gaps)."""
    return repository.observation_inventory(engine_for(url))
