"""Find the area a key means at a given period: the boundary version valid then decides."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine, select

from sozialraum.formatting import format_date
from sozialraum.models import Area, BoundaryVersion, Indicator
from sozialraum.vocabulary import LEVEL_SINGULAR

#: Kept for callers not yet on ``vocabulary.LEVEL_SINGULAR`` (analysis.budget, views/budget.py).
LEVEL_NAMES = LEVEL_SINGULAR


@dataclass(frozen=True)
class AreaCandidate:
    area_id: int
    level: str
    version_key: str
    valid_from: date
    valid_to: date | None

    def valid_at(self, period: date) -> bool:
        return self.valid_from <= period and (self.valid_to is None or period <= self.valid_to)


class AreaLookup:
    def __init__(self, engine: Engine, level: str | None = None, boundary_version: str | None = None) -> None:
        statement = select(
            Area.key,
            Area.id,
            Area.level,
            BoundaryVersion.key,
            BoundaryVersion.valid_from,
            BoundaryVersion.valid_to,
            Area.name,
        ).join(BoundaryVersion)
        if level:
            statement = statement.where(Area.level == level)
        if boundary_version:
            statement = statement.where(BoundaryVersion.key == boundary_version)
        # A version named in the mapping wins over validity dates: Berlin's MSS 2021 (Stichtag 31.12.2020)
        # is published on the LOR 2021, which are valid from 01.01.2021.
        self._explicit_version = bool(boundary_version)
        self._by_key: dict[str, list[AreaCandidate]] = defaultdict(list)
        self._by_digits: dict[str, list[str]] | None = None
        self._names: set[tuple[str, str]] = set()
        with engine.connect() as connection:
            for key, area_id, area_level, version, valid_from, valid_to, name in connection.execute(statement):
                self._by_key[key].append(AreaCandidate(area_id, area_level, version, valid_from, valid_to))
                self._names.add((key, name))

    def names(self) -> list[tuple[str, str]]:
        """(key, name) of the areas looked in, once each (a key keeps its name across versions or not)."""
        return sorted(self._names)

    def find(self, key: str, period: date) -> tuple[int | None, str | None]:
        """The area id for ``key`` at ``period``, or None and a German reason."""
        candidates = self._by_key.get(key.strip())
        if not candidates:
            padded = self._padded(key.strip())
            if padded and len(padded) < len(key.strip()):
                # The file pads where the geometry does not (Köln: 001 for Stadtbezirk 1).
                return None, (
                    f"Unbekannter Gebietsschlüssel »{key}«; gemeint ist wohl »{padded}« (in der Zuordnung "
                    "[values] key_strip_zeros = true angeben)."
                )
            if padded:
                return None, (
                    f"Unbekannter Gebietsschlüssel »{key}«; gemeint ist wohl »{padded}« (führende Nullen verloren? "
                    f"In Excel die Spalte als Text formatieren oder in der Zuordnung [values] key_pad = {len(padded)})."
                )
            return None, f"Unbekannter Gebietsschlüssel »{key}«."
        valid = [c for c in candidates if self._explicit_version or c.valid_at(period)]
        if not valid:
            versions = ", ".join(sorted({c.version_key for c in candidates}))
            return None, (
                f"Gebietsschlüssel »{key}« gibt es zum {format_date(period)} nicht (nur im Gebietsstand {versions})."
            )
        if len(valid) > 1:
            levels = ", ".join(sorted(LEVEL_SINGULAR.get(c.level, c.level) for c in valid))
            return None, (
                f"Gebietsschlüssel »{key}« ist mehrdeutig (Ebenen: {levels}); in der Zuordnungsdatei »level« angeben."
            )
        return valid[0].area_id, None

    def _padded(self, key: str) -> str | None:
        """The stored zero-padded key a number-typed key (101 for 0101) stands for, if exactly one does."""
        if not key.isdigit():
            return None
        if self._by_digits is None:
            self._by_digits = defaultdict(list)
            for known in self._by_key:
                if known.isdigit():
                    self._by_digits[known.lstrip("0")].append(known)
        matches = [known for known in self._by_digits.get(key.lstrip("0"), []) if known != key]
        return matches[0] if len(matches) == 1 else None


def indicator_catalogue(engine: Engine) -> dict[str, tuple[int, str, float]]:
    """Indicator key -> (id, kind, scale)."""
    with engine.connect() as connection:
        rows = connection.execute(select(Indicator.key, Indicator.id, Indicator.kind, Indicator.scale))
        return {key: (indicator_id, kind, scale) for key, indicator_id, kind, scale in rows}
