"""Slides of the Sozialindex page: the class map, the areas per class, the status × dynamics matrix and
the robustness check, each re-computed from the stored definition and the current data."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from sozialraum.analysis.social_index import IndexResult, sensitivity
from sozialraum.analysis.social_index_report import LEVEL_LABELS, combined_counts
from sozialraum.charts.social_index import class_distribution_figure, combined_matrix_figure, sensitivity_figure
from sozialraum.charts.static_map import static_map_figure
from sozialraum.formatting import format_date, format_number
from sozialraum.maps.geometry import simplify_for_map
from sozialraum.maps.index_map import index_legend, index_map_rows
from sozialraum.services.social_index import index_indicator_text, index_periods, method_inputs, run_index
from sozialraum.slides.registry import RenderedSlide, SlideContext, StaleSlideError, register
from sozialraum.store import repository
from sozialraum.store import social_index as social_index_store

VIEWS = ("karte", "verteilung", "matrix", "robustheit")


def _period(params: Mapping[str, Any], available: list[date]) -> date:
    wanted = params.get("stichtag")
    if not wanted:
        return available[-1]
    try:
        period = date.fromisoformat(str(wanted))
    except ValueError:
        raise StaleSlideError(f"»{wanted}« ist kein Stichtag.") from None
    if period not in available:
        raise StaleSlideError(f"Zum Stichtag {format_date(period)} lässt sich der Index nicht mehr berechnen.")
    return period


def _class_notes(result: IndexResult) -> str:
    counts = result.class_counts()
    parts = [f"{label}: {int(count)}" for label, count in counts.items()]
    excluded = len(result.table) - int(counts.sum())
    text = f"{len(result.valid)} Gebiete mit Klasse ({', '.join(parts)})"
    return text + (f"; {excluded} ausgeschlossen." if excluded else ".")


def _extremes(result: IndexResult) -> str:
    valid = result.valid.sort_values("index", ascending=False)
    if valid.empty:
        return ""
    named = "area_name" if "area_name" in valid.columns else None

    def name(row_key: object) -> str:
        return str(valid.loc[row_key, named]) if named else str(row_key)

    top = ", ".join(f"{name(k)} ({format_number(valid.loc[k, 'index'], 2)})" for k in valid.index[:3])
    low = ", ".join(f"{name(k)} ({format_number(valid.loc[k, 'index'], 2)})" for k in valid.index[::-1][:3])
    return f"Höchste Indexwerte: {top}. Niedrigste: {low}."


@register("sozialindex", "Sozialindex")
def index_slide(context: SlideContext, params: Mapping[str, Any]) -> RenderedSlide:
    engine = context.engine
    definition = social_index_store.load_definition(engine, str(params.get("index") or ""))
    if definition is None:
        raise StaleSlideError(f"Den Sozialindex »{params.get('index')}« gibt es nicht mehr.")
    available = index_periods(engine, definition)
    if not available:
        raise StaleSlideError(f"Für »{definition.name}« liegen keine vollständigen Daten mehr vor.")
    period = _period(params, available)
    view = params.get("darstellung") or "karte"
    if view not in VIEWS:
        raise StaleSlideError(f"Die Darstellung »{view}« gibt es nicht.")
    result = run_index(engine, definition, period)
    names = context.catalogue["short_name"].to_dict()
    level = LEVEL_LABELS.get(definition.level, definition.level)
    title = f"{definition.name}, {format_date(period)}"
    # The catalogue text of the materialised indicator: plain sentences, where the page's lines are Markdown.
    method = index_indicator_text(definition, names)
    notes = f"{_class_notes(result)} {_extremes(result)}"

    if view == "karte":
        version = repository.data_boundary_version(engine, definition.indicator_keys[0], period)
        geometries = simplify_for_map(repository.load_area_geometries(engine, definition.level, period, version))
        rows = index_map_rows(result).set_index("key")
        figure = static_map_figure(geometries, rows["fill"], rows["name"], index_legend(result, title))
        subtitle = f"{level} · {len(result.valid)} von {len(result.table)} mit Klasse (Zahl je Klasse in der Legende)"
    elif view == "verteilung":
        figure = class_distribution_figure(result)
        subtitle = f"Gebiete je Klasse · {level}"
    elif view == "matrix":
        partner = _partner(engine, definition, period)
        status, dynamics = (result, partner) if definition.kind == "status" else (partner, result)
        figure = combined_matrix_figure(combined_counts(status, dynamics))
        title = f"Status und Dynamik, {format_date(period)}"
        subtitle = f"{status.definition.name} × {dynamics.definition.name} · Gebiete mit beiden Klassen"
    else:
        values, population, invalid = method_inputs(result)
        table = sensitivity(values, definition, population, invalid)
        figure = sensitivity_figure(table, names)
        title = f"Wie robust ist »{definition.name}«?"
        subtitle = "Gebiete, die die Klasse wechseln, wenn ein Indikator wegfällt oder sein Gewicht sich ändert"
        changed = table.dropna(subset=["changed"])
        if not changed.empty:
            worst = changed.sort_values("changed", ascending=False).iloc[0]
            notes += (
                f" Größte Wirkung: {names.get(worst['indicator_key'], worst['indicator_key'])}, "
                f"{worst['variant']}: {int(worst['changed'])} von {int(worst['compared'])} Gebieten wechseln."
            )
    return RenderedSlide(title=title, subtitle=subtitle, figure=figure, notes=notes, method=method)


def _partner(engine, definition, period: date) -> IndexResult:
    for other in social_index_store.list_definitions(engine):
        if other.kind != definition.kind and other.level == definition.level and period in index_periods(engine, other):
            return run_index(engine, other, period)
    raise StaleSlideError("Für die Kombination fehlt ein Index der anderen Art am selben Stichtag.")
