"""The shared sidebar: year and social space, bound to the URL so a link reproduces the view."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
import streamlit as st

from sozialraum.repository import latest_period_per_year
from sozialraum.ui import data

YEAR_PARAM = "jahr"
AREA_PARAM = "raum"
WHOLE_CITY = ""  # the option that stands for the whole city (no social space selected)


@dataclass(frozen=True)
class Selection:
    year: int
    period: date
    previous_period: date | None
    area_key: str  # WHOLE_CITY or a social space's key
    area_id: int
    area_name: str
    level: str


def _area_label(areas: pd.DataFrame, districts: dict[int, str]) -> dict[str, str]:
    labels = {WHOLE_CITY: "Gesamtstadt"}
    for row in areas.itertuples():
        district = districts.get(row.parent_id)
        labels[row.key] = f"{row.name} ({district})" if district else row.name
    return labels


def render_sidebar() -> Selection | None:
    """Draw the year and social-space pickers; None when the database holds no observations."""
    url = data.database_url()
    years = latest_period_per_year(data.periods(url))
    if not years:
        st.sidebar.warning("Die Datenbank enthält noch keine Kennzahlen.")
        return None
    year_options = sorted(years, reverse=True)
    year = st.sidebar.selectbox(
        "Jahr",
        year_options,
        key=YEAR_PARAM,
        bind="query-params",
        persist_state="session",
        help="Berichtsjahr; bei mehreren Stichtagen im Jahr gilt der letzte.",
    )
    spaces = data.areas(url, "social_space")
    districts = data.areas(url, "district").set_index("id")["name"].to_dict()
    labels = _area_label(spaces, districts)
    area_key = st.sidebar.selectbox(
        "Sozialraum",
        list(labels),
        format_func=labels.__getitem__,
        key=AREA_PARAM,
        bind="query-params",
        persist_state="session",
    )
    period = years[year]
    earlier = [y for y in years if y < year]
    previous = years[max(earlier)] if earlier else None
    if area_key == WHOLE_CITY:
        city = data.areas(url, "city")
        if city.empty:
            st.sidebar.error("Kein Gebiet der Ebene Gesamtstadt vorhanden.")
            return None
        return Selection(year, period, previous, WHOLE_CITY, int(city["id"].iloc[0]), city["name"].iloc[0], "city")
    row = spaces[spaces["key"] == area_key].iloc[0]
    return Selection(year, period, previous, area_key, int(row["id"]), labels[area_key], "social_space")
