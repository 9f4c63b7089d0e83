"""The data-version stamp: one counter in the database that every write raises.

The app's cached loaders hold query results for minutes; a change made by another process (the CLI, a
second server) would stay invisible until they expire. Each page run instead reads this one row
(``current``: a primary-key SELECT) and drops the cached data when the number moved.

Writers raise it inside their own transaction, so the new number becomes visible together with the data:
imports, undo and repairs call ``bump`` on their connection; ORM sessions (goals, Sozialindex, Sitzungsmappe,
demo) raise it automatically when they commit changes, through the session events registered below.
"""

from __future__ import annotations

from sqlalchemy import Connection, Engine, inspect, select, update
from sqlalchemy.orm import Session, SessionTransaction

from sozialraum.models import DataVersion

_WROTE = "sozialraum_data_written"


def bump(connection: Connection) -> None:
    """Raise the stamp within ``connection``'s transaction (nothing on a schema without the table)."""
    if not _has_stamp_table(connection):
        return
    connection.execute(update(DataVersion).where(DataVersion.id == 1).values(version=DataVersion.version + 1))


def current(engine: Engine) -> int:
    """The stamp now; 0 on a schema that predates it."""
    with engine.connect() as connection:
        if not _has_stamp_table(connection):
            return 0
        return connection.scalar(select(DataVersion.version).where(DataVersion.id == 1)) or 0


def _has_stamp_table(connection: Connection) -> bool:
    # Cached per connection: inspecting the schema on every write would cost more than the write of a goal.
    known = connection.info.get("has_data_version")
    if known is None:
        known = inspect(connection).has_table(DataVersion.__tablename__)
        if known:  # a missing table may appear with the next migration; only a found one is remembered
            connection.info["has_data_version"] = True
    return bool(known)


def _note_flush(session: Session, _context: object) -> None:
    if session.new or session.dirty or session.deleted:
        session.info[_WROTE] = True


def _note_bulk_statement(state) -> None:  # ORMExecuteState
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info[_WROTE] = True


def _bump_before_commit(session: Session) -> None:
    session.flush()
    if session.info.pop(_WROTE, False):
        bump(session.connection())
        session.info.pop(_WROTE, None)  # the bump itself is an UPDATE statement


def _forget(session: Session, _transaction: SessionTransaction | None = None) -> None:
    session.info.pop(_WROTE, None)


def register_session_events() -> None:
    from sqlalchemy import event

    if event.contains(Session, "before_commit", _bump_before_commit):
        return
    event.listen(Session, "after_flush", _note_flush)
    event.listen(Session, "do_orm_execute", _note_bulk_statement)
    event.listen(Session, "before_commit", _bump_before_commit)
    event.listen(Session, "after_soft_rollback", _forget)


register_session_events()
