"""The Übersicht (leadership cockpit) of one year for the city or a social space, gathered once for the page
and its slide: goals by traffic light, early warnings, budget execution per product, key figures.

``UebersichtParams`` reads the URL words ``jahr``, ``raum`` (empty: the whole city) and ``trend`` (the
Wirkungsziele' trend window) from a link or a slide's stored settings; ``build(source, params)`` returns the
``UebersichtReport`` both render.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from sozialraum.analysis.availability import latest_data_year
from sozialraum.analysis.budget import plan_actual_total, plan_overrun
from sozialraum.analysis.early_warning import EarlyWarningRules, early_warnings_at_own_periods
from sozialraum.analysis.gaps import explain_gaps
from sozialraum.analysis.goals import DEFAULT_TREND_PERIODS, STATUS_ORDER, GoalStatus, assess_goals, status_counts
from sozialraum.analysis.keyfigures import (
    choose_key_indicators,
    choose_population_indicator,
    key_figures,
    periods_for_keys,
    split_unavailable,
    wanted_periods,
)
from sozialraum.formatting import format_change, format_date, format_euro, format_number, format_percent, format_value
from sozialraum.periods import periods_by_year
from sozialraum.reports.budget.tables import budget_gap_text
from sozialraum.reports.provenance import Provenance
from sozialraum.reports.query import first, integer
from sozialraum.reports.source import Source

ATTENTION_STATUSES = (GoalStatus.OFF_TRACK, GoalStatus.AT_RISK)
TREND_RANGE = range(2, 11)
ASSESSMENT_WORDS = {"better": "günstig", "worse": "ungünstig", "unchanged": "unverändert", "neutral": "ohne Wertung"}


class UebersichtError(LookupError):
    """The year or social space asked for is not in the data; the message is German."""


@dataclass(frozen=True)
class UebersichtParams:
    year: int | None = None  # None: the latest year with indicator values
    area_key: str = ""  # a social space's key; empty for the whole city
    trend: int = DEFAULT_TREND_PERIODS
    #: The early-warning rules the page lets a user adjust for the session; not part of a link or slide.
    rules: EarlyWarningRules = field(default_factory=EarlyWarningRules, compare=False)

    @classmethod
    def from_query(cls, query: Mapping[str, Any]) -> UebersichtParams:
        trend = integer(query, "trend")
        return cls(
            year=integer(query, "jahr"),
            area_key=str(first(query, "raum") or ""),
            trend=trend if trend in TREND_RANGE else DEFAULT_TREND_PERIODS,
        )

    def to_query(self) -> dict[str, str | list[str]]:
        query: dict[str, str | list[str]] = {"raum": self.area_key}
        if self.year is not None:
            query["jahr"] = str(self.year)
        if self.trend != DEFAULT_TREND_PERIODS:
            query["trend"] = str(self.trend)
        return query


@dataclass(frozen=True)
class OverviewArea:
    id: int
    key: str  # the social space's key; empty for the whole city
    name: str
    level: str
    boundary_version: str | None
    label: str  # a social space with its district, as the sidebar names it: »Kirchberg (Altstadt)«


@dataclass(frozen=True)
class BudgetCard:
    """One product's execution: the card's value, its delta against the plan and the lines below it."""

    code: str
    name: str
    value: str  # execution rate, or the amount there is when plan or actual is missing
    delta: str | None  # »+1,2 Mio. € ggü. Ansatz«
    overrun: bool
    comparable: bool  # plan and actual both there
    gap: str | None  # why a figure is missing (a plan year has no Ist yet)
    caption: str  # »Ansatz … · Ist … · je Fall …«


@dataclass(frozen=True)
class Warnings:
    """The early-warning panel: the strongest worsening social spaces, or why there is nothing to compare."""

    rules: EarlyWarningRules
    indicator_keys: list[str]
    since: str  # the earlier years compared with, »2024« or »2023/2024«
    rows: pd.DataFrame  # early_warnings_at_own_periods plus area_key, area_name, label
    nothing_comparable: str | None  # German sentence when no indicator has two Stichtage to compare


@dataclass(frozen=True)
class UebersichtReport:
    params: UebersichtParams
    year: int
    period: date
    previous_period: date | None
    area: OverviewArea
    catalogue: pd.DataFrame
    figures: pd.DataFrame  # key_figures with a value or a previous value
    unavailable: list[str]  # short names of key figures without any value
    notes: dict[str, str]  # indicator key -> why a figure is missing, how complete it is, its own Stichtag
    goals: pd.DataFrame  # every goal, assessed as on the Wirkungsziele page
    goal_counts: dict[GoalStatus, int]
    attention: pd.DataFrame  # goals off track or at risk, worst first
    warnings: Warnings
    budget: list[BudgetCard]
    provenance: Provenance

    @property
    def change_heading(self) -> str:
        """»ggü. 2024« when every shown figure compares with the same year, else »ggü. Vorjahr«."""
        shown = self.figures[self.figures["value"].notna()]
        years = {p.year for p in shown["previous_period"] if p is not None and pd.notna(p)}
        return f"ggü. {years.pop()}" if len(years) == 1 else ("ggü. Vorjahr" if years else "Veränderung")

    def key_table(self) -> pd.DataFrame:
        """The key figures with a value as display strings: the slide's table, the page's cards."""
        shown = self.figures[self.figures["value"].notna()]
        return pd.DataFrame(
            {
                "Kennzahl": shown["name"],
                f"Wert {self.year}": [
                    format_value(v, u, d)
                    for v, u, d in zip(shown["value"], shown["unit"], shown["decimals"], strict=True)
                ],
                self.change_heading: [
                    format_change(c, u, d)
                    for c, u, d in zip(shown["change"], shown["unit"], shown["decimals"], strict=True)
                ],
                "Entwicklung": [ASSESSMENT_WORDS.get(str(a), "–") for a in shown["assessment"]],
            }
        ).reset_index(drop=True)


def warning_keys(catalogue: pd.DataFrame) -> list[str]:
    """The indicators the early warning watches (and the key figures show after the population)."""
    return choose_key_indicators(catalogue)


def _period(source: Source, year: int | None) -> tuple[int, date]:
    by_year = periods_by_year(source.periods(), source.budget_years())
    if not by_year:
        raise UebersichtError("Die Datenbank enthält noch keine Kennzahlen.")
    if year is None:
        year = latest_data_year(source.availability()) or max(by_year)
    if year not in by_year:
        raise UebersichtError(f"Für das Jahr {year} liegen keine Daten vor.")
    return year, by_year[year]


def _area(source: Source, area_key: str, period: date) -> OverviewArea:
    """The social space ``area_key`` of the boundary version valid at ``period``, or the whole city (as the
    sidebar chooses: a database without a city area shows its first social space)."""
    spaces = source.areas("social_space", period)
    if area_key:
        found = spaces[spaces["key"] == area_key]
        if found.empty:
            raise UebersichtError(f"Den Sozialraum »{area_key}« gibt es nicht mehr.")
        row, level = found.iloc[0], "social_space"
    else:
        city = source.areas("city", period)
        if city.empty and spaces.empty:
            raise UebersichtError("Es sind weder eine Gesamtstadt noch Sozialräume gespeichert.")
        row, level = (city.iloc[0], "city") if len(city) else (spaces.iloc[0], "social_space")
    version = row.get("boundary_version")
    district = source.areas("district", period).set_index("id")["name"].get(row.get("parent_id"))
    label = f"{row['name']} ({district})" if level == "social_space" and district else str(row["name"])
    version = None if pd.isna(version) else str(version)
    return OverviewArea(int(row["id"]), area_key, str(row["name"]), level, version, label)


def build(source: Source, params: UebersichtParams) -> UebersichtReport:
    year, period = _period(source, params.year)
    earlier = [p for p in source.periods() if p < period]
    previous = max(earlier) if earlier else None
    area = _area(source, params.area_key, period)
    catalogue = source.indicators()
    keys = warning_keys(catalogue)
    population_key = choose_population_indicator(catalogue)
    figure_keys = ([population_key] if population_key else []) + keys
    # Each figure at its own latest Stichtag of the year, against its own Stichtag of an earlier year.
    inventory = source.inventory()
    own_periods = periods_for_keys(inventory, figure_keys, period)
    values = source.values(tuple(figure_keys), wanted_periods(own_periods), area.level)
    all_figures = key_figures(values, catalogue, figure_keys, area.id, period, previous, own_periods)
    figures, unavailable = split_unavailable(all_figures)
    notes = figure_notes(all_figures, values, catalogue, area, period, inventory)

    goals = assess_goals(source.goals(), source.goal_values(), year, params.trend)
    attention = goals[goals["status"].isin(ATTENTION_STATUSES)] if len(goals) else goals
    order = {status.value: index for index, status in enumerate(STATUS_ORDER)}
    attention = attention.sort_values("status", key=lambda s: s.map(order)) if len(attention) else attention
    return UebersichtReport(
        params=params,
        year=year,
        period=period,
        previous_period=previous,
        area=area,
        catalogue=catalogue,
        figures=figures,
        unavailable=unavailable,
        notes=notes,
        goals=goals,
        goal_counts=status_counts(goals),
        attention=attention,
        warnings=early_warnings(source, catalogue, keys, period, params.rules),
        budget=budget_cards(source, year, area),
        provenance=Provenance.of(source),
    )


def figure_notes(
    figures: pd.DataFrame,
    values: pd.DataFrame,
    catalogue: pd.DataFrame,
    area: OverviewArea,
    period: date,
    inventory: pd.DataFrame,
) -> dict[str, str]:
    """Per key figure a German note: why it has no value, how complete its sum is, its own older Stichtag."""
    notes: dict[str, str] = {}
    for row in figures.itertuples():
        own = row.period if row.period is not None and not pd.isna(row.period) else period
        found = explain_gaps(
            values, catalogue, area.id, area.level, own, inventory, area.boundary_version, [row.indicator_key]
        )
        note = found.get(row.indicator_key, "")
        if own != period and not pd.isna(row.value):
            note = "; ".join(part for part in (f"Stand {format_date(own)}", note) if part)
        if note:
            notes[row.indicator_key] = note
    return notes


def early_warnings(
    source: Source, catalogue: pd.DataFrame, keys: list[str], period: date, rules: EarlyWarningRules
) -> Warnings:
    """Social spaces whose indicators worsened most (each at its own Stichtag of the year against its own
    one of an earlier year) or crossed a threshold."""
    inventory = source.inventory()
    comparable = {key: pair for key, pair in periods_for_keys(inventory, keys, period).items() if None not in pair}
    empty = pd.DataFrame(columns=["area_id", "indicator_key", "area_key", "area_name", "label", "crossed_threshold"])
    if not comparable:
        known = inventory[inventory["indicator_key"].isin(keys) & (inventory["period"] <= period)]
        last = f" (zuletzt erhoben zum {format_date(known['period'].max())})" if len(known) else ""
        text = f"Keine Kennzahl der Frühwarnung hat {period.year} einen Wert und einen früheren zum Vergleich{last}."
        return Warnings(rules, keys, "", empty, text)
    values = source.values(tuple(comparable), wanted_periods(comparable), "social_space")
    warnings = early_warnings_at_own_periods(values, catalogue["polarity"].to_dict(), comparable, rules)
    since = "/".join(str(year) for year in sorted({previous.year for _, previous in comparable.values()}))
    if warnings.empty:
        return Warnings(rules, keys, since, empty, None)
    names = source.areas("social_space").set_index("id")[["key", "name"]]
    labels = []
    for warning in warnings.itertuples():
        meta = catalogue.loc[warning.indicator_key]
        value = format_value(warning.value, meta["unit"], int(meta["decimals"]))
        change = format_percent(warning.adverse_change_percent, 0, signed=True)
        reason = f"über Schwelle {format_number(warning.threshold)}" if warning.crossed_threshold else change
        labels.append(f"{names.loc[warning.area_id, 'name']}: {meta['short_name']} {value} ({reason})")
    rows = warnings.assign(
        area_key=[names.loc[a, "key"] for a in warnings["area_id"]],
        area_name=[names.loc[a, "name"] for a in warnings["area_id"]],
        label=labels,
    )
    return Warnings(rules, keys, since, rows.reset_index(drop=True), None)


def budget_cards(source: Source, year: int, area: OverviewArea) -> list[BudgetCard]:
    """Execution per budget product: the whole city's lines, or a social space's own."""
    budget = source.budget((year,))
    if area.level == "social_space":
        budget = budget[budget["area_id"] == area.id]
    cards = []
    for product in source.budget_products().itertuples():
        lines = budget[budget["product"] == product.code]
        if lines.empty:
            continue
        total = plan_actual_total(lines)
        # A plan year has no Ist yet (Berlin 2026/27), some budgets no Ansatz: then there is nothing to compare.
        overrun = plan_overrun(total["planned"], total["actual"])
        cases = lines.dropna(subset=["cases"])
        cost = format_euro(cases["actual"].sum() / cases["cases"].sum(), compact=False) if cases["cases"].sum() else "–"
        cards.append(
            BudgetCard(
                code=str(product.code),
                name=str(product.name),
                value=format_percent(total["execution_rate"])
                if overrun is not None
                else format_euro(total["planned"] if pd.notna(total["planned"]) else total["actual"]),
                delta=None if overrun is None else f"{format_euro(overrun)} ggü. Ansatz",
                overrun=overrun is not None and overrun > 0,
                comparable=overrun is not None,
                gap=budget_gap_text(total, year),
                caption=f"Ansatz {format_euro(total['planned'])} · Ist {format_euro(total['actual'])} · je Fall {cost}",
            )
        )
    return cards
