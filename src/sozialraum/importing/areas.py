"""Areas with boundaries from GeoJSON, Shapefile (plain or zipped) or GeoPackage, in any CRS.

Geometries are reprojected to EPSG:4326; invalid polygons are repaired (with a warning) when repair
keeps a polygon, and rejected otherwise. Areas belong to a boundary version (Gebietsstand), created on
first import from the mapping's ``[values]`` (``version_name``, ``valid_from``, ``valid_to``).

A list of areas (CSV or XLSX: key, name, parent) is accepted too: a city names its Stadtteile before
the GIS delivers their boundaries. Such areas have no geometry; a geometry file imported later for the
same version and keys fills it in and keeps the areas' ids (and names, if it has none).
"""

from __future__ import annotations

import math
import re
from datetime import date
from pathlib import Path
from typing import Any

import geopandas as gpd
import pyogrio
import shapely
from pyproj import CRS
from pyproj.exceptions import CRSError
from sqlalchemy import Connection, Engine, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from sozialraum.formatting import format_date, format_number
from sozialraum.importing import limits
from sozialraum.importing.area_match import filter_rows
from sozialraum.importing.mapping import Mapping, normalise
from sozialraum.importing.messages import ImportReport, UnreadableFileError
from sozialraum.importing.tabular import read_table
from sozialraum.importing.upsert import upsert
from sozialraum.models import AREA_LEVELS, Area, BoundaryVersion
from sozialraum.periods import read_stichtag

KEY_NAMES = ("key", "schluessel", "id", "gebiet")
NAME_NAMES = ("name", "bezeichnung")
PARENT_NAMES = ("parent", "eltern", "uebergeordnet")
GEOMETRY_SUFFIXES = {".geojson", ".json", ".shp", ".zip", ".gpkg"}
LIST_SUFFIXES = {".csv", ".xlsx", ".xlsm"}


def read_areas(path: Path, mapping: Mapping, report: ImportReport) -> gpd.GeoDataFrame:
    """A geometry file's features, or a table's rows as areas without geometry (``attrs["area_list"]``,
    indexed by the row numbers the user sees)."""
    if path.suffix.lower() not in LIST_SUFFIXES:
        return read_geometries(path, mapping.crs, mapping.layer, report)
    table = read_table(path, mapping.header_row, mapping.sheet)
    for row, column, text in table.cell_problems:
        report.error(row, column, text)
    header = list(table.frame.columns)
    used = [_find(header, mapping, field, names) for field, names in (("key", KEY_NAMES), ("name", NAME_NAMES))]
    table.check_columns([*used, _find(header, mapping, "parent", PARENT_NAMES)], report)
    frame = gpd.GeoDataFrame(table.frame, geometry=[None] * len(table.frame), crs="EPSG:4326")
    frame.attrs["area_list"] = True
    return frame


def read_geometries(path: Path, crs: str | None, layer: str | int | None = None, report=None) -> gpd.GeoDataFrame:
    """The file's features in EPSG:4326. ``layer`` picks a GeoPackage layer; without it the first is read
    and, when there are more, ``report`` gets a warning naming them."""
    if path.suffix.lower() not in GEOMETRY_SUFFIXES:
        raise UnreadableFileError(
            path.name, None, None, "Geometrien bitte als GeoJSON, Shapefile (.shp/.zip) oder GeoPackage."
        )
    layer = _chosen_layer(path, layer, report)
    head = _geojson_head(path)
    try:
        frame = gpd.read_file(path, engine="pyogrio", **({"layer": layer} if layer is not None else {}))
    except Exception as error:  # GDAL raises many types for unreadable files
        raise UnreadableFileError(path.name, None, None, f"Geometriedatei nicht lesbar: {error}") from error
    if frame.empty:
        raise UnreadableFileError(path.name, None, None, "Die Datei enthält keine Gebiete.")
    if crs:
        try:
            target = CRS.from_user_input(crs)
        except CRSError as error:
            raise UnreadableFileError(path.name, None, None, f"Unbekanntes Koordinatensystem »{crs}«.") from error
        frame = frame.set_crs(target, allow_override=True)
    elif frame.crs is None:
        raise UnreadableFileError(
            path.name,
            None,
            None,
            "Koordinatensystem unbekannt (.prj fehlt oder ist unlesbar): mit --crs angeben, z. B. --crs EPSG:25833.",
        )
    else:
        _refuse_unknown_declared_crs(path, head)
    _refuse_projected_as_degrees(path, frame)
    projected = frame.to_crs("EPSG:4326")
    bounds = projected.total_bounds
    if not all(math.isfinite(value) for value in bounds):
        raise UnreadableFileError(
            path.name,
            None,
            None,
            "Koordinaten lassen sich nicht nach WGS84 umrechnen: Koordinatensystem prüfen (--crs).",
        )
    return projected


