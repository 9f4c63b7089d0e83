"""How an import row finds its area: by key (transformed as the mapping says) or by name.

Real files rarely carry the geometry's keys. Köln writes ``001`` where its geometry says ``1``, Wien
writes ``90100`` for Bezirk ``01``, Hamburg names its Stadtteile and has no keys at all. The mapping's
``[values]`` say how to get from the file's text to a stored key, applied in this order:

1. ``key_lookup = "file.csv"``: a two-column CSV ``from;to`` (next to the mapping file) replaces a
   value found in its first column by the second; values not listed pass unchanged. With
   ``area_by = "name"`` it maps the file's names to stored names.
2. ``key_pattern = "^9(\\d\\d)00$"``: the first group of the regular expression is the key; a value
   that does not match is an error.
3. ``key_strip_zeros = true``: leading zeros go (``001`` -> ``1``; ``000`` -> ``0``).
4. ``key_pad = 3``: keys of digits are zero-padded to that width (``1`` -> ``001``).
5. ``key_prefix`` / ``key_suffix``: text put before / after the key.

With ``area_by = "name"`` steps 2 to 5 are not used: the (looked-up) name is compared with the stored
areas' names after ``normalise_name``, within the mapping's ``level`` and ``boundary_version``.

The same module holds the row filter (``[values] filter``) that every import kind shares.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
from rapidfuzz import fuzz, process
from sqlalchemy import Engine

from sozialraum.importing.lookup import AreaLookup
from sozialraum.importing.mapping import InvalidMappingError, Mapping
from sozialraum.importing.messages import ImportReport, UnreadableFileError

#: How similar (0-100, rapidfuzz WRatio on normalised names) a stored name must be to be suggested.
SUGGESTION_CUTOFF = 75
SUGGESTION_LIMIT = 3
#: A lookup file is a short list typed by hand; a huge one is a mistake (and must not fill the memory).
MAX_LOOKUP_BYTES = 5 * 1024 * 1024

_SOFT_HYPHEN = "\u00ad"
_SANKT = re.compile(r"\bst\b\.?\s*")
_SPACES = re.compile(r"\s+")
_UMLAUTS = (("ä", "ae"), ("ö", "oe"), ("ü", "ue"))


def normalise_name(name: str) -> str:
    """An area name as compared: ``St. Georg`` == ``Sankt  Georg`` == ``sankt-georg``, ``Groß`` == ``Gross``.

    Case, umlauts and ß, accents, hyphens and dashes, soft hyphens, »St.«/»Sankt« and any kind of
    whitespace (non-breaking too) do not count. Idempotent: a normalised name normalises to itself.
    """
    text = name
    # Applied until nothing changes: a Unicode step may expose something an earlier step handles
    # (casefolding can create a decomposable letter), and matching needs a fixed point.
    for _ in range(5):
        before = text
        text = _normalise_once(text)
        if text == before:
            break
    return text


def _normalise_once(name: str) -> str:
    text = unicodedata.normalize("NFKC", name).replace(_SOFT_HYPHEN, "")
    text = text.casefold()  # ß and ẞ become ss
    for umlaut, replacement in _UMLAUTS:
        text = text.replace(umlaut, replacement)
    decomposed = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    text = "".join(" " if unicodedata.category(ch) == "Pd" or ch == "_" else ch for ch in text)
    text = _SPACES.sub(" ", text).strip()
    return _SANKT.sub("sankt ", text).strip()


@dataclass(frozen=True)
class KeyRules:
    """The mapping's key transformations (module docstring: order and meaning)."""

    lookup: dict[str, str] = field(default_factory=dict)
    pattern: re.Pattern[str] | None = None
    strip_zeros: bool = False
    pad: int = 0
    prefix: str = ""
    suffix: str = ""

    def key(self, text: str) -> tuple[str | None, str | None]:
        """The stored key ``text`` stands for, or None and a German reason."""
        key = self.lookup.get(text, text)
        if self.pattern is not None:
            found = self.pattern.search(key)
            if found is None:
                return None, f"Gebietsschlüssel »{text}« passt nicht zum Muster »{self.pattern.pattern}« (key_pattern)."
            key = found.group(1) or ""
        if self.strip_zeros and key.isdigit():
            key = key.lstrip("0") or "0"
        if self.pad and key.isdigit():
            key = key.zfill(self.pad)
        return f"{self.prefix}{key}{self.suffix}", None


