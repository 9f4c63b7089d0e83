"""Slides of the indicator views: Karte, Entwicklung, Vergleich (Steckbrief and Übersicht: ``area_slides``).

Parameters use the views' URL words (``kennzahl``, ``ebene``, ``jahr``, ``gebiete`` …), so a slide
and a shared link describe a view the same way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from sozialraum.analysis.availability import indicator_period_in_year, indicator_periods, latest_period_until
from sozialraum.analysis.classification import ClassificationError, Method, classify
from sozialraum.analysis.comparison import at_own_periods, standardised_deviations
from sozialraum.analysis.keyfigures import (
    choose_population_indicator,
    periods_for_keys,
    wanted_periods,
)
from sozialraum.analysis.mapdata import area_table, city_value, compute_change
from sozialraum.analysis.profile import shown_values
from sozialraum.analysis.trends import boundary_breaks, follow_areas, index_to_base, namesakes, series_on_grid
from sozialraum.charts.profile import deviation_figure, trend_figure
from sozialraum.charts.ranking import ranking_figure
from sozialraum.charts.static_map import static_map_figure
from sozialraum.formatting import format_date, format_value
from sozialraum.maps.colours import NO_DATA_COLOUR
from sozialraum.maps.geometry import simplify_for_map
from sozialraum.maps.indicator_map import MapSubject, area_fills, build_legend, tooltip_rows
from sozialraum.slides.registry import RenderedSlide, SlideContext, StaleSlideError, register
from sozialraum.store import repository
from sozialraum.vocabulary import LEVEL_PLURAL, level_from_word


def _level(params: Mapping[str, Any], default: str = "social_space") -> str:
    """The slide's level: internal names as the pages store them, or the URL words of ``level_words``."""
    raw = params.get("ebene") or default
    level = level_from_word(str(raw))
    if level is None or level == "city":
        raise StaleSlideError(f"Die Gebietsebene »{raw}« ist unbekannt.")
    return level


def _labels(context: SlideContext, level: str, keys: Sequence[str]) -> dict[int, str]:
    """Area id -> name (with the district below district level) for ``keys``, in their order."""
    everything = context.all_areas.set_index("id")
    labels: dict[int, str] = {}
    for key in keys:
        area = context.area(level, key)
        parent = area["parent_id"]
        district = None
        while not pd.isna(parent) and int(parent) in everything.index:
            if everything.loc[int(parent), "level"] == "district":
                district = everything.loc[int(parent), "name"]
                break
            parent = everything.loc[int(parent), "parent_id"]
        labels[int(area["id"])] = f"{area['name']} ({district})" if district and level != "district" else area["name"]
    return labels


def _definition(meta: pd.Series) -> str:
    text = f"{meta['name']}: {meta['definition'] or 'keine Definition hinterlegt'}"
    return text + (f" Quelle der Kennzahl: {meta['source']}." if meta["source"] else "")


