"""An indicator's map: classes, colours, legend and tooltip texts from an area table (``analysis.mapdata``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import folium
import geopandas as gpd
import numpy as np
import pandas as pd

from sozialraum.analysis.classification import METHOD_LABELS, Classification
from sozialraum.analysis.mapdata import ChangeKind, change_kind
from sozialraum.formatting import DASH, format_number, format_percent, format_points, format_value
from sozialraum.maps.choropleth import HATCHED, NO_DATA, Legend, LegendEntry, TooltipTexts, choropleth_map
from sozialraum.maps.colours import change_class_colours, class_colours
from sozialraum.models import ObservationFlag


@dataclass(frozen=True)
class MapSubject:
    """What is mapped: an indicator's values in ``year`` or their change since ``earlier_year``."""

    name: str
    unit: str
    decimals: int
    polarity: int
    year: int
    earlier_year: int | None
    show_change: bool = False

    @property
    def change_kind(self) -> ChangeKind:
        return change_kind(self.unit)

    @property
    def mapped_column(self) -> str:
        return "change" if self.show_change else "value"

    def format_value(self, value: float) -> str:
        return format_value(value, self.unit, self.decimals)

    def format_change(self, change: float) -> str:
        if self.change_kind == ChangeKind.POINTS:
            return format_points(change, self.decimals)
        return format_percent(change, 1, signed=True)

    def format_mapped(self, value: float) -> str:
        return self.format_change(value) if self.show_change else self.format_value(value)

    def title(self) -> str:
        if self.show_change:
            unit = "Prozentpunkten" if self.change_kind == ChangeKind.POINTS else "Prozent"
            return f"{self.name}: Veränderung {self.earlier_year}–{self.year} in {unit}"
        return f"{self.name} {self.year}" + (f" (in {self.unit})" if self.unit else "")


def classification_colours(subject: MapSubject, classification: Classification | None) -> list[str]:
    if classification is None:
        return []
    if subject.show_change:
        return change_class_colours(classification.lower_bounds(), classification.upper_bounds, subject.polarity)
    return class_colours(classification.class_count, subject.polarity)


def area_fills(table: pd.DataFrame, subject: MapSubject, classification: Classification | None) -> pd.Series:
    """Per row of ``table``: the class colour, HATCHED (suppressed) or NO_DATA."""
    colours = classification_colours(subject, classification)
    values = table[subject.mapped_column].to_numpy(dtype=float)
    classes = classification.class_of(values) if classification else np.full(len(values), -1)
    fills = [colours[c] if c >= 0 else NO_DATA for c in classes]
    fills = pd.Series(fills, index=table.index)
    suppressed = table["flag"] == ObservationFlag.SUPPRESSED
    if subject.show_change:
        suppressed |= table["earlier_flag"] == ObservationFlag.SUPPRESSED
    return fills.mask(suppressed, HATCHED)


def class_labels(classification: Classification, format_bound: Callable[[float], str], number: Callable) -> list[str]:
    """``"12,0 bis 15,5 %"``, then ``"über 15,5 bis 18,0 %"``: right-closed classes stated exactly."""
    labels = []
    for index, (lower, upper) in enumerate(
        zip(classification.lower_bounds(), classification.upper_bounds, strict=True)
    ):
        if lower == upper:
            labels.append(format_bound(upper))
        elif index == 0:
            labels.append(f"{number(lower)} bis {format_bound(upper)}")
        else:
            labels.append(f"über {number(lower)} bis {format_bound(upper)}")
    return labels


