"""The Sozialindex editor's values and their check: what a planner typed becomes an ``IndexDefinition``
or a list of German messages that say what to correct. No Streamlit here; ``views/sozialindex.py``
only draws the widgets.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime

from sozialraum.analysis.social_index import (
    DEFAULT_MIN_POPULATION,
    DYNAMICS_CLASSES,
    DYNAMICS_THRESHOLDS,
    STATUS_CLASSES,
    STATUS_THRESHOLDS,
    IndexClass,
    IndexComponent,
    IndexDefinition,
)
from sozialraum.formatting import format_date, format_number, parse_german_number
from sozialraum.reports.social_index_tables import LEVEL_LABELS

KINDS = {"status": "Status (Lage am Stichtag)", "dynamics": "Dynamik (Veränderung)"}
UNFAVOURABLE, FAVOURABLE = "höherer Wert = ungünstiger", "höherer Wert = günstiger"
DIRECTIONS = {UNFAVOURABLE: 1, FAVOURABLE: -1}
KEY_PATTERN = re.compile(r"[A-Za-z0-9_.-]{1,50}")  # as social_index_store accepts in TOML
MAX_CLASSES = 9
SEPARATOR = ";"


class DefinitionFormError(ValueError):
    """Everything wrong with the typed values at once, each message German and shown as is."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("\n".join(messages))
        self.messages = messages


@dataclass
class ComponentRow:
    indicator_key: str
    direction: str = UNFAVOURABLE  # a key of DIRECTIONS
    weight: float | str = 1.0  # as typed (»0,5«) or a number


@dataclass
class DefinitionForm:
    """The editor's widget values; classes and thresholds as the planner types them (``"-1; 1; 1,5"``)."""

    key: str = ""
    name: str = ""
    description: str = ""
    kind: str = "status"
    level: str = "planning_area"
    components: list[ComponentRow] = field(default_factory=list)
    min_population: float | None = DEFAULT_MIN_POPULATION
    population_indicator_key: str | None = None
    change_years: int | None = None
    thresholds: str = ""
    class_codes: str = ""
    class_labels: str = ""
    valid_from: str = ""  # typed Stichtag (»31.12.2018«), empty = open
    valid_to: str = ""


def _join_numbers(values: Collection[float]) -> str:
    return f"{SEPARATOR} ".join(
        format_number(v, 3).rstrip("0").rstrip(",") if v % 1 else format_number(v) for v in values
    )


def weight_text(weight: float) -> str:
    """A weight as a planner types it: ``1``, ``0,5``, ``1,25``."""
    return _join_numbers([weight])


def form_from_definition(definition: IndexDefinition) -> DefinitionForm:
    return DefinitionForm(
        key=definition.key,
        name=definition.name,
        description=definition.description,
        kind=definition.kind,
        level=definition.level,
        components=[
            ComponentRow(c.indicator_key, UNFAVOURABLE if c.direction == 1 else FAVOURABLE, weight_text(c.weight))
            for c in definition.components
        ],
        min_population=definition.min_population,
        population_indicator_key=definition.population_indicator_key,
        change_years=definition.change_years,
        thresholds=_join_numbers(definition.thresholds),
        class_codes=f"{SEPARATOR} ".join(c.code for c in definition.classes),
        class_labels=f"{SEPARATOR} ".join(c.label for c in definition.classes),
        valid_from=format_date(definition.valid_from) if definition.valid_from else "",
        valid_to=format_date(definition.valid_to) if definition.valid_to else "",
    )


def new_form(kind: str, level: str) -> DefinitionForm:
    """A fresh definition with Berlin's MSS classes for its kind (dynamics: change over two years)."""
    classes, thresholds = (
        (DYNAMICS_CLASSES, DYNAMICS_THRESHOLDS) if kind == "dynamics" else (STATUS_CLASSES, STATUS_THRESHOLDS)
    )
    return DefinitionForm(
        kind=kind,
        level=level,
        change_years=2 if kind == "dynamics" else None,
        thresholds=_join_numbers(thresholds),
        class_codes=f"{SEPARATOR} ".join(c.code for c in classes),
        class_labels=f"{SEPARATOR} ".join(c.label for c in classes),
    )


def _stichtag(text: str, label: str, messages: list[str]) -> date | None:
    if not text.strip():
        return None
    for pattern in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    messages.append(f"»{label}«: »{text.strip()}« ist kein Datum; erwartet z. B. 31.12.2018 (oder leer lassen).")
    return None


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(SEPARATOR)] if text.strip() else []


