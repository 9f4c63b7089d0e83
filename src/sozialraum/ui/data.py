"""Cached access to the database for the pages.

The engine is a ``cache_resource`` keyed by URL; loaders are ``cache_data`` with plain hashable
arguments (URL, keys and periods as tuples) returning DataFrames, never ORM objects. Every page run
first reads the database's data-version stamp (``refresh_if_data_changed``, one primary-key SELECT) and
drops these caches when it moved, so a CLI import or another server's write shows at the next rerun; the
ten-minute TTL is only a safety net.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st
from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from sozialraum.config import resolve_database_url
from sozialraum.db import make_engine
from sozialraum.demo.install import ensure_database
from sozialraum.store import data_version, repository

TTL_SECONDS = 600


def _streamlit_secrets() -> dict[str, Any]:
    try:
        return st.secrets.to_dict()
    except Exception:  # no secrets file is the normal case, whatever Streamlit raises for it
        return {}


def database_url() -> str:
    return resolve_database_url(secrets=_streamlit_secrets())


#: URL -> identity of the SQLite file its engine opened: a file that vanishes or is replaced later is a
#: fault (``ui.database_fault``), not a first start.
opened_sqlite_files: dict[str, tuple[int, int]] = {}


def file_identity(path: Path) -> tuple[int, int]:
    status = path.stat()
    return status.st_dev, status.st_ino


@st.cache_resource(show_spinner="Datenbank wird vorbereitet …")
def engine_for(url: str) -> Engine:
    """The engine for ``url``, schema migrated; an empty database gets the demo city on first start."""
    engine = make_engine(url)
    ensure_database(engine)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database and parsed.database != ":memory:":
        opened_sqlite_files[url] = file_identity(Path(parsed.database))
    return engine


def forget_engine(url: str) -> None:
    """Close the engine of ``url`` and drop it and all cached data, so the next run opens the database anew."""
    engine_for(url).dispose()
    engine_for.clear(url)
    st.cache_data.clear()


def engine() -> Engine:
    return engine_for(database_url())


#: URL -> the data-version stamp the cached data of this process were loaded at.
_seen_data_versions: dict[str, int] = {}


def refresh_if_data_changed(url: str | None = None) -> bool:
    """Drop the cached page data when the database's stamp moved since the last run (any process wrote);
    True when it did. The caches are process-wide, so one session's refresh serves all."""
    url = url or database_url()
    stamp = data_version.current(engine_for(url))
    changed = _seen_data_versions.get(url, stamp) != stamp
    if changed:
        st.cache_data.clear()
    _seen_data_versions[url] = stamp
    return changed


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def dataset_info(url: str) -> dict[str, str]:
    return repository.dataset_info(engine_for(url))


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def areas(url: str, level: str | None = None, period: date | None = None) -> pd.DataFrame:
    """Areas of a level; with ``period``, only those of the boundary version valid then."""
    return repository.load_areas(engine_for(url), level, period)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def indicators(url: str) -> pd.DataFrame:
    return repository.load_indicators(engine_for(url))


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def periods(url: str) -> list[date]:
    return repository.load_periods(engine_for(url))


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def values(url: str, indicator_keys: tuple[str, ...], period_list: tuple[date, ...], level: str) -> pd.DataFrame:
    return repository.load_values(engine_for(url), indicator_keys, period_list, level)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def budget(url: str, years: tuple[int, ...], product: str | None = None) -> pd.DataFrame:
    return repository.load_budget(engine_for(url), years, product)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def budget_products(url: str) -> pd.DataFrame:
    return repository.load_budget_products(engine_for(url))


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def budget_years(url: str) -> list[int]:
    return repository.load_budget_years(engine_for(url))


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def availability(url: str) -> pd.DataFrame:
    """Where values are stored (``repository.load_value_availability``), for defaults that lead to data."""
    return repository.load_value_availability(engine_for(url))
