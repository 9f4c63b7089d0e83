"""Where the database lives, decided in one place.

Order: the environment variable ``SOZIALRAUM_DATABASE_URL``, then Streamlit secrets (key
``SOZIALRAUM_DATABASE_URL`` or ``[connections.sozialraum] url``), then the embedded SQLite file
``data/sozialraum.db`` beside ``app.py``. The secrets file is read with ``tomllib`` so the CLI and the
core work without Streamlit.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

ENV_DATABASE_URL = "SOZIALRAUM_DATABASE_URL"
ENV_TILE_URL = "SOZIALRAUM_TILE_URL"
ENV_TILE_ATTRIBUTION = "SOZIALRAUM_TILE_ATTRIBUTION"

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def data_dir() -> Path:
    """The project's ``data/`` folder (beside ``app.py``), or ``./data`` for a non-editable install."""
    if (PROJECT_ROOT / "app.py").exists():
        return PROJECT_ROOT / "data"
    return Path.cwd() / "data"


def default_database_url() -> str:
    return f"sqlite:///{data_dir() / 'sozialraum.db'}"


def read_secrets_files() -> dict[str, Any]:
    """Streamlit's secrets.toml files (user-wide, then project), later ones winning, as Streamlit does."""
    merged: dict[str, Any] = {}
    for path in (Path.home() / ".streamlit" / "secrets.toml", Path.cwd() / ".streamlit" / "secrets.toml"):
        if path.is_file():
            with path.open("rb") as handle:
                merged.update(tomllib.load(handle))
    return merged


def url_from_secrets(secrets: Mapping[str, Any]) -> str | None:
    if url := secrets.get(ENV_DATABASE_URL):
        return str(url)
    connection = secrets.get("connections", {}).get("sozialraum", {})
    if url := connection.get("url"):
        return str(url)
    return None


def resolve_database_url(explicit: str | None = None, secrets: Mapping[str, Any] | None = None) -> str:
    """The database URL: explicit argument > environment > secrets > embedded SQLite."""
    if explicit:
        return explicit
    if env_url := os.environ.get(ENV_DATABASE_URL):
        return env_url
    if secrets is None:
        secrets = read_secrets_files()
    if secret_url := url_from_secrets(secrets):
        return secret_url
    return default_database_url()


def display_url(url: str) -> str:
    """The URL without its password, for messages and the UI."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
