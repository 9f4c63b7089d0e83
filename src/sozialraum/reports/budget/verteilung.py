"""Bedarfsorientierte Verteilung: a total distributed by formula against the current plan per area."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from sozialraum.analysis import allocation as alloc
from sozialraum.analysis.budget_views import AllocationSettings, need_allocation, redistributed
from sozialraum.analysis.keyfigures import choose_population_indicator
from sozialraum.formatting import format_euro, format_number
from sozialraum.reports.budget.base import (
    BudgetFrame,
    BudgetParams,
    BudgetReportError,
    SlideText,
    base_query,
    load_frame,
    named,
    product_from,
)
from sozialraum.reports.budget.tables import ALLOCATION_FORMULA, ReportTable, allocation_report, weights_text
from sozialraum.reports.provenance import Provenance
from sozialraum.reports.query import integer, number, text
from sozialraum.reports.source import Source

VIEWS = ("diagramm", "tabelle")
PREFERRED_NEED_INDICATORS = ("sgb2_rate", "child_poverty", "hze_rate")
DEFAULT_INTENSITY_PERCENT = 30


class AllocationFailedError(BudgetReportError):
    """The formula cannot distribute with these settings (no indicator chosen, values missing, …)."""


def _weights(value: Any) -> tuple[tuple[str, float], ...] | None:
    """``kennzahlen``: stored slides hold pairs ``[[key, weight], …]``, the URL ``key:weight`` strings."""
    if value is None:
        return None
    items = [value] if isinstance(value, str) else list(value)
    pairs = []
    for item in items:
        if isinstance(item, str):
            key, _, weight = item.rpartition(":") if ":" in item else (item, "", "1")
        else:
            key, weight = item
        pairs.append((str(key), float(weight)))
    return tuple(pairs)


@dataclass(frozen=True)
class Params(BudgetParams):
    """``produkt``, ``jahr``, ``gesamtbetrag`` (None: the year's Ansatz), ``bezugsgruppe`` (None: the product's
    target group), ``bedarfsgewicht`` in per cent, ``kennzahlen`` with their weights in the chosen order, and
    ``darstellung``: »diagramm« or »tabelle«."""

    total: float | None = None
    basis: str | None = None
    intensity: int | None = None
    weights: tuple[tuple[str, float], ...] | None = None
    view: str = "diagramm"

    @classmethod
    def from_query(cls, mapping: Mapping[str, Any], products: Any = None) -> Params:
        return cls(
            product=product_from(mapping, products),
            year=integer(mapping, "jahr"),
            total=number(mapping, "gesamtbetrag"),
            basis=text(mapping, "bezugsgruppe"),
            intensity=integer(mapping, "bedarfsgewicht"),
            weights=_weights(mapping.get("kennzahlen")),
            view=text(mapping, "darstellung") or "diagramm",
        )

    def to_query(self) -> dict[str, str | list[str]]:
        query = base_query(self)
        if self.total is not None:
            query["gesamtbetrag"] = repr(float(self.total))
        if self.basis is not None:
            query["bezugsgruppe"] = self.basis
        if self.intensity is not None:
            query["bedarfsgewicht"] = str(self.intensity)
        if self.weights is not None:
            query["kennzahlen"] = [f"{key}:{float(weight)!r}" for key, weight in self.weights]
        query["darstellung"] = self.view
        return query


@dataclass(frozen=True)
class Choices:
    """What the page offers and preselects for the frame's product and year."""

    current: pd.Series  # the Ansatz per area key
    basis_options: list[str]
    need_options: list[str]
    defaults: Params


def choices(frame: BudgetFrame) -> Choices:
    catalogue = frame.catalogue
    current = frame.this_year.set_index("area_key")["planned"]
    residents_key = choose_population_indicator(catalogue)
    basis_options = list(dict.fromkeys(k for k in (frame.target_key, residents_key) if k and k in catalogue.index))
    need_options = [k for k in catalogue.index if catalogue.loc[k, "kind"] != "count"]
    defaults = Params(
        frame.product,
        frame.year,
        total=float(round(current.sum(), 2)),
        basis=basis_options[0] if basis_options else None,
        intensity=DEFAULT_INTENSITY_PERCENT,
        weights=tuple((k, 1.0) for k in PREFERRED_NEED_INDICATORS if k in need_options),
    )
    return Choices(current, basis_options, need_options, defaults)


@dataclass(frozen=True)
class VerteilungReport:
    params: Params  # with every default filled in
    frame: BudgetFrame
    settings: AllocationSettings
    allocation: pd.DataFrame  # formula_allocation per area with area_key, area_name; the figure's input
    formula_sum: float
    current_sum: float
    moved_money: float  # the gains of the areas that get more
    clipped: list[str]  # areas whose need factor is capped at 0
    chart_title: str
    basis_name: str
    table: ReportTable
    method_notes: tuple[tuple[str, str], ...]
    deck_title: str
    slide: SlideText
    provenance: Provenance