@register("karte", "Karte")
def map_slide(context: SlideContext, params: Mapping[str, Any]) -> RenderedSlide:
    """The indicator map of the Karte page, drawn without tiles, with the class legend beside it."""
    engine = context.engine
    key = params.get("kennzahl")
    meta = context.indicator(key)
    level = _level(params)
    year = int(params.get("jahr") or max(p.year for p in context.periods))
    # As on the Karte: a year of an indicator is its own latest Stichtag in it (in a plan year the last before).
    context.period_of_year(year)  # a year the database no longer knows at all: the general message
    availability = repository.load_value_availability(engine)
    period = indicator_period_in_year(availability, key, year) or latest_period_until(availability, key, year)
    if period is None:
        raise StaleSlideError(f"Für »{meta['name']}« liegen {year} keine Daten mehr vor.")
    show_change = params.get("ansicht") == "veraenderung" and params.get("vergleich") is not None
    earlier_year = int(params["vergleich"]) if show_change else None
    earlier_period = indicator_period_in_year(availability, key, earlier_year) if earlier_year else None
    if show_change and earlier_period is None:
        raise StaleSlideError(f"Für das Vergleichsjahr {earlier_year} liegen keine Daten mehr vor.")
    subject = MapSubject(
        meta["name"], meta["unit"], int(meta["decimals"]), int(meta["polarity"]), year, earlier_year, show_change
    )
    version = repository.data_boundary_version(engine, key, period)
    areas = repository.load_areas(engine, level, period, version)
    if areas.empty:
        raise StaleSlideError(f"Für {year} sind keine {LEVEL_PLURAL[level]} mit Grenzen gespeichert.")
    wanted = tuple(p for p in (period, earlier_period) if p is not None)
    values = repository.load_values(engine, (key,), wanted, level)
    table = area_table(areas, values, key, period, earlier_period, subject.polarity, subject.unit)
    city_ids = repository.load_areas(engine, "city", period, areas["boundary_version"].iloc[0])["id"]
    city_values = repository.load_values(engine, (key,), (period,), "city")
    city_now, _ = city_value(city_values[city_values["area_id"].isin(city_ids)], key, period)

    fixed = bool(params.get("fest")) and not show_change
    if fixed:
        own_periods = indicator_periods(availability, key)
        pooled = repository.load_values(engine, (key,), tuple(own_periods), level)
        fixed_span = (own_periods[0].year, own_periods[-1].year)
        classified = pooled.loc[pooled["flag"] != "suppressed", "value"].to_numpy(dtype=float)
    else:
        classified = table[subject.mapped_column].to_numpy(dtype=float)
    try:
        method = Method(params.get("methode") or Method.QUANTILES.value)
        breaks = params.get("grenzen") or None
        classification = classify(classified, method, int(params.get("klassen") or 5), breaks)
    except (ClassificationError, ValueError) as error:
        raise StaleSlideError(f"Die Klassenbildung ist nicht mehr möglich: {error}") from None
    fills = area_fills(table, subject, classification)
    legend = build_legend(table, fills, subject, classification, fixed_span if fixed else None)
    if params.get("darstellung") == "rangfolge":
        city_before = np.nan
        if show_change:
            city_before, _ = city_value(
                repository.load_values(engine, (key,), (earlier_period,), "city"), key, earlier_period
            )
        change = compute_change(pd.Series([city_now]), pd.Series([city_before]), subject.change_kind).iloc[0]
        city_mapped = change if show_change else city_now
        colours = fills.where(fills.str.startswith("#"), NO_DATA_COLOUR)
        figure = ranking_figure(table, subject.mapped_column, colours, city_mapped, subject.format_mapped, "")
    else:
        geometries = simplify_for_map(repository.load_area_geometries(engine, level, period, version))
        figure = static_map_figure(geometries, fills.set_axis(table["key"]), table.set_index("key")["name"], legend)

    ranked = tooltip_rows(table, subject).dropna(subset=[subject.mapped_column])
    ranked = ranked.sort_values(subject.mapped_column, ascending=False)
    shown = ranked[["name", "value_text", "change_text"]].rename(
        columns={"name": "Gebiet", "value_text": f"Wert {year}", "change_text": "Veränderung"}
    )
    city_text = subject.format_value(city_now) if city_now == city_now else "–"
    notes = [f"{subject.title()}, {len(table)} {LEVEL_PLURAL[level]}. Gesamtstadt: {city_text}."]
    if len(ranked):
        for label, rows in (("Höchste Werte", ranked.head(3)), ("Niedrigste Werte", ranked.tail(3).iloc[::-1])):
            named = zip(rows["name"], rows[subject.mapped_column], strict=True)
            notes.append(f"{label}: " + ", ".join(f"{n} ({subject.format_mapped(v)})" for n, v in named) + ".")
    return RenderedSlide(
        title=subject.title(),
        subtitle=f"{LEVEL_PLURAL[level]} · Stichtag {format_date(period)} · Gesamtstadt {city_text}",
        figure=figure,
        table=shown.reset_index(drop=True),
        notes=" ".join(notes),
        method=f"{_definition(meta)} " + " ".join(n if n.endswith(".") else f"{n}." for n in legend.notes),
    )


