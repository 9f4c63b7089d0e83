"""The keys a mapping may contain and the type of each: checked before any data file is read.

A mapping is written by hand (``header_row = "drei"``, ``columns = "Gebiet"``, a typo in a key), so
every wrong key is reported at once, in German, with the type that was expected; none reaches the
importer as a Python exception. The schema is a plain dict so it can be read as documentation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from rapidfuzz import fuzz, process

from sozialraum.models import ObservationFlag


@dataclass(frozen=True)
class Kind:
    """One allowed value type: a German name for messages and a test."""

    label: str
    python_types: tuple[type, ...]
    minimum: int | None = None

    def accepts(self, value: object) -> bool:
        if isinstance(value, bool) and bool not in self.python_types:
            return False  # TOML true is no number
        if not isinstance(value, self.python_types):
            return False
        return self.minimum is None or value >= self.minimum


TEXT = Kind("Text", (str,))
POSITIVE_INTEGER = Kind("ganze Zahl ab 1", (int,), minimum=1)
TEXT_OR_INTEGER = Kind("Text oder ganze Zahl", (str, int))
TEXT_OR_NUMBER = Kind("Text oder Zahl", (str, int, float))
TEXT_OR_DATE = Kind("Text, Jahr oder Datum", (str, int, date))
BOOLEAN = Kind("true oder false", (bool,))


@dataclass(frozen=True)
class TableOf:
    """A TOML table whose keys are free (column names) and whose values all have one kind."""

    values: Kind | ListOf | None
    label: str = "Tabelle"


@dataclass(frozen=True)
class ListOf:
    item: Kind
    label: str = "Liste"


FLAG_KIND = Kind(
    "Kennzeichen (" + ", ".join(flag.value for flag in ObservationFlag) + ")",
    (str,),
)
#: The budget's fixed values (a column's value for every row) and the areas' settings share ``[values]``.
VALUES: dict[str, Any] = {
    # areas
    "level": TEXT,
    "parent_level": TEXT,
    "parent": TEXT_OR_INTEGER,
    "parent_from_key": POSITIVE_INTEGER,
    "version_name": TEXT,
    "valid_from": TEXT_OR_DATE,
    "valid_to": TEXT_OR_DATE,
    "dissolve": BOOLEAN,
    "key": TEXT_OR_INTEGER,
    "name": TEXT,
    # observations
    "flags": TableOf(FLAG_KIND, "Tabelle »Wort = Kennzeichen«"),
    "indicators": TableOf(TEXT, "Tabelle »Wert in der Datei = Kennzahl«"),
    "missing": ListOf(TEXT_OR_NUMBER, "Liste von Texten oder Zahlen"),
    # how rows find their area and which rows count (observations, budget, goals; filter for areas too)
    "filter": TableOf(None, "Tabelle »Spalte = Wert«"),
    "rows": TEXT,
    "area_by": Kind("Text »name« oder »key«", (str,)),
    "key_lookup": TEXT,
    "key_pattern": TEXT,
    "key_strip_zeros": BOOLEAN,
    "key_pad": POSITIVE_INTEGER,
    "key_prefix": TEXT,
    "key_suffix": TEXT,
    # budget
    "area": TEXT_OR_INTEGER,
    "year": TEXT_OR_INTEGER,
    "product": TEXT_OR_INTEGER,
    "product_name": TEXT,
    "aid_type": TEXT,
    "provider": TEXT,
    "planned": TEXT_OR_NUMBER,
    "actual": TEXT_OR_NUMBER,
    "cases": TEXT_OR_NUMBER,
}
#: One share built from two kinds of rows: ``[shares.<share key>] numerator = "A", denominator = "B"``.
SHARE_PARTS: dict[str, Any] = {"numerator": TEXT, "denominator": TEXT}
SCHEMA: dict[str, Any] = {
    "header_row": POSITIVE_INTEGER,
    "sheet": TEXT_OR_INTEGER,
    "level": TEXT,
    "boundary_version": TEXT,
    "crs": TEXT,
    "layer": TEXT_OR_INTEGER,
    "columns": TableOf(TEXT, "Tabelle »Feld = Spaltenname«"),
    "wide": {
        "period": TEXT_OR_DATE,
        # With by = "area" the table maps column = area key; the label keeps the common case.
        "columns": TableOf(TEXT, "Tabelle »Spalte = Kennzahl«"),
        "by": Kind("Text »area« oder »indicator«", (str,)),
        "indicator": TEXT,
    },
    "values": VALUES,
    "shares": TableOf(SHARE_PARTS, "Tabelle je Anteil: [shares.kennzahl] numerator = …, denominator = …"),
}
#: Keys every ``[shares.<key>]`` table needs (the schema check names unknown ones).
SHARE_REQUIRED = ("numerator", "denominator")
WIDE_BY = ("area", "indicator")


def check(raw: dict[str, Any]) -> list[str]:
    """German texts naming each wrong key of a mapping (empty when the mapping is well-formed)."""
    problems = _check_table(raw, SCHEMA, "")
    wide = raw.get("wide")
    if isinstance(wide, dict) and isinstance(wide.get("by"), str) and wide["by"] not in WIDE_BY:
        problems.append(f"»wide.by«: erwartet »area« oder »indicator«, gefunden Text »{wide['by'][:60]}«.")
    shares = raw.get("shares")
    if isinstance(shares, dict):
        for key, parts in shares.items():
            if isinstance(parts, dict):
                problems += [
                    f'»shares.{key}«: es fehlt {part} = "…" (die Kennzahl der Zeilen mit dem '
                    f"{'Zähler' if part == 'numerator' else 'Nenner'})."
                    for part in SHARE_REQUIRED
                    if part not in parts
                ]
    return problems


def _check_table(raw: object, schema: dict[str, Any], prefix: str) -> list[str]:
    problems: list[str] = []
    for key, value in raw.items():
        name = f"{prefix}{key}"
        if key not in schema:
            allowed = ", ".join(sorted(schema))
            nearest = nearest_key(name)
            hint = f" – meinten Sie »{nearest}«?" if nearest else "."
            problems.append(f"Unbekannter Schlüssel »{name}« (erlaubt: {allowed}){hint}")
            continue
        problems += _check_value(value, schema[key], name)
    return problems


def key_paths(schema: dict[str, Any] = SCHEMA, prefix: str = "") -> list[str]:
    """Every valid dotted key of the schema (``values.valid_from``, ``wide.columns``)."""
    paths = []
    for key, expected in schema.items():
        paths.append(f"{prefix}{key}")
        if isinstance(expected, dict):
            paths += key_paths(expected, f"{prefix}{key}.")
    return paths


def nearest_key(name: str) -> str | None:
    """The valid key ``name`` (dotted) most likely meant: one with the same last part elsewhere
    (``valid_from`` at the top is ``values.valid_from``), else the most similar path, if similar enough."""
    paths = [path for path in key_paths() if path != name]
    last = name.rsplit(".", 1)[-1].lower()
    same_last = [path for path in paths if path.rsplit(".", 1)[-1].lower() == last]
    if same_last:
        return min(same_last, key=len)
    found = process.extractOne(name.lower(), paths, scorer=fuzz.ratio, score_cutoff=70)
    return found[0] if found else None


def _check_value(value: object, expected: Any, name: str) -> list[str]:  # a schema node
    if isinstance(expected, dict):
        if not isinstance(value, dict):
            return [_wrong(name, "Tabelle ([" + name + "])", value)]
        return _check_table(value, expected, f"{name}.")
    if isinstance(expected, TableOf):
        if not isinstance(value, dict):
            return [_wrong(name, expected.label, value)]
        if expected.values is None:
            return [
                _wrong(f"{name}.{key}", "Text, Zahl oder Liste", item)
                for key, item in value.items()
                if not isinstance(item, str | int | float | list) or isinstance(item, bool)
            ]
        return [
            problem for key, item in value.items() for problem in _check_value(item, expected.values, f"{name}.{key}")
        ]
    if isinstance(expected, ListOf):
        if not isinstance(value, list):
            return [_wrong(name, expected.label, value)]
        return [
            _wrong(f"{name}[{i + 1}]", expected.item.label, item)
            for i, item in enumerate(value)
            if not expected.item.accepts(item)
        ]
    if expected is FLAG_KIND:
        allowed = {flag.value for flag in ObservationFlag}
        if not isinstance(value, str) or value not in allowed:
            return [_wrong(name, expected.label, value)]
        return []
    if not expected.accepts(value):
        return [_wrong(name, expected.label, value)]
    return []


def _wrong(name: str, expected: str, value: object) -> str:
    return f"»{name}«: erwartet {expected}, gefunden {_describe(value)}."


def _describe(value: object) -> str:
    if isinstance(value, bool):
        return f"»{str(value).lower()}« (true/false)"
    if isinstance(value, str):
        return f"Text »{value[:60]}«"
    if isinstance(value, int | float):
        return f"Zahl {value}"
    if isinstance(value, dict):
        return "eine Tabelle"
    if isinstance(value, list):
        return "eine Liste"
    return f"»{value}«"