def key_rules(mapping: Mapping) -> KeyRules:
    """The rules of ``mapping``. Raises ``InvalidMappingError`` for a bad pattern or ``area_by`` and
    ``UnreadableFileError`` (naming the lookup file) for a missing or malformed lookup file."""
    values = mapping.values
    mapping_name = mapping.source.name if mapping.source else None
    area_by = values.get("area_by", "key")
    if area_by not in {"key", "name"}:
        text = f"»values.area_by«: erwartet »name« oder »key«, gefunden »{area_by}«."
        raise InvalidMappingError(mapping_name, [text])
    pattern = None
    if "key_pattern" in values:
        try:
            pattern = re.compile(values["key_pattern"])
        except re.error as error:
            raise InvalidMappingError(
                mapping_name, [f"»values.key_pattern«: kein gültiger regulärer Ausdruck ({error})."]
            ) from error
        if pattern.groups < 1:
            raise InvalidMappingError(
                mapping_name, ["»values.key_pattern«: braucht eine Gruppe in Klammern, z. B. »^9(\\d\\d)00$«."]
            )
    lookup = _read_lookup(mapping) if "key_lookup" in values else {}
    return KeyRules(
        lookup=lookup,
        pattern=pattern,
        strip_zeros=bool(values.get("key_strip_zeros", False)),
        pad=int(values.get("key_pad", 0)),
        prefix=str(values.get("key_prefix", "")),
        suffix=str(values.get("key_suffix", "")),
    )


def _read_lookup(mapping: Mapping) -> dict[str, str]:
    """``from;to`` pairs of the lookup file (header row optional: a first row »from;to« or »von;nach«)."""
    folder = mapping.source.parent if mapping.source else Path.cwd()
    path = folder / str(mapping.values["key_lookup"])  # an absolute path stays as it is
    name, folder = path.name, path.parent
    try:
        if path.stat().st_size > MAX_LOOKUP_BYTES:
            raise UnreadableFileError(name, None, None, "Zuordnungstabelle (key_lookup) ist größer als 5 MB.")
        raw = path.read_bytes()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError) as error:
        raise UnreadableFileError(
            name, None, None, f"Zuordnungstabelle (key_lookup) nicht gefunden (gesucht in {folder})."
        ) from error
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    separator = ";" if ";" in text.partition("\n")[0] else ","
    pairs: dict[str, str] = {}
    seen_in_row: dict[str, int] = {}
    for row_number, row in enumerate(csv.reader(text.splitlines(), delimiter=separator), start=1):
        cells = [cell.strip() for cell in row]
        if not any(cells):
            continue
        if row_number == 1 and [cell.lower() for cell in cells] in (["from", "to"], ["von", "nach"]):
            continue
        if len(cells) != 2 or not cells[0] or not cells[1]:  # from and to
            raise UnreadableFileError(
                name, row_number, None, f"Zeile braucht genau zwei Werte »von;nach«, gefunden: »{separator.join(row)}«."
            )
        source, target = cells
        if source in pairs and pairs[source] != target:
            raise UnreadableFileError(
                name,
                row_number,
                None,
                f"»{source}« steht schon in Zeile {seen_in_row[source]} mit »{pairs[source]}«, hier mit »{target}«.",
            )
        pairs[source] = target
        seen_in_row.setdefault(source, row_number)
    return pairs


class AreaMatcher:
    """Finds the area of a row's area text: ``find(text, period)`` like ``AreaLookup.find``."""

    def __init__(self, engine: Engine, mapping: Mapping) -> None:
        self.rules = key_rules(mapping)
        self.by_name = mapping.values.get("area_by") == "name"
        self._lookup = AreaLookup(engine, mapping.level, mapping.boundary_version)
        self._keys_by_name: dict[str, set[str]] = defaultdict(set)
        self._stored_names: dict[str, str] = {}  # normalised -> as stored (the first seen), for suggestions
        if self.by_name:
            for key, name in self._lookup.names():
                normalised = normalise_name(name)
                self._keys_by_name[normalised].add(key)
                self._stored_names.setdefault(normalised, name)
        self._unknown_name_texts: dict[tuple[str, str], str] = {}

    def find(self, text: str, period: date) -> tuple[int | None, str | None]:
        """The area id for the file's ``text`` at ``period``, or None and a German reason (the same reason
        for the same text, so a report can group the rows)."""
        text = text.strip()
        if self.by_name:
            return self._find_by_name(text, period)
        key, problem = self.rules.key(text)
        if key is None:
            return None, problem
        area_id, problem = self._lookup.find(key, period)
        if area_id is None and key != text:
            problem = f"{problem.removesuffix('.')} (aus »{text}« nach den Schlüsselregeln der Zuordnung)."
        return area_id, problem

    def _find_by_name(self, text: str, period: date) -> tuple[int | None, str | None]:
        name = self.rules.lookup.get(text, text)
        keys = self._keys_by_name.get(normalise_name(name))
        if not keys:
            return None, self._unknown_name(name, text)
        if len(keys) > 1:
            # Names repeat across boundary versions (same key) but also within one (Hamburg's Ortsteile
            # carry their Stadtteil's name): only the areas valid at the period count.
            valid = sorted(key for key in keys if self._lookup.find(key, period)[0] is not None)
            if len(valid) > 1:
                listed = ", ".join(f"»{key}«" for key in valid)
                return None, (
                    f"Gebietsname »{name}« ist mehrdeutig: so heißen die Gebiete {listed}. "
                    "Schlüssel statt Namen verwenden oder in der Zuordnung »level« bzw. »boundary_version« angeben."
                )
            keys = set(valid) or keys
        key = min(keys)  # one key, or none valid at the period: the message names the same key each time
        area_id, problem = self._lookup.find(key, period)
        return area_id, None if problem is None else f"Gebietsname »{name}« (Schlüssel »{key}«): {problem}"

    def _unknown_name(self, name: str, text: str) -> str:
        if (name, text) not in self._unknown_name_texts:
            suggestions = process.extract(
                normalise_name(name),
                list(self._stored_names),
                scorer=fuzz.WRatio,
                limit=SUGGESTION_LIMIT,
                score_cutoff=SUGGESTION_CUTOFF,
            )
            similar = ", ".join(f"»{self._stored_names[choice]}«" for choice, _score, _index in suggestions)
            origin = "" if name == text else f" (aus »{text}« nach key_lookup)"
            self._unknown_name_texts[name, text] = f"Unbekannter Gebietsname »{name}«{origin}" + (
                f"; ähnlich: {similar}." if similar else "."
            )
        return self._unknown_name_texts[name, text]


