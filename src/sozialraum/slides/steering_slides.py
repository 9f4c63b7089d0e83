"""Slides of the steering views: Budget: Soll und Ist, Hilfearten, Budget & Wirkung."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sozialraum.charts.budget_outcome import budget_outcome_figure
from sozialraum.charts.space_budget import aid_type_mix_figure
from sozialraum.reports.budget import hilfearten, soll_ist, wirkung
from sozialraum.slides.budget_slides import budget_report
from sozialraum.slides.registry import RenderedSlide, SlideContext, register


@register("budget_soll_ist", "Budget: Soll und Ist")
def budget_plan_actual_slide(context: SlideContext, params: Mapping[str, Any]) -> RenderedSlide:
    """The page's Soll/Ist table: plan, actual and execution per area with the city row."""
    report = budget_report(soll_ist.build, soll_ist.Params, context, params)
    text = report.slide
    return RenderedSlide(
        title=text.title, subtitle=text.subtitle, table=report.table.slide(), notes=text.notes, method=text.method
    )


@register("budget_hilfearten", "Budget: Hilfearten")
def aid_mix_slide(context: SlideContext, params: Mapping[str, Any]) -> RenderedSlide:
    """Each social space's actual spending split by aid type."""
    report = budget_report(hilfearten.build, hilfearten.Params, context, params)
    text = report.slide
    return RenderedSlide(
        title=text.title,
        subtitle=text.subtitle,
        figure=aid_type_mix_figure(report.composition, ""),
        notes=text.notes,
        method=text.method,
    )


@register("budget_wirkung", "Budget und Wirkung")
def budget_outcome_slide(context: SlideContext, params: Mapping[str, Any]) -> RenderedSlide:
    """Spending per resident against an outcome indicator, one bubble per social space."""
    report = budget_report(wirkung.build, wirkung.Params, context, params)
    text = report.slide
    figure = budget_outcome_figure(
        report.points, report.reference, report.comparison, report.polarity, report.axis_titles, ""
    )
    return RenderedSlide(title=text.title, subtitle=text.subtitle, figure=figure, notes=text.notes, method=text.method)
