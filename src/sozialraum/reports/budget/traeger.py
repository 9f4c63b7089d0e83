"""Trägerbudget: plan and actual of the lines assigned to a provider, per provider and per provider and area."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from sozialraum.analysis.budget import plan_actual_total
from sozialraum.analysis.budget_views import provider_budgets
from sozialraum.formatting import format_euro, format_percent
from sozialraum.reports.budget.base import (
    BudgetFrame,
    BudgetParams,
    BudgetReportError,
    SlideText,
    base_query,
    load_frame,
    product_from,
)
from sozialraum.reports.budget.tables import ReportTable, provider_report
from sozialraum.reports.provenance import Provenance
from sozialraum.reports.query import integer, text
from sozialraum.reports.source import Source

VIEWS = ("traeger", "sozialraum")
METHOD = (
    "Budgetzeilen, die einem freien Träger zugeordnet sind; Zeilen ohne Träger (z. B. stationäre "
    "Einzelfallhilfen) sind nicht enthalten. Ausschöpfung = Ist in % des Ansatzes."
)


@dataclass(frozen=True)
class Params(BudgetParams):
    """``produkt``, ``jahr`` and ``darstellung``: »traeger« (per provider) or »sozialraum«."""

    view: str = "traeger"

    @classmethod
    def from_query(cls, mapping: Mapping[str, Any], products: Any = None) -> Params:
        return cls(product_from(mapping, products), integer(mapping, "jahr"), text(mapping, "darstellung") or "traeger")

    def to_query(self) -> dict[str, str | list[str]]:
        return {**base_query(self), "darstellung": self.view}


@dataclass(frozen=True)
class TraegerReport:
    params: Params
    frame: BudgetFrame
    by_provider: ReportTable
    by_provider_space: ReportTable
    provider_heading: str
    space_heading: str
    deck_titles: dict[str, str]  # view -> title of its slide
    slide: SlideText  # of ``params.view``
    provenance: Provenance

    def table(self, view: str | None = None) -> ReportTable:
        return self.by_provider if (view or self.params.view) == "traeger" else self.by_provider_space


def build(source: Source, params: Params) -> TraegerReport:
    if params.view not in VIEWS:
        raise BudgetReportError(f"Die Darstellung »{params.view}« gibt es nicht.")
    frame = load_frame(source, params.product, params.year)
    product, year, target_label = frame.product, frame.year, frame.target_label
    by_provider, by_space = provider_budgets(frame.budget, year, frame.population)
    if by_provider.empty:
        raise BudgetReportError(f"Die Budgetzeilen von Produkt {product} nennen für {year} keinen Träger.")
    lines = frame.year_lines
    total = plan_actual_total(lines[lines["provider"].notna()])
    largest = by_provider.sort_values("actual", ascending=False).iloc[0]
    notes = (
        f"{len(by_provider)} Träger, zusammen Ansatz {format_euro(total['planned'])}, "
        f"Ist {format_euro(total['actual'])}, "
        f"Ausschöpfung {format_percent(total['execution_rate'])}. Größter Träger: {largest['provider']} mit "
        f"Ist {format_euro(largest['actual'])} ({format_percent(largest['execution_rate'])} des Ansatzes)."
    )
    over = by_provider[by_provider["execution_rate"] > 100]["provider"].tolist()
    notes += f" Über dem Ansatz: {', '.join(over)}." if over else " Kein Träger liegt über dem Ansatz."
    if params.view == "traeger":
        title, subtitle = f"Trägerbudget {year}: {frame.product_label}", f"Ansatz und Ist je Träger {year}"
    else:
        title = f"Trägerbudget je Sozialraum {year}: {product}"
        subtitle = f"{frame.product_name} · Ansatz und Ist je Träger und Sozialraum {year}" + (
            f" · Ist je {target_label}" if target_label else ""
        )
    return TraegerReport(
        params=replace(params, product=product, year=year),
        frame=frame,
        by_provider=ReportTable.of(provider_report(by_provider, None)),
        by_provider_space=ReportTable.of(provider_report(by_space, target_label, frame.level_label)),
        provider_heading=f"Je Träger {year}",
        space_heading=f"Je Träger und {frame.level_label} {year}",
        deck_titles={
            "traeger": f"Trägerbudget {year}: {product}",
            "sozialraum": f"Trägerbudget je Sozialraum {year}: {product}",
        },
        slide=SlideText(title, subtitle, notes, METHOD),
        provenance=frame.provenance,
    )
