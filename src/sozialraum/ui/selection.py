"""The shared sidebar: year and social space, bound to the URL so a link reproduces the view."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
import streamlit as st

from sozialraum.analysis.availability import latest_data_year, years_with_values
from sozialraum.periods import periods_by_year
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


def seed_from_url(key: str, options: list, parse=str, default: object = None) -> None:  # any converter
    """Before the widget's first draw in a session, take its value from the URL if it is a valid option,
    else ``default`` (when it is an option) or the first option.

    Widgets are not bound with ``bind="query-params"`` because Streamlit writes a selectbox's label,
    not its value, into the URL; links should carry keys (``?raum=0102``), not display names.
    """
    if key in st.session_state and st.session_state[key] in options:
        return
    raw = st.query_params.get(key)
    try:
        value = parse(raw) if raw is not None else None
    except ValueError:
        value = None
    fallback = default if default in options else options[0]
    st.session_state[key] = value if value in options else fallback


def write_to_url(key: str, value: object, default: object) -> None:
    if value == default:
        st.query_params.pop(key, None)
    else:
        st.query_params[key] = str(value)


def select_area(area_key: str) -> None:
    """Make ``area_key`` the current social space (e.g. after a click on the map) and redraw."""
    st.session_state[AREA_PARAM] = area_key
    st.query_params[AREA_PARAM] = area_key
    st.rerun()


def render_sidebar() -> Selection | None:
    """Draw the year and social-space pickers; None when the database holds no observations."""
    url = data.database_url()
    all_periods = data.periods(url)
    # Budget-only years (Berlin's plans for 2026/27) are selectable too; they show the latest indicators.
    years = periods_by_year(all_periods, data.budget_years(url))
    if not years:
        st.sidebar.warning("Die Datenbank enthält noch keine Kennzahlen.")
        return None
    year_options = sorted(years, reverse=True)
    # The latest year with indicator values, not a later plan year: the first view shows data.
    default_year = latest_data_year(data.availability(url)) or year_options[0]
    seed_from_url(YEAR_PARAM, year_options, int, default_year)
    data_years = set(years_with_values(data.availability(url)))
    year = st.sidebar.selectbox(
        "Jahr",
        year_options,
        format_func=lambda option: str(option) if option in data_years else f"{option} (ohne Kennzahlen)",
        key=YEAR_PARAM,
        help="Berichtsjahr; je Kennzahl gilt ihr letzter Stichtag im Jahr, für Jahre ohne Kennzahlen "
        "(z. B. Haushaltsplanung) der letzte Stichtag davor.",
    )
    write_to_url(YEAR_PARAM, year, default_year)

    period = years[year]
    # Only areas of the boundary version valid for the year (Berlin: LOR before and from 2021).
    spaces = data.areas(url, "social_space", period)
    districts = data.areas(url, "district", period).set_index("id")["name"].to_dict()
    labels = _area_label(spaces, districts)
    area_options = list(labels)
    seed_from_url(AREA_PARAM, area_options)
    area_key = st.sidebar.selectbox("Sozialraum", area_options, format_func=labels.__getitem__, key=AREA_PARAM)
    write_to_url(AREA_PARAM, area_key, WHOLE_CITY)

    earlier = [p for p in all_periods if p < period]
    previous = max(earlier) if earlier else None
    if area_key == WHOLE_CITY:
        city = data.areas(url, "city", period)
        if not city.empty:
            return Selection(year, period, previous, WHOLE_CITY, int(city["id"].iloc[0]), city["name"].iloc[0], "city")
        if spaces.empty:
            st.sidebar.warning(
                "Die Datenbank enthält weder ein Gebiet der Ebene Gesamtstadt noch Sozialräume; "
                "bitte die Gebiete importieren (Seite Daten)."
            )
            return None
        # A database of social spaces only (no city area imported): the pages show the first space
        # instead of stopping; city values need a city area above the spaces.
        st.sidebar.caption("Ohne Gebiet der Ebene Gesamtstadt: gezeigt wird der erste Sozialraum.")
        area_key = str(spaces["key"].iloc[0])
    row = spaces[spaces["key"] == area_key].iloc[0]
    return Selection(year, period, previous, area_key, int(row["id"]), labels[area_key], "social_space")
