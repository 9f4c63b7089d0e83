"""How a file's columns map to what the importer needs: from a TOML mapping file or by column name.

A mapping file (``--mapping``) may contain::

    header_row = 3                 # row with the column names (titles above are skipped)
    sheet = "Tabelle1"             # XLSX sheet
    level = "planning_area"        # only match area keys of this level
    boundary_version = "lor-2021"  # only match areas of this Gebietsstand
    crs = "EPSG:25833"             # geometry files without .prj
    layer = "bezirke"              # GeoPackage layer (when it has more than one)
    [columns]                      # canonical name = column in the file
    area = "PLR_ID"
    period = "Jahr"
    [wide]                         # wide format: one column per indicator
    period = "31.12.2020"
    [wide.columns]
    S1 = "mss_s1"
    [values]                       # fixed values for every row (e.g. level or version of areas)
    level = "planning_area"
    area_by = "name"               # rows name their area (see importing.area_match for key rules)
    filter = { Art = "HzE" }       # only rows with this value (every import kind)

Wide by area (one column per area, Konstanz's Stadtteil tables): ``[wide] by = "area"`` with
``indicator = "…"`` (or an indicator column); the headers are the area keys, or ``[wide.columns]`` maps
header = area key. Numerator and denominator in separate rows (Köln: one row per Merkmal)::

    [shares.auslaenderanteil]      # the share's key in the catalogue
    numerator = "Ausländer"        # rows with this indicator give the numerator
    denominator = "Einwohner"      # rows with this one the denominator (same area and period)
"""

from __future__ import annotations

import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sozialraum.importing import mapping_schema
from sozialraum.importing.messages import UnreadableFileError

#: Column names recognised without a mapping file, per canonical name (compared normalised).
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "area": ("gebiet", "gebietsschluessel", "schluessel", "raum", "area", "area_key", "gebiet_id", "id"),
    "indicator": ("indikator", "kennzahl", "indicator", "indicator_key", "merkmal"),
    "period": ("jahr", "zeitraum", "stichtag", "periode", "period", "year", "datum"),
    "value": ("wert", "value", "anzahl"),
    "numerator": ("zaehler", "numerator"),
    "denominator": ("nenner", "denominator"),
    "flag": ("kennzeichen", "status", "flag"),
}


def normalise(name: str) -> str:
    """``Zähler`` -> ``zaehler``, ``Gebiets-Schlüssel`` -> ``gebietsschluessel``: for matching headers."""
    lowered = name.strip().lower()
    for umlaut, replacement in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        lowered = lowered.replace(umlaut, replacement)
    ascii_only = unicodedata.normalize("NFKD", lowered).encode("ascii", "ignore").decode()
    return "".join(ch for ch in ascii_only if ch.isalnum() or ch == "_").replace("_", "")


@dataclass(frozen=True)
class Mapping:
    header_row: int = 1
    sheet: str | int | None = None
    level: str | None = None
    boundary_version: str | None = None
    crs: str | None = None
    layer: str | int | None = None
    columns: dict[str, str] = field(default_factory=dict)
    wide_period: str | None = None
    wide_columns: dict[str, str] = field(default_factory=dict)
    values: dict[str, Any] = field(default_factory=dict)
    #: The mapping file read, if any: files it names (``key_lookup``) are found beside it.
    source: Path | None = None
    #: "area": one column per area; None: one column per indicator (``wide_columns``).
    wide_by: str | None = None
    wide_indicator: str | None = None
    #: Share key -> (indicator of the numerator rows, indicator of the denominator rows).
    shares: dict[str, tuple[str, str]] = field(default_factory=dict)

    @property
    def is_wide(self) -> bool:
        return bool(self.wide_columns) or self.wide_by == "area"

    @property
    def is_wide_by_area(self) -> bool:
        return self.wide_by == "area"

    def resolve(self, canonical: str, header: list[str]) -> str | None:
        """The file's column for ``canonical``: as mapped, else found by its usual German/English names."""
        if canonical in self.columns:
            return self.columns[canonical] if self.columns[canonical] in header else None
        wanted = {normalise(alias) for alias in COLUMN_ALIASES.get(canonical, (canonical,))}
        wanted.add(normalise(canonical))
        for name in header:
            if normalise(name) in wanted:
                return name
        return None


def load_mapping(path: Path | None, base: dict[str, Any] | None = None) -> Mapping:
    """Read a mapping TOML file (or use ``base``, e.g. a recipe step's inline mapping).

    Raises ``InvalidMappingError`` (every wrong key at once, in German) for keys the importer does not know
    and values of the wrong type, before any data file is read.
    """
    raw: dict[str, Any] = dict(base or {})
    name = path.name if path is not None else None
    if path is not None:
        try:
            with path.open("rb") as handle:
                raw.update(tomllib.load(handle))
        except FileNotFoundError as error:
            raise UnreadableFileError(path.name, None, None, "Zuordnungsdatei nicht gefunden.") from error
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            raise UnreadableFileError(
                path.name, None, None, f"Zuordnungsdatei ist kein gültiges TOML: {error}"
            ) from error
    problems = mapping_schema.check(raw)
    if problems:
        raise InvalidMappingError(name, problems)
    wide = raw.get("wide", {})
    return Mapping(
        header_row=raw.get("header_row", 1),
        sheet=raw.get("sheet"),
        level=raw.get("level"),
        boundary_version=raw.get("boundary_version"),
        crs=raw.get("crs"),
        layer=raw.get("layer"),
        columns=dict(raw.get("columns", {})),
        wide_period=str(wide["period"]) if "period" in wide else None,
        wide_columns=dict(wide.get("columns", {})),
        values=dict(raw.get("values", {})),
        source=path,
        wide_by=wide.get("by"),
        wide_indicator=wide.get("indicator"),
        shares={key: (part["numerator"], part["denominator"]) for key, part in raw.get("shares", {}).items()},
    )


class InvalidMappingError(Exception):
    """A mapping with unknown keys or wrongly typed values: one German text per problem."""

    def __init__(self, mapping_name: str | None, texts: list[str]) -> None:
        self.mapping_name = mapping_name  # None: an inline mapping (a recipe step's, or given by code)
        self.texts = texts
        super().__init__(f"{mapping_name or 'Zuordnung'}: " + " ".join(texts))
