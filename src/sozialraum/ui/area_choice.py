"""Page-local choice of level and areas for Steckbrief, Vergleich and Entwicklung, kept in the URL.

The sidebar selects a social space; these pages can show every stored level below the city. The level
is ``?ebene=bezirk`` (words from ``sozialraum.vocabulary``), a single area ``?gebiet=02``, several areas
``?gebiete=0101,0102``; without them the sidebar's social space (or its district, or its planning areas)
is the default.

Keys are unique only within one boundary version (Berlin has twelve Bezirk keys in the LOR 2006 and
again in the LOR 2021), so the pickers offer the areas of one version: the one valid at the sidebar's
period, else the newest that has the level.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
import streamlit as st

from sozialraum.ui import data
from sozialraum.ui.selection import AREA_PARAM, WHOLE_CITY, Selection
from sozialraum.ui.source import CachedSource
from sozialraum.vocabulary import LEVEL_PARAM, LEVEL_SINGULAR, level_from_word, ordered_levels, word_for

AREA_CHOICE_PARAM = "gebiet"
AREAS_CHOICE_PARAM = "gebiete"
LEVEL_LABELS = {level: label for level, label in LEVEL_SINGULAR.items() if level != "city"}


@dataclass(frozen=True)
class Area:
    id: int
    key: str
    name: str
    level: str
    label: str  # name with the district, for pickers and headings


def areas_of_one_version(url: str, level: str, period: date | None) -> pd.DataFrame:
    """Areas of ``level`` in one boundary version: the one valid at ``period``, else the newest with the level."""
    areas = data.areas(url, level, period) if period is not None else data.areas(url, level).iloc[0:0]
    if not areas.empty:
        return areas
    everything = data.areas(url, level)
    if everything.empty:
        return everything
    versions = CachedSource(url).boundary_versions()
    order = [key for key in versions.sort_values("valid_from")["key"] if key in set(everything["boundary_version"])]
    newest = order[-1] if order else everything["boundary_version"].iloc[-1]
    return everything[everything["boundary_version"] == newest].reset_index(drop=True)


def area_labels(url: str, level: str, period: date | None = None) -> pd.DataFrame:
    """Areas of ``level`` (one boundary version, see ``areas_of_one_version``) with a ``label`` column
    (name and, below district level, the names of the social space and district above)."""
    areas = areas_of_one_version(url, level, period)
    if level == "district":
        return areas.assign(label=areas["name"])
    everything = data.areas(url).set_index("id")
    names, parents, levels = everything["name"], everything["parent_id"], everything["level"]

    def parent_names(area_id: int) -> list[str]:
        """Names of the areas between this one and the city: social space (for planning areas) and district."""
        found, current = [], area_id
        while current in parents.index and not pd.isna(parents[current]):
            current = int(parents[current])
            if levels[current] in ("social_space", "district"):
                found.append(names[current])
        return found

    return areas.assign(
        label=[
            f"{name} ({', '.join(above)})" if (above := parent_names(area_id)) else name
            for area_id, name in zip(areas["id"], areas["name"], strict=True)
        ]
    )


def selectable_levels(url: str) -> list[str]:
    """Every stored level below the city, social spaces first (what the sidebar selects), then coarse to fine."""
    levels = ordered_levels(data.areas(url)["level"])
    return sorted(levels, key=lambda level: level != "social_space")


def choose_level(prefix: str, url: str | None = None, default: str | None = None) -> str:
    """A level picker bound to ``?ebene=`` (German words; internal names are accepted from old links);
    offers every stored level below the city and returns the chosen one. Without a level in the URL,
    ``default`` (e.g. the first level where the indicator has values) is chosen, else social spaces."""
    levels = selectable_levels(url or data.database_url()) or ["social_space"]
    default = default if default in levels else levels[0]
    state_key = f"{prefix}_{LEVEL_PARAM}"
    if state_key not in st.session_state or st.session_state[state_key] not in levels:
        wanted = level_from_word(st.query_params.get(LEVEL_PARAM))
        st.session_state[state_key] = wanted if wanted in levels else default
    level = st.radio(
        "Ebene",
        levels,
        format_func=LEVEL_LABELS.__getitem__,
        key=state_key,
        horizontal=True,
        label_visibility="collapsed",
    )
    if level == default:
        st.query_params.pop(LEVEL_PARAM, None)
    else:
        st.query_params[LEVEL_PARAM] = word_for(level)
    return level


def _to_area(row: pd.Series, level: str) -> Area:
    return Area(int(row["id"]), str(row["key"]), str(row["name"]), level, str(row["label"]))


def default_keys(url: str, level: str, selection: Selection) -> list[str]:
    """The areas of ``level`` related to the sidebar's social space: itself, the area above it at a coarser
    level (its district, its region), or the areas below it at a finer level (its planning areas)."""
    if selection.area_key == WHOLE_CITY:
        return []
    if level == "social_space":
        return [selection.area_key]
    everything = data.areas(url)
    parents = everything.set_index("id")["parent_id"]
    levels = everything.set_index("id")["level"]
    # Above: walk up the parents until the level is reached.
    current = selection.area_id
    while current in parents.index and not pd.isna(parents[current]):
        current = int(parents[current])
        if levels[current] == level:
            return everything.loc[everything["id"] == current, "key"].tolist()
    # Below: walk down the children, level by level.
    found, frontier = [], {selection.area_id}
    while frontier:
        children = everything[everything["parent_id"].isin(frontier)]
        found += children.loc[children["level"] == level, "key"].tolist()
        frontier = set(children.loc[children["level"] != level, "id"])
    return found


def _make_sidebar_follow(picker_key: str) -> None:
    """Runs before the next script run, when the sidebar's widget may still be changed."""
    picked = st.session_state.get(picker_key)
    if picked is not None:
        st.session_state[AREA_PARAM] = picked
        st.query_params[AREA_PARAM] = picked


