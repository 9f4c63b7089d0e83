"""Taking an import back: each import records the prior state of every row it changed, undo restores it.

Recording (``record_changes``, called by the runner inside the import's transaction) reads the rows an
import kind can touch before and after its write, scoped by what the file names (the boundary version, the
indicator keys, the indicator × Stichtag pairs, the budget years, all goals), and stores each row that
differs as one ``import_change`` row: table, primary key, the row before as JSON text and the SHA-256 of the
row after (NULL where it did not exist): the state after is only ever compared, so its digest is enough,
and a new Planungsraum's geometry is not stored twice. The writers themselves stay as they are.

Undo (``undo_import``) is one transaction under the import lock. It refuses, in German and naming the import,
when a later import that is not undone changed one of the same rows (undo that one first), when a row was
changed since by something other than an import (a goal edited on its page), and when removing the import's
new rows would delete rows that depend on them (values of a later import on new areas). The import stays in
the log, marked as undone (``undone_at``).
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Connection,
    Date,
    DateTime,
    Engine,
    LargeBinary,
    Table,
    bindparam,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.sql.elements import ColumnElement

from sozialraum.db import IMPORT_LOCK_WAIT_SECONDS, import_transaction
from sozialraum.formatting import format_date, format_number
from sozialraum.models import (
    Area,
    Base,
    BoundaryVersion,
    BudgetLine,
    BudgetProduct,
    Goal,
    ImportChange,
    ImportLog,
    Indicator,
    Observation,
)
from sozialraum.store import data_version

#: Tables an import can change, in the order of ``Base.metadata`` (parents before children).
TABLE_WORDS = {
    "boundary_version": ("Gebietsstand", "Gebietsstände"),
    "area": ("Gebiet", "Gebiete"),
    "indicator": ("Kennzahl", "Kennzahlen"),
    "observation": ("Wert", "Werte"),
    "budget_product": ("Produkt", "Produkte"),
    "budget_line": ("Budgetzeile", "Budgetzeilen"),
    "goal": ("Wirkungsziel", "Wirkungsziele"),
}
#: Bookkeeping tables: not data, never counted or restored.
BOOKKEEPING_TABLES = {"import_log", "import_change", "data_version"}
_CHUNK = 500  # keys per IN list: far below SQLite's and PostgreSQL's parameter limits
_INSERT_BATCH = 20_000


class UndoRefusedError(Exception):
    """An undo that cannot be done; the text is the German message for the user."""


@dataclass(frozen=True)
class Scope:
    """Rows of ``table`` an import may change: those matching ``where`` (all rows when it is None)."""

    table: Table
    where: ColumnElement[bool] | None = None


@dataclass
class UndoPreview:
    """What undoing one import changes: counts per table of rows it added and rows it overwrote."""

    log_id: int
    file_name: str
    started_at: datetime
    added: Counter[str] = field(default_factory=Counter)
    overwritten: Counter[str] = field(default_factory=Counter)
    removed: Counter[str] = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(self.added.values()) + sum(self.overwritten.values()) + sum(self.removed.values())

    def label(self) -> str:
        return f"Import Nr. {self.log_id} ({self.file_name}, {format_date(self.started_at.date())})"

    def text(self) -> str:
        """»Import Nr. 12 (bevoelkerung.csv, 31.12.2024) zurücknehmen: 1.712 Werte, davon 40 überschriebene, …«"""
        if not self.total:
            return f"{self.label()} zurücknehmen: er hat nichts verändert und wird nur als zurückgenommen markiert."
        parts = []
        for table, (singular, plural) in TABLE_WORDS.items():
            count = self.added[table] + self.overwritten[table] + self.removed[table]
            if not count:
                continue
            text = f"{format_number(count)} {singular if count == 1 else plural}"
            if self.overwritten[table]:
                text += f", davon {format_number(self.overwritten[table])} überschriebene"
            parts.append(text)
        comma = "," if "davon" in parts[-1] else ""  # the »davon …« clause is closed by a comma
        verb = "wird" if self.total == 1 else "werden"
        return (
            f"{self.label()} zurücknehmen: {'; '.join(parts)}{comma} {verb} auf den vorherigen Stand gesetzt "
            "(neu hinzugekommene entfernt, überschriebene wiederhergestellt)."
        )


# --- recording -------------------------------------------------------------------------------------------


def scopes_for(kind: str, prepared: Any) -> list[Scope]:  # each importer prepares its own shape
    """The rows an import of ``kind`` with ``prepared`` (the checked data) may write."""
    if kind == "areas":
        version_ids = select(BoundaryVersion.id).where(BoundaryVersion.key == prepared["version"]["key"])
        return [
            Scope(BoundaryVersion.__table__, BoundaryVersion.key == prepared["version"]["key"]),
            Scope(Area.__table__, Area.boundary_version_id.in_(version_ids.scalar_subquery())),
        ]
    if kind == "indicators":
        return [Scope(Indicator.__table__, Indicator.key.in_(sorted({row["key"] for row in prepared})))]
    if kind == "observations":
        stored = prepared[prepared["flag"] != "missing"]
        indicator_ids = sorted(int(value) for value in stored["indicator_id"].unique())
        periods = sorted({_as_date(value) for value in stored["period"].unique()})
        return [
            Scope(
                Observation.__table__,
                Observation.indicator_id.in_(indicator_ids) & Observation.period.in_(periods),
            )
        ]
    if kind == "budget":
        codes = sorted({line["product"] for line in prepared["lines"]} | set(prepared["products"]))
        years = sorted({int(line["year"]) for line in prepared["lines"]})
        return [
            Scope(BudgetProduct.__table__, BudgetProduct.code.in_(codes)),
            Scope(BudgetLine.__table__, BudgetLine.year.in_(years)),
        ]
    if kind == "goals":
        return [Scope(Goal.__table__)]
    raise ValueError(f"unknown import kind {kind!r}")


def _as_date(value: Any) -> date:  # numpy, pandas or Python dates
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return value.to_pydatetime().date() if hasattr(value, "to_pydatetime") else date.fromisoformat(str(value)[:10])


Snapshot = dict[str, tuple[Table, dict[str, tuple]]]


def snapshot(connection: Connection, scopes: Iterable[Scope]) -> Snapshot:
    """table name -> (table, primary key text -> the row's values), for the rows within ``scopes``. Values
    stay as read: most rows are unchanged, and only changed ones are encoded (``record_changes``)."""
    result: Snapshot = {}
    for scope in scopes:
        statement = select(scope.table)
        if scope.where is not None:
            statement = statement.where(scope.where)
        _table, rows = result.setdefault(scope.table.name, (scope.table, {}))
        key_position = list(scope.table.columns).index(_key_column(scope.table))
        for row in connection.execute(statement):
            rows[str(row[key_position])] = tuple(row)
    return result


def record_changes(connection: Connection, log_id: int, before: Snapshot, after: Snapshot) -> int:
    """Store every row that differs between the snapshots as one ``import_change`` row; returns how many."""
    changes = []
    for table_name, (table, new_rows) in after.items():
        old_rows = before.get(table_name, (table, {}))[1]
        for key in old_rows.keys() | new_rows.keys():
            old, new = old_rows.get(key), new_rows.get(key)
            if old != new:
                changes.append(
                    (
                        log_id,
                        table_name,
                        key,
                        None if old is None else encode_values(table, old),
                        None if new is None else row_digest(encode_values(table, new)),
                    )
                )
    placeholder = "?" if connection.dialect.name == "sqlite" else "%s"
    statement = (
        f"INSERT INTO {ImportChange.__tablename__} (log_id, table_name, row_key, before, after_digest) "
        f"VALUES ({', '.join([placeholder] * 5)})"
    )
    for start in range(0, len(changes), _INSERT_BATCH):
        connection.exec_driver_sql(statement, changes[start : start + _INSERT_BATCH])
    return len(changes)


def row_digest(encoded: str | None) -> str | None:
    return None if encoded is None else hashlib.sha256(encoded.encode()).hexdigest()


def encode_values(table: Table, values: tuple) -> str:
    """A row (its values in column order) as JSON text; dates as ISO text, binary as base64."""
    return json.dumps(
        {column.name: _encode(value) for column, value in zip(table.columns, values, strict=True)}, sort_keys=True
    )


def _encode(value: Any) -> Any:  # any column value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    return value


def decode_row(table: Table, text: str) -> dict[str, Any]:
    values = json.loads(text)
    for column in table.columns:
        value = values.get(column.name)
        if value is None:
            continue
        if isinstance(column.type, DateTime):
            values[column.name] = datetime.fromisoformat(value)
        elif isinstance(column.type, Date):
            values[column.name] = date.fromisoformat(value)
        elif isinstance(column.type, LargeBinary):
            values[column.name] = base64.b64decode(value)
    return values


def _key_column(table: Table):  # a Column
    (column,) = table.primary_key.columns  # every data table has a single-column primary key
    return column


def _key_value(table: Table, text: str) -> Any:  # int or str
    return int(text) if _key_column(table).type.python_type is int else text


# --- preview and undo ------------------------------------------------------------------------------------


def preview_undo(engine: Engine, log_id: int) -> UndoPreview:
    """What undoing import ``log_id`` would change; raises ``UndoRefusedError`` when it cannot be undone."""
    with engine.connect() as connection:
        log = _undoable_log(connection, log_id)
        return _preview(connection, log)


def _preview(connection: Connection, log: Any) -> UndoPreview:  # a Row of import_log
    preview = UndoPreview(log.id, log.file_name, log.started_at)
    statement = (
        select(
            ImportChange.table_name,
            ImportChange.before.is_(None),
            ImportChange.after_digest.is_(None),
            func.count(),
        )
        .where(ImportChange.log_id == log.id)
        .group_by(ImportChange.table_name, ImportChange.before.is_(None), ImportChange.after_digest.is_(None))
    )
    for table_name, was_new, was_removed, count in connection.execute(statement):
        target = preview.added if was_new else preview.removed if was_removed else preview.overwritten
        target[table_name] += count
    return preview


def _undoable_log(connection: Connection, log_id: int):  # a Row of import_log
    log = connection.execute(select(ImportLog).where(ImportLog.id == log_id)).first()
    if log is None:
        raise UndoRefusedError(f"Import Nr. {log_id} gibt es im Importprotokoll nicht.")
    label = f"Import Nr. {log.id} ({log.file_name})"
    if log.outcome != "ok":
        raise UndoRefusedError(f"{label} wurde abgelehnt und hat nichts geschrieben; es gibt nichts zurückzunehmen.")
    if log.undone_at is not None:
        raise UndoRefusedError(f"{label} wurde bereits am {log.undone_at:%d.%m.%Y um %H:%M} zurückgenommen.")
    if not log.changes_recorded:
        raise UndoRefusedError(
            f"{label} stammt aus der Zeit vor der Aufzeichnung von Änderungen (vor Schema 0006) "
            "und kann nicht zurückgenommen werden."
        )
    return log


def undo_import(engine: Engine, log_id: int, lock_wait: float = IMPORT_LOCK_WAIT_SECONDS) -> UndoPreview:
    """Restore the database as it was before import ``log_id``, in one transaction; returns what changed.

    Raises ``UndoRefusedError`` (nothing changed) when the import cannot be taken back, and
    ``db.DatabaseBusyError`` when another import holds the lock longer than ``lock_wait`` seconds.
    """
    with import_transaction(engine, lock_wait) as connection:
        log = _undoable_log(connection, log_id)
        preview = _preview(connection, log)
        _refuse_later_imports(connection, log)
        changes = connection.execute(
            select(ImportChange.table_name, ImportChange.row_key, ImportChange.before, ImportChange.after_digest).where(
                ImportChange.log_id == log.id
            )
        ).all()
        by_table: dict[str, list[tuple[str, str | None, str | None]]] = {}
        for table_name, key, before, after in changes:
            by_table.setdefault(table_name, []).append((key, before, after))
        tables = [table for table in Base.metadata.sorted_tables if table.name in by_table]
        for table in tables:
            _refuse_changed_since(connection, log, table, by_table[table.name])
        counts_before = _row_counts(connection)
        for table in reversed(tables):  # children first: a new area goes after the values on it
            new_keys = [_key_value(table, key) for key, before, _after in by_table[table.name] if before is None]
            for start in range(0, len(new_keys), _CHUNK):
                key_column = _key_column(table)
                connection.execute(delete(table).where(key_column.in_(new_keys[start : start + _CHUNK])))
        for table in tables:  # parents first: a restored value needs its area
            changes = by_table[table.name]
            restored = [decode_row(table, before) for _key, before, after in changes if after is None and before]
            if restored:
                connection.execute(insert(table), restored)
            overwritten = [decode_row(table, before) for _key, before, after in changes if before and after]
            if overwritten:
                _restore_overwritten(connection, table, overwritten)
        _refuse_cascades(connection, log, preview, counts_before)
        connection.execute(update(ImportLog).where(ImportLog.id == log.id).values(undone_at=datetime.now()))
        data_version.bump(connection)
    return preview


def _restore_overwritten(connection: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """One UPDATE statement executed for all rows (executemany), by primary key."""
    key_column = _key_column(table)
    columns = [column.name for column in table.columns if column.name != key_column.name]
    statement = (
        update(table)
        .where(key_column == bindparam("undo_row_pk"))
        .values({name: bindparam(f"undo_column_{name}") for name in columns})
    )
    parameters = [
        {"undo_row_pk": row[key_column.name], **{f"undo_column_{name}": row.get(name) for name in columns}}
        for row in rows
    ]
    for start in range(0, len(parameters), _INSERT_BATCH):
        connection.execute(statement, parameters[start : start + _INSERT_BATCH])


def _later_imports(connection: Connection, log: Any, table_name: str | None = None) -> list[Any]:
    """Later imports, not undone, that changed rows this import changed (or, with ``table_name``, any row of
    that table)."""
    later = ImportChange.__table__.alias("later")
    statement = select(ImportLog.id, ImportLog.file_name, ImportLog.started_at).where(
        ImportLog.id > log.id, ImportLog.undone_at.is_(None), ImportLog.outcome == "ok"
    )
    if table_name is None:
        mine = ImportChange.__table__.alias("mine")
        statement = statement.where(
            select(later.c.id)
            .join(mine, (mine.c.table_name == later.c.table_name) & (mine.c.row_key == later.c.row_key))
            .where(later.c.log_id == ImportLog.id, mine.c.log_id == log.id)
            .exists()
        )
    else:
        statement = statement.where(
            select(later.c.id).where(later.c.log_id == ImportLog.id, later.c.table_name == table_name).exists()
        )
    return connection.execute(statement.order_by(ImportLog.id.desc())).all()


def _names(imports: list[Any]) -> str:
    return ", ".join(f"Nr. {row.id} ({row.file_name}, {format_date(row.started_at.date())})" for row in imports)


def _refuse_later_imports(connection: Connection, log: Any) -> None:
    if later := _later_imports(connection, log):
        raise UndoRefusedError(
            f"Import Nr. {log.id} ({log.file_name}) kann nicht zurückgenommen werden: der spätere Import "
            f"{_names(later)} hat dieselben Daten erneut geändert. Bitte zuerst Import Nr. {later[0].id} zurücknehmen."
        )


def _refuse_changed_since(
    connection: Connection,
    log: Any,
    table: Table,
    changes: list[tuple[str, str | None, str | None]],
) -> None:
    """Each row must still be as the import left it; otherwise something else changed it since."""
    expected = {key: after for key, _before, after in changes}
    key_column = _key_column(table)
    keys = [_key_value(table, key) for key in expected]
    current: dict[str, str] = {}
    for start in range(0, len(keys), _CHUNK):
        rows = connection.execute(select(table).where(key_column.in_(keys[start : start + _CHUNK])))
        current.update({str(row._mapping[key_column]): row_digest(encode_values(table, tuple(row))) for row in rows})
    for key, after in expected.items():
        if current.get(key) != after:
            singular = TABLE_WORDS.get(table.name, (table.name, table.name))[0]
            raise UndoRefusedError(
                f"Import Nr. {log.id} ({log.file_name}) kann nicht zurückgenommen werden: "
                f"{singular} (Nr. {key}) wurde seitdem außerhalb von Importen geändert "
                "(z. B. auf der Seite Wirkungsziele oder durch einen Sozialindex)."
            )


def _row_counts(connection: Connection) -> dict[str, int]:
    return {
        table.name: connection.scalar(select(func.count()).select_from(table))
        for table in Base.metadata.sorted_tables
        if table.name not in BOOKKEEPING_TABLES
    }


def _refuse_cascades(connection: Connection, log: Any, preview: UndoPreview, counts_before: dict[str, int]) -> None:
    """Removing the import's new rows must not take other rows with it (ON DELETE CASCADE)."""
    for table_name, count in _row_counts(connection).items():
        expected = counts_before[table_name] - preview.added[table_name] + preview.removed[table_name]
        if count == expected:
            continue
        plural = TABLE_WORDS.get(table_name, (table_name, table_name))[1]
        later = _later_imports(connection, log, table_name)
        cause = (
            f"der spätere Import {_names(later)} hat {plural} dazu geschrieben. "
            f"Bitte zuerst Import Nr. {later[0].id} zurücknehmen."
            if later
            else f"{format_number(abs(expected - count))} {plural} hängen von ihnen ab."
        )
        raise UndoRefusedError(
            f"Import Nr. {log.id} ({log.file_name}) kann nicht zurückgenommen werden: seine neuen Zeilen "
            f"würden {plural} mitlöschen; {cause}"
        )
