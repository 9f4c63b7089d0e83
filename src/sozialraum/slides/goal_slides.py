"""The Wirkungsziele slide: all goals with their traffic lights, or one goal's path to its target, rendered
from ``reports.ziele`` — the report the page shows."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sozialraum.charts.goals import stored_goal_figure
from sozialraum.reports.ziele import ZieleError, ZieleParams, build
from sozialraum.slides.registry import RenderedSlide, SlideContext, StaleSlideError, register


@register("ziele", "Wirkungsziele")
def goals_slide(context: SlideContext, params: Mapping[str, Any]) -> RenderedSlide:
    """One goal's path to its target (``ziel``), or without ``ziel`` all goals with their traffic lights."""
    try:
        report = build(context.source, ZieleParams.from_query(params))
    except ZieleError as error:
        raise StaleSlideError(str(error)) from None
    path = report.path
    if path is None:
        if report.assessed.empty:
            raise StaleSlideError("Es sind keine Wirkungsziele mehr angelegt.")
        return RenderedSlide(
            title=f"Wirkungsziele {report.year}",
            subtitle=f"{len(report.listing)} Ziele: {report.summary}",
            table=report.listing,
            notes=f"Stand {report.year}: {report.summary}.",
            method=report.rule,
        )
    goal = path.goal
    return RenderedSlide(
        title=path.title,
        subtitle=f"Status {report.year}: {goal['status']} · {goal['indicator_name']} in {path.unit} · "
        f"Leitziel: {goal['strategic_goal']}",
        figure=stored_goal_figure(goal, path.series, path.assessment, path.unit, path.chart_title),
        notes=path.notes,
        method=report.rule,
    )
