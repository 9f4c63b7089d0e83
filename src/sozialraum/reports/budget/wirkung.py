"""Budget und Wirkung: spending per resident against an outcome indicator, one bubble per area."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from sozialraum.analysis import budget_outcome as bo
from sozialraum.charts.budget_outcome import space_hover_texts
from sozialraum.formatting import format_number
from sozialraum.reports.budget.base import (
    BASE_YEAR_PARAM,
    BudgetFrame,
    BudgetReportError,
    ComparisonParams,
    SlideText,
    base_query,
    load_frame,
    product_from,
)
from sozialraum.reports.budget.stationaer import residential_trend
from sozialraum.reports.budget.tables import ReportTable, outcome_report, spaces_by_quadrant, with_space_labels
from sozialraum.reports.provenance import Provenance
from sozialraum.reports.query import flag, integer, text
from sozialraum.reports.source import Source

PREFERRED_OUTCOME = "hze_rate"
NO_OUTCOME_INDICATOR = (
    "Keine Kennzahl mit Richtung vorhanden: alle Kennzahlen sind »ohne Wertung« (weder höher noch niedriger "
    "ist günstiger), daher lässt sich keine Wirkung bewerten. Die Richtung steht im Kennzahlenkatalog "
    "(Spalte »Richtung«, Import auf der Seite Daten)."
)
METHOD = (
    "Jeder Kreis ein Sozialraum, Größe = Einwohner, Farbe = Bezirk. Gepunktete Linien: Gesamtstadt "
    "(Summe der Ausgaben durch Summe der Einwohner)."
)


class NoOutcomeIndicatorError(BudgetReportError):
    """No indicator has a direction: no outcome can be judged."""


class OutcomeYearsMissingError(BudgetReportError):
    """The comparison needs years the spending or the outcome does not have."""


def _flag_query(value: bool) -> str:
    return "1" if value else "0"


@dataclass(frozen=True)
class Params(ComparisonParams):
    """``produkt``, ``jahr``, ``vergleichsjahr`` (None: ``jahr``), ``kennzahl`` (None: the HzE-Quote or the first
    indicator with a direction), ``verzoegerung`` in years and the two switches ``ausgaben_veraenderung`` and
    ``wirkung_veraenderung`` (change since the comparison year rather than the level)."""

    indicator: str | None = None
    lag: int = 0
    spending_change: bool = False
    outcome_change: bool = False

    @classmethod
    def from_query(cls, mapping: Mapping[str, Any], products: Any = None) -> Params:
        return cls(
            product=product_from(mapping, products),
            year=integer(mapping, "jahr"),
            base_year=integer(mapping, BASE_YEAR_PARAM),
            indicator=text(mapping, "kennzahl"),
            lag=integer(mapping, "verzoegerung") or 0,
            spending_change=flag(mapping, "ausgaben_veraenderung"),
            outcome_change=flag(mapping, "wirkung_veraenderung"),
        )

    def to_query(self) -> dict[str, str | list[str]]:
        query = base_query(self)
        if self.base_year is not None:
            query[BASE_YEAR_PARAM] = str(self.base_year)
        if self.indicator is not None:
            query["kennzahl"] = self.indicator
        query["verzoegerung"] = str(self.lag)
        query["ausgaben_veraenderung"] = _flag_query(self.spending_change)
        query["wirkung_veraenderung"] = _flag_query(self.outcome_change)
        return query


@dataclass(frozen=True)
class WirkungReport:
    params: Params
    frame: BudgetFrame
    comparison: bo.Comparison
    indicator: pd.Series  # the catalogue row of the outcome indicator
    per_label: str  # »Einwohner unter 21 Jahren« or »Einwohner«
    axis_titles: tuple[str, str]
    points: pd.DataFrame  # per area: spending, outcome, quadrant, labels, hover; the figure's input
    reference: tuple[float, float]  # the city's spending and outcome: the quadrant lines
    polarity: int
    chart_title: str
    reference_text: str  # »Jeder Kreis … Gesamtstadt (… € | … je 1.000), Wirkung 1 Jahr(e) später gemessen«
    quadrants: dict[str, list[str]]  # quadrant label -> area names, largest group first
    missing: list[str]  # areas without values, not drawn
    table: ReportTable
    method_notes: tuple[tuple[str, str], ...]  # for the downloads
    deck_title: str
    slide: SlideText
    provenance: Provenance


def outcome_options(catalogue: pd.DataFrame) -> list[str]:
    """The indicators with a direction: only they can say whether an outcome is better or worse."""
    return [key for key in catalogue.index if catalogue.loc[key, "polarity"] != 0]


def default_indicator(catalogue: pd.DataFrame) -> str:
    options = outcome_options(catalogue)
    if not options:
        raise NoOutcomeIndicatorError(NO_OUTCOME_INDICATOR)
    return PREFERRED_OUTCOME if PREFERRED_OUTCOME in options else options[0]


def spending_per_group(frame: BudgetFrame) -> pd.DataFrame:
    """Actual and the residents it is divided by (the target group where the product names one), per area and year."""
    per_column = "target_residents" if frame.target_label else "residents"
    return frame.space_table[["area_id", "year", "actual", per_column]].rename(columns={per_column: "residents"})


def build(source: Source, params: Params) -> WirkungReport:
    frame = load_frame(source, params.product, params.year)
    catalogue, year = frame.catalogue, frame.year
    key = params.indicator or default_indicator(catalogue)
    if key not in catalogue.index:
        raise BudgetReportError(f"Die Kennzahl »{key}« ist nicht mehr in der Datenbank.")
    indicator = catalogue.loc[key]
    base_year = params.base_year if params.base_year is not None else year
    comparison = bo.Comparison(year, base_year, int(params.lag), params.spending_change, params.outcome_change)
    spending = spending_per_group(frame)
    by_year = frame.periods_by_year
    periods = tuple(dict.fromkeys(by_year[y] for y in comparison.outcome_years() if y in by_year))
    outcome = source.values((key,), periods, frame.level)
    city = source.values((key,), periods, "city")
    try:
        points = bo.budget_outcome_points(
            spending, outcome.assign(year=pd.to_datetime(outcome["period"]).dt.year), comparison
        )
        city_outcome = pd.Series(city["value"].to_numpy(), index=pd.to_datetime(city["period"]).dt.year)
        reference = bo.city_reference(spending, city_outcome, comparison)
    except bo.YearsMissingError as error:
        raise OutcomeYearsMissingError(str(error)) from None
    per_label = frame.target_label or "Einwohner"
    unit, short, decimals = indicator["unit"], indicator["short_name"], int(indicator["decimals"])
    polarity = int(indicator["polarity"])
    x_title, y_title = comparison.axis_titles(per_label, short, unit)
    points = bo.with_quadrants(points, reference, comparison, polarity)
    population = frame.population
    residents_now = population[population["year"] == year].set_index("area_id")["residents"]
    points = with_space_labels(points, frame.areas, frame.district_of, residents_now)
    shift = residential_trend(frame, base_year).shift
    points["hover"] = space_hover_texts(points, shift, (x_title, y_title), decimals, (base_year, year))
    missing = points[points[["spending", "outcome"]].isna().any(axis=1)]["area_name"].tolist()
    quadrants = spaces_by_quadrant(points)
    lag_text = f", Wirkung {comparison.lag} Jahr(e) später gemessen" if comparison.lag else ""
    reference_text = (
        f"Jeder Kreis ein Sozialraum, Größe = Einwohner, Farbe = Bezirk. Gepunktete Linien: Gesamtstadt "
        f"({format_number(reference[0])} € | {format_number(reference[1], decimals)} {unit}){lag_text}."
    )
    notes = [
        f"Gesamtstadt: {format_number(reference[0])} € je {per_label}, {short} "
        f"{format_number(reference[1], decimals)} {unit}."
    ]
    notes += [f"{label[0].upper()}{label[1:]}: {', '.join(names)}." for label, names in quadrants.items()]
    return WirkungReport(
        params=Params(
            frame.product, year, base_year, key, comparison.lag, comparison.spending_change, comparison.outcome_change
        ),
        frame=frame,
        comparison=comparison,
        indicator=indicator,
        per_label=per_label,
        axis_titles=(x_title, y_title),
        points=points,
        reference=reference,
        polarity=polarity,
        chart_title=f"Mitteleinsatz und Wirkung: {short}",
        reference_text=reference_text,
        quadrants=quadrants,
        missing=missing,
        table=ReportTable.of(outcome_report(points.sort_values("area_key"), x_title, y_title)),
        method_notes=(
            ("Vergleich", f"Ist je {per_label} gegen {indicator['name']}{lag_text or ', ohne Verzögerung'}"),
            ("Quadranten", "Linien bei den Werten der Gesamtstadt (Verhältnis der Summen)"),
        ),
        deck_title=f"Mitteleinsatz und Wirkung: {short}",
        slide=SlideText(
            title=f"Mitteleinsatz und Wirkung: {short}",
            subtitle=f"Produkt {frame.product_label} · {x_title} gegen {y_title}{lag_text}",
            notes=" ".join(notes),
            method=METHOD,
        ),
        provenance=frame.provenance,
    )
