"""The Karte's values as a table file, with the classification that coloured the map as method notes."""

from __future__ import annotations

import pandas as pd

from sozialraum.analysis.classification import METHOD_LABELS, Classification
from sozialraum.analysis.mapdata import ChangeKind
from sozialraum.formatting import round_or_none
from sozialraum.maps.indicator_map import MapSubject
from sozialraum.models import ObservationFlag
from sozialraum.reports.provenance import Note


def map_export_table(table: pd.DataFrame, subject: MapSubject, classification: Classification | None) -> pd.DataFrame:
    """One row per area: key, name, value, change, rank and map class (1 = lowest), numbers as numbers."""
    change_heading = (
        f"Veränderung {subject.earlier_year}–{subject.year}"
        + (" (Pp.)" if subject.change_kind == ChangeKind.POINTS else " (%)")
        if subject.earlier_year
        else "Veränderung"
    )
    classes = (
        classification.class_of(table[subject.mapped_column].to_numpy(dtype=float)) + 1
        if classification is not None
        else [0] * len(table)
    )
    return pd.DataFrame(
        {
            "Gebiet": table["key"].astype(str).to_numpy(),
            "Gebietsname": table["name"].to_numpy(),
            f"Wert {subject.year}" + (f" ({subject.unit})" if subject.unit else ""): [
                round_or_none(value, subject.decimals) for value in table["value"]
            ],
            "Kennzeichen": ["geheimgehalten" if flag == ObservationFlag.SUPPRESSED else "" for flag in table["flag"]],
            change_heading: [round_or_none(change, max(subject.decimals, 1)) for change in table["change"]],
            "Rang": table["rank"].astype("Int64"),
            "Klasse": [int(c) if c > 0 else None for c in classes],
        }
    )


def map_method_notes(
    subject: MapSubject, classification: Classification | None, fixed_years: tuple[int, int] | None, city: str
) -> list[Note]:
    """How the map was coloured: what is mapped, the classification method, its bounds, the city value."""
    notes: list[Note] = [("Dargestellt", subject.title())]
    if classification is not None:
        bounds = "; ".join(
            f"{number}: {subject.format_mapped(low)} bis {subject.format_mapped(high)}"
            for number, (low, high) in enumerate(
                zip(classification.lower_bounds(), classification.upper_bounds, strict=True), start=1
            )
        )
        notes += [
            ("Klassenbildung", f"{METHOD_LABELS[classification.method]}, {classification.class_count} Klassen"),
            ("Klassengrenzen", bounds),
        ]
    if fixed_years:
        notes.append(("Feste Grenzen", f"aus allen Werten {fixed_years[0]}–{fixed_years[1]}"))
    rank_meaning = "höchster Wert" if subject.polarity == 0 else "günstigster Wert"
    notes += [
        ("Rang", f"1 = {rank_meaning}"),
        ("Stadtdurchschnitt", f"{city} (aus Summen von Zähler und Nenner, kein Mittel der Gebietswerte)"),
    ]
    return notes