def filter_rows(
    frame: pd.DataFrame, mapping: Mapping, report: ImportReport, header_row: int | None
) -> pd.DataFrame | None:
    """The rows ``[values] filter = { Spalte = "Wert" }`` keeps (all without a filter); None, reported, when
    a filter names a column the file does not have.

    A rule is a value, a list of values, ``"!Wert"`` for every row but that value, or a list of ``"!Wert"``
    for every row but those; cells are compared
    as text, stripped. Several rules must all hold.
    """
    rules: dict[str, Any] = mapping.values.get("filter", {})
    if "rows" in mapping.values:
        wanted_rows = parse_row_ranges(str(mapping.values["rows"]))
        if wanted_rows is None:
            report.error(
                None,
                None,
                f"»values.rows«: erwartet Zeilennummern wie »2-100« oder »2-100, 105«, gefunden "
                f"»{str(mapping.values['rows'])[:60]}«.",
            )
            return None
        frame = frame[[any(first <= row <= last for first, last in wanted_rows) for row in frame.index]]
    for column in rules:
        if column not in frame.columns:
            report.error(header_row, column, "Filterspalte aus der Zuordnung fehlt in der Datei.")
            return None
    for column, wanted in rules.items():
        frame = frame[_matches(frame[column].astype(str).str.strip(), wanted)]
    if frame.empty and (rules or "rows" in mapping.values):
        # Nothing to check is no success: the planner's filter or row range most likely has a typo.
        report.error(
            header_row,
            None,
            "Filter und Zeilenauswahl der Zuordnung (values.filter, values.rows) lassen keine Zeile übrig; "
            "Werte und Zeilennummern prüfen.",
        )
        return None
    return frame


_ROW_RANGE = re.compile(r"^\s*(\d+)\s*(?:[-–]\s*(\d+)\s*)?$")


def parse_row_ranges(text: str) -> list[tuple[int, int]] | None:
    """``"2-100, 105"`` as ``[(2, 100), (105, 105)]``: file rows as the messages number them; None when
    unreadable or a range runs backwards.

    For files whose parts are known only by position: Hamburg's Stadtteilprofile list the Stadtteile, then
    the Bezirke under names some Stadtteile share (»Eimsbüttel«), so no value filter can tell them apart.
    """
    ranges = []
    for part in text.split(","):
        match = _ROW_RANGE.match(part)
        if match is None:
            return None
        first = int(match.group(1))
        last = int(match.group(2) or first)
        if last < first:
            return None
        ranges.append((first, last))
    return ranges or None


def _matches(column: pd.Series, wanted: object) -> pd.Series:
    if isinstance(wanted, list):
        excluded = [str(value)[1:] for value in wanted if str(value).startswith("!")]
        included = [str(value) for value in wanted if not str(value).startswith("!")]
        # A list of "!value" items excludes them all; mixed with plain values, the plain ones decide.
        return column.isin(included) if included else ~column.isin(excluded)
    if str(wanted).startswith("!"):
        return column != str(wanted)[1:]
    return column == str(wanted)
