"""SQL in and out: read queries returning DataFrames and typed writers; the only place that knows the schema."""

# Importing any store module registers the session events that raise the data-version stamp on every
# ORM commit, so no writer can forget it.
from sozialraum.store import data_version  # noqa: F401
