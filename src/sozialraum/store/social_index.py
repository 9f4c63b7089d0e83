"""Sozialindex definitions: stored in the database, exchanged as TOML files.

The database is the home of a definition (the Sozialindex page edits it there); TOML is how a
definition travels: the CLI reads it, ``examples/berlin/`` keeps Berlin's MSS in it, and a city can put
its own under version control. A TOML definition looks like this::

    key = "status"
    name = "Status-Index"
    kind = "status"                 # or "dynamics"
    level = "social_space"          # city, district, region, social_space, planning_area
    min_population = 300            # default 300; 0 for no threshold
    population_indicator = "pop_total"
    change_years = 2                # only for dynamics from level indicators
    valid_from = 2018-12-31         # optional: the Stichtage the method applies to (inclusive)
    valid_to = 2020-12-31           #   (a statistics office's method changes between reports)
    thresholds = [-1.0, 1.0, 1.5]   # ascending; default by kind (Berlin's MSS)

    [[components]]
    indicator = "sgb2_rate"
    weight = 1.0                    # default 1
    direction = 1                   # +1: higher value = more disadvantage, -1: the reverse

    [[classes]]                     # one more than thresholds; default by kind
    code = "1"
    label = "hoch"
"""

from __future__ import annotations

import json
import math
import re
import tomllib
from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine, delete, select
from sqlalchemy.orm import Session

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
from sozialraum.models import AREA_LEVELS, Indicator, Observation, SocialIndex, SocialIndexComponent

KINDS = ("status", "dynamics")
DEFAULT_CLASSES = {"status": (STATUS_THRESHOLDS, STATUS_CLASSES), "dynamics": (DYNAMICS_THRESHOLDS, DYNAMICS_CLASSES)}
_TOP_LEVEL_FIELDS = {
    "key",
    "name",
    "description",
    "kind",
    "level",
    "min_population",
    "population_indicator",
    "change_years",
    "valid_from",
    "valid_to",
    "thresholds",
    "components",
    "classes",
}
_KEY_PATTERN = re.compile(r"^[A-Za-z0-9_.-]{1,50}$")


def output_indicator_key(definition_key: str) -> str:
    """The catalogue indicator that holds an index's values (see ``social_index_data.materialise_index``)."""
    return f"index_{definition_key}"


# --- database -------------------------------------------------------------------------------------------


def _to_definition(row: SocialIndex) -> IndexDefinition:
    return IndexDefinition(
        key=row.key,
        name=row.name,
        description=row.description,
        kind=row.kind,
        level=row.level,
        min_population=row.min_population,
        population_indicator_key=row.population_indicator_key,
        change_years=row.change_years,
        valid_from=row.valid_from,
        valid_to=row.valid_to,
        thresholds=tuple(float(value) for value in row.thresholds),
        classes=tuple(IndexClass(str(item["code"]), str(item["label"])) for item in row.classes),
        components=tuple(
            IndexComponent(component.indicator_key, component.weight, component.direction)
            for component in row.components
        ),
    )


def list_definitions(engine: Engine) -> list[IndexDefinition]:
    """Every stored definition: status indices first, within a kind the current methods (open-ended, then
    the latest ``valid_to``) before older ones, then by name, so pages start on today's method."""
    order = (
        SocialIndex.kind.desc(),
        SocialIndex.valid_to.is_(None).desc(),
        SocialIndex.valid_to.desc(),
        SocialIndex.name,
    )
    with Session(engine) as session:
        rows = session.scalars(select(SocialIndex).order_by(*order)).all()
        return [_to_definition(row) for row in rows]


def load_definition(engine: Engine, key: str) -> IndexDefinition | None:
    with Session(engine) as session:
        row = session.scalar(select(SocialIndex).where(SocialIndex.key == key))
        return _to_definition(row) if row is not None else None


def check_indicators(session: Session, definition: IndexDefinition) -> None:
    """Raise ``ValueError`` (German) when the definition names indicators the catalogue does not have."""
    wanted = list(definition.indicator_keys)
    if definition.population_indicator_key:
        wanted.append(definition.population_indicator_key)
    known = set(session.scalars(select(Indicator.key).where(Indicator.key.in_(wanted))))
    unknown = [key for key in wanted if key not in known]
    if unknown:
        raise ValueError(
            f"Sozialindex »{definition.name}«: unbekannte Kennzahl(en) {', '.join(unknown)} – "
            "bitte zuerst in den Katalog importieren."
        )
    if output_indicator_key(definition.key) in definition.indicator_keys:
        raise ValueError(f"Sozialindex »{definition.name}« kann nicht aus seinen eigenen Werten berechnet werden.")