@register("entwicklung", "Entwicklung")
def trend_slide(context: SlideContext, params: Mapping[str, Any]) -> RenderedSlide:
    """One indicator over all periods for the chosen areas, with the city as a dashed line."""
    engine = context.engine
    key = params.get("kennzahl")
    meta = context.indicator(key)
    level = _level(params)
    area_keys = [str(k) for k in params.get("gebiete") or []]
    if not area_keys:
        raise StaleSlideError("Die Folie nennt keine Gebiete.")
    labels = _labels(context, level, area_keys)
    periods = context.periods
    base = params.get("basisjahr")
    own_periods = indicator_periods(repository.load_value_availability(engine), key)
    exact = str(params.get("basis") or "")
    base_period = next((p for p in own_periods if p.isoformat() == exact), None)
    if base and base_period is None:
        base_period = next((p for p in own_periods if p.year == int(base)), None)
    if base and base_period is None:
        raise StaleSlideError(f"Für das Basisjahr {base} liegen keine Daten mehr vor.")
    # As on the page: areas followed across boundary versions by key and name, the city once per period.
    area_ids = namesakes(context.all_areas[context.all_areas["level"] == level], list(labels))
    cities = context.all_areas[context.all_areas["level"] == "city"]
    city_ids = {int(city_id): int(cities["id"].iloc[0]) for city_id in cities["id"]} if not cities.empty else {}
    level_values = follow_areas(repository.load_values(engine, (key,), tuple(periods), level), area_ids)
    series = series_on_grid(level_values, periods)
    series = series[series["area_id"].isin(labels)]
    city_values = follow_areas(repository.load_values(engine, (key,), tuple(periods), "city"), city_ids)
    city = series_on_grid(city_values, periods)
    if base_period is not None:
        series, city = index_to_base(series, base_period), index_to_base(city, base_period)
    elif meta["aggregation"] == "sum":
        city = city.iloc[0:0]
    breaks = boundary_breaks(periods, repository.load_boundary_versions(engine))
    unit, decimals = meta["unit"], int(meta["decimals"])
    figure = trend_figure(series, city, labels, "", unit, decimals, breaks=breaks, indexed_to=base_period)

    def shown(value: float) -> str:
        return format_value(value, "", 1) if base_period is not None else format_value(value, unit, decimals)

    notes = []
    for area_id, label in labels.items():
        own = series[series["area_id"] == area_id].dropna(subset=["value"])
        if own.empty:
            notes.append(f"{label}: keine Werte.")
            continue
        first, last = own.iloc[0], own.iloc[-1]
        notes.append(
            f"{label}: {shown(last['value'])} ({format_date(last['period'])}), "
            f"{format_date(first['period'])} {shown(first['value'])}."
        )
    city_known = city.dropna(subset=["value"])
    if len(city_known):
        notes.append(f"Gesamtstadt: {shown(city_known.iloc[-1]['value'])}.")
    title = meta["name"] + (f" als Index ({base_period.year} = 100)" if base_period else "")
    return RenderedSlide(
        title=f"Entwicklung: {title}",
        subtitle=", ".join(labels.values()) + (f" · in {unit}" if unit and base_period is None else ""),
        figure=figure,
        notes=" ".join(notes),
        method=_definition(meta)
        + " Gestrichelt: Gesamtstadt (gewichtet aus Zählern und Nennern). Lücken: Perioden ohne Wert.",
    )


