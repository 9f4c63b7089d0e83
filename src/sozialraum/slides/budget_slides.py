"""Slides of the Budget page's further views: the residential share over the years, the Umsteuerung table,
the provider budgets and the needs-based allocation, each computed by the same core functions as the page."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from sozialraum.analysis import allocation as alloc
from sozialraum.analysis.budget import plan_actual_total
from sozialraum.analysis.budget_report import allocation_report, provider_report, shift_report
from sozialraum.analysis.budget_views import (
    ALLOCATION_FORMULA,
    SHIFT_THRESHOLD_POINTS,
    AllocationSettings,
    city_residential_share,
    need_allocation,
    provider_budgets,
    redistributed,
    residential_trend,
    weights_text,
)
from sozialraum.analysis.space_budget import space_budget_table
from sozialraum.charts.allocation import allocation_difference_figure
from sozialraum.charts.space_budget import share_over_years_figure
from sozialraum.formatting import display_strings, format_euro, format_number, format_percent, format_points
from sozialraum.slides.registry import RenderedSlide, SlideContext, StaleSlideError, register
from sozialraum.slides.steering_slides import budget_frames, target_population
from sozialraum.store import repository

SHARE_METHOD = (
    "Anteil der stationären Hilfen am Ist je Sozialraum (ohne zentral gebuchte Mittel). Orange: Sozialräume, "
    f"deren stationärer Anteil seit dem Vergleichsjahr um mindestens {format_number(SHIFT_THRESHOLD_POINTS)} "
    "Prozentpunkte gesunken ist."
)


def _district_of(context: SlideContext, level: str, year: int) -> tuple[pd.DataFrame, dict[str, str]]:
    """The areas of ``level`` in the year's period and the name of each one's parent (as the page has them)."""
    areas = repository.load_areas(context.engine, level, context.period_of_year(year))
    parents = context.all_areas.set_index("id")["name"]
    return areas, areas.set_index("key")["parent_id"].map(parents).to_dict()


def _base_year(params: Mapping[str, Any], budget: pd.DataFrame, product: str, year: int) -> int:
    base_year = int(params.get("vergleichsjahr") or 0)
    if base_year >= year or budget[budget["year"] == base_year].empty:
        raise StaleSlideError(f"Für das Vergleichsjahr {base_year} liegen keine Budgetdaten zu Produkt {product} vor.")
    return base_year


def slide_table(report: pd.DataFrame, spec: Mapping[str, str]) -> pd.DataFrame:
    """The page's table as display strings without the key column: codes are noise on a wall, names are not."""
    return display_strings(report, spec).drop(columns=["Schlüssel"], errors="ignore")


def _named(frame: pd.DataFrame, column: str, formatter: Any, count: int = 3) -> str:
    return ", ".join(
        f"{name} ({formatter(value)})"
        for name, value in zip(frame["area_name"][:count], frame[column][:count], strict=True)
    )


@register("budget_stationaer", "Budget: stationärer Anteil")
def residential_share_slide(context: SlideContext, params: Mapping[str, Any]) -> RenderedSlide:
    """The residential share of actual spending per social space over all budget years."""
    product, name, year, budget, level = budget_frames(context, params)
    base_year = _base_year(params, budget, product, year)
    _, district_of = _district_of(context, level, year)
    trend = residential_trend(budget, base_year, year, district_of)
    figure = share_over_years_figure(trend.shares, "", trend.moved)
    now = trend.shift.dropna(subset=["residential_share_now"]).sort_values("residential_share_now", ascending=False)
    moved = trend.shift[trend.shift["area_key"].isin(trend.moved)].sort_values("residential_share_change")
    notes = (
        f"Stationärer Anteil am Ist, alle Sozialräume: {format_percent(city_residential_share(budget, base_year))} "
        f"{base_year}, {format_percent(city_residential_share(budget, year))} {year}. "
        f"Höchste Anteile {year}: {_named(now, 'residential_share_now', format_percent)}."
    )
    if len(moved):
        notes += (
            f" Seit {base_year} um mindestens {format_number(SHIFT_THRESHOLD_POINTS)} Prozentpunkte gesunken: "
            f"{_named(moved, 'residential_share_change', format_points, len(moved))}."
        )
    else:
        threshold = format_number(SHIFT_THRESHOLD_POINTS)
        notes += f" Kein Sozialraum hat seinen stationären Anteil seit {base_year} um {threshold} Pp. gesenkt."
    years = sorted(trend.shares["year"].unique())
    return RenderedSlide(
        title=f"Anteil stationärer Hilfen: {product} {name}",
        subtitle=f"Anteil am Ist je Sozialraum in %, {years[0]}–{years[-1]} · {len(trend.moved)} Sozialräume "
        f"seit {base_year} deutlich gesunken (orange)",
        figure=figure,
        notes=notes,
        method=SHARE_METHOD,
    )


