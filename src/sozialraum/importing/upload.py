"""A browser upload's file name is a label, never a path.

The multipart file name comes from the client unchanged: ``../../etc/x.csv`` or ``/abs/x.csv`` are
ordinary values there. The upload is therefore written to a temporary file whose name the server
chooses (only the suffix is taken over, and only from a fixed list, because readers pick their format
by it); the client's name survives only as the label shown in messages and the import log.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import PurePosixPath

# Suffixes the importer can read; anything else is stored without a suffix and refused by the reader.
READABLE_SUFFIXES = (".csv", ".txt", ".tsv", ".xlsx", ".xlsm", ".xls", ".geojson", ".json", ".gpkg", ".zip", ".shp")
STORED_STEM = "upload"
_MAX_LABEL = 120


def upload_label(client_name: str | None) -> str:
    """The last path component of the client's name, without control characters, at most 120 characters."""
    text = (client_name or "").replace("\\", "/")
    text = PurePosixPath(text).name if text.strip("/") else ""
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) > _MAX_LABEL:
        text = text[: _MAX_LABEL - 1] + "…"
    return text if text.strip(".") else "Hochgeladene Datei"


def stored_name(client_name: str | None) -> str:
    """The server-chosen file name for an upload: ``upload`` plus a known suffix of the client's name."""
    suffix = PurePosixPath(upload_label(client_name)).suffix.lower()
    return STORED_STEM + (suffix if suffix in READABLE_SUFFIXES else "")
