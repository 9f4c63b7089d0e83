"""Vergleich: two to six areas side by side, and how far each lies from the city in comparable units.

``build(source, params)`` gives the value table (display strings and numbers), the notes on missing values
and the standardised distances from the city the chart draws.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from sozialraum.analysis.comparison import at_own_periods, standardised_deviations
from sozialraum.analysis.gaps import comparison_gaps, is_count
from sozialraum.analysis.keyfigures import choose_population_indicator, periods_for_keys, wanted_periods
from sozialraum.analysis.steckbrief import shown_values
from sozialraum.formatting import format_date, format_value, round_or_none
from sozialraum.reports.chosen_areas import AreaChoiceError, chosen_areas, keys_of, period_of_year, year_of
from sozialraum.reports.provenance import Note, Provenance
from sozialraum.reports.source import Source
from sozialraum.reports.steckbrief_tables import period_label
from sozialraum.vocabulary import LEVEL_PLURAL, level_from_word, word_for

MIN_AREAS, MAX_AREAS = 2, 6
SHOW_TABLE, SHOW_DISTANCE = "tabelle", "abstand"
CITY_METHOD: Note = ("Gesamtstadt", "aus summierten Zählern und Nennern (gewichtet); gesperrte Werte fehlen")


class VergleichError(AreaChoiceError):
    """The settings name areas, topics or a year the data no longer hold (German)."""


@dataclass(frozen=True)
class VergleichParams:
    """``ebene``, ``gebiete`` (2–6 keys), ``jahr``, ``themen`` (none: all), ``darstellung`` (slide: table or chart)."""

    ebene: str | None = None
    gebiete: tuple[str, ...] = ()
    jahr: int | None = None
    themen: tuple[str, ...] = ()
    darstellung: str = SHOW_DISTANCE

    @classmethod
    def from_query(cls, query: Mapping[str, Any]) -> VergleichParams:
        level = query.get("ebene")
        topics = query.get("themen")
        return cls(
            ebene=(level_from_word(str(level)) or str(level)) if level else None,
            gebiete=keys_of(query.get("gebiete")),
            jahr=year_of(query),
            themen=tuple(topics) if isinstance(topics, list | tuple) else keys_of(topics),
            darstellung=SHOW_TABLE if query.get("darstellung") == SHOW_TABLE else SHOW_DISTANCE,
        )

    def to_query(self) -> dict[str, str | list[str]]:
        query: dict[str, str | list[str]] = {"gebiete": ",".join(self.gebiete)}
        if self.ebene:
            query["ebene"] = word_for(self.ebene)
        if self.jahr is not None:
            query["jahr"] = str(self.jahr)
        if self.themen:
            query["themen"] = list(self.themen)
        if self.darstellung == SHOW_TABLE:
            query["darstellung"] = SHOW_TABLE
        return query

    def slide_settings(self, darstellung: str) -> dict[str, Any]:
        """What a slide stores, as decks have always stored it (internal level name, lists)."""
        return {
            "ebene": self.ebene,
            "gebiete": list(self.gebiete),
            "jahr": self.jahr,
            "themen": list(self.themen),
            "darstellung": darstellung,
        }


@dataclass(frozen=True)
class VergleichReport:
    params: VergleichParams
    level: str
    year: int
    period: date
    labels: dict[int, str]  # area id -> label, in the chosen order
    names: dict[int, str]  # area id -> name
    catalogue: pd.DataFrame  # the indicators of the chosen topics
    own_periods: dict[str, tuple[date | None, date | None]]  # each indicator's Stichtag in the year
    table: pd.DataFrame  # display: Thema, Kennzahl, one column per area, Gesamtstadt[, Stand]
    numbers: pd.DataFrame  # the same as numbers, with Einheit, for the downloads
    gap_notes: list[str]
    has_city: bool
    deviations: pd.DataFrame  # analysis.comparison.standardised_deviations of the chosen areas
    provenance: Provenance

    @property
    def title(self) -> str:
        return f"Vergleich {self.year}: " + ", ".join(self.names.values())

    def deviation_notes(self) -> str:
        """Per area the indicator where it lies least and most favourably against the city."""
        said = []
        catalogue = self.catalogue
        for area_id, label in self.labels.items():
            own = self.deviations[self.deviations["area_id"] == area_id].dropna(subset=["favourable"])
            judged = own[own["indicator_key"].map(catalogue["polarity"]) != 0]
            if judged.empty:
                continue
            worst = judged.loc[judged["favourable"].idxmin()]
            best = judged.loc[judged["favourable"].idxmax()]
            said.append(
                f"{label}: am ungünstigsten bei {catalogue.loc[worst['indicator_key'], 'short_name']} "
                f"({format_value(worst['value'], catalogue.loc[worst['indicator_key'], 'unit'], 1)}), "
                f"am günstigsten bei {catalogue.loc[best['indicator_key'], 'short_name']}."
            )
        return " ".join(said)


def build(source: Source, params: VergleichParams) -> VergleichReport:
    level = params.ebene or "social_space"
    if level not in LEVEL_PLURAL or level == "city":
        raise VergleichError(f"Die Gebietsebene »{params.ebene}« ist unbekannt.")
    if len(params.gebiete) < MIN_AREAS:
        raise VergleichError("Ein Vergleich braucht mindestens zwei Gebiete.")
    year = params.jahr if params.jahr is not None else max(p.year for p in source.periods())
    period = period_of_year(source, year)
    labels = chosen_areas(source, level, params.gebiete[:MAX_AREAS], period)
    catalogue = source.indicators()
    if params.themen:
        catalogue = catalogue[catalogue["topic"].isin(params.themen)]
    if catalogue.empty:
        raise VergleichError("Die gewählten Themen gibt es nicht mehr.")
    keys = tuple(catalogue.index)
    # Each indicator at its own latest Stichtag of the year (Berlin's MSS: 31.12. of every other year).
    inventory = source.inventory()
    own_periods = periods_for_keys(inventory, keys, period)
    periods = wanted_periods(own_periods) or (period,)
    raw_level = source.values(keys, periods, level)
    raw_city = source.values(keys, periods, "city")
    level_values = at_own_periods(shown_values(raw_level), own_periods)
    city_values = at_own_periods(shown_values(raw_city), own_periods)
    city = city_values.drop_duplicates("indicator_key").set_index("indicator_key")["value"]
    metas = list(catalogue.iterrows())

    table: dict[str, list[Any]] = {"Thema": catalogue["topic"].tolist(), "Kennzahl": catalogue["name"].tolist()}
    numbers: dict[str, list[Any]] = {**table, "Einheit": catalogue["unit"].fillna("").tolist()}
    for area_id, label in labels.items():
        own = level_values[level_values["area_id"] == area_id].set_index("indicator_key")["value"]
        table[label] = [format_value(own.get(key), meta["unit"], int(meta["decimals"])) for key, meta in metas]
        numbers[label] = [round_or_none(own.get(key), meta["decimals"]) for key, meta in metas]
    # A count's city value is the city's total, never an average: the cell says so.
    table["Gesamtstadt"] = [
        format_value(city.get(key), meta["unit"], int(meta["decimals"]))
        + (" gesamt" if is_count(meta) and pd.notna(city.get(key)) else "")
        for key, meta in metas
    ]
    numbers["Gesamtstadt"] = [round_or_none(city.get(key), meta["decimals"]) for key, meta in metas]
    # The Stichtag per indicator only when some differ from the year's (a survey every other year, half-years).
    if any(own_periods[key][0] != period for key in keys):
        table["Stand"] = [period_label(own_periods[key][0]) for key in keys]

    everything = source.areas()
    names = everything.set_index("id")["name"]
    area_versions = everything.set_index("id")["boundary_version"].to_dict()
    stichtage = {key: pair[0] for key, pair in own_periods.items()}
    area_names = {area_id: str(names[area_id]) for area_id in labels}
    gap_notes = comparison_gaps(raw_level, catalogue, area_names, level, stichtage, period, inventory, area_versions)
    city_ids = source.areas("city", period)["id"].tolist()
    city_names = {int(city_ids[0]): "Gesamtstadt"} if city_ids else {}
    gap_notes += comparison_gaps(raw_city, catalogue, city_names, "city", stichtage, period, inventory, area_versions)
    deviations = standardised_deviations(
        level_values, city_values, catalogue, choose_population_indicator(source.indicators())
    )
    return VergleichReport(
        params=params,
        level=level,
        year=year,
        period=period,
        labels=labels,
        names=area_names,
        catalogue=catalogue,
        own_periods=own_periods,
        table=pd.DataFrame(table),
        numbers=pd.DataFrame(numbers),
        gap_notes=gap_notes,
        has_city=bool(city_ids),
        deviations=deviations[deviations["area_id"].isin(labels)],
        provenance=Provenance.of(source),
    )


def subtitle(report: VergleichReport, as_table: bool) -> str:
    shown = "Werte" if as_table else "Abstand zum Stadtwert in Standardabweichungen"
    return f"{shown} · Stichtag {format_date(report.period)}"
