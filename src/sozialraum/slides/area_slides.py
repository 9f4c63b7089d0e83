"""Slides of one area: the Steckbrief's key figures and the Übersicht's (cockpit) key figures.

Both render the report their page renders (``reports.steckbrief``, ``reports.uebersicht``) from the
slide's stored settings, which use the pages' URL words, so a slide and its page show the same numbers.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sozialraum.formatting import format_date
from sozialraum.reports import steckbrief as steckbrief_report
from sozialraum.reports import uebersicht as uebersicht_report
from sozialraum.reports.steckbrief_tables import key_table
from sozialraum.slides.registry import RenderedSlide, SlideContext, StaleSlideError, register
from sozialraum.vocabulary import LEVEL_SINGULAR


@register("steckbrief", "Steckbrief")
def steckbrief_slide(context: SlideContext, params: Mapping[str, Any]) -> RenderedSlide:
    """The key figures of one area (or of the city): value, changes, city value, position and rank."""
    wanted = steckbrief_report.SteckbriefParams.from_query(params)
    if wanted.level not in steckbrief_report.LEVEL_LABELS:
        raise StaleSlideError(f"Die Gebietsebene »{params.get('ebene')}« ist unbekannt.")
    # The stale messages every slide gives: a year without data, an area no longer stored.
    context.period_of_year(params.get("jahr"))
    if wanted.area_key is not None:
        context.area(wanted.level, wanted.area_key)
    try:
        report = steckbrief_report.build(context.source, wanted)
    except steckbrief_report.SteckbriefError as error:
        raise StaleSlideError(str(error)) from None
    table = key_table(report.key_rows, report.previous, report.earlier, report.is_city)
    if report.is_city:
        notes = [f"{name}: {value}." for name, value in zip(table["Kennzahl"], table["Wert"], strict=True)]
        where = "Gesamtstadt"
    else:
        notes = [
            f"{name}: {value} (Stadt {city}, {position})."
            for name, value, city, position in zip(
                table["Kennzahl"], table["Wert"], table["Gesamtstadt"], table["Lage"], strict=True
            )
        ]
        where = f"{LEVEL_SINGULAR[report.area.level]} {report.area.key}"
    return RenderedSlide(
        title=f"Steckbrief {report.area.label}",
        subtitle=f"{where} · Stichtag {format_date(report.period)} · Schlüsselkennzahlen",
        table=table,
        notes=" ".join(notes),
        method="Gesamtstadt gewichtet aus Zählern und Nennern; Rang 1 = günstigster Wert; Lage = Stellung "
        "gegenüber der Gesamtstadt nach der Richtung der Kennzahl.",
    )


@register("uebersicht", "Übersicht")
def overview_slide(context: SlideContext, params: Mapping[str, Any]) -> RenderedSlide:
    """The cockpit's key figures of the city or a social space: value, change against the previous year."""
    context.period_of_year(params.get("jahr"))  # the stale message for a year without data
    try:
        report = uebersicht_report.build(context.source, uebersicht_report.UebersichtParams.from_query(params))
    except uebersicht_report.UebersichtError as error:
        raise StaleSlideError(str(error)) from None
    table = report.key_table()
    notes = " ".join(
        f"{name}: {value} ({change}, {trend})."
        for name, value, change, trend in table.itertuples(index=False, name=None)
    )
    return RenderedSlide(
        title=f"Übersicht {report.year}: {report.area.label}",
        subtitle=f"Schlüsselkennzahlen · Stichtag {format_date(report.period)}",
        table=table,
        notes=notes,
        method="Veränderung gegenüber dem Vorjahr; bei Anteilen in Prozentpunkten. Günstig/ungünstig nach der "
        "Richtung der Kennzahl.",
    )