def _chosen_layer(path: Path, layer: str | int | None, report) -> str | int | None:
    if path.suffix.lower() != ".gpkg":
        return layer
    try:
        names = [str(name) for name, _ in pyogrio.list_layers(path)]
    except Exception as error:  # GDAL raises many types for unreadable files
        raise UnreadableFileError(path.name, None, None, f"Geometriedatei nicht lesbar: {error}") from error
    listed = ", ".join(f"»{name}«" for name in names)
    if layer is None:
        if len(names) > 1 and report is not None:
            report.warn(
                None,
                None,
                f"Die GeoPackage-Datei hat {len(names)} Ebenen ({listed}); gelesen wurde nur »{names[0]}«. "
                'Eine andere mit layer = "…" in der Zuordnung wählen.',
            )
        return names[0] if names else None
    if str(layer) not in names:
        raise UnreadableFileError(path.name, None, None, f"Ebene »{layer}« gibt es nicht (vorhanden: {listed}).")
    return str(layer)


def _geojson_head(path: Path) -> str:
    """The first 64 KiB of a GeoJSON file as text ("" for other formats), after refusing an escaped NUL:
    GDAL cuts a text there (``"Neu\\u0000Raum"`` becomes »Neu«) without a word."""
    if path.suffix.lower() not in {".geojson", ".json"}:
        return ""
    with path.open("rb") as handle:
        head = handle.read(1 << 16).decode("utf-8", errors="replace")
        found, tail = "\\u0000" in head, head[-6:]
        while not found and (block := handle.read(1 << 20)):
            text = tail + block.decode("utf-8", errors="replace")
            found, tail = "\\u0000" in text, text[-6:]
    if found:
        raise UnreadableFileError(
            path.name, None, None, "Ein Text der Datei enthält ein Nullzeichen (\\u0000): bitte entfernen."
        )
    return head


def _refuse_unknown_declared_crs(path: Path, head: str) -> None:
    """GDAL reads a GeoJSON whose ``crs`` member it does not know as WGS84 without a word: refuse instead."""
    declared = _DECLARED_CRS.search(head)
    if declared is None:
        return
    try:
        CRS.from_user_input(declared[1])
    except CRSError as error:
        raise UnreadableFileError(
            path.name,
            None,
            None,
            f"Unbekanntes Koordinatensystem »{declared[1]}« in der Datei: mit --crs angeben, z. B. --crs EPSG:25833.",
        ) from error


_DECLARED_CRS = re.compile(r'"crs"\s*:\s*\{[^{}]*\{[^{}]*"name"\s*:\s*"([^"]+)"')


def _refuse_projected_as_degrees(path: Path, frame: gpd.GeoDataFrame) -> None:
    """Metres read as degrees (a GeoJSON in UTM without CRS is taken as WGS84): say which CRS is likely."""
    if frame.crs is None or not frame.crs.is_geographic:
        return
    west, south, east, north = frame.total_bounds
    if -180.0001 <= west <= east <= 180.0001 and -90.0001 <= south <= north <= 90.0001:
        return
    northing_in_germany = 5_000_000 <= south <= north <= 6_200_000
    if 100_000 <= west <= east <= 900_000 and northing_in_germany:
        likely = "vermutlich UTM (in Deutschland EPSG:25832 oder EPSG:25833)"
    elif 2_400_000 <= west <= east <= 5_700_000 and northing_in_germany:
        likely = "vermutlich Gauß-Krüger (EPSG:31466 bis EPSG:31469)"
    else:
        likely = "vermutlich ein projiziertes System in Metern"
    raise UnreadableFileError(
        path.name,
        None,
        None,
        f"Koordinaten ({format_number(west)}, {format_number(south)}) liegen außerhalb von ±180°/±90°: "
        f"Die Datei gibt kein passendes Koordinatensystem an, {likely}. "
        "Mit --crs angeben (Seite Daten: Feld »Koordinatensystem«), z. B. --crs EPSG:25833.",
    )