@register("budget_umsteuerung", "Budget: Umsteuerung")
def shift_slide(context: SlideContext, params: Mapping[str, Any]) -> RenderedSlide:
    """The page's Umsteuerung table: residential and preventive shares then and now, sorted by the change."""
    product, name, year, budget, level = budget_frames(context, params)
    base_year = _base_year(params, budget, product, year)
    _, district_of = _district_of(context, level, year)
    shift = residential_trend(budget, base_year, year, district_of).shift.sort_values("residential_share_change")
    report, spec = shift_report(shift, base_year, year)
    fell = shift[shift["residential_share_change"] < 0]
    preventive_up = shift[shift["preventive_share_change"] > 0]
    then, now = city_residential_share(budget, base_year), city_residential_share(budget, year)
    notes = (
        f"Stationärer Anteil aller Sozialräume: {format_percent(then)} {base_year}, {format_percent(now)} {year}. "
        f"In {len(fell)} von {len(shift)} Sozialräumen ist der stationäre Anteil gesunken, in {len(preventive_up)} "
        f"der präventive gestiegen. Stärkster Rückgang stationär: "
        f"{_named(shift, 'residential_share_change', format_points)}."
    )
    return RenderedSlide(
        title=f"Umsteuerung {base_year} → {year}: Produkt {product}",
        subtitle=f"{name} · Anteile stationärer und präventiver Hilfen am Ist; Veränderung in Prozentpunkten (Pp.)",
        table=slide_table(report, spec),
        notes=notes,
        method="Anteil der Hilfeart am Ist des Sozialraums im Jahr; Veränderung = Anteil im Jahr minus Anteil im "
        "Vergleichsjahr, in Prozentpunkten. Sortiert nach der Veränderung des stationären Anteils.",
    )


@register("budget_traeger", "Budget: Trägerbudget")
def provider_slide(context: SlideContext, params: Mapping[str, Any]) -> RenderedSlide:
    """Plan and actual of the provider lines: per provider (``darstellung`` traeger) or per provider and space."""
    product, name, year, budget, level = budget_frames(context, params)
    view = params.get("darstellung") or "traeger"
    if view not in ("traeger", "sozialraum"):
        raise StaleSlideError(f"Die Darstellung »{view}« gibt es nicht.")
    products = repository.load_budget_products(context.engine).set_index("code")
    target_key = products.loc[product, "target_group_indicator_key"] or None
    target_label = context.catalogue.loc[target_key, "name"] if target_key in context.catalogue.index else None
    by_provider, by_space = provider_budgets(budget, year, target_population(context, target_key, level))
    if by_provider.empty:
        raise StaleSlideError(f"Die Budgetzeilen von Produkt {product} nennen für {year} keinen Träger.")
    total = plan_actual_total(budget[(budget["year"] == year) & budget["provider"].notna()])
    largest = by_provider.sort_values("actual", ascending=False).iloc[0]
    notes = (
        f"{len(by_provider)} Träger, zusammen Ansatz {format_euro(total['planned'])}, "
        f"Ist {format_euro(total['actual'])}, "
        f"Ausschöpfung {format_percent(total['execution_rate'])}. Größter Träger: {largest['provider']} mit "
        f"Ist {format_euro(largest['actual'])} ({format_percent(largest['execution_rate'])} des Ansatzes)."
    )
    over = by_provider[by_provider["execution_rate"] > 100]["provider"].tolist()
    notes += f" Über dem Ansatz: {', '.join(over)}." if over else " Kein Träger liegt über dem Ansatz."
    if view == "traeger":
        report, spec = provider_report(by_provider, None)
        title, subtitle = f"Trägerbudget {year}: {product} {name}", f"Ansatz und Ist je Träger {year}"
    else:
        report, spec = provider_report(by_space, target_label)
        title = f"Trägerbudget je Sozialraum {year}: {product}"
        subtitle = f"{name} · Ansatz und Ist je Träger und Sozialraum {year}" + (
            f" · Ist je {target_label}" if target_label else ""
        )
    return RenderedSlide(
        title=title,
        subtitle=subtitle,
        table=slide_table(report, spec),
        notes=notes,
        method="Budgetzeilen, die einem freien Träger zugeordnet sind; Zeilen ohne Träger (z. B. stationäre "
        "Einzelfallhilfen) sind nicht enthalten. Ausschöpfung = Ist in % des Ansatzes.",
    )