def build_legend(
    table: pd.DataFrame,
    fills: pd.Series,
    subject: MapSubject,
    classification: Classification | None,
    fixed_years: tuple[int, int] | None = None,
) -> Legend:
    entries: list[LegendEntry] = []
    if classification is not None:
        decimals = subject.decimals if not subject.show_change or subject.change_kind == ChangeKind.POINTS else 1
        signed = subject.show_change

        def number(value: float) -> str:
            return format_number(value, decimals, signed=signed)

        unit = ("Pp." if subject.change_kind == ChangeKind.POINTS else "%") if subject.show_change else subject.unit
        unit_suffix = ("\u00a0" + unit) if unit and unit != "%" else ("\u00a0%" if unit == "%" else "")

        def format_bound(value: float) -> str:
            return number(value) + unit_suffix

        colours = classification_colours(subject, classification)
        for colour, label in zip(colours, class_labels(classification, format_bound, number), strict=True):
            count = int((fills == colour).sum()) if colours.count(colour) == 1 else None
            suffix = f" ({count} {'Gebiet' if count == 1 else 'Gebiete'})" if count is not None else ""
            entries.append(LegendEntry(colour, label + suffix))
    suppressed = int((fills == HATCHED).sum())
    missing = int((fills == NO_DATA).sum())
    if suppressed:
        entries.append(LegendEntry(HATCHED, f"geheimgehalten ({suppressed})"))
    if missing:
        entries.append(LegendEntry(NO_DATA, f"keine Daten ({missing})"))
    notes = []
    if classification is not None:
        method = METHOD_LABELS[classification.method]
        notes.append(
            f"Klassen: {method}" + (f"; Grenzen fest für {fixed_years[0]}–{fixed_years[1]}" if fixed_years else "")
        )
    if subject.show_change:
        if subject.polarity == 0:
            notes.append("Orange = Zunahme, Lila = Abnahme (ohne Wertung).")
        else:
            notes.append("Rot = ungünstige, Blau = günstige Entwicklung.")
    elif subject.polarity != 0:
        notes.append("Dunkler = ungünstiger.")
    if suppressed:
        notes.append("Geheimgehalten: Wert aus Datenschutzgründen nicht veröffentlicht.")
    return Legend(subject.title(), tuple(entries), tuple(notes))


def tooltip_rows(table: pd.DataFrame, subject: MapSubject) -> pd.DataFrame:
    """Plain texts per area for the tooltip: value, rank, change (escaping happens in the map)."""
    ranked = int(table["rank"].notna().sum())

    def value_text(row: pd.Series) -> str:
        if row["flag"] == ObservationFlag.SUPPRESSED:
            return "geheimgehalten"
        return DASH + " (keine Daten)" if np.isnan(row["value"]) else subject.format_value(row["value"])

    return table.assign(
        value_text=table.apply(value_text, axis=1),
        rank_text=[f"{int(r)} von {ranked}" if not pd.isna(r) else DASH for r in table["rank"]],
        change_text=[subject.format_change(c) for c in table["change"]],
    )


def tooltip_texts(subject: MapSubject, city_average_text: str) -> TooltipTexts:
    rank_label = "Rang (1 = höchster Wert)" if subject.polarity == 0 else "Rang (1 = günstigster Wert)"
    earlier = f"ggü. {subject.earlier_year}" if subject.earlier_year else "ggü. Vorjahr"
    return TooltipTexts(
        value_label=f"Wert {subject.year}",
        rank_label=rank_label,
        city_average=f"Stadtdurchschnitt: {city_average_text}",
        change_label=f"Veränderung {earlier}",
    )


def indicator_map(
    geometries: gpd.GeoDataFrame,
    outline_geojson: str,
    table: pd.DataFrame,
    subject: MapSubject,
    classification: Classification | None,
    city_average_text: str,
    selected_key: str | None = None,
    fixed_years: tuple[int, int] | None = None,
    tile_url: str | None = None,
    tile_attribution: str | None = None,
) -> folium.Map:
    """The complete map: ``geometries`` (key, geometry; simplified) joined with ``table`` by key, and the
    city outline (``geometry.outline_geojson`` of the same geometries, computed once with them)."""
    fills = area_fills(table, subject, classification)
    rows = tooltip_rows(table, subject).assign(fill=fills)
    shapes = geometries[["key", "geometry"]].merge(
        rows[["key", "name", "fill", "value_text", "rank_text", "change_text"]], on="key", how="inner"
    )
    legend = build_legend(table, fills, subject, classification, fixed_years)
    return choropleth_map(
        shapes,
        outline_geojson,
        legend,
        tooltip_texts(subject, city_average_text),
        selected_key,
        tile_url,
        tile_attribution,
    )
