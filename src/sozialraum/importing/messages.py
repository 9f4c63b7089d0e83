"""What an import says to its user: German messages that name file, row and column."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

import pandas as pd


class Severity(enum.StrEnum):
    ERROR = "Fehler"  # blocks the import
    WARNING = "Hinweis"  # imported, but worth a look


@dataclass(frozen=True)
class Problem:
    file_name: str
    row: int | None
    column: str | None
    text: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        place = self.file_name
        if self.row is not None:
            place += f", Zeile {self.row}"
        if self.column:
            place += f", Spalte »{self.column}«"
        return f"{self.severity.value}: {place}: {self.text}"


class UnreadableFileError(Exception):
    """A problem that stops reading a file at once (unreadable encoding, empty file, broken header)."""

    def __init__(self, file_name: str, row: int | None, column: str | None, text: str) -> None:
        self.problem = Problem(file_name, row, column, text)
        super().__init__(str(self.problem))


@dataclass
class ImportReport:
    """The outcome of checking (and possibly writing) one file."""

    kind: str
    file_name: str
    rows_read: int = 0
    rows_written: int = 0
    problems: list[Problem] = field(default_factory=list)
    written: bool = False
    max_listed: int = 200

    @property
    def errors(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.severity == Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.severity == Severity.WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors

    def error(self, row: int | None, column: str | None, text: str) -> None:
        self.problems.append(Problem(self.file_name, row, column, text))

    def warn(self, row: int | None, column: str | None, text: str) -> None:
        self.problems.append(Problem(self.file_name, row, column, text, Severity.WARNING))

    def to_frame(self) -> pd.DataFrame:
        """The problems as a table for the Daten page (columns in German)."""
        return pd.DataFrame(
            [
                {
                    "Art": p.severity.value,
                    "Datei": p.file_name,
                    "Zeile": p.row,
                    "Spalte": p.column or "",
                    "Meldung": p.text,
                }
                for p in self.problems
            ],
            columns=["Art", "Datei", "Zeile", "Spalte", "Meldung"],
        )

    def summary(self) -> str:
        if not self.ok:
            return f"{self.file_name}: {len(self.errors)} Fehler, nichts wurde geschrieben." + (
                f" ({len(self.warnings)} Hinweise)" if self.warnings else ""
            )
        verb = "geschrieben" if self.written else "geprüft, bereit zum Schreiben (Probelauf)"
        return f"{self.file_name}: {self.rows_read} Zeilen gelesen, {self.rows_written} {verb}." + (
            f" {len(self.warnings)} Hinweise." if self.warnings else ""
        )

    def lines(self) -> list[str]:
        listed = [str(problem) for problem in self.problems[: self.max_listed]]
        if len(self.problems) > self.max_listed:
            listed.append(f"… und {len(self.problems) - self.max_listed} weitere Meldungen.")
        return listed