def _check_classes(form: DefinitionForm, messages: list[str]) -> tuple[tuple[float, ...], tuple[IndexClass, ...]]:
    thresholds: list[float] = []
    for part in _split(form.thresholds):
        try:
            thresholds.append(parse_german_number(part))
        except ValueError:
            messages.append(f"Klassengrenzen: »{part}« ist keine Zahl (Beispiel: »-1; 1; 1,5«).")
    if not thresholds and not any("Klassengrenzen" in m for m in messages):
        messages.append("Klassengrenzen: mindestens eine Grenze angeben, mit Semikolon getrennt (z. B. »-1; 1«).")
    if any(b <= a for a, b in zip(thresholds, thresholds[1:], strict=False)):
        messages.append("Klassengrenzen müssen aufsteigend sein und dürfen sich nicht wiederholen.")
    codes, labels = _split(form.class_codes), _split(form.class_labels)
    wanted = len(thresholds) + 1
    if len(thresholds) + 1 > MAX_CLASSES:
        messages.append(f"Höchstens {MAX_CLASSES} Klassen ({MAX_CLASSES - 1} Grenzen).")
    for what, items in (("Kürzel", codes), ("Bezeichnungen", labels)):
        if len(items) != wanted:
            messages.append(
                f"Klassen-{what}: {len(thresholds)} Grenzen ergeben {wanted} Klassen, angegeben sind {len(items)}."
            )
        elif any(not item for item in items):
            messages.append(f"Klassen-{what}: keine leeren Einträge (mit Semikolon getrennt).")
        elif len(set(items)) != len(items):
            messages.append(f"Klassen-{what}: jeder Eintrag nur einmal.")
    classes = tuple(IndexClass(c, label) for c, label in zip(codes, labels, strict=False))
    return tuple(thresholds), classes


def _check_components(
    form: DefinitionForm, indicator_names: Collection[str], messages: list[str]
) -> tuple[IndexComponent, ...]:
    if not form.components:
        messages.append("Mindestens einen Indikator auswählen.")
        return ()
    components = []
    seen: set[str] = set()
    for row in form.components:
        if row.indicator_key not in indicator_names:
            messages.append(f"Indikator »{row.indicator_key}« gibt es im Katalog nicht.")
            continue
        if row.indicator_key in seen:
            messages.append(f"Indikator »{row.indicator_key}« ist doppelt ausgewählt.")
            continue
        seen.add(row.indicator_key)
        try:
            weight = parse_german_number(row.weight) if isinstance(row.weight, str) else float(row.weight)
        except ValueError:
            messages.append(f"Gewicht von »{row.indicator_key}«: »{row.weight}« ist keine Zahl (z. B. 1 oder 0,5).")
            continue
        if not math.isfinite(weight) or weight < 0:
            messages.append(f"Gewicht von »{row.indicator_key}«: eine Zahl ab 0 angeben.")
            continue
        components.append(IndexComponent(row.indicator_key, float(weight), DIRECTIONS.get(row.direction, 1)))
    if components and sum(c.weight for c in components) <= 0:
        messages.append("Mindestens ein Gewicht muss größer als 0 sein.")
    return tuple(components)


def definition_from_form(form: DefinitionForm, indicator_keys: Collection[str]) -> IndexDefinition:
    """The definition the form describes; ``DefinitionFormError`` lists every problem in German."""
    messages: list[str] = []
    key = form.key.strip()
    if not KEY_PATTERN.fullmatch(key):
        messages.append(
            "Schlüssel: 1 bis 50 Zeichen, nur Buchstaben ohne Umlaute, Ziffern, »_«, ».« und »-«, ohne "
            "Leerzeichen (z. B. »status_2025«)."
        )
    if not form.name.strip():
        messages.append("Bitte einen Namen angeben.")
    if form.kind not in KINDS:
        messages.append(f"Art »{form.kind}« unbekannt: {' oder '.join(KINDS.values())}.")
    if form.level not in LEVEL_LABELS:
        messages.append(f"Gebietsebene »{form.level}« unbekannt.")
    components = _check_components(form, indicator_keys, messages)
    if form.min_population is not None and (not math.isfinite(form.min_population) or form.min_population < 0):
        messages.append("Mindesteinwohnerzahl: eine Zahl ab 0 angeben (oder keine Mindestzahl).")
    if form.population_indicator_key and form.population_indicator_key not in indicator_keys:
        messages.append(f"Einwohner-Indikator »{form.population_indicator_key}« gibt es im Katalog nicht.")
    if form.change_years is not None and form.change_years < 1:
        messages.append("Veränderung über Jahre: mindestens 1 Jahr (oder keine Veränderung).")
    thresholds, classes = _check_classes(form, messages)
    valid_from = _stichtag(form.valid_from, "Gilt ab Stichtag", messages)
    valid_to = _stichtag(form.valid_to, "Gilt bis Stichtag", messages)
    if valid_from and valid_to and valid_from > valid_to:
        messages.append("»Gilt ab Stichtag« darf nicht nach »Gilt bis Stichtag« liegen.")
    if messages:
        raise DefinitionFormError(messages)
    return IndexDefinition(
        key=key,
        name=form.name.strip(),
        components=components,
        thresholds=thresholds,
        classes=classes,
        description=form.description.strip(),
        # 0 means "no threshold", as in a TOML definition (social_index_store).
        min_population=form.min_population or None,
        population_indicator_key=form.population_indicator_key or None,
        level=form.level,
        kind=form.kind,
        change_years=form.change_years,
        valid_from=valid_from,
        valid_to=valid_to,
    )
