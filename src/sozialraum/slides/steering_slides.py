"""Slides of the steering views: Budget & Wirkung (the Wirkungsziele slide is in ``goal_slides``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from sozialraum.analysis import budget_outcome as bo
from sozialraum.analysis.budget import plan_actual_by, plan_actual_total
from sozialraum.analysis.budget_report import spaces_by_quadrant, with_space_labels
from sozialraum.analysis.keyfigures import choose_population_indicator
from sozialraum.analysis.space_budget import (
    RESIDENTIAL,
    aid_type_composition,
    population_by_space,
    space_budget_table,
)
from sozialraum.charts.budget import budget_plan_actual_figure
from sozialraum.charts.budget_outcome import budget_outcome_figure
from sozialraum.charts.space_budget import aid_type_mix_figure
from sozialraum.formatting import format_euro, format_number, format_percent
from sozialraum.slides.registry import RenderedSlide, SlideContext, StaleSlideError, register
from sozialraum.store import repository


def budget_frames(context: SlideContext, params: Mapping[str, Any]) -> tuple[str, str, int, pd.DataFrame, str]:
    """Product code and name, year, the product's budget lines of all years, and the budgeted level."""
    products = repository.load_budget_products(context.engine).set_index("code")
    product = str(params.get("produkt") or "")
    if product not in products.index:
        raise StaleSlideError(f"Das Budgetprodukt »{product}« gibt es nicht mehr.")
    year = int(params.get("jahr") or 0)
    years = tuple(repository.load_budget_years(context.engine))
    budget = repository.load_budget(context.engine, years, product).dropna(subset=["area_id"])
    if budget[budget["year"] == year].empty:
        raise StaleSlideError(f"Für {year} liegen keine Budgetdaten zu Produkt {product} mehr vor.")
    areas = context.all_areas.set_index("id")
    level = areas.loc[budget.loc[budget["year"] == year, "area_id"].astype(int), "level"].mode().iloc[0]
    return product, str(products.loc[product, "name"]), year, budget, str(level)


def target_population(context: SlideContext, target_key: str | None, level: str) -> pd.DataFrame:
    """Residents and target-group residents per area and budget year (as the Budget page computes them)."""
    engine = context.engine
    by_year = repository.periods_by_year(context.periods, repository.load_budget_years(engine))
    residents_key = choose_population_indicator(context.catalogue) or "pop_total"
    keys = tuple(dict.fromkeys(k for k in (residents_key, target_key) if k))
    values = repository.load_values(engine, keys, tuple(sorted(set(by_year.values()))), level)
    if values.empty:
        return pd.DataFrame(columns=["area_id", "year", "residents", "target_residents"])
    by_period = population_by_space(values, residents_key, target_key)
    years = pd.DataFrame({"year": list(by_year), "data_year": [p.year for p in by_year.values()]})
    return years.merge(by_period.rename(columns={"year": "data_year"}), on="data_year").drop(columns="data_year")


@register("budget_soll_ist", "Budget: Soll und Ist")
def budget_plan_actual_slide(context: SlideContext, params: Mapping[str, Any]) -> RenderedSlide:
    """Plan against actual by aid type for the whole product, and the execution per social space."""
    product, name, year, budget, _ = budget_frames(context, params)
    this_year = budget[budget["year"] == year]
    total = plan_actual_total(this_year)
    by_aid = plan_actual_by(this_year, "aid_type")
    figure = budget_plan_actual_figure(by_aid, "")
    per_space = plan_actual_by(this_year, ["area_key", "area_name"]).sort_values("area_key")
    table = pd.DataFrame(
        {
            "Sozialraum": per_space["area_name"],
            "Ansatz": [format_euro(v) for v in per_space["planned"]],
            "Ist": [format_euro(v) for v in per_space["actual"]],
            "Ausschöpfung": [format_percent(v) for v in per_space["execution_rate"]],
            "Fälle": [format_number(v) for v in per_space["cases"]],
        }
    ).reset_index(drop=True)
    over = per_space[per_space["execution_rate"] > 100]["area_name"].tolist()
    notes = (
        f"Produkt {product} {name}, {year}: Ansatz {format_euro(total['planned'])}, "
        f"Ist {format_euro(total['actual'])}, "
        f"Ausschöpfung {format_percent(total['execution_rate'])}."
        + (f" Über dem Ansatz: {', '.join(over)}." if over else " Kein Sozialraum liegt über dem Ansatz.")
    )
    return RenderedSlide(
        title=f"Budget {year}: {product} {name}",
        subtitle=f"Ansatz und Ist nach Hilfeart in Mio. € · Ausschöpfung {format_percent(total['execution_rate'])}",
        figure=figure,
        table=table,
        notes=notes,
        method="Ausschöpfung = Ist in % des Ansatzes (Soll). Rote Säulen: Ist über dem Ansatz.",
    )