def write_definition(session: Session, definition: IndexDefinition) -> None:
    """Insert or replace the definition with ``definition.key`` in ``session`` (no commit)."""
    check_indicators(session, definition)
    row = session.scalar(select(SocialIndex).where(SocialIndex.key == definition.key))
    if row is None:
        row = SocialIndex(key=definition.key)
        session.add(row)
    row.name = definition.name
    row.description = definition.description
    row.kind = definition.kind
    row.level = definition.level
    row.min_population = definition.min_population
    row.population_indicator_key = definition.population_indicator_key
    row.change_years = definition.change_years
    row.valid_from = definition.valid_from
    row.valid_to = definition.valid_to
    row.thresholds = [float(value) for value in definition.thresholds]
    row.classes = [{"code": item.code, "label": item.label} for item in definition.classes]
    row.output_indicator_key = output_indicator_key(definition.key)
    row.components.clear()
    session.flush()  # the unique (index, indicator) pairs must be gone before new components arrive
    row.components.extend(
        SocialIndexComponent(
            position=position,
            indicator_key=component.indicator_key,
            weight=component.weight,
            direction=component.direction,
        )
        for position, component in enumerate(definition.components, start=1)
    )


def delete_definition(engine: Engine, key: str) -> None:
    """Remove the definition and its materialised indicator with all its values; unknown keys are ignored."""
    with Session(engine) as session, session.begin():
        row = session.scalar(select(SocialIndex).where(SocialIndex.key == key))
        output_key = row.output_indicator_key if row is not None else output_indicator_key(key)
        if row is not None:
            session.delete(row)
        indicator_id = session.scalar(
            select(Indicator.id).where(Indicator.key == output_key, Indicator.topic == "Sozialindex")
        )
        if indicator_id is not None:
            session.execute(delete(Observation).where(Observation.indicator_id == indicator_id))
            session.execute(delete(Indicator).where(Indicator.id == indicator_id))


# --- TOML -----------------------------------------------------------------------------------------------


class _DefinitionError(ValueError):
    pass