def choose_area(url: str, level: str, selection: Selection, prefix: str) -> Area | None:
    """One area of ``level``. At social-space level the sidebar's space is shown and picking another one
    changes the sidebar too; with Gesamtstadt selected the picker starts empty and asks for a choice.
    Other levels keep their choice in ``?gebiet=``."""
    areas = area_labels(url, level, selection.period)
    if areas.empty:
        st.warning(f"Für die Ebene {LEVEL_LABELS[level]} sind keine Gebiete vorhanden.")
        return None
    keys = areas["key"].tolist()
    labels = dict(zip(areas["key"], areas["label"], strict=True))
    if level == "social_space":
        current = selection.area_key if selection.area_key in keys else None
        # A new key when the sidebar changes, so the picker follows the sidebar instead of its own state.
        picker_key = f"{prefix}_raum_{current}"
        picked = st.selectbox(
            LEVEL_LABELS[level],
            keys,
            index=keys.index(current) if current is not None else None,
            format_func=labels.__getitem__,
            placeholder="Sozialraum wählen …",
            key=picker_key,
            on_change=_make_sidebar_follow,
            args=(picker_key,),
        )
    else:
        state_key = f"{prefix}_{AREA_CHOICE_PARAM}_{level}"
        if state_key not in st.session_state:
            raw = st.query_params.get(AREA_CHOICE_PARAM)
            defaults = default_keys(url, level, selection)
            st.session_state[state_key] = raw if raw in keys else (defaults[0] if defaults else None)
        picked = st.selectbox(
            LEVEL_LABELS[level], keys, format_func=labels.__getitem__, placeholder="Gebiet wählen …", key=state_key
        )
        if picked is None:
            st.query_params.pop(AREA_CHOICE_PARAM, None)
        else:
            st.query_params[AREA_CHOICE_PARAM] = picked
    if picked is None:
        return None
    return _to_area(areas.set_index("key", drop=False).loc[picked], level)


def choose_areas(
    url: str,
    level: str,
    selection: Selection,
    prefix: str,
    minimum: int,
    maximum: int,
    fallback_count: int,
    preferred: list[str] | None = None,
) -> list[Area]:
    """Several areas of ``level``, bound to ``?gebiete=``; by default the sidebar's, topped up from
    ``preferred`` (e.g. areas with values) and then from the list."""
    areas = area_labels(url, level, selection.period)
    keys = areas["key"].tolist()
    labels = dict(zip(areas["key"], areas["label"], strict=True))
    state_key = f"{prefix}_{AREAS_CHOICE_PARAM}_{level}"
    if state_key not in st.session_state:
        raw = [key for key in (st.query_params.get(AREAS_CHOICE_PARAM) or "").split(",") if key in keys]
        if not raw:
            raw = [key for key in default_keys(url, level, selection) if key in keys][:maximum]
            candidates = [key for key in (preferred or []) if key in keys] + keys
            raw += [key for key in dict.fromkeys(candidates) if key not in raw][: max(0, fallback_count - len(raw))]
        st.session_state[state_key] = raw[:maximum]
    picked = st.multiselect(
        f"{LEVEL_LABELS[level]} ({minimum}–{maximum})",
        keys,
        format_func=labels.__getitem__,
        max_selections=maximum,
        placeholder="Gebiete wählen …",
        key=state_key,
    )
    if picked:
        st.query_params[AREAS_CHOICE_PARAM] = ",".join(picked)
    else:
        st.query_params.pop(AREAS_CHOICE_PARAM, None)
    indexed = areas.set_index("key", drop=False)
    return [_to_area(indexed.loc[key], level) for key in picked]
