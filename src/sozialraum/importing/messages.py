"""What an import says to its user: German messages that name file, row and column.

A file with two million bad rows must not mean two million messages in memory, in the session and in the
import log: a report keeps the first ``KEPT_PER_KIND`` messages of each kind (at most ``KEPT_TOTAL``) and
counts the rest, so its totals stay exact and its size bounded. A kind is one check (``error_rows``) or,
for single messages, the text with its quoted and numeric parts blanked, so »Kein Zahlenwert: »x«« and
»Kein Zahlenwert: »y«« are one kind.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from sozialraum.formatting import format_number

KEPT_PER_KIND = 50
KEPT_TOTAL = 1_000
MAX_KINDS = 500  # beyond this many kinds, further ones are tallied together per severity and column


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
class KindTally:
    """How many messages of one kind were kept and how many only counted, with the first as example."""

    severity: Severity
    column: str | None
    example: str
    kept: int = 0
    omitted: int = 0


def _text_kind(severity: Severity, column: str | None, text: str) -> str:
    shape = re.sub(r"\d+", "#", re.sub(r"»[^«]*«", "»…«", text))
    return f"{severity.value}|{column or ''}|{shape}"


@dataclass
class ImportReport:
    """The outcome of checking (and possibly writing) one file.

    ``problems`` holds the kept messages (anything appended directly counts in full); ``tallies`` the
    counts per kind, including the messages that were only counted.
    """

    kind: str
    file_name: str
    rows_read: int = 0
    rows_written: int = 0
    problems: list[Problem] = field(default_factory=list)
    written: bool = False
    max_listed: int = 200
    tallies: dict[str, KindTally] = field(default_factory=dict)
    #: Why nothing was written although the file may be fine (another import held the database).
    blocked: str | None = None

    @property
    def errors(self) -> list[Problem]:
        """The kept errors; ``error_count`` is how many there are in all."""
        return [problem for problem in self.problems if problem.severity == Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.severity == Severity.WARNING]

    @property
    def error_count(self) -> int:
        return len(self.errors) + self._omitted(Severity.ERROR)

    @property
    def warning_count(self) -> int:
        return len(self.warnings) + self._omitted(Severity.WARNING)

    @property
    def problem_count(self) -> int:
        return len(self.problems) + self._omitted(Severity.ERROR) + self._omitted(Severity.WARNING)

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def _omitted(self, severity: Severity) -> int:
        return sum(tally.omitted for tally in self.tallies.values() if tally.severity == severity)

    def error(self, row: int | None, column: str | None, text: str, kind: str | None = None) -> None:
        self.add(Problem(self.file_name, row, column, text), kind)

    def warn(self, row: int | None, column: str | None, text: str, kind: str | None = None) -> None:
        self.add(Problem(self.file_name, row, column, text, Severity.WARNING), kind)

    def add(self, problem: Problem, kind: str | None = None) -> None:
        """Keep ``problem`` if its kind and the report have room, else only count it."""
        tally = self._tally(kind or _text_kind(problem.severity, problem.column, problem.text), problem)
        if self.room(tally) > 0:
            tally.kept += 1
            self.problems.append(problem)
        else:
            tally.omitted += 1

    def error_rows(self, kind: str, count: int, describe: Callable[[int], tuple[int | None, str | None, str]]) -> None:
        """Record ``count`` errors of one check. ``describe(i)`` gives row, column and text of the i-th; it
        is called only for the messages kept, so a million failing rows cost a million counts, not texts."""
        if count <= 0:
            return
        first = describe(0)
        tally = self._tally(kind, Problem(self.file_name, *first))
        kept = min(count, self.room(tally))
        for position in range(kept):
            row, column, text = first if position == 0 else describe(position)
            self.problems.append(Problem(self.file_name, row, column, text))
        tally.kept += kept
        tally.omitted += count - kept

    def room(self, tally: KindTally) -> int:
        return max(0, min(KEPT_PER_KIND - tally.kept, KEPT_TOTAL - len(self.problems)))

    def _tally(self, kind: str, problem: Problem) -> KindTally:
        if kind not in self.tallies and len(self.tallies) >= MAX_KINDS:
            kind = f"{problem.severity.value}|{problem.column or ''}|…"
        if kind not in self.tallies:
            self.tallies[kind] = KindTally(problem.severity, problem.column, problem.text)
        return self.tallies[kind]

    def omitted_lines(self) -> list[tuple[KindTally, str]]:
        """One German line per kind with messages only counted, most frequent first."""
        counted = sorted((t for t in self.tallies.values() if t.omitted), key=lambda t: (-t.omitted, t.example))
        lines = []
        for tally in counted:
            noun = "Fehler" if tally.severity == Severity.ERROR else "Hinweise"
            place = f" in Spalte »{tally.column}«" if tally.column else ""
            count = format_number(tally.omitted)
            lines.append((tally, f"… und {count} weitere {noun} dieser Art{place}, z. B.: {tally.example}"))
        return lines

    def to_frame(self) -> pd.DataFrame:
        """The kept problems as a table for the Daten page (columns in German), then one row per kind
        whose further messages were only counted."""
        rows = [
            {"Art": p.severity.value, "Datei": p.file_name, "Zeile": p.row, "Spalte": p.column or "", "Meldung": p.text}
            for p in self.problems
        ]
        rows += [
            {
                "Art": tally.severity.value,
                "Datei": self.file_name,
                "Zeile": None,
                "Spalte": tally.column or "",
                "Meldung": line,
            }
            for tally, line in self.omitted_lines()
        ]
        return pd.DataFrame(rows, columns=["Art", "Datei", "Zeile", "Spalte", "Meldung"])

    def summary(self) -> str:
        warnings = self.warning_count
        if self.blocked:
            return f"{self.file_name}: {self.blocked}"
        if not self.ok:
            return f"{self.file_name}: {format_number(self.error_count)} Fehler, nichts wurde geschrieben." + (
                f" ({format_number(warnings)} Hinweise)" if warnings else ""
            )
        verb = "geschrieben" if self.written else "geprüft, bereit zum Schreiben (Probelauf)"
        hint = f" {format_number(warnings)} Hinweise." if warnings else ""
        return (
            f"{self.file_name}: {format_number(self.rows_read)} Zeilen gelesen, "
            f"{format_number(self.rows_written)} {verb}.{hint}"
        )

    def lines(self) -> list[str]:
        """At most ``max_listed`` messages, then a count of the rest and one line per counted kind."""
        listed = [str(problem) for problem in self.problems[: self.max_listed]]
        if len(self.problems) > self.max_listed:
            listed.append(f"… und {format_number(len(self.problems) - self.max_listed)} weitere Meldungen.")
        listed += [line for _, line in self.omitted_lines()[: self.max_listed]]
        return listed
