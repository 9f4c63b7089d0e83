"""Slides of the Sozialindex page: the class map, the areas per class, the status × dynamics matrix and
the robustness check, each rendered from ``reports.sozialindex`` — the report the page shows."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sozialraum.charts.social_index import class_distribution_figure, combined_matrix_figure, sensitivity_figure
from sozialraum.charts.static_map import static_map_figure
from sozialraum.maps.geometry import simplify_for_map
from sozialraum.maps.index_map import index_legend, index_map_rows
from sozialraum.reports.sozialindex import SozialindexError, SozialindexParams, build, map_geometries
from sozialraum.slides.registry import RenderedSlide, SlideContext, StaleSlideError, register


@register("sozialindex", "Sozialindex")
def index_slide(context: SlideContext, params: Mapping[str, Any]) -> RenderedSlide:
    try:
        wanted = SozialindexParams.from_query(params)
        if wanted.index is None:
            raise SozialindexError("Die Folie nennt keinen Sozialindex.")
        report = build(context.source, wanted)
    except SozialindexError as error:
        raise StaleSlideError(str(error)) from None
    result, view = report.result, wanted.darstellung
    title = report.title
    # The catalogue text of the materialised indicator: plain sentences, where the page's lines are Markdown.
    method = report.method_text
    notes = report.class_notes

    if view == "karte":
        geometries = simplify_for_map(map_geometries(context.source, report))
        rows = index_map_rows(result).set_index("key")
        figure = static_map_figure(geometries, rows["fill"], rows["name"], index_legend(result, title))
        subtitle = (
            f"{report.level_name} · {report.valid_count} von {report.total} mit Klasse (Zahl je Klasse in der Legende)"
        )
    elif view == "verteilung":
        figure = class_distribution_figure(result)
        subtitle = f"Gebiete je Klasse · {report.level_name}"
    elif view == "matrix":
        if report.matrix is None:
            raise StaleSlideError("Für die Kombination fehlt ein Index der anderen Art am selben Stichtag.")
        figure = combined_matrix_figure(report.matrix)
        title, subtitle = report.matrix_title, report.matrix_subtitle
    else:
        figure = sensitivity_figure(report.sensitivity, report.indicator_names)
        title = report.robustness_title
        subtitle = "Gebiete, die die Klasse wechseln, wenn ein Indikator wegfällt oder sein Gewicht sich ändert"
        if report.robustness_note:
            notes += f" {report.robustness_note}"
    return RenderedSlide(title=title, subtitle=subtitle, figure=figure, notes=notes, method=method)