def _resolved(frame: BudgetFrame, params: Params) -> Params:
    if params.view not in VIEWS:
        raise BudgetReportError(f"Die Darstellung »{params.view}« gibt es nicht.")
    defaults = choices(frame).defaults
    chosen = replace(
        params,
        product=frame.product,
        year=frame.year,
        total=defaults.total if params.total is None else params.total,
        basis=params.basis or defaults.basis,
        intensity=defaults.intensity if params.intensity is None else params.intensity,
        weights=defaults.weights if params.weights is None else params.weights,
    )
    for key in [chosen.basis, *(k for k, _ in chosen.weights or ())]:
        if key not in frame.catalogue.index:
            raise BudgetReportError(f"Die Kennzahl »{key}« ist nicht mehr in der Datenbank.")
    if chosen.total is not None and chosen.total < 0:
        raise BudgetReportError("Der Gesamtbetrag darf nicht negativ sein.")
    return chosen


def _cents(value: float) -> str:
    return format_number(value, 2, signed=True) + "\u00a0€"


def build(source: Source, params: Params) -> VerteilungReport:
    frame = load_frame(source, params.product, params.year)
    chosen = _resolved(frame, params)
    catalogue, year = frame.catalogue, frame.year
    settings = AllocationSettings(
        float(chosen.total or 0.0), str(chosen.basis), int(chosen.intensity or 0), chosen.weights or ()
    )
    current = choices(frame).current
    values = source.values((settings.basis_key, *settings.indicator_keys), (frame.periods_by_year[year],), frame.level)
    try:
        allocation = need_allocation(values, frame.areas, settings, catalogue["polarity"].to_dict(), current, year)
    except alloc.AllocationError as error:
        raise AllocationFailedError(str(error)) from None
    short_names = catalogue["short_name"]
    basis_name = str(catalogue.loc[settings.basis_key, "name"])
    weights = weights_text(settings.weights, short_names)
    ranked = allocation.sort_values("difference", ascending=False)
    gains, losses = ranked[ranked["difference"] > 0], ranked[ranked["difference"] < 0].iloc[::-1]
    clipped = allocation[allocation["need_factor"] == 0]["area_name"].tolist()
    moved_money = redistributed(allocation)
    notes = (
        f"Gesamtbetrag {format_number(allocation['formula'].sum(), 2)} € (bisheriger Ansatz "
        f"{format_number(allocation['current'].sum(), 2)} €), umverteilt {format_euro(moved_money)}. "
    )
    if len(gains):
        notes += f"Mehr nach Formel: {named(gains, 'difference', _cents)}. "
    if len(losses):
        notes += f"Weniger nach Formel: {named(losses, 'difference', _cents)}. "
    if clipped:
        notes += f"Bedarfsfaktor auf 0 begrenzt (erhalten nichts): {', '.join(clipped)}."
    return VerteilungReport(
        params=chosen,
        frame=frame,
        settings=settings,
        allocation=allocation,
        formula_sum=float(allocation["formula_cents"].sum() / 100),
        current_sum=float(current.sum()),
        moved_money=moved_money,
        clipped=clipped,
        chart_title="Verteilung nach Formel gegenüber bisherigem Ansatz",
        basis_name=basis_name,
        table=ReportTable.of(
            allocation_report(allocation.sort_values("area_key"), str(short_names[settings.basis_key]))
        ),
        method_notes=(
            ("Formel", ALLOCATION_FORMULA),
            ("Gesamtbetrag", format_euro(settings.total, compact=False)),
            ("Bezugsgruppe", basis_name),
            ("Gewicht des Bedarfs", f"{settings.intensity_percent} %"),
            ("Bedarfskennzahlen und Gewichte", weights),
        ),
        deck_title=f"Bedarfsorientierte Verteilung {year}: {frame.product}",
        slide=SlideText(
            title=f"Bedarfsorientierte Verteilung {year}: {frame.product}",
            subtitle=f"{format_euro(settings.total)} nach {basis_name} · Bedarf: {weights} · Gewicht "
            f"{settings.intensity_percent} %",
            notes=notes.strip(),
            method=f"{ALLOCATION_FORMULA} Gesamtbetrag {format_number(settings.total, 2)}\u00a0€, Bezugsgruppe "
            f"{basis_name}, Gewicht des Bedarfs {settings.intensity_percent} %, Bedarfskennzahlen und Gewichte: "
            f"{weights}.",
        ),
        provenance=frame.provenance,
    )