def definition_from_toml(text: str, source_name: str = "Definition") -> IndexDefinition:
    """Parse a TOML definition; errors raise ``ValueError`` naming ``source_name`` and the field or line."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        position = re.search(r"line (\d+), column (\d+)", str(error))
        if position:
            where = f"Zeile {position.group(1)}, Spalte {position.group(2)}"
        else:
            where = "am Dateiende" if "end of document" in str(error) else "Syntax"
        raise ValueError(f"{source_name}: kein gültiges TOML ({where}: {str(error).split(' (at ')[0]}).") from None
    try:
        return _definition_from_data(data)
    except _DefinitionError as problem:
        raise ValueError(f"{source_name}: {problem}") from None


def _field(data: dict[str, Any], name: str, kind: type | tuple[type, ...], where: str, default: Any = ...) -> Any:
    if name not in data:
        if default is ...:
            raise _DefinitionError(f"Pflichtfeld »{where}{name}« fehlt.")
        return default
    value = data[name]
    numeric = kind in (float, (int, float))
    if numeric and isinstance(value, int | float) and not isinstance(value, bool):
        if not math.isfinite(value):
            raise _DefinitionError(f"Feld »{where}{name}«: {value} ist keine endliche Zahl.")
        return float(value)
    if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
        expected = {str: "Text", int: "ganze Zahl", list: "Liste"}.get(kind, "Zahl")  # type: ignore[call-overload]
        raise _DefinitionError(f"Feld »{where}{name}«: {_show(value)} ist kein(e) {expected}.")
    return value


def _show(value: Any) -> str:
    return f"»{value}«" if isinstance(value, str) else repr(value)


def _definition_from_data(data: dict[str, Any]) -> IndexDefinition:
    unknown = sorted(set(data) - _TOP_LEVEL_FIELDS)
    if unknown:
        raise _DefinitionError(
            f"unbekannte(s) Feld(er) {', '.join(unknown)}; erlaubt: {', '.join(sorted(_TOP_LEVEL_FIELDS))}."
        )
    key = _field(data, "key", str, "")
    if not _KEY_PATTERN.match(key):
        raise _DefinitionError(f"Feld »key«: {_show(key)} – nur Buchstaben, Ziffern, _ . - (höchstens 50 Zeichen).")
    kind = _field(data, "kind", str, "", "status")
    if kind not in KINDS:
        raise _DefinitionError(f"Feld »kind«: {_show(kind)} – erlaubt sind status oder dynamics.")
    level = _field(data, "level", str, "", "planning_area")
    if level not in AREA_LEVELS:
        raise _DefinitionError(f"Feld »level«: {_show(level)} – erlaubt sind {', '.join(AREA_LEVELS)}.")
    min_population = _field(data, "min_population", (int, float), "", DEFAULT_MIN_POPULATION)
    if min_population < 0:
        raise _DefinitionError("Feld »min_population« darf nicht negativ sein.")
    # 0 reads as "no threshold": then areas without a population count stay in the index too.
    min_population = min_population or None
    change_years = _field(data, "change_years", int, "", None)
    if change_years is not None and change_years < 1:
        raise _DefinitionError("Feld »change_years« muss mindestens 1 sein.")
    default_thresholds, default_classes = DEFAULT_CLASSES[kind]
    thresholds = tuple(
        _field({"thresholds": value}, "thresholds", (int, float), "")
        for value in _field(data, "thresholds", list, "", list(default_thresholds))
    )
    definition_fields = {
        "key": key,
        "name": _field(data, "name", str, ""),
        "description": _field(data, "description", str, "", ""),
        "kind": kind,
        "level": level,
        "min_population": min_population,
        "population_indicator_key": _field(data, "population_indicator", str, "", None),
        "change_years": change_years,
        "valid_from": _stichtag(data, "valid_from"),
        "valid_to": _stichtag(data, "valid_to"),
        "thresholds": thresholds,
        "components": _components(_field(data, "components", list, "")),
        "classes": _classes(data, default_classes),
    }
    try:
        return IndexDefinition(**definition_fields)
    except ValueError as error:
        raise _DefinitionError(_german(str(error))) from None


def _stichtag(data: dict[str, Any], name: str) -> date | None:
    """A TOML date (``valid_from = 2018-12-31``) or the same as a string; None when absent."""
    value = _field(data, name, (date, str), "", None)
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise _DefinitionError(f"Feld »{name}«: {_show(value)} – erwartet ein Datum wie 2018-12-31.") from None


def _components(items: list[Any]) -> tuple[IndexComponent, ...]:
    components = []
    for number, item in enumerate(items, start=1):
        where = f"components[{number}]."
        if not isinstance(item, dict):
            raise _DefinitionError(f"»components[{number}]« muss eine Tabelle [[components]] sein.")
        unknown = sorted(set(item) - {"indicator", "weight", "direction"})
        if unknown:
            raise _DefinitionError(f"»components[{number}]«: unbekannte(s) Feld(er) {', '.join(unknown)}.")
        weight = _field(item, "weight", (int, float), where, 1.0)
        if weight < 0:
            raise _DefinitionError(f"Feld »{where}weight«: {weight} – Gewichte dürfen nicht negativ sein.")
        direction = _field(item, "direction", int, where, 1)
        if direction not in (1, -1):
            raise _DefinitionError(f"Feld »{where}direction«: {direction} – erlaubt sind 1 oder -1.")
        components.append(IndexComponent(_field(item, "indicator", str, where), weight, direction))
    return tuple(components)


def _classes(data: dict[str, Any], default: tuple[IndexClass, ...]) -> tuple[IndexClass, ...]:
    if "classes" not in data:
        return default
    classes = []
    for number, item in enumerate(_field(data, "classes", list, ""), start=1):
        if not isinstance(item, dict):
            raise _DefinitionError(f"»classes[{number}]« muss eine Tabelle [[classes]] sein.")
        where = f"classes[{number}]."
        classes.append(IndexClass(_field(item, "code", str, where), _field(item, "label", str, where)))
    return tuple(classes)


_GERMAN_ERRORS = {
    "an index needs at least one indicator": "Der Index braucht mindestens eine Kennzahl (components).",
    "an indicator may appear only once in an index": "Jede Kennzahl darf nur einmal im Index vorkommen.",
    "class thresholds must be strictly ascending": "Die Schwellenwerte (thresholds) müssen streng aufsteigen.",
    "there must be exactly one class more than thresholds": "Es muss genau eine Klasse mehr als Schwellenwerte geben.",
    "at least one weight must be positive": "Mindestens ein Gewicht muss größer als 0 sein.",
    "change_years must be at least 1": "Feld »change_years« muss mindestens 1 sein.",
    "valid_from must not be after valid_to": "»valid_from« darf nicht nach »valid_to« liegen.",
}


def _german(message: str) -> str:
    return _GERMAN_ERRORS.get(message, message)


def _toml_string(value: str) -> str:
    # JSON string escapes are valid TOML basic-string escapes.
    return json.dumps(value, ensure_ascii=False)


def _toml_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() and abs(value) < 1e15 else repr(float(value))


def definition_to_toml(definition: IndexDefinition) -> str:
    """The definition as TOML that ``definition_from_toml`` reads back into an equal definition."""
    lines = [
        f"key = {_toml_string(definition.key)}",
        f"name = {_toml_string(definition.name)}",
    ]
    if definition.description:
        lines.append(f"description = {_toml_string(definition.description)}")
    lines += [f"kind = {_toml_string(definition.kind)}", f"level = {_toml_string(definition.level)}"]
    lines.append(f"min_population = {_toml_number(definition.min_population or 0)}")
    if definition.population_indicator_key:
        lines.append(f"population_indicator = {_toml_string(definition.population_indicator_key)}")
    if definition.change_years is not None:
        lines.append(f"change_years = {definition.change_years}")
    for name in ("valid_from", "valid_to"):
        if (stichtag := getattr(definition, name)) is not None:
            lines.append(f"{name} = {stichtag.isoformat()}")
    lines.append("thresholds = [" + ", ".join(repr(float(value)) for value in definition.thresholds) + "]")
    for component in definition.components:
        lines += [
            "",
            "[[components]]",
            f"indicator = {_toml_string(component.indicator_key)}",
            f"weight = {repr(float(component.weight))}",
            f"direction = {component.direction}",
        ]
    for item in definition.classes:
        lines += ["", "[[classes]]", f"code = {_toml_string(item.code)}", f"label = {_toml_string(item.label)}"]
    return "\n".join(lines) + "\n"
