"""Entwicklung: chosen indicators for chosen areas over their Stichtage, against the city.

``build(source, params)`` gives one ``Trend`` per indicator: the lines on one time grid (optionally indexed
to a base Stichtag), the city's line, the table behind the chart and the sentences a presenter says.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from sozialraum.analysis.availability import indicator_periods
from sozialraum.analysis.trends import boundary_breaks, follow_areas, index_to_base, namesakes, series_on_grid
from sozialraum.analysis.trends import trend_table as lines_table
from sozialraum.formatting import format_date, format_value
from sozialraum.reports.chosen_areas import AreaChoiceError, chosen_areas, keys_of, period_of_year, year_of
from sozialraum.reports.provenance import Note, Provenance
from sozialraum.reports.query import iso_date
from sozialraum.reports.source import Source
from sozialraum.vocabulary import LEVEL_PLURAL, level_from_word, word_for

MAX_AREAS = 12
MAX_INDICATORS = 6
CITY_NOTE = (
    "Gestrichelt: Gesamtstadt (gewichtet aus Zählern und Nennern; bei Anzahlen nur als Index, denn die "
    "Stadtsumme ist kein Vergleich für ein Gebiet). Lücken in den Linien sind Perioden ohne "
    "(oder mit gesperrtem) Wert – es wird nichts ergänzt."
)


class EntwicklungError(AreaChoiceError):
    """The settings name an indicator, level, area or base year the data no longer hold (German)."""


@dataclass(frozen=True)
class EntwicklungParams:
    """``kennzahlen`` (URL: comma-separated; a slide stores one ``kennzahl``), ``ebene``, ``gebiete``, ``jahr``
    (the year whose areas the keys name), ``basis`` (ISO date) or ``basisjahr`` for an index."""

    kennzahlen: tuple[str, ...] = ()
    ebene: str | None = None
    gebiete: tuple[str, ...] = ()
    jahr: int | None = None
    basis: date | None = None
    basisjahr: int | None = None

    @classmethod
    def from_query(cls, query: Mapping[str, Any]) -> EntwicklungParams:
        keys = keys_of(query.get("kennzahlen")) or keys_of(query.get("kennzahl"))
        level = query.get("ebene")
        base_year = query.get("basisjahr")
        return cls(
            kennzahlen=keys[:MAX_INDICATORS],
            ebene=(level_from_word(str(level)) or str(level)) if level else None,
            gebiete=keys_of(query.get("gebiete")),
            jahr=year_of(query),
            basis=iso_date(query, "basis"),
            basisjahr=int(base_year) if str(base_year or "").strip().isdigit() else None,
        )

    def to_query(self) -> dict[str, str | list[str]]:
        query: dict[str, str | list[str]] = {"kennzahlen": ",".join(self.kennzahlen)}
        if self.ebene:
            query["ebene"] = word_for(self.ebene)
        if self.gebiete:
            query["gebiete"] = ",".join(self.gebiete)
        if self.jahr is not None:
            query["jahr"] = str(self.jahr)
        if self.basis is not None:
            query["basis"] = self.basis.isoformat()
        if self.basisjahr is not None or self.basis is not None:
            query["basisjahr"] = str(self.basisjahr if self.basisjahr is not None else self.basis.year)  # type: ignore[union-attr]
        return query

    def slide_settings(self, key: str) -> dict[str, Any]:
        """What a slide of one indicator stores, as decks have always stored it."""
        base = self.basis
        return {
            "kennzahl": key,
            "ebene": self.ebene,
            "gebiete": list(self.gebiete),
            "jahr": self.jahr,  # the year whose areas the keys name (one boundary version)
            "basisjahr": base.year if base else self.basisjahr,
            "basis": base.isoformat() if base else None,
        }


@dataclass(frozen=True)
class Trend:
    key: str
    indicator: pd.Series  # the catalogue row
    series: pd.DataFrame  # area_id, period, value: the chosen areas on the grid (indexed if ``base``)
    city: pd.DataFrame  # period, value (empty for counts without index: a city total is no reference)
    labels: dict[int, str]
    periods: list[date]
    base: date | None

    @property
    def unit(self) -> str:
        return str(self.indicator["unit"] or "")

    @property
    def decimals(self) -> int:
        return int(self.indicator["decimals"])

    @property
    def chart_title(self) -> str:
        """The page's chart title: the name, with the unit unless indexed."""
        return self.indicator["name"] + (f" ({self.unit})" if self.unit and self.base is None else "")

    @property
    def title(self) -> str:
        """The slide's title."""
        return "Entwicklung: " + self.indicator["name"] + (f" als Index ({self.base.year} = 100)" if self.base else "")

    @property
    def empty(self) -> bool:
        return bool(self.series["value"].isna().all())

    @property
    def table(self) -> pd.DataFrame:
        """One row per Stichtag, a column per area and the city: the numbers behind the chart."""
        return lines_table(self.series, self.city, self.labels, self.periods)

    @property
    def method(self) -> list[Note]:
        return [("Index", f"{self.base.year} = 100 je Gebiet")] if self.base is not None else []

    def shown(self, value: float) -> str:
        return format_value(value, "", 1) if self.base is not None else format_value(value, self.unit, self.decimals)

    def notes(self) -> str:
        """Per area its latest and first value, then the city's latest."""
        said = []
        for area_id, label in self.labels.items():
            own = self.series[self.series["area_id"] == area_id].dropna(subset=["value"])
            if own.empty:
                said.append(f"{label}: keine Werte.")
                continue
            first, last = own.iloc[0], own.iloc[-1]
            said.append(
                f"{label}: {self.shown(last['value'])} ({format_date(last['period'])}), "
                f"{format_date(first['period'])} {self.shown(first['value'])}."
            )
        known = self.city.dropna(subset=["value"])
        if len(known):
            said.append(f"Gesamtstadt: {self.shown(known.iloc[-1]['value'])}.")
        return " ".join(said)


