"""Areas with boundaries from GeoJSON, Shapefile (plain or zipped) or GeoPackage, in any CRS.

Geometries are reprojected to EPSG:4326; invalid polygons are repaired (with a warning) when repair
keeps a polygon, and rejected otherwise. Areas belong to a boundary version (Gebietsstand), created on
first import from the mapping's ``[values]`` (``version_name``, ``valid_from``, ``valid_to``).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import geopandas as gpd
import shapely
from pyproj import CRS
from pyproj.exceptions import CRSError
from sqlalchemy import Connection, Engine, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from sozialraum.importing.mapping import Mapping, normalise
from sozialraum.importing.messages import ImportReport, UnreadableFileError
from sozialraum.importing.upsert import upsert
from sozialraum.importing.values import parse_period
from sozialraum.models import AREA_LEVELS, Area, BoundaryVersion

KEY_NAMES = ("key", "schluessel", "id", "gebiet")
NAME_NAMES = ("name", "bezeichnung")
PARENT_NAMES = ("parent", "eltern", "uebergeordnet")
GEOMETRY_SUFFIXES = {".geojson", ".json", ".shp", ".zip", ".gpkg"}


def read_geometries(path: Path, crs: str | None) -> gpd.GeoDataFrame:
    if path.suffix.lower() not in GEOMETRY_SUFFIXES:
        raise UnreadableFileError(
            path.name, None, None, "Geometrien bitte als GeoJSON, Shapefile (.shp/.zip) oder GeoPackage."
        )
    try:
        frame = gpd.read_file(path, engine="pyogrio")
    except Exception as error:  # noqa: BLE001 - GDAL raises many types for unreadable files
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
            "Koordinatensystem unbekannt (.prj fehlt): mit --crs angeben, z. B. --crs EPSG:25833.",
        )
    return frame.to_crs("EPSG:4326")


def _find(header: list[str], mapping: Mapping, field: str, names: tuple[str, ...]) -> str | None:
    if field in mapping.columns:
        return mapping.columns[field] if mapping.columns[field] in header else None
    wanted = {normalise(name) for name in names}
    return next((column for column in header if normalise(column) in wanted), None)


def validate(
    engine: Engine, frame: gpd.GeoDataFrame, file_name: str, mapping: Mapping, report: ImportReport
) -> dict[str, Any]:
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
    if name_column is None:
        report.error(None, None, 'Keine Namensspalte gefunden: in der Zuordnung [columns] name = "…" angeben.')
    if level not in {member.value for member in AREA_LEVELS}:
        report.error(None, None, "Ebene fehlt oder unbekannt: level = city, district, social_space oder planning_area.")
    if not version_key:
        report.error(None, None, 'Gebietsstand fehlt: boundary_version = "…" in der Zuordnung angeben.')
    if not report.ok:
        return {}
    version = _version(engine, version_key, mapping, report)
    fixed_parent = str(mapping.values.get("parent", "")).strip()
    parent_prefix = int(mapping.values.get("parent_from_key", 0))
    derives_parent = bool(parent_column or fixed_parent or parent_prefix)
    parents = _parents(engine, version_key, parent_level) if derives_parent else {}
    rows, seen = [], {}
    for position, record in enumerate(frame.itertuples(index=False), start=1):
        key = str(getattr(record, key_column)).strip()
        geometry = getattr(record, frame.geometry.name)
        if not key or key == "None":
            report.error(position, key_column, "Schlüssel fehlt.")
            continue
        if key in seen:
            report.error(position, key_column, f"Schlüssel »{key}« kommt schon im Objekt {seen[key]} vor.")
            continue
        seen[key] = position
        geometry = _checked_geometry(geometry, key, position, report)
        if geometry is None:
            continue
        parent_id = None
        if derives_parent:
            if parent_column:
                parent_key = str(getattr(record, parent_column)).strip()
            else:
                parent_key = fixed_parent or key[:parent_prefix]
            parent_id = parents.get(parent_key)
            if parent_id is None:
                report.error(
                    position, parent_column, f"Übergeordnetes Gebiet »{parent_key}« ({parent_level}) unbekannt."
                )
                continue
        rows.append(
            {
                "key": key,
                "name": str(getattr(record, name_column)).strip(),
                "level": level,
                "parent_id": parent_id,
                "geometry": geometry,
            }
        )
    if rows:
        metric = gpd.GeoSeries([row["geometry"] for row in rows], crs="EPSG:4326")
        areas_km2 = metric.to_crs(metric.estimate_utm_crs()).area / 1e6
        for row, area in zip(rows, areas_km2, strict=True):
            row["area_km2"] = round(float(area), 4)
            row["geometry"] = shapely.to_wkb(row["geometry"])
    return {"version": version, "rows": rows}


def _checked_geometry(geometry, key: str, position: int, report: ImportReport):  # noqa: ANN001, ANN202
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
        existing = connection.execute(select(BoundaryVersion.id).where(BoundaryVersion.key == version_key)).first()
    if existing:
        return {"id": existing[0], "key": version_key}
    valid_from = _start_date(str(mapping.values.get("valid_from", "")))
    if valid_from is None:
        report.error(
            None, None, f"Neuer Gebietsstand »{version_key}«: valid_from (gültig ab) in der Zuordnung angeben."
        )
    valid_to_text = str(mapping.values.get("valid_to", "")).strip()
    return {
        "id": None,
        "key": version_key,
        "name": str(mapping.values.get("version_name", version_key)),
        "valid_from": valid_from,
        "valid_to": parse_period(valid_to_text) if valid_to_text else None,
    }


def _start_date(text: str):  # noqa: ANN202
    """A version's start: a bare year means 1 January (parse_period would give the 31.12. Stichtag)."""
    stripped = text.strip()
    if stripped.isdigit() and len(stripped) == 4:
        return date(int(stripped), 1, 1)
    return parse_period(stripped)


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