def allocation_inputs(
    context: SlideContext, params: Mapping[str, Any]
) -> tuple[str, str, int, AllocationSettings, pd.DataFrame]:
    """Product, its name, year, the settings and the allocation, as the page computes them for these settings."""
    product, name, year, budget, level = budget_frames(context, params)
    settings = AllocationSettings.from_params(params)
    for key in [settings.basis_key, *settings.indicator_keys]:
        context.indicator(key)
    if settings.total < 0:
        raise StaleSlideError("Der Gesamtbetrag darf nicht negativ sein.")
    areas, _ = _district_of(context, level, year)
    products = repository.load_budget_products(context.engine).set_index("code")
    population = target_population(context, products.loc[product, "target_group_indicator_key"] or None, level)
    this_year = space_budget_table(budget, population)
    current = this_year[this_year["year"] == year].set_index("area_key")["planned"]
    values = repository.load_values(
        context.engine,
        tuple([settings.basis_key, *settings.indicator_keys]),
        (context.period_of_year(year),),
        level,
    )
    try:
        allocation = need_allocation(values, areas, settings, context.catalogue["polarity"].to_dict(), current, year)
    except alloc.AllocationError as error:
        raise StaleSlideError(str(error)) from None
    return product, name, year, settings, allocation


@register("budget_verteilung", "Budget: bedarfsorientierte Verteilung")
def allocation_slide(context: SlideContext, params: Mapping[str, Any]) -> RenderedSlide:
    """Formula against current plan per space: the difference chart (``darstellung`` diagramm) or the table."""
    view = params.get("darstellung") or "diagramm"
    if view not in ("diagramm", "tabelle"):
        raise StaleSlideError(f"Die Darstellung »{view}« gibt es nicht.")
    product, name, year, settings, allocation = allocation_inputs(context, params)
    short_names = context.catalogue["short_name"]
    report, spec = allocation_report(allocation.sort_values("area_key"), short_names[settings.basis_key])
    ranked = allocation.sort_values("difference", ascending=False)
    gains, losses = ranked[ranked["difference"] > 0], ranked[ranked["difference"] < 0].iloc[::-1]

    def cents(value: float) -> str:
        return format_number(value, 2, signed=True) + "\u00a0€"

    notes = (
        f"Gesamtbetrag {format_number(allocation['formula'].sum(), 2)} € (bisheriger Ansatz "
        f"{format_number(allocation['current'].sum(), 2)} €), umverteilt {format_euro(redistributed(allocation))}. "
    )
    if len(gains):
        notes += f"Mehr nach Formel: {_named(gains, 'difference', cents)}. "
    if len(losses):
        notes += f"Weniger nach Formel: {_named(losses, 'difference', cents)}. "
    clipped = allocation[allocation["need_factor"] == 0]["area_name"].tolist()
    if clipped:
        notes += f"Bedarfsfaktor auf 0 begrenzt (erhalten nichts): {', '.join(clipped)}."
    subtitle = (
        f"{format_euro(settings.total)} nach {context.catalogue.loc[settings.basis_key, 'name']} · Bedarf: "
        f"{weights_text(settings.weights, short_names)} · Gewicht {settings.intensity_percent} %"
    )
    method = (
        f"{ALLOCATION_FORMULA} Gesamtbetrag {format_number(settings.total, 2)}\u00a0€, Bezugsgruppe "
        f"{context.catalogue.loc[settings.basis_key, 'name']}, Gewicht des Bedarfs {settings.intensity_percent} %, "
        f"Bedarfskennzahlen und Gewichte: {weights_text(settings.weights, short_names)}."
    )
    return RenderedSlide(
        title=f"Bedarfsorientierte Verteilung {year}: {product}",
        subtitle=subtitle,
        figure=allocation_difference_figure(allocation, "") if view == "diagramm" else None,
        table=slide_table(report, spec),
        notes=notes.strip(),
        method=method,
    )
