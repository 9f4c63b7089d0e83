"""Umsteuerung: residential and preventive shares of actual spending then and now, per area."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from sozialraum.analysis.budget_views import city_residential_share
from sozialraum.formatting import format_percent, format_points
from sozialraum.reports.budget.base import (
    BudgetFrame,
    BudgetReportError,
    ComparisonParams,
    SlideText,
    base_year_of,
    first_year_text,
    load_frame,
    named,
)
from sozialraum.reports.budget.stationaer import residential_trend
from sozialraum.reports.budget.tables import ReportTable, shift_report
from sozialraum.reports.provenance import Provenance
from sozialraum.reports.source import Source


@dataclass(frozen=True)
class Params(ComparisonParams):
    """``produkt``, ``jahr`` and ``vergleichsjahr``."""


@dataclass(frozen=True)
class UmsteuerungReport:
    params: Params
    frame: BudgetFrame
    base_year: int
    shift: pd.DataFrame  # composition_shift with district, sorted by the change of the residential share
    heading: str  # markdown-free: »Umsteuerung 2018 → 2025«
    table: ReportTable
    deck_title: str
    slide: SlideText
    provenance: Provenance


def build(source: Source, params: Params) -> UmsteuerungReport:
    frame = load_frame(source, params.product, params.year)
    year = frame.year
    if not frame.earlier_years:
        # A comparison needs an earlier year with budget lines (the page shows no Umsteuerung then).
        raise BudgetReportError(first_year_text(year, frame.product))
    base_year = base_year_of(frame, params.base_year)
    shift = residential_trend(frame, base_year).shift.sort_values("residential_share_change")
    fell = shift[shift["residential_share_change"] < 0]
    preventive_up = shift[shift["preventive_share_change"] > 0]
    then, now = city_residential_share(frame.budget, base_year), city_residential_share(frame.budget, year)
    notes = (
        f"Stationärer Anteil aller Sozialräume: {format_percent(then)} {base_year}, {format_percent(now)} {year}. "
        f"In {len(fell)} von {len(shift)} Sozialräumen ist der stationäre Anteil gesunken, in {len(preventive_up)} "
        f"der präventive gestiegen. Stärkster Rückgang stationär: "
        f"{named(shift, 'residential_share_change', format_points)}."
    )
    return UmsteuerungReport(
        params=Params(frame.product, year, base_year),
        frame=frame,
        base_year=base_year,
        shift=shift,
        heading=f"Umsteuerung {base_year} → {year}",
        table=ReportTable.of(shift_report(shift, base_year, year)),
        deck_title=f"Umsteuerung {base_year} → {year}: {frame.product}",
        slide=SlideText(
            title=f"Umsteuerung {base_year} → {year}: Produkt {frame.product}",
            subtitle=f"{frame.product_name} · Anteile stationärer und präventiver Hilfen am Ist; Veränderung in "
            "Prozentpunkten (Pp.)",
            notes=notes,
            method="Anteil der Hilfeart am Ist des Sozialraums im Jahr; Veränderung = Anteil im Jahr minus Anteil "
            "im Vergleichsjahr, in Prozentpunkten. Sortiert nach der Veränderung des stationären Anteils.",
        ),
        provenance=frame.provenance,
    )
