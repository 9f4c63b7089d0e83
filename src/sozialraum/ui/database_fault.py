"""A database lost mid-session: detected before a page runs and said in German, with what to do.

Without this, pages whose data sat in ``st.cache_data`` kept showing them as if current, and the others
ended on Streamlit's English error box. ``app.py`` calls ``stop_if_database_unreachable`` where it
obtains the engine; a page script that meets a fault later can use ``is_database_fault`` and
``show_database_fault`` (e.g. from a global error handler).
"""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError, SQLAlchemyError

from sozialraum.config import display_url
from sozialraum.ui import data
from sozialraum.ui.markup import markdown_literal

ADVICE = "Danach die Seite neu laden; bis dahin zeigt keine Seite Daten an."


def sqlite_path(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def database_fault(url: str) -> str | None:
    """A German description of why the database at ``url`` cannot be used now, or None when it can.

    A SQLite file is checked before connecting: a pooled connection still reads a deleted file, and a
    new one would silently create an empty database in its place.
    """
    path = sqlite_path(url)
    if path is not None:
        fault = _sqlite_file_fault(url, path)
        if fault:
            return fault
    try:
        with data.engine_for(url).connect() as connection:
            connection.exec_driver_sql("SELECT 1")
    except SQLAlchemyError as error:
        return unreachable_text(url, error)
    return None


def _sqlite_file_fault(url: str, path: Path) -> str | None:
    known = data.opened_sqlite_files.get(url)
    if not path.exists():
        if known is None:
            return None  # first start: the database (with the demo city) is created here
        return (
            f"Die Datenbankdatei »{path.name}« ({path.parent}) ist nicht mehr vorhanden. Bitte die Datei "
            f"wiederherstellen, z. B. aus der Sicherung, oder SOZIALRAUM_DATABASE_URL prüfen. {ADVICE}"
        )
    if not os.access(path, os.R_OK | os.W_OK):
        return (
            f"Die Datenbankdatei »{path.name}« ({path.parent}) ist nicht lesbar oder nicht beschreibbar. "
            f"Bitte die Dateirechte prüfen. {ADVICE}"
        )
    if known is not None and known != data.file_identity(path):
        # Replaced (restored from a backup): pooled connections still read the old file.
        data.forget_engine(url)
    return None


def unreachable_text(url: str, error: BaseException) -> str:
    return (
        f"Die Datenbank {display_url(url)} ist nicht erreichbar oder nicht lesbar ({error.__class__.__name__}). "
        f"Bitte prüfen, ob der Datenbankserver läuft und die Einstellung SOZIALRAUM_DATABASE_URL stimmt. {ADVICE}"
    )


def is_database_fault(error: BaseException) -> bool:
    """True for errors that mean the database is gone or unusable, not a bug in a page."""
    if isinstance(error, OperationalError | InterfaceError):
        return True
    return isinstance(error, DBAPIError) and error.connection_invalidated


def show_database_fault(text: str) -> None:
    """The German message; cached page data are dropped, so nothing stale shows once the database is back."""
    st.cache_data.clear()
    st.error(markdown_literal(text))  # paths and URLs hold _ and * that markdown would eat
    st.button("Erneut versuchen", key="database_fault_retry")


def stop_if_database_unreachable() -> None:
    """Run before every page: on a fault, show the message and stop the script run."""
    url = data.database_url()
    fault = database_fault(url)
    if fault:
        show_database_fault(fault)
        st.stop()
