"""Getting municipal data in: German CSV/XLSX and geometry files, checked completely, written all or nothing."""

from sozialraum.importing.messages import ImportReport, Problem
from sozialraum.importing.runner import KIND_LABELS, ImportKind, run_import

__all__ = ["KIND_LABELS", "ImportKind", "ImportReport", "Problem", "run_import"]