def _comparison_frames(
    context: SlideContext, params: Mapping[str, Any]
) -> tuple[str, dict[int, str], pd.DataFrame, pd.DataFrame, pd.DataFrame, Any]:
    level = _level(params)
    area_keys = [str(k) for k in params.get("gebiete") or []]
    if len(area_keys) < 2:
        raise StaleSlideError("Ein Vergleich braucht mindestens zwei Gebiete.")
    labels = _labels(context, level, area_keys)
    period = context.period_of_year(params.get("jahr"))
    catalogue = context.catalogue
    topics = params.get("themen")
    if topics:
        catalogue = catalogue[catalogue["topic"].isin(topics)]
    if catalogue.empty:
        raise StaleSlideError("Die gewählten Themen gibt es nicht mehr.")
    keys = tuple(catalogue.index)
    # As on the page: each indicator at its own latest Stichtag of the year.
    own_periods = periods_for_keys(repository.observation_inventory(context.engine), keys, period)
    periods = wanted_periods(own_periods) or (period,)
    level_values = repository.load_values(context.engine, keys, periods, level)
    city_values = repository.load_values(context.engine, keys, periods, "city")
    level_values = at_own_periods(shown_values(level_values), own_periods)
    city_values = at_own_periods(shown_values(city_values), own_periods)
    return level, labels, catalogue, level_values, city_values, period


@register("vergleich", "Vergleich")
def comparison_slide(context: SlideContext, params: Mapping[str, Any]) -> RenderedSlide:
    """Two to six areas side by side: their distance from the city (chart) or their values (table)."""
    level, labels, catalogue, level_values, city_values, period = _comparison_frames(context, params)
    table = {"Kennzahl": catalogue["short_name"].tolist()}
    for area_id, label in labels.items():
        own = level_values[level_values["area_id"] == area_id].set_index("indicator_key")["value"]
        table[label] = [format_value(own.get(k), m["unit"], int(m["decimals"])) for k, m in catalogue.iterrows()]
    city = city_values.drop_duplicates("indicator_key").set_index("indicator_key")["value"]
    # A count's city value is the city's total, never an average: the cell says so.
    table["Gesamtstadt"] = [
        format_value(city.get(k), m["unit"], int(m["decimals"]))
        + (" gesamt" if m["aggregation"] == "sum" and pd.notna(city.get(k)) else "")
        for k, m in catalogue.iterrows()
    ]
    frame = pd.DataFrame(table)
    deviations = standardised_deviations(level_values, city_values, catalogue, choose_population_indicator(catalogue))
    deviations = deviations[deviations["area_id"].isin(labels)]
    notes = []
    for area_id, label in labels.items():
        own = deviations[deviations["area_id"] == area_id].dropna(subset=["favourable"])
        judged = own[own["indicator_key"].map(catalogue["polarity"]) != 0]
        if judged.empty:
            continue
        worst = judged.loc[judged["favourable"].idxmin()]
        best = judged.loc[judged["favourable"].idxmax()]
        notes.append(
            f"{label}: am ungünstigsten bei {catalogue.loc[worst['indicator_key'], 'short_name']} "
            f"({format_value(worst['value'], catalogue.loc[worst['indicator_key'], 'unit'], 1)}), "
            f"am günstigsten bei {catalogue.loc[best['indicator_key'], 'short_name']}."
        )
    as_table = params.get("darstellung") == "tabelle"
    return RenderedSlide(
        title=f"Vergleich {period.year}: " + " · ".join(labels.values()),
        subtitle=("Werte" if as_table else "Abstand zum Stadtwert in Standardabweichungen")
        + f" · Stichtag {format_date(period)}",
        figure=None if as_table else deviation_figure(deviations, labels, catalogue),
        table=frame,
        notes=" ".join(notes),
        method="Abstand zum Stadtwert in Standardabweichungen über alle Gebiete der Ebene; rechts = günstiger "
        "als die Stadt (bei Kennzahlen ohne Wertung: höher). Gesperrte Werte fehlen.",
    )