def _find(header: list[str], mapping: Mapping, field: str, names: tuple[str, ...]) -> str | None:
    if field in mapping.columns:
        return mapping.columns[field] if mapping.columns[field] in header else None
    wanted = {normalise(name) for name in names}
    return next((column for column in header if normalise(column) in wanted), None)


def validate(
    engine: Engine, frame: gpd.GeoDataFrame, file_name: str, mapping: Mapping, report: ImportReport
) -> dict[str, Any]:
    area_list = bool(frame.attrs.get("area_list"))
    frame = filter_rows(frame, mapping, report, None)  # before dissolving: a filter may pick what to unite
    if frame is None:
        return {}
    if area_list and mapping.values.get("dissolve"):
        report.error(None, None, "dissolve braucht eine Geometriedatei; eine Gebietsliste hat keine Umrisse.")
        return {}
    if mapping.values.get("dissolve"):
        # One area from all features, e.g. the city from its districts.
        frame = gpd.GeoDataFrame(
            {"key": [str(mapping.values.get("key", ""))], "name": [str(mapping.values.get("name", ""))]},
            geometry=[shapely.union_all(frame.geometry.to_numpy())],
            crs=frame.crs,
        )
    header = [column for column in frame.columns if column != frame.geometry.name]
    key_column = _find(header, mapping, "key", KEY_NAMES)
    name_column = _find(header, mapping, "name", NAME_NAMES)
    parent_column = _find(header, mapping, "parent", PARENT_NAMES)
    level = str(mapping.values.get("level") or mapping.level or "")
    parent_level = str(mapping.values.get("parent_level", ""))
    version_key = mapping.boundary_version
    if key_column is None:
        report.error(None, None, 'Keine Schlüsselspalte gefunden: in der Zuordnung [columns] key = "…" angeben.')
    if name_column is None and area_list:
        report.error(None, None, 'Keine Namensspalte gefunden: in der Zuordnung [columns] name = "…" angeben.')
    if level not in {member.value for member in AREA_LEVELS}:
        report.error(None, None, "Ebene fehlt oder unbekannt: level = city, district, social_space oder planning_area.")
    if not version_key:
        report.error(None, None, 'Gebietsstand fehlt: boundary_version = "…" in der Zuordnung angeben.')
    if not report.ok:
        return {}
    version = _version(engine, version_key, mapping, report)
    fixed_parent = str(mapping.values.get("parent", "")).strip()
    parent_prefix = mapping.values.get("parent_from_key", 0)
    # Without parent settings the file says nothing about parents: existing areas keep theirs.
    derives_parent = bool(parent_column or fixed_parent or parent_prefix)
    parents = _parents(engine, version_key, parent_level) if derives_parent else {}
    existing = _existing_keys(engine, version_key, level)
    # A geometry file without names may complete areas listed before; their names stay.
    known_names = _existing_names(engine, version_key, level) if name_column is None else {}
    where = "in Zeile" if area_list else "im Objekt"
    numbers = frame.index if area_list else frame.index + 1
    # Positional access: a list's headers are the user's, not identifiers itertuples could keep.
    columns = list(frame.columns)
    key_at = columns.index(key_column)
    name_at = columns.index(name_column) if name_column is not None else None
    parent_at = columns.index(parent_column) if parent_column is not None else None
    geometry_at = columns.index(frame.geometry.name)
    rows, seen = [], {}
    # Object numbers count in the file, also when a filter skipped some.
    for position, record in zip(numbers, frame.itertuples(index=False, name=None), strict=True):
        key = _text(record[key_at])
        geometry = record[geometry_at]
        if not key:
            report.error(position, key_column, "Schlüssel fehlt.")
            continue
        name = _text(record[name_at]) if name_at is not None else known_names.get(key, "")
        if key in seen:
            report.error(position, key_column, f"Schlüssel »{key}« kommt schon {where} {seen[key]} vor.")
            continue
        seen[key] = position
        if not _key_fits(key, existing, position, key_column, report):
            continue
        if not name:
            hint = "" if name_column else ' (neues Gebiet: Namensspalte mit [columns] name = "…" angeben)'
            report.error(position, name_column, f"Name fehlt (Gebiet »{key}«){hint}.")
            continue
        if not _texts_fit(position, ((key_column, Area.key, key), (name_column, Area.name, name)), report):
            continue
        row = {"key": key, "name": name, "level": level}
        if not area_list:
            # A list says nothing about boundaries: areas that have one keep it.
            row["geometry"] = _checked_geometry(geometry, key, position, report)
            if row["geometry"] is None:
                continue
        if derives_parent:
            parent_key = _text(record[parent_at]) if parent_at is not None else fixed_parent or key[:parent_prefix]
            row["parent_id"] = parents.get(parent_key)
            if row["parent_id"] is None:
                report.error(
                    position, parent_column, f"Übergeordnetes Gebiet »{parent_key}« ({parent_level}) unbekannt."
                )
                continue
        elif key not in existing:
            row["parent_id"] = None
        rows.append(row)
    if not derives_parent and any("parent_id" in row for row in rows):
        # One statement writes all rows, so all carry the same columns: new areas have no parent, and
        # existing ones get theirs again (unchanged) rather than NULL.
        for row in rows:
            if "parent_id" not in row:
                row["parent_id"] = existing[row["key"]]
    if rows and not area_list:
        metric = gpd.GeoSeries([row["geometry"] for row in rows], crs="EPSG:4326")
        areas_km2 = metric.to_crs(metric.estimate_utm_crs()).area / 1e6
        for row, area in zip(rows, areas_km2, strict=True):
            row["area_km2"] = round(float(area), 4)
            row["geometry"] = shapely.to_wkb(row["geometry"])
    return {"version": version, "rows": rows}


