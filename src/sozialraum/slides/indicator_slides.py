"""Slides of the indicator views: Karte, Entwicklung, Vergleich (Steckbrief and Übersicht: ``area_slides``).

Parameters use the views' URL words (``kennzahl``, ``ebene``, ``jahr``, ``gebiete`` …), so a slide
and a shared link describe a view the same way.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from sozialraum.analysis.classification import ClassificationError
from sozialraum.charts.area_figures import deviation_figure, trend_figure
from sozialraum.charts.ranking import ranking_figure
from sozialraum.charts.static_map import static_map_figure
from sozialraum.reports import entwicklung, karte, vergleich
from sozialraum.reports.chosen_areas import AreaChoiceError
from sozialraum.slides.registry import RenderedSlide, SlideContext, StaleSlideError, register
from sozialraum.vocabulary import level_from_word


def _level(params: Mapping[str, Any], default: str = "social_space") -> str:
    """The slide's level: internal names as the pages store them, or the URL words of ``level_words``."""
    raw = params.get("ebene") or default
    level = level_from_word(str(raw))
    if level is None or level == "city":
        raise StaleSlideError(f"Die Gebietsebene »{raw}« ist unbekannt.")
    return level


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
