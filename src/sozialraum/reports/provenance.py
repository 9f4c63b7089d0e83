"""Where exported figures come from: source, as-of date, demo label, indicator definitions, method notes.

Every export (PDF, XLSX, CSV, chart image) states its provenance, read from ``dataset_info`` (keys
``source``, ``as_of``, ``is_demo``) and the indicator catalogue. Kept free of Streamlit so the CLI,
the PDF builder and the pages say the same thing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

import pandas as pd

from sozialraum.formatting import format_date
from sozialraum.vocabulary import POLARITY_TEXT

if TYPE_CHECKING:  # a report's provenance is read from its source; exports only format it
    from sozialraum.reports.source import Source

DEMO_LABEL = "fiktive Beispieldaten"
NO_SOURCE = "nicht angegeben"

#: A note is one (label, text) pair: »Quelle« – »Amt für Statistik«.
Note = tuple[str, str]


def is_demo(info: Mapping[str, str]) -> bool:
    """Whether the loaded data are the fictitious demo city (``dataset_info.is_demo``)."""
    return info.get("is_demo") == "1"


def as_of_date(info: Mapping[str, str]) -> date | None:
    raw = info.get("as_of")
    if not raw:
        return None
    try:
        return pd.Timestamp(raw).date()
    except ValueError:
        return None


def source_text(info: Mapping[str, str]) -> str:
    return info.get("source") or NO_SOURCE


def source_line(info: Mapping[str, str]) -> str:
    """One line for footers and chart images: source, as-of date and, for the demo city, its label."""
    parts = [f"Datenquelle: {source_text(info)}"]
    if (as_of := as_of_date(info)) is not None:
        parts.append(f"Datenstand: {format_date(as_of)}")
    if is_demo(info):
        parts.append(DEMO_LABEL)
    return " · ".join(parts)


def definition_text(meta: Mapping[str, object]) -> str:
    """»Definition (Einheit). Quelle: … Richtung: …« of one catalogue row."""
    unit = f" Einheit: {meta['unit']}." if meta.get("unit") else ""
    definition = str(meta.get("definition") or "").strip()
    polarity = POLARITY_TEXT.get(int(meta.get("polarity") or 0), "ohne Wertung")
    return f"{definition}{unit} Quelle: {meta.get('source') or NO_SOURCE}. Richtung: {polarity}."


def definition_notes(catalogue: pd.DataFrame, indicator_keys: Iterable[str]) -> list[Note]:
    """(name, definition) for each of ``indicator_keys`` found in the catalogue, in catalogue order."""
    wanted = set(indicator_keys)
    return [(str(meta["name"]), definition_text(meta)) for key, meta in catalogue.iterrows() if key in wanted]


def export_notes(
    info: Mapping[str, str],
    *,
    catalogue: pd.DataFrame | None = None,
    indicator_keys: Iterable[str] = (),
    method: Sequence[Note] = (),
    exported_at: datetime | None = None,
) -> list[Note]:
    """The provenance block of an export: source, as-of date, demo label, export time, the method notes
    the caller passes (classification, index, formula) and the definitions of the indicators shown."""
    notes: list[Note] = [("Quelle", source_text(info))]
    if (as_of := as_of_date(info)) is not None:
        notes.append(("Datenstand", format_date(as_of)))
    if is_demo(info):
        notes.append(
            ("Hinweis", f"{DEMO_LABEL[0].upper()}{DEMO_LABEL[1:]} der Musterstadt – keine realen Verhältnisse")
        )
    moment = exported_at or datetime.now()
    notes.append(("Exportiert am", f"{format_date(moment.date())} {moment:%H:%M} Uhr"))
    notes.extend(method)
    if catalogue is not None:
        notes.extend(definition_notes(catalogue, indicator_keys))
    return notes


@dataclass(frozen=True)
class Provenance:
    source: str
    as_of: date | None
    demo: bool

    @classmethod
    def of(cls, source: Source) -> Provenance:
        info = source.dataset_info()
        return cls(source_text(info), as_of_date(info), is_demo(info))
