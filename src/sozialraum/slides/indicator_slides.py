"""Slides of the indicator views: Karte, Entwicklung, Vergleich, Steckbrief and the Übersicht's key figures.

Parameters use the views' URL words (``kennzahl``, ``ebene``, ``jahr``, ``gebiete`` …), so a slide
and a shared link describe a view the same way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from sozialraum.analysis.classification import ClassificationError
from sozialraum.analysis.keyfigures import (
    choose_key_indicators,
    choose_population_indicator,
    key_figures,
    periods_for_keys,
    wanted_periods,
)
from sozialraum.analysis.profile import profile_rows
from sozialraum.charts.profile import deviation_figure, trend_figure
from sozialraum.charts.ranking import ranking_figure
from sozialraum.charts.static_map import static_map_figure
from sozialraum.formatting import format_change, format_date, format_value
from sozialraum.reports import entwicklung, karte, vergleich
from sozialraum.reports.chosen_areas import AreaChoiceError
from sozialraum.slides.registry import RenderedSlide, SlideContext, StaleSlideError, register
from sozialraum.store import repository
from sozialraum.vocabulary import LEVEL_SINGULAR, level_from_word

POSITION_WORDS = {"better": "günstiger", "worse": "ungünstiger", "unchanged": "gleich", "neutral": "ohne Wertung"}
#: A slide shows this many key figures; the full profile stays on the page.
PROFILE_ROWS = 8


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
    try:
        query = karte.KarteParams.from_query(params)
    except ClassificationError as error:
        raise StaleSlideError(f"Die Klassenbildung ist nicht mehr möglich: {error}") from None
    context.indicator(query.kennzahl)
    _level(params)
    if query.jahr is not None:
        context.period_of_year(query.jahr)  # a year the database no longer knows at all: the general message
    try:
        report = karte.build(context.source, query)
    except karte.KarteError as error:
        raise StaleSlideError(str(error)) from None
    except ClassificationError as error:
        raise StaleSlideError(f"Die Klassenbildung ist nicht mehr möglich: {error}") from None
    subject = report.subject
    if query.darstellung == karte.SHOW_RANKING:
        figure = ranking_figure(
            report.table, subject.mapped_column, report.ranking_colours, report.city_mapped, subject.format_mapped, ""
        )
    else:
        figure = static_map_figure(
            report.geometries, report.fills.set_axis(report.table["key"]), report.table.set_index("key")["name"],
            report.legend,
        )  # fmt: skip
    shown = report.rows.dropna(subset=[subject.mapped_column])[["name", "value_text", "change_text"]].rename(
        columns={"name": "Gebiet", "value_text": f"Wert {subject.year}", "change_text": "Veränderung"}
    )
    legend_notes = " ".join(n if n.endswith(".") else f"{n}." for n in report.legend.notes)
    return RenderedSlide(
        title=subject.title(),
        subtitle=karte.subtitle(report),
        figure=figure,
        table=shown.reset_index(drop=True),
        notes=karte.notes(report),
        method=f"{_definition(report.indicator)} {legend_notes}",
    )


@register("entwicklung", "Entwicklung")
def trend_slide(context: SlideContext, params: Mapping[str, Any]) -> RenderedSlide:
    """One indicator over its Stichtage for the chosen areas, with the city as a dashed line."""
    query = entwicklung.EntwicklungParams.from_query(params)
    context.indicator(params.get("kennzahl"))
    _level(params)
    if not query.gebiete:
        raise StaleSlideError("Die Folie nennt keine Gebiete.")
    try:
        report = entwicklung.build(context.source, query)
    except AreaChoiceError as error:
        raise StaleSlideError(str(error)) from None
    trend = report.trends[0]
    figure = trend_figure(
        trend.series, trend.city, trend.labels, "", trend.unit, trend.decimals, breaks=report.breaks,
        indexed_to=trend.base,
    )  # fmt: skip
    return RenderedSlide(
        title=trend.title,
        subtitle=", ".join(report.labels.values()) + (f" · in {trend.unit}" if trend.unit and not trend.base else ""),
        figure=figure,
        notes=trend.notes(),
        method=_definition(trend.indicator)
        + " Gestrichelt: Gesamtstadt (gewichtet aus Zählern und Nennern). Lücken: Perioden ohne Wert.",
    )


def _change_heading(figures: pd.DataFrame) -> str:
    """»ggü. 2023« when every figure compares with the same year, else »ggü. Vorjahr« (each its own)."""
    years = {p.year for p in figures.get("previous_period", pd.Series(dtype=object)) if p is not None and pd.notna(p)}
    return f"ggü. {years.pop()}" if len(years) == 1 else ("ggü. Vorjahr" if years else "Veränderung")


@register("vergleich", "Vergleich")
def comparison_slide(context: SlideContext, params: Mapping[str, Any]) -> RenderedSlide:
    """Two to six areas side by side: their distance from the city (chart) or their values (table)."""
    query = vergleich.VergleichParams.from_query(params)
    _level(params)
    if query.jahr is not None:
        context.period_of_year(query.jahr)
    try:
        report = vergleich.build(context.source, query)
    except AreaChoiceError as error:
        raise StaleSlideError(str(error)) from None
    # A slide has no room for the topic column: the short names say enough.
    table = report.table.drop(columns="Thema").assign(Kennzahl=report.catalogue["short_name"].tolist())
    as_table = query.darstellung == vergleich.SHOW_TABLE
    notes = report.deviation_notes()
    if report.gap_notes:
        notes += " Hinweise zu fehlenden Werten: " + " · ".join(report.gap_notes)
    return RenderedSlide(
        title=f"Vergleich {report.period.year}: " + " · ".join(report.labels.values()),
        subtitle=vergleich.subtitle(report, as_table),
        figure=None
        if as_table or not report.has_city
        else deviation_figure(report.deviations, report.labels, report.catalogue),
        table=table,
        notes=notes.strip(),
        method="Abstand zum Stadtwert in Standardabweichungen über alle Gebiete der Ebene; rechts = günstiger "
        "als die Stadt (bei Kennzahlen ohne Wertung: höher). Gesperrte Werte fehlen.",
    )


@register("steckbrief", "Steckbrief")
def profile_slide(context: SlideContext, params: Mapping[str, Any]) -> RenderedSlide:
    """The key figures of one area: value, change, city value, position and rank."""
    engine = context.engine
    level = _level(params)
    area = context.area(level, params.get("gebiet"))
    label = _labels(context, level, [str(area["key"])])[int(area["id"])]
    period = context.period_of_year(params.get("jahr"))
    catalogue = context.catalogue
    periods = [p for p in context.periods if p <= period]
    population_key = choose_population_indicator(catalogue)
    wanted = list(
        dict.fromkeys(
            [*([population_key] if population_key else []), *choose_key_indicators(catalogue, count=PROFILE_ROWS)]
        )
    )
    shown = catalogue.loc[wanted]
    level_values = repository.load_values(engine, tuple(wanted), tuple(periods), level)
    city_values = repository.load_values(engine, tuple(wanted), tuple(periods), "city")
    rows = profile_rows(level_values, city_values, shown, int(area["id"]), period, periods, population_key)
    rows = rows[rows["value"].notna() | rows["city"].notna()]
    table = pd.DataFrame(
        {
            "Kennzahl": rows["name"],
            "Wert": [
                format_value(v, u, d) for v, u, d in zip(rows["value"], rows["unit"], rows["decimals"], strict=True)
            ],
            "ggü. Vorjahr": [
                format_change(c, u, d)
                for c, u, d in zip(rows["change_previous"], rows["unit"], rows["decimals"], strict=True)
            ],
            # A count's city value is a total, never an average: say so in the cell.
            "Gesamtstadt": [
                format_value(v, u, d) + (" (gesamt)" if a == "sum" and v == v else "")
                for v, u, d, a in zip(rows["city"], rows["unit"], rows["decimals"], rows["aggregation"], strict=True)
            ],
            "Lage": [POSITION_WORDS.get(str(p), "–") for p in rows["position"]],
            "Rang": [
                "–" if pd.isna(r) else f"{int(r)} von {int(c)}"
                for r, c in zip(rows["rank"], rows["rank_count"], strict=True)
            ],
        }
    ).reset_index(drop=True)
    notes = [
        f"{name}: {value} (Stadt {city}, {position})."
        for name, value, city, position in zip(
            table["Kennzahl"], table["Wert"], table["Gesamtstadt"], table["Lage"], strict=True
        )
    ]
    return RenderedSlide(
        title=f"Steckbrief {label}",
        subtitle=f"{LEVEL_SINGULAR[level]} {area['key']} · Stichtag {format_date(period)} · Schlüsselkennzahlen",
        table=table,
        notes=" ".join(notes),
        method="Gesamtstadt gewichtet aus Zählern und Nennern; Rang 1 = günstigster Wert; Lage = Stellung "
        "gegenüber der Gesamtstadt nach der Richtung der Kennzahl.",
    )


@register("uebersicht", "Übersicht")
def overview_slide(context: SlideContext, params: Mapping[str, Any]) -> RenderedSlide:
    """The cockpit's key figures of the city or a social space: value, change against the previous year."""
    engine = context.engine
    period = context.period_of_year(params.get("jahr"))
    previous = context.previous_period(period)
    area_key = params.get("raum") or ""
    if area_key:
        area = context.area("social_space", area_key)
        level, area_id, area_name = "social_space", int(area["id"]), str(area["name"])
    else:
        city = repository.load_areas(engine, "city", period)
        if city.empty:
            raise StaleSlideError("Für dieses Jahr ist keine Gesamtstadt gespeichert.")
        level, area_id, area_name = "city", int(city["id"].iloc[0]), str(city["name"].iloc[0])
    catalogue = context.catalogue
    population_key = choose_population_indicator(catalogue)
    keys = [*([population_key] if population_key else []), *choose_key_indicators(catalogue)]
    # Each indicator at its own latest Stichtag of the year, against its own one of an earlier year.
    own_periods = periods_for_keys(repository.observation_inventory(engine), keys, period)
    periods = tuple(sorted({*wanted_periods(own_periods), *(p for p in (period, previous) if p is not None)}))
    values = repository.load_values(engine, tuple(keys), periods, level)
    figures = key_figures(values, catalogue, keys, area_id, period, previous, own_periods)
    figures = figures[figures["value"].notna()]
    words = {"better": "günstig", "worse": "ungünstig", "unchanged": "unverändert", "neutral": "ohne Wertung"}
    table = pd.DataFrame(
        {
            "Kennzahl": figures["name"],
            f"Wert {period.year}": [
                format_value(v, u, d)
                for v, u, d in zip(figures["value"], figures["unit"], figures["decimals"], strict=True)
            ],
            _change_heading(figures): [
                format_change(c, u, d)
                for c, u, d in zip(figures["change"], figures["unit"], figures["decimals"], strict=True)
            ],
            "Entwicklung": [words.get(str(a), "–") for a in figures["assessment"]],
        }
    ).reset_index(drop=True)
    notes = " ".join(
        f"{name}: {value} ({change}, {trend})."
        for name, value, change, trend in table.itertuples(index=False, name=None)
    )
    return RenderedSlide(
        title=f"Übersicht {period.year}: {area_name}",
        subtitle=f"Schlüsselkennzahlen · Stichtag {format_date(period)}",
        table=table,
        notes=notes,
        method="Veränderung gegenüber dem Vorjahr; bei Anteilen in Prozentpunkten. Günstig/ungünstig nach der "
        "Richtung der Kennzahl.",
    )
