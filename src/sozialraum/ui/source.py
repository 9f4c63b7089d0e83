"""The pages' ``Source``: the same reads as the CLI's and the slides', through Streamlit's data cache."""

from __future__ import annotations

from typing import Any

import streamlit as st

from sozialraum.reports.source import READERS, Source
from sozialraum.ui import data


@st.cache_data(ttl=data.TTL_SECONDS, show_spinner=False)
def _cached_read(url: str, name: str, args: tuple[Any, ...]) -> Any:
    # Keyed on the URL and the reader's name and arguments; ``data.refresh_if_data_changed`` clears it
    # with every other cached loader when the database's data-version stamp moves.
    return READERS[name](data.engine_for(url), *args)


class CachedSource(Source):
    def __init__(self, url: str) -> None:
        super().__init__(data.engine_for(url))
        self.url = url

    def _read(self, name: str, *args: Any) -> Any:
        return _cached_read(self.url, name, args)


def page_source() -> CachedSource:
    return CachedSource(data.database_url())
