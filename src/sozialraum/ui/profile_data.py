"""Cached reads some pages still take by name (Vergleich, Entwicklung, Karte, the area pickers).

They go through the pages' ``Source`` (``ui.source``), so they share its cache; the Steckbrief's own
data are gathered by ``reports.steckbrief.build``.
"""

from __future__ import annotations

import pandas as pd

from sozialraum.ui.source import CachedSource


def boundary_versions(url: str) -> pd.DataFrame:
    return CachedSource(url).boundary_versions()


def observation_inventory(url: str) -> pd.DataFrame:
    """Which indicator has values at which Stichtag, level and boundary version (for reasons of gaps)."""
    return CachedSource(url).inventory()