@register("budget_hilfearten", "Budget: Hilfearten")
def aid_mix_slide(context: SlideContext, params: Mapping[str, Any]) -> RenderedSlide:
    """Each social space's actual spending split by aid type."""
    product, name, year, budget, _ = budget_frames(context, params)
    composition = aid_type_composition(budget[budget["year"] == year], ["area_key", "area_name"])
    composition = composition.sort_values("area_key")
    residential = composition[composition["aid_type"] == RESIDENTIAL].sort_values("share", ascending=False)
    notes = (
        "Höchster Anteil stationärer Hilfen: "
        + ", ".join(
            f"{n} {format_percent(s)}"
            for n, s in zip(residential["area_name"][:3], residential["share"][:3], strict=True)
        )
        + "."
        if len(residential)
        else "Keine stationären Hilfen."
    )
    return RenderedSlide(
        title=f"Hilfearten {year}: {product} {name}",
        subtitle="Anteile am Ist je Sozialraum in %",
        figure=aid_type_mix_figure(composition, ""),
        notes=notes,
        method="Anteil jeder Hilfeart am Ist des Sozialraums (ohne zentral gebuchte Mittel).",
    )


@register("budget_wirkung", "Budget und Wirkung")
def budget_outcome_slide(context: SlideContext, params: Mapping[str, Any]) -> RenderedSlide:
    """Spending per resident against an outcome indicator, one bubble per social space."""
    product, name, year, budget, level = budget_frames(context, params)
    meta = context.indicator(params.get("kennzahl"))
    key = str(meta["key"])
    products = repository.load_budget_products(context.engine).set_index("code")
    target_key = products.loc[product, "target_group_indicator_key"] or None
    target_label = context.catalogue.loc[target_key, "name"] if target_key in context.catalogue.index else None
    comparison = bo.Comparison(
        year=year,
        base_year=int(params.get("vergleichsjahr") or year),
        lag=int(params.get("verzoegerung") or 0),
        spending_change=bool(params.get("ausgaben_veraenderung")),
        outcome_change=bool(params.get("wirkung_veraenderung")),
    )
    population = target_population(context, target_key, level)
    space_table = space_budget_table(budget, population)
    per_column = "target_residents" if target_label else "residents"
    spending = space_table[["area_id", "year", "actual", per_column]].rename(columns={per_column: "residents"})
    by_year = repository.latest_period_per_year(context.periods)
    outcome_periods = tuple(by_year[y] for y in comparison.outcome_years() if y in by_year)
    outcome = repository.load_values(context.engine, (key,), outcome_periods, level)
    city = repository.load_values(context.engine, (key,), outcome_periods, "city")
    try:
        points = bo.budget_outcome_points(
            spending, outcome.assign(year=pd.to_datetime(outcome["period"]).dt.year), comparison
        )
        city_outcome = pd.Series(city["value"].to_numpy(), index=pd.to_datetime(city["period"]).dt.year)
        reference = bo.city_reference(spending, city_outcome, comparison)
    except bo.YearsMissingError as error:
        raise StaleSlideError(str(error)) from None
    per_label = target_label or "Einwohner"
    unit, short = meta["unit"], meta["short_name"]
    x_title, y_title = comparison.axis_titles(per_label, short, unit)
    polarity = int(meta["polarity"])
    points = bo.with_quadrants(points, reference, comparison, polarity)
    areas = repository.load_areas(context.engine, level, by_year.get(year) or context.period_of_year(year))
    parents = context.all_areas.set_index("id")["name"]
    district_of = areas.set_index("key")["parent_id"].map(parents).to_dict()
    residents_now = population[population["year"] == year].set_index("area_id")["residents"]
    points = with_space_labels(points, areas, district_of, residents_now)
    points["hover"] = points["area_name"]
    figure = budget_outcome_figure(points, reference, comparison, polarity, (x_title, y_title), "")
    quadrants = spaces_by_quadrant(points)
    notes = [
        f"Gesamtstadt: {format_number(reference[0])} € je {per_label}, {short} "
        f"{format_number(reference[1], int(meta['decimals']))} {unit}."
    ]
    notes += [f"{label[0].upper()}{label[1:]}: {', '.join(names)}." for label, names in quadrants.items()]
    lag = f", Wirkung {comparison.lag} Jahr(e) später gemessen" if comparison.lag else ""
    return RenderedSlide(
        title=f"Mitteleinsatz und Wirkung: {short}",
        subtitle=f"Produkt {product} {name} · {x_title} gegen {y_title}{lag}",
        figure=figure,
        notes=" ".join(notes),
        method="Jeder Kreis ein Sozialraum, Größe = Einwohner, Farbe = Bezirk. Gepunktete Linien: Gesamtstadt "
        "(Summe der Ausgaben durch Summe der Einwohner).",
    )