def _text(value: object) -> str:
    """A cell as text: missing values (None, NaN) are empty, never »None«; whole numbers lose ».0«."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _key_fits(key: str, existing: dict[str, int | None], position: int, column: str, report: ImportReport) -> bool:
    """A key typed as a number (101) beside a stored zero-padded one (0101) would create a second area."""
    if key in existing or not key.isdigit():
        return True
    padded = [known for known in existing if known.isdigit() and known != key and known.lstrip("0") == key.lstrip("0")]
    if not padded:
        return True
    report.error(
        position,
        column,
        f"Schlüssel »{key}« fehlt im Gebietsstand, »{padded[0]}« gibt es: führende Nullen verloren? "
        f"Bitte »{padded[0]}« schreiben (in Excel die Spalte als Text formatieren).",
    )
    return False


def _texts_fit(position: int, cells, report: ImportReport) -> bool:  # (column label, model column, text)
    fits = True
    for label, column, text in cells:
        problem = limits.text_problem(column, text)
        if problem:
            report.error(position, label, problem)
            fits = False
    return fits


def _existing_keys(engine: Engine, version_key: str, level: str) -> dict[str, int | None]:
    """Key -> parent id of the areas this import would update."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(Area.key, Area.parent_id)
            .join(BoundaryVersion)
            .where(BoundaryVersion.key == version_key, Area.level == level)
        )
        return dict(rows.all())


def _existing_names(engine: Engine, version_key: str, level: str) -> dict[str, str]:
    with engine.connect() as connection:
        rows = connection.execute(
            select(Area.key, Area.name)
            .join(BoundaryVersion)
            .where(BoundaryVersion.key == version_key, Area.level == level)
        )
        return dict(rows.all())


def _checked_geometry(geometry, key: str, position: int, report: ImportReport):
    if geometry is None or geometry.is_empty:
        report.error(position, "Geometrie", f"Gebiet »{key}« hat keine Geometrie.")
        return None
    if geometry.geom_type not in {"Polygon", "MultiPolygon"}:
        report.error(position, "Geometrie", f"Gebiet »{key}« ist kein Polygon, sondern {geometry.geom_type}.")
        return None
    if geometry.is_valid:
        return geometry
    reason = shapely.is_valid_reason(geometry)
    repaired = shapely.make_valid(geometry)
    polygons = [
        part for part in getattr(repaired, "geoms", [repaired]) if part.geom_type in {"Polygon", "MultiPolygon"}
    ]
    if not polygons:
        report.error(position, "Geometrie", f"Gebiet »{key}«: ungültiges Polygon ({reason}), nicht reparierbar.")
        return None
    fixed = shapely.union_all(polygons)
    report.warn(position, "Geometrie", f"Gebiet »{key}«: ungültiges Polygon ({reason}) wurde repariert.")
    return fixed


