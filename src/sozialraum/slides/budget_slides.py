"""Slides of the Budget page's further views: the residential share over the years, the Umsteuerung table,
the provider budgets and the needs-based allocation. Each renders the page's report for the stored settings."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from sozialraum.charts.allocation import allocation_difference_figure
from sozialraum.charts.space_budget import share_over_years_figure
from sozialraum.reports.budget import stationaer, traeger, umsteuerung, verteilung
from sozialraum.reports.budget.base import BudgetReportError
from sozialraum.reports.source import Source
from sozialraum.slides.registry import RenderedSlide, SlideContext, StaleSlideError, register

Report = TypeVar("Report")


def budget_report(
    build: Callable[[Source, Any], Report], params_type: Any, context: SlideContext, params: Mapping[str, Any]
) -> Report:
    """The view's report for the stored settings; settings the data no longer hold become a stale slide."""
    try:
        return build(context.source, params_type.from_query(params))
    except BudgetReportError as error:
        raise StaleSlideError(str(error)) from None


@register("budget_stationaer", "Budget: stationärer Anteil")
def residential_share_slide(context: SlideContext, params: Mapping[str, Any]) -> RenderedSlide:
    """The residential share of actual spending per social space over all budget years."""
    report = budget_report(stationaer.build, stationaer.Params, context, params)
    text = report.slide
    return RenderedSlide(
        title=text.title,
        subtitle=text.subtitle,
        figure=share_over_years_figure(report.trend.shares, "", report.trend.moved),
        notes=text.notes,
        method=text.method,
    )


@register("budget_umsteuerung", "Budget: Umsteuerung")
def shift_slide(context: SlideContext, params: Mapping[str, Any]) -> RenderedSlide:
    """The page's Umsteuerung table: residential and preventive shares then and now, sorted by the change."""
    report = budget_report(umsteuerung.build, umsteuerung.Params, context, params)
    text = report.slide
    return RenderedSlide(
        title=text.title, subtitle=text.subtitle, table=report.table.slide(), notes=text.notes, method=text.method
    )


@register("budget_traeger", "Budget: Trägerbudget")
def provider_slide(context: SlideContext, params: Mapping[str, Any]) -> RenderedSlide:
    """Plan and actual of the provider lines: per provider (``darstellung`` traeger) or per provider and space."""
    report = budget_report(traeger.build, traeger.Params, context, params)
    text = report.slide
    return RenderedSlide(
        title=text.title, subtitle=text.subtitle, table=report.table().slide(), notes=text.notes, method=text.method
    )


@register("budget_verteilung", "Budget: bedarfsorientierte Verteilung")
def allocation_slide(context: SlideContext, params: Mapping[str, Any]) -> RenderedSlide:
    """Formula against current plan per space: the difference chart (``darstellung`` diagramm) or the table."""
    report = budget_report(verteilung.build, verteilung.Params, context, params)
    text = report.slide
    chart = report.params.view == "diagramm"
    return RenderedSlide(
        title=text.title,
        subtitle=text.subtitle,
        figure=allocation_difference_figure(report.allocation, "") if chart else None,
        table=report.table.slide(),
        notes=text.notes,
        method=text.method,
    )
