"""The Karte of one indicator on one level: values of a year or their change, classes, ranking, city value.

``build(source, params)`` computes everything the page, the slide and the exports show; they only draw it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from sozialraum.analysis.availability import (
    comparison_periods,
    data_versions,
    indicator_period_in_year,
    indicator_periods,
    latest_period_until,
    years_with_values,
)
from sozialraum.analysis.classification import (
    Classification,
    ClassificationError,
    Method,
    classify,
    parse_manual_breaks,
)
from sozialraum.analysis.mapdata import area_table, city_value, compute_change
from sozialraum.formatting import format_date
from sozialraum.maps.choropleth import Legend
from sozialraum.maps.colours import NO_DATA_COLOUR
from sozialraum.maps.indicator_map import MapSubject, area_fills, build_legend, tooltip_rows
from sozialraum.reports.map_tables import map_export_table, map_method_notes
from sozialraum.reports.provenance import Note, Provenance
from sozialraum.reports.query import flag, integer
from sozialraum.reports.source import Source
from sozialraum.vocabulary import LEVEL_PLURAL, level_from_word, word_for

VIEW_VALUES, VIEW_CHANGE = "werte", "veraenderung"
SHOW_MAP, SHOW_RANKING = "karte", "rangfolge"
DEFAULT_CLASSES = 5


class KarteError(LookupError):
    """The map cannot be drawn for these settings; the message is German and says why."""


class NoAreasError(KarteError):
    """No areas of the level with valid boundaries at the period."""


def _breaks(raw: object) -> tuple[float, ...] | None:
    """Stored slides keep a list of numbers; the URL keeps the text the user typed (»5; 10; 15«)."""
    if raw is None or raw == "" or raw == []:
        return None
    if isinstance(raw, str):
        return tuple(parse_manual_breaks(raw)) if raw.strip() else None
    return tuple(float(value) for value in raw)  # type: ignore[union-attr]


def _number_text(value: float) -> str:
    return f"{value:g}".replace(".", ",")


@dataclass(frozen=True)
class KarteParams:
    """The Karte's settings in the URL's words: ``kennzahl``, ``ebene``, ``jahr``, ``ansicht`` …"""

    kennzahl: str | None = None
    ebene: str | None = None  # internal level name (the URL carries the German word)
    jahr: int | None = None
    ansicht: str = VIEW_VALUES
    vergleich: int | None = None
    methode: Method = Method.QUANTILES
    klassen: int = DEFAULT_CLASSES
    fest: bool = False
    grenzen: tuple[float, ...] | None = None
    darstellung: str = SHOW_MAP

    @classmethod
    def from_query(cls, query: Mapping[str, Any]) -> KarteParams:
        """From ``st.query_params`` or a stored slide's settings; an unknown method falls back to quantiles.
        Raises ``ClassificationError`` for manual breaks that are no numbers."""
        try:
            method = Method(query.get("methode") or Method.QUANTILES.value)
        except ValueError:
            method = Method.QUANTILES
        level = query.get("ebene")
        return cls(
            kennzahl=str(query["kennzahl"]) if query.get("kennzahl") else None,
            ebene=(level_from_word(str(level)) or str(level)) if level else None,
            jahr=integer(query, "jahr"),
            ansicht=VIEW_CHANGE if query.get("ansicht") == VIEW_CHANGE else VIEW_VALUES,
            vergleich=integer(query, "vergleich"),
            methode=method,
            klassen=integer(query, "klassen") or DEFAULT_CLASSES,
            fest=flag(query, "fest"),
            grenzen=_breaks(query.get("grenzen")),
            darstellung=SHOW_RANKING if query.get("darstellung") == SHOW_RANKING else SHOW_MAP,
        )

    def to_query(self) -> dict[str, str | list[str]]:
        query: dict[str, str | list[str]] = {"methode": self.methode.value, "klassen": str(self.klassen)}
        if self.kennzahl:
            query["kennzahl"] = self.kennzahl
        if self.ebene:
            query["ebene"] = word_for(self.ebene)
        if self.jahr is not None:
            query["jahr"] = str(self.jahr)
        query["ansicht"] = self.ansicht
        if self.ansicht == VIEW_CHANGE and self.vergleich is not None:
            query["vergleich"] = str(self.vergleich)
        query["fest"] = "1" if self.fest else "0"
        if self.grenzen:
            query["grenzen"] = "; ".join(_number_text(value) for value in self.grenzen)
        if self.darstellung == SHOW_RANKING:
            query["darstellung"] = SHOW_RANKING
        return query

    def to_settings(self) -> dict[str, str | list[str]]:
        """What a slide stores: ``to_query`` with the internal level name, as decks have always stored it."""
        return {**self.to_query(), **({"ebene": self.ebene} if self.ebene else {})}


def is_plan_year(availability: pd.DataFrame, year: int) -> bool:
    """No indicator has values in ``year`` (a budget's plan year): the map shows the latest values before."""
    return year not in years_with_values(availability)


def map_period(availability: pd.DataFrame, key: str, year: int) -> date | None:
    """The indicator's latest Stichtag in ``year``; in a plan year its latest Stichtag before."""
    if is_plan_year(availability, year):
        return latest_period_until(availability, key, year)
    return indicator_period_in_year(availability, key, year)


def missing_year_text(availability: pd.DataFrame, name: str, key: str, year: int) -> str:
    years_text = ", ".join(str(y) for y in years_with_values(availability, key)) or "keine"
    return (
        f"Für »{name}« liegen {year} keine Werte vor (Jahre mit Werten: {years_text}). "
        "Bitte in der Seitenleiste ein anderes Jahr oder oben eine andere Kennzahl wählen."
    )


def _shown(values: pd.DataFrame) -> pd.DataFrame:
    return values[values["value"].notna() & (values["flag"] != "suppressed")]


def comparison_years(
    source: Source, key: str, level: str, period: date
) -> tuple[dict[int, date], dict[int, date], str]:
    """Earlier years to compare with, newest first: ``(comparable, other_version, reform_note)``. Comparable
    years have values on the same areas (boundary version) and on ``level``."""
    availability = source.availability()
    comparable, other_version = comparison_periods(availability, key, period)
    if comparable:
        shown = _shown(source.values((key,), tuple(comparable.values()), level))
        with_values = set(shown["period"])
        comparable = {year: p for year, p in comparable.items() if p in with_values}
    reform_note = ""
    if other_version:
        names = source.boundary_versions().set_index("key")["name"]
        before = data_versions(availability, key, next(iter(other_version.values())))
        reform_note = (
            f"Werte von {', '.join(str(year) for year in sorted(other_version))} liegen auf einem anderen "
            f"Gebietsstand vor (»{names.get(before[0], before[0]) if before else '?'}«); über eine "
            "Gebietsreform hinweg lassen sich die Gebiete ohne eine importierte Zuordnung nicht vergleichen. "
            "Wer dort vergleichen will, wählt in der Seitenleiste ein Jahr dieses Gebietsstands."
        )
    return comparable, other_version, reform_note


@dataclass(frozen=True)
class KarteReport:
    params: KarteParams  # as asked; ``show_change``/``earlier_year`` say what is shown
    indicator: pd.Series  # the catalogue row
    level: str
    period: date
    is_plan_year: bool
    subject: MapSubject
    comparable: dict[int, date]  # year -> Stichtag, newest first
    reform_note: str
    change_unavailable: bool  # the change was asked for, but there is no comparable earlier year
    earlier_period: date | None
    table: pd.DataFrame  # analysis.mapdata.area_table
    city_now: float
    city_mapped: float  # the city's value or change, as the ranking's reference line
    classification: Classification | None
    fixed_years: tuple[int, int] | None
    fills: pd.Series  # per table row: class colour or a no-data pattern name
    legend: Legend
    geometries: gpd.GeoDataFrame  # simplified, EPSG:4326, columns key, geometry
    outline: str  # GeoJSON of the city outline
    without_shape: list[str]  # names of areas without a stored boundary
    provenance: Provenance
    export_notes: list[Note] = field(default_factory=list)

    @property
    def show_change(self) -> bool:
        return self.subject.show_change

    @property
    def earlier_year(self) -> int | None:
        return self.subject.earlier_year

    @property
    def city_text(self) -> str:
        return self.subject.format_value(self.city_now) if self.city_now == self.city_now else "–"

    @property
    def ranking_colours(self) -> pd.Series:
        return self.fills.where(self.fills.str.startswith("#"), NO_DATA_COLOUR)

    @property
    def rows(self) -> pd.DataFrame:
        """The table with tooltip texts (value, rank, change), highest mapped value first."""
        return tooltip_rows(self.table, self.subject).sort_values(self.subject.mapped_column, ascending=False)

    @property
    def ranking_table(self) -> pd.DataFrame:
        """Every area, highest first: Rang, Gebiet, Wert, Veränderung (display strings)."""
        return (
            self.rows[["rank_text", "name", "value_text", "change_text"]]
            .rename(columns={"rank_text": "Rang", "name": "Gebiet", "value_text": "Wert", "change_text": "Veränderung"})
            .reset_index(drop=True)
        )

    @property
    def export_table(self) -> pd.DataFrame:
        return map_export_table(self.table, self.subject, self.classification)

    def extremes(self, count: int = 3) -> list[tuple[str, list[tuple[str, str]]]]:
        """The highest and lowest mapped values: ``[("Höchste Werte", [(name, text), …]), …]``."""
        ranked = self.rows.dropna(subset=[self.subject.mapped_column])
        if ranked.empty:
            return []
        column, fmt = self.subject.mapped_column, self.subject.format_mapped
        return [
            (label, [(str(n), fmt(v)) for n, v in zip(rows["name"], rows[column], strict=True)])
            for label, rows in (("Höchste Werte", ranked.head(count)), ("Niedrigste Werte", ranked.tail(count)[::-1]))
        ]


def build(
    source: Source, params: KarteParams, classifier: Callable[..., Classification | None] = classify
) -> KarteReport:
    """The map of ``params`` (``kennzahl`` required; no ``ebene``: social spaces; no ``jahr``: the newest).

    Raises ``KarteError`` (German) when the indicator has no values in the year or the level no areas, and
    ``ClassificationError`` when the classes cannot be formed. ``classifier`` lets the page cache Jenks.
    """
    catalogue = source.indicators()
    key = params.kennzahl
    if key is None or key not in catalogue.index:
        raise KarteError(f"Die Kennzahl »{key}« ist nicht in der Datenbank.")
    meta = catalogue.loc[key]
    level = params.ebene or "social_space"
    if level not in LEVEL_PLURAL or level == "city":
        raise KarteError(f"Die Gebietsebene »{params.ebene}« ist unbekannt.")
    availability = source.availability()
    year = params.jahr if params.jahr is not None else max((p.year for p in source.periods()), default=0)
    period = map_period(availability, key, year)
    if period is None:
        raise KarteError(missing_year_text(availability, meta["name"], key, year))
    comparable, _, reform_note = comparison_years(source, key, level, period)
    wants_change = params.ansicht == VIEW_CHANGE
    show_change = wants_change and bool(comparable)
    earlier_year = None
    if show_change:
        earlier_year = params.vergleich if params.vergleich in comparable else next(iter(comparable))
    elif comparable:
        earlier_year = next(iter(comparable))
    earlier_period = comparable[earlier_year] if show_change and earlier_year is not None else None
    subject = MapSubject(
        name=meta["name"],
        unit=meta["unit"],
        decimals=int(meta["decimals"]),
        polarity=int(meta["polarity"]),
        year=period.year,  # in a plan year: the year of the values shown, not the plan year
        earlier_year=earlier_year,
        show_change=show_change,
    )
    # The areas the data sit on: usually the boundary version valid at the period, but a source may
    # publish a Stichtag on the next version (Berlin's MSS 2021: 31.12.2020 on the LOR 2021).
    areas = source.areas(level, period, source.data_boundary_version(key, period))
    if areas.empty:
        raise NoAreasError(f"Für {year} sind keine {LEVEL_PLURAL[level]} mit gültigen Grenzen gespeichert.")
    version = str(areas["boundary_version"].iloc[0])
    wanted = tuple(p for p in (period, earlier_period) if p is not None)
    values = source.values((key,), wanted, level)
    table = area_table(areas, values, key, period, earlier_period, subject.polarity, subject.unit)
    # The city of the boundary version the map shows: a city exists once per version.
    city_ids = source.areas("city", period, version)["id"]
    city_values = source.values((key,), wanted, "city")
    city_values = city_values[city_values["area_id"].isin(city_ids)]
    city_now, _ = city_value(city_values, key, period)
    city_before = city_value(city_values, key, earlier_period)[0] if earlier_period else np.nan
    city_change = compute_change(pd.Series([city_now]), pd.Series([city_before]), subject.change_kind).iloc[0]

    fixed = params.fest and not show_change
    fixed_years = None
    if fixed:
        own_periods = indicator_periods(availability, key)
        pooled = source.values((key,), tuple(own_periods), level)
        classified = tuple(float(v) for v in pooled.loc[pooled["flag"] != "suppressed", "value"].dropna())
        fixed_years = (own_periods[0].year, own_periods[-1].year)
    else:
        classified = tuple(float(v) for v in table[subject.mapped_column])
    breaks = params.grenzen if params.methode == Method.MANUAL else None
    if params.methode == Method.MANUAL and not breaks:
        raise ClassificationError("Bitte eigene Klassengrenzen eingeben, mit Semikolon getrennt, z. B. »5; 10; 15«.")
    classification = classifier(classified, params.methode, params.klassen, breaks)
    fills = area_fills(table, subject, classification)
    geometries, outline = source.map_geometries(level, period, version)
    without_shape = areas.loc[~areas["key"].isin(geometries["key"]), "name"].astype(str).tolist()
    city_text = subject.format_value(city_now) if city_now == city_now else "–"
    return KarteReport(
        params=params,
        indicator=meta,
        level=level,
        period=period,
        is_plan_year=is_plan_year(availability, year),
        subject=subject,
        comparable=comparable,
        reform_note=reform_note,
        change_unavailable=wants_change and not comparable,
        earlier_period=earlier_period,
        table=table,
        city_now=city_now,
        city_mapped=city_change if show_change else city_now,
        classification=classification,
        fixed_years=fixed_years,
        fills=fills,
        legend=build_legend(table, fills, subject, classification, fixed_years),
        geometries=geometries,
        outline=outline,
        without_shape=without_shape,
        provenance=Provenance.of(source),
        export_notes=map_method_notes(subject, classification, fixed_years, city_text),
    )


def notes(report: KarteReport) -> str:
    """What a presenter says: what is shown, the city value, the highest and lowest areas."""
    level = LEVEL_PLURAL[report.level]
    said = [f"{report.subject.title()}, {len(report.table)} {level}. Gesamtstadt: {report.city_text}."]
    for label, named in report.extremes():
        said.append(f"{label}: " + ", ".join(f"{n} ({v})" for n, v in named) + ".")
    return " ".join(said)


def subtitle(report: KarteReport) -> str:
    return f"{LEVEL_PLURAL[report.level]} · Stichtag {format_date(report.period)} · Gesamtstadt {report.city_text}"
