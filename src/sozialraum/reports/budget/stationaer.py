"""Anteil stationärer Hilfen: the residential share of actual spending per area over all budget years."""

from __future__ import annotations

from dataclasses import dataclass

from sozialraum.analysis.budget_views import SHIFT_THRESHOLD_POINTS, ResidentialTrend, city_residential_share
from sozialraum.analysis.budget_views import residential_trend as trend_of
from sozialraum.formatting import format_number, format_percent, format_points
from sozialraum.reports.budget.base import BudgetFrame, ComparisonParams, SlideText, base_year_of, load_frame, named
from sozialraum.reports.provenance import Provenance
from sozialraum.reports.source import Source

SHARE_METHOD = (
    "Anteil der stationären Hilfen am Ist je Sozialraum (ohne zentral gebuchte Mittel). Orange: Sozialräume, "
    f"deren stationärer Anteil seit dem Vergleichsjahr um mindestens {format_number(SHIFT_THRESHOLD_POINTS)} "
    "Prozentpunkte gesunken ist."
)


@dataclass(frozen=True)
class Params(ComparisonParams):
    """``produkt``, ``jahr`` and ``vergleichsjahr``."""


@dataclass(frozen=True)
class StationaerReport:
    params: Params
    frame: BudgetFrame
    base_year: int
    trend: ResidentialTrend  # the figure's input: shares per year, the moved spaces
    chart_title: str
    moved_text: str | None  # the caption naming the spaces drawn orange
    city_share_base: float
    city_share_now: float
    deck_title: str
    slide: SlideText
    provenance: Provenance


def residential_trend(frame: BudgetFrame, base_year: int) -> ResidentialTrend:
    return trend_of(frame.budget, base_year, frame.year, frame.district_of)


def build(source: Source, params: Params) -> StationaerReport:
    frame = load_frame(source, params.product, params.year)
    year = frame.year
    base_year = base_year_of(frame, params.base_year)
    trend = residential_trend(frame, base_year)
    moved_text = None
    if trend.moved:
        names = trend.shift.loc[trend.shift["area_key"].isin(trend.moved), "area_name"].tolist()
        moved_text = (
            f"Orange: Sozialräume, deren stationärer Anteil seit {base_year} um mindestens "
            f"{format_number(SHIFT_THRESHOLD_POINTS)} Prozentpunkte gesunken ist – {', '.join(names)}."
        )
    then, now = city_residential_share(frame.budget, base_year), city_residential_share(frame.budget, year)
    highest = trend.shift.dropna(subset=["residential_share_now"]).sort_values("residential_share_now", ascending=False)
    moved = trend.shift[trend.shift["area_key"].isin(trend.moved)].sort_values("residential_share_change")
    notes = (
        f"Stationärer Anteil am Ist, alle Sozialräume: {format_percent(then)} {base_year}, {format_percent(now)} "
        f"{year}. Höchste Anteile {year}: {named(highest, 'residential_share_now', format_percent)}."
    )
    threshold = format_number(SHIFT_THRESHOLD_POINTS)
    if len(moved):
        notes += (
            f" Seit {base_year} um mindestens {threshold} Prozentpunkte gesunken: "
            f"{named(moved, 'residential_share_change', format_points, len(moved))}."
        )
    else:
        notes += f" Kein Sozialraum hat seinen stationären Anteil seit {base_year} um {threshold} Pp. gesenkt."
    years = sorted(trend.shares["year"].unique())
    span = f"{years[0]}–{years[-1]}" if years else str(year)
    return StationaerReport(
        params=Params(frame.product, year, base_year),
        frame=frame,
        base_year=base_year,
        trend=trend,
        chart_title="Anteil stationärer Hilfen am Ist",
        moved_text=moved_text,
        city_share_base=then,
        city_share_now=now,
        deck_title=f"Anteil stationärer Hilfen: {frame.product}",
        slide=SlideText(
            title=f"Anteil stationärer Hilfen: {frame.product_label}",
            subtitle=f"Anteil am Ist je Sozialraum in %, {span} · {len(trend.moved)} Sozialräume "
            f"seit {base_year} deutlich gesunken (orange)",
            notes=notes,
            method=SHARE_METHOD,
        ),
        provenance=frame.provenance,
    )