def _version(engine: Engine, version_key: str, mapping: Mapping, report: ImportReport) -> dict[str, Any]:
    with engine.connect() as connection:
        existing = connection.execute(select(BoundaryVersion).where(BoundaryVersion.key == version_key)).first()
    if existing:
        return {"id": existing.id, "key": version_key, "update": _corrected_validity(existing, mapping, report)}
    valid_from = _start_date(str(mapping.values.get("valid_from", "")))
    if valid_from is None:
        report.error(
            None, None, f"Neuer Gebietsstand »{version_key}«: valid_from (gültig ab) in der Zuordnung angeben."
        )
    valid_to_text = str(mapping.values.get("valid_to", "")).strip()
    name = str(mapping.values.get("version_name", version_key))
    for label, column, text in (
        ("boundary_version", BoundaryVersion.key, version_key),
        ("version_name", BoundaryVersion.name, name),
    ):
        if problem := limits.text_problem(column, text):
            report.error(None, None, f"Gebietsstand (Zuordnung »{label}«): {problem}")
    return {
        "id": None,
        "key": version_key,
        "name": name,
        "valid_from": valid_from,
        "valid_to": read_stichtag(valid_to_text) if valid_to_text else None,
    }


def _corrected_validity(existing: Any, mapping: Mapping, report: ImportReport) -> dict[str, Any]:
    """What the mapping states differently about a stored version (name, valid_from, valid_to): a corrected
    date in a re-import is written, and said so, instead of being silently ignored."""
    stated = {}
    if text := str(mapping.values.get("valid_from", "")).strip():
        stated["valid_from"] = _start_date(text)
    if text := str(mapping.values.get("valid_to", "")).strip():
        stated["valid_to"] = read_stichtag(text)
    if text := str(mapping.values.get("version_name", "")).strip():
        stated["name"] = text
    for name in ("valid_from", "valid_to"):
        if name in stated and stated[name] is None:
            report.error(None, None, f"Gebietsstand »{existing.key}«: {name} in der Zuordnung ist kein Datum.")
    changes = {name: value for name, value in stated.items() if value is not None and value != getattr(existing, name)}
    labels = {"valid_from": "gültig ab", "valid_to": "gültig bis", "name": "Name"}
    for name, value in changes.items():
        old = getattr(existing, name)
        shown = (format_date(old), format_date(value)) if name != "name" else (f"»{old}«", f"»{value}«")
        report.warn(
            None, None, f"Gebietsstand »{existing.key}«: {labels[name]} wird von {shown[0]} auf {shown[1]} geändert."
        )
    start, end = changes.get("valid_from", existing.valid_from), changes.get("valid_to", existing.valid_to)
    if end is not None and end < start:
        report.error(
            None,
            None,
            f"Gebietsstand »{existing.key}«: gültig bis {format_date(end)} liegt vor gültig ab {format_date(start)}.",
        )
    return changes


def _start_date(text: str):
    """A version's start: a bare year means 1 January (read_stichtag would give the 31.12. Stichtag)."""
    stripped = text.strip()
    if stripped.isdigit() and len(stripped) == 4:
        return date(int(stripped), 1, 1)
    return read_stichtag(stripped)


def _parents(engine: Engine, version_key: str, parent_level: str) -> dict[str, int]:
    with engine.connect() as connection:
        rows = connection.execute(
            select(Area.key, Area.id)
            .join(BoundaryVersion)
            .where(BoundaryVersion.key == version_key, Area.level == parent_level)
        )
        return dict(rows.all())


def write(connection: Connection, prepared: dict[str, Any]) -> int:
    version = prepared["version"]
    version_id = version["id"] if version["id"] is not None else _create_version(connection, version)
    if version.get("update"):
        connection.execute(update(BoundaryVersion).where(BoundaryVersion.id == version_id).values(**version["update"]))
    rows = [{**row, "boundary_version_id": version_id} for row in prepared["rows"]]
    upsert(connection, Area.__table__, rows, ["boundary_version_id", "level", "key"])
    return len(rows)


def _create_version(connection: Connection, version: dict[str, Any]) -> int:
    """Create the Gebietsstand unless a concurrent import just did (then use that one): two imports of the
    same new version at once must not end in a unique-key error. On PostgreSQL the second INSERT waits
    for the first transaction and then does nothing."""
    insert = postgresql_insert if connection.dialect.name == "postgresql" else sqlite_insert
    values = {name: version[name] for name in ("key", "name", "valid_from", "valid_to")}
    connection.execute(
        insert(BoundaryVersion.__table__).values(**values).on_conflict_do_nothing(index_elements=["key"])
    )
    return connection.execute(select(BoundaryVersion.id).where(BoundaryVersion.key == version["key"])).scalar_one()
