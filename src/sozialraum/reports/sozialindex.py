"""The Sozialindex report: one index at one Stichtag, its classes, its partner index of the other kind
(status × dynamics), the area table and the robustness check.

The page ``views/sozialindex.py`` and the slide kind ``sozialindex`` both render a ``SozialindexReport``
built here, so the slide shows the numbers the page showed for the same settings — the partner index of
the matrix included (it is a parameter, no longer »the first one that fits«).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import geopandas as gpd
import pandas as pd

from sozialraum.analysis.social_index import IndexDefinition, IndexResult, combined_classes, sensitivity
from sozialraum.formatting import format_date, format_number
from sozialraum.reports.provenance import Provenance
from sozialraum.reports.query import text
from sozialraum.reports.social_index_tables import (
    KIND_LABELS,
    LEVEL_LABELS,
    area_table,
    combined_counts,
    index_inputs,
    method_lines,
    sensitivity_overview,
)
from sozialraum.reports.source import Source
from sozialraum.services.social_index import index_indicator_text

#: The slide's views (``darstellung``); the page shows all of them.
VIEWS = ("karte", "verteilung", "matrix", "robustheit")
DEFAULT_VIEW = "karte"


class SozialindexError(LookupError):
    """The settings name an index, Stichtag, partner or view the data no longer hold; the message is German."""


@dataclass(frozen=True)
class SozialindexParams:
    """The page's settings and the slide's stored settings: ``index`` (the page's URL says ``sozialindex``),
    ``stichtag`` (ISO date; None: the newest computable one), ``partner`` (the index of the other kind for
    the matrix; None: the first that fits) and the slide's ``darstellung``."""

    index: str | None = None
    stichtag: date | None = None
    partner: str | None = None
    darstellung: str = DEFAULT_VIEW

    @classmethod
    def from_query(cls, query: Mapping[str, Any]) -> SozialindexParams:
        """Parse URL query params or a stored slide's settings; a malformed Stichtag or an unknown view
        raises ``SozialindexError``."""
        raw_period = text(query, "stichtag")
        try:
            period = date.fromisoformat(raw_period) if raw_period else None
        except ValueError:
            raise SozialindexError(f"»{raw_period}« ist kein Stichtag.") from None
        view = text(query, "darstellung") or DEFAULT_VIEW
        if view not in VIEWS:
            raise SozialindexError(f"Die Darstellung »{view}« gibt es nicht.")
        return cls(
            # »sozialindex« is the page's URL word; slides stored before issue 16 say »index«.
            index=text(query, "sozialindex") or text(query, "index"),
            stichtag=period,
            partner=text(query, "partner"),
            darstellung=view,
        )

    def to_query(self) -> dict[str, str | list[str]]:
        query: dict[str, str | list[str]] = {}
        if self.index:
            query["sozialindex"] = self.index
        if self.stichtag:
            query["stichtag"] = self.stichtag.isoformat()
        if self.partner:
            query["partner"] = self.partner
        query["darstellung"] = self.darstellung
        return query


@dataclass(frozen=True)
class SozialindexReport:
    params: SozialindexParams  # as resolved: index, Stichtag and partner filled in
    definition: IndexDefinition
    periods: tuple[date, ...]  # the Stichtage the index can be computed at, oldest first
    period: date
    result: IndexResult
    indicator_names: Mapping[str, str]
    catalogue: pd.DataFrame
    level_name: str
    title: str
    method_text: str  # plain sentences (the materialised indicator's definition text)
    class_notes: str  # areas per class and the extremes, for speaker notes
    boundary_version: str | None  # the boundary version the index data sit on (for the map)
    partners: tuple[IndexDefinition, ...]  # indices of the other kind at the same level and Stichtag
    partner: IndexResult | None
    status: IndexResult | None  # the matrix's rows (this index or its partner)
    dynamics: IndexResult | None  # the matrix's columns
    combined: pd.DataFrame | None  # ``combined_classes`` per area
    matrix: pd.DataFrame | None  # areas per status × dynamics class
    areas: pd.DataFrame  # German area table (numbers left numeric), least favourable first
    areas_spec: dict[str, str]
    sensitivity: pd.DataFrame  # ``analysis.social_index.sensitivity``
    robustness: pd.DataFrame  # one row per indicator, one column per variant
    robustness_spec: dict[str, str]
    robustness_note: str  # the variant that moves most areas, in one sentence ("" when none)
    provenance: Provenance

    @property
    def valid_count(self) -> int:
        return len(self.result.valid)

    @property
    def total(self) -> int:
        return len(self.result.table)

    def method_lines(self, literal: Callable[[str], str] = str) -> list[str]:
        """The method as Markdown bullets; ``literal`` wraps data text (``markup.markdown_literal`` on pages)."""
        return method_lines(self.definition, self.indicator_names, literal)

    @property
    def matrix_title(self) -> str:
        return f"Status und Dynamik, {format_date(self.period)}"

    @property
    def matrix_subtitle(self) -> str:
        if self.status is None or self.dynamics is None:
            return ""
        return f"{self.status.definition.name} × {self.dynamics.definition.name} · Gebiete mit beiden Klassen"

    @property
    def robustness_title(self) -> str:
        return f"Wie robust ist »{self.definition.name}«?"


def index_label(definition: IndexDefinition) -> str:
    """The definition's name, with its kind when the name does not say it (»Sozialindex (Status-Index)«)."""
    kind = KIND_LABELS.get(definition.kind, definition.kind)
    return definition.name if kind.split("-")[0] in definition.name else f"{definition.name} ({kind})"


def partners_of(source: Source, definition: IndexDefinition, period: date) -> list[IndexDefinition]:
    """Indices of the other kind on the same level that can be computed at ``period``, in stored order."""
    return [
        other
        for other in source.index_definitions()
        if other.kind != definition.kind and other.level == definition.level and period in source.index_periods(other)
    ]


def class_notes(result: IndexResult) -> str:
    counts = result.class_counts()
    parts = [f"{label}: {int(count)}" for label, count in counts.items()]
    excluded = len(result.table) - int(counts.sum())
    text = f"{len(result.valid)} Gebiete mit Klasse ({', '.join(parts)})"
    return text + (f"; {excluded} ausgeschlossen." if excluded else ".")


def extremes(result: IndexResult) -> str:
    valid = result.valid.sort_values("index", ascending=False)
    if valid.empty:
        return ""
    named = "area_name" if "area_name" in valid.columns else None

    def name(row_key: object) -> str:
        return str(valid.loc[row_key, named]) if named else str(row_key)

    top = ", ".join(f"{name(k)} ({format_number(valid.loc[k, 'index'], 2)})" for k in valid.index[:3])
    low = ", ".join(f"{name(k)} ({format_number(valid.loc[k, 'index'], 2)})" for k in valid.index[::-1][:3])
    return f"Höchste Indexwerte: {top}. Niedrigste: {low}."


def _robustness_note(table: pd.DataFrame, names: Mapping[str, str]) -> str:
    changed = table.dropna(subset=["changed"])
    if changed.empty:
        return ""
    worst = changed.sort_values("changed", ascending=False).iloc[0]
    return (
        f"Größte Wirkung: {names.get(worst['indicator_key'], worst['indicator_key'])}, "
        f"{worst['variant']}: {int(worst['changed'])} von {int(worst['compared'])} Gebieten wechseln."
    )


def _definition(source: Source, key: str | None) -> IndexDefinition:
    definitions = source.index_definitions()
    if not definitions:
        raise SozialindexError("Es ist kein Sozialindex definiert.")
    if key is None:
        return definitions[0]
    found = next((d for d in definitions if d.key == key), None)
    if found is None:
        raise SozialindexError(f"Den Sozialindex »{key}« gibt es nicht mehr.")
    return found


def build(source: Source, params: SozialindexParams) -> SozialindexReport:
    """The report for ``params``. Raises ``SozialindexError`` (German) for settings the data no longer
    hold, and ``ValueError`` (German) when the index cannot be computed at the Stichtag."""
    definition = _definition(source, params.index)
    periods = tuple(source.index_periods(definition))
    if not periods:
        raise SozialindexError(f"Für »{definition.name}« liegen keine vollständigen Daten mehr vor.")
    period = params.stichtag or periods[-1]
    if period not in periods:
        raise SozialindexError(f"Zum Stichtag {format_date(period)} lässt sich der Index nicht mehr berechnen.")
    result = source.index_run(definition, period)
    catalogue = source.indicators()
    names = catalogue["short_name"].to_dict()

    partners = tuple(partners_of(source, definition, period))
    partner_definition = None
    if params.partner is not None:
        partner_definition = next((d for d in partners if d.key == params.partner), None)
        if partner_definition is None:
            raise SozialindexError(
                f"Den Index »{params.partner}« gibt es zum Stichtag {format_date(period)} nicht für die Kombination."
            )
    elif partners:
        partner_definition = partners[0]
    partner = status = dynamics = combined = matrix = None
    if partner_definition is not None:
        partner = source.index_run(partner_definition, period)
        status, dynamics = (result, partner) if definition.kind == "status" else (partner, result)
        combined = combined_classes(status, dynamics)
        matrix = combined_counts(status, dynamics)

    frame, spec = area_table(result, names, combined)
    values, population, invalid = index_inputs(result)
    table = sensitivity(values, definition, population, invalid)
    robustness, robustness_spec = sensitivity_overview(table, names)
    resolved = SozialindexParams(
        definition.key, period, partner_definition.key if partner_definition else None, params.darstellung
    )
    return SozialindexReport(
        params=resolved,
        definition=definition,
        periods=periods,
        period=period,
        result=result,
        indicator_names=names,
        catalogue=catalogue,
        level_name=LEVEL_LABELS.get(definition.level, definition.level),
        title=f"{definition.name}, {format_date(period)}",
        method_text=index_indicator_text(definition, names),
        class_notes=f"{class_notes(result)} {extremes(result)}",
        boundary_version=source.data_boundary_version(definition.indicator_keys[0], period),
        partners=partners,
        partner=partner,
        status=status,
        dynamics=dynamics,
        combined=combined,
        matrix=matrix,
        areas=frame,
        areas_spec=spec,
        sensitivity=table,
        robustness=robustness,
        robustness_spec=robustness_spec,
        robustness_note=_robustness_note(table, names),
        provenance=Provenance.of(source),
    )


def map_geometries(source: Source, report: SozialindexReport) -> gpd.GeoDataFrame:
    """The area shapes of the static class map: the index's level and boundary version at its Stichtag."""
    return source.area_geometries(report.definition.level, report.period, report.boundary_version)