@dataclass(frozen=True)
class EntwicklungReport:
    params: EntwicklungParams
    level: str
    labels: dict[int, str]  # area id -> label, in the chosen order
    periods: list[date]  # the time axis: the chosen indicators' Stichtage
    base_options: list[date]  # Stichtage an index may start from
    base: date | None
    breaks: list[date]  # boundary changes on the time axis
    trends: tuple[Trend, ...]
    provenance: Provenance


def base_options(source: Source, keys: tuple[str, ...]) -> list[date]:
    """Stichtage where a chosen indicator has values: a base without a value indexes nothing."""
    availability = source.availability()
    return sorted({p for key in keys for p in indicator_periods(availability, key)}) or list(source.periods())


def _base(params: EntwicklungParams, options: list[date]) -> date | None:
    if params.basis is not None and params.basis in options:
        return params.basis
    wanted = params.basisjahr if params.basisjahr is not None else (params.basis.year if params.basis else None)
    if wanted is None:
        return None
    found = next((p for p in options if p.year == wanted), None)
    if found is None:
        raise EntwicklungError(f"Für das Basisjahr {wanted} liegen keine Daten mehr vor.")
    return found


def build(source: Source, params: EntwicklungParams) -> EntwicklungReport:
    catalogue = source.indicators()
    missing = [key for key in params.kennzahlen if key not in catalogue.index]
    if missing or not params.kennzahlen:
        raise EntwicklungError(f"Die Kennzahl »{(missing or ['–'])[0]}« ist nicht mehr in der Datenbank.")
    level = params.ebene or "social_space"
    if level not in LEVEL_PLURAL or level == "city":
        raise EntwicklungError(f"Die Gebietsebene »{params.ebene}« ist unbekannt.")
    if not params.gebiete:
        raise EntwicklungError("Es ist kein Gebiet gewählt.")
    period = period_of_year(source, params.jahr) if params.jahr is not None else None
    labels = chosen_areas(source, level, params.gebiete, period)
    keys = params.kennzahlen
    # The time axis covers the chosen indicators' Stichtage, not every source's (Berlin: MSS since 2012,
    # population since 2015), so the lines fill the chart.
    options = base_options(source, keys)
    periods = options
    base = _base(params, options)
    # One line per chosen area across boundary versions where key and name stay (see ``namesakes``); the city
    # exists once per version, and its series must not have each period twice.
    area_ids = namesakes(source.areas(level), list(labels))
    cities = source.areas("city")
    city_ids = {int(city_id): int(cities["id"].iloc[0]) for city_id in cities["id"]} if not cities.empty else {}
    level_values = follow_areas(source.values(keys, tuple(periods), level), area_ids)
    city_values = follow_areas(source.values(keys, tuple(periods), "city"), city_ids)
    trends = []
    for key in keys:
        meta = catalogue.loc[key]
        series = series_on_grid(level_values[level_values["indicator_key"] == key], periods)
        series = series[series["area_id"].isin(labels)]
        city = series_on_grid(city_values[city_values["indicator_key"] == key], periods)
        if base is not None:
            series, city = index_to_base(series, base), index_to_base(city, base)
        elif meta["aggregation"] == "sum":
            # The city's total is no reference for one area's count; indexed, its growth would be.
            city = city.iloc[0:0]
        trends.append(Trend(key, meta, series, city, labels, periods, base))
    return EntwicklungReport(
        params=params,
        level=level,
        labels=labels,
        periods=periods,
        base_options=options,
        base=base,
        breaks=boundary_breaks(periods, source.boundary_versions()),
        trends=tuple(trends),
        provenance=Provenance.of(source),
    )
