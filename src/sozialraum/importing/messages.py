"""What an import says to its user: German messages that name file, row and column.

Two views of the same messages. The *summary* (``summary_lines``, ``message_groups``) groups them by kind
and distinct value: »Unbekannter Gebietsschlüssel »…«: 103 verschiedene Werte in 107 Zeilen: z. B.
»Eimsbüttel« (Zeilen 32, 103)«, with rows compressed to ranges (2–17, 20, 31–40); the same kind, value and
row from several columns (a wide file) counts once, naming the columns. The screen and the CLI show it,
the import log stores it, and ``report_frame`` (one line per distinct kind and value, all rows) is the
complete downloadable report. The *kept messages* (``problems``) are the first messages themselves.

Completeness against memory: a value costs its compressed ranges, not its rows, so a million failing rows
of one bad key are one range. Every distinct value is kept up to ``MAX_VALUES_PER_KIND`` per kind and
``MAX_VALUES_TOTAL`` in all, each with up to ``MAX_RANGES_PER_VALUE`` ranges and ``MAX_COLUMNS_PER_VALUE``
columns; beyond that messages and rows are counted, never dropped from the totals, and the report says
how many were only counted. Checks that fail for many rows pass their rows and values as arrays
(``error_rows``), so grouping them costs array operations, not a Python call per row.

A file with two million bad rows must not mean two million messages in memory, in the session and in the
import log: a report keeps the first ``KEPT_PER_KIND`` messages of each kind (at most ``KEPT_TOTAL``) and
counts the rest, so its totals stay exact and its size bounded. A kind is one check (``error_rows``) or,
for single messages, the text with its quoted and numeric parts blanked, so »Kein Zahlenwert: »x«« and
»Kein Zahlenwert: »y«« are one kind.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace

import pandas as pd

from sozialraum.formatting import format_number

KEPT_PER_KIND = 50
KEPT_TOTAL = 1_000
MAX_KINDS = 500  # beyond this many kinds, further ones are tallied together per severity and column
#: Bounds of the grouped summary (see ``MessageGroup``): distinct values listed per kind and in all,
#: row ranges listed per value, columns named per value. Beyond them rows and values are counted only.
MAX_VALUES_PER_KIND = 10_000
MAX_VALUES_TOTAL = 50_000
MAX_RANGES_PER_VALUE = 1_000
MAX_COLUMNS_PER_VALUE = 100
#: How many distinct values a summary line names as examples (the report file names all).
EXAMPLES_PER_LINE = 3


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
    #: The check (``unknown_area``) and the variable part of ``text`` (the bad key), for grouping.
    kind: str | None = None
    value: str | None = None
    #: Already counted in the report's groups (messages appended to ``problems`` directly are not).
    grouped: bool = field(default=False, compare=False, repr=False)

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


_QUOTED = re.compile(r"»([^«]*)«")


def derived_group(text: str) -> tuple[str, str | None]:
    """Kind and value for a caller that passes only text: the quoted parts are the value (joined by
    » · « when several), the text with them blanked is the kind, so »Kein Zahlenwert: »x«.« and
    »Kein Zahlenwert: »y«.« group together. Text without quotes is its own kind, without a value."""
    quoted = _QUOTED.findall(text)
    if not quoted:
        return text, None
    return _QUOTED.sub("»…«", text), " · ".join(quoted)


def compress_rows(rows: Iterable[int]) -> list[tuple[int, int]]:
    """Sorted, disjoint, non-adjacent ranges (first, last) covering exactly ``rows``."""
    ranges: list[tuple[int, int]] = []
    for row in sorted(set(rows)):
        if ranges and row == ranges[-1][1] + 1:
            ranges[-1] = (ranges[-1][0], row)
        else:
            ranges.append((row, row))
    return ranges


def expand_ranges(ranges: Iterable[tuple[int, int]]) -> set[int]:
    return {row for first, last in ranges for row in range(first, last + 1)}


def format_ranges(ranges: Sequence[tuple[int, int]], unlisted: int = 0) -> str:
    """»2–17, 20, 31–40« (with »und N weitere« for rows only counted)."""
    text = ", ".join(str(first) if first == last else f"{first}–{last}" for first, last in ranges)
    if unlisted:
        text += f" und {format_number(unlisted)} weitere"
    return text


def _merge_ranges(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for first, last in sorted(ranges):
        if merged and first <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged


@dataclass
class ValueEntry:
    """One distinct value of one kind: the rows it occurs in (compressed), the columns, the first text.

    ``occurrences`` counts messages (a row with the bad key in 16 columns is 16), ``row_count`` rows.
    Rows beyond ``MAX_RANGES_PER_VALUE`` ranges are counted in ``unlisted_rows``, not listed (and then
    not deduplicated across columns).
    """

    value: str | None
    example: str
    ranges: list[tuple[int, int]] = field(default_factory=list)
    unlisted_rows: int = 0
    columns: dict[str, None] = field(default_factory=dict)  # an ordered set
    more_columns: int = 0
    occurrences: int = 0

    @property
    def row_count(self) -> int:
        return sum(last - first + 1 for first, last in self.ranges) + self.unlisted_rows

    @property
    def first_row(self) -> int | None:
        return self.ranges[0][0] if self.ranges else None

    def add_rows(self, ranges: list[tuple[int, int]]) -> None:
        if not ranges:
            return
        if self.ranges and ranges[0][0] > self.ranges[-1][1] + 1:
            merged = self.ranges + ranges  # the common case: rows arrive in order
        else:
            merged = _merge_ranges(self.ranges + ranges)
        if len(merged) > MAX_RANGES_PER_VALUE:
            self.unlisted_rows += sum(last - first + 1 for first, last in merged[MAX_RANGES_PER_VALUE:])
            merged = merged[:MAX_RANGES_PER_VALUE]
        self.ranges = merged

    def add_columns(self, columns: Iterable[str]) -> None:
        for column in columns:
            if column in self.columns:
                continue
            if len(self.columns) < MAX_COLUMNS_PER_VALUE:
                self.columns[column] = None
            else:
                self.more_columns += 1


@dataclass
class MessageGroup:
    """All messages of one severity and kind, by distinct value.

    Complete within bounds: every distinct value up to ``MAX_VALUES_PER_KIND`` (and ``MAX_VALUES_TOTAL``
    over the report) is kept with its compressed rows and exact counts; messages with further values are
    counted in ``unlisted_occurrences``, so a file with a million different bad numbers costs ten
    thousand entries, not a million, while its totals stay exact.
    """

    severity: Severity
    kind: str
    title: str
    entries: dict[str | None, ValueEntry] = field(default_factory=dict)
    unlisted_occurrences: int = 0

    @property
    def occurrences(self) -> int:
        return sum(entry.occurrences for entry in self.entries.values()) + self.unlisted_occurrences

    @property
    def row_count(self) -> int:
        """Rows with a message of this kind, each counted once (exact within the bounds)."""
        rows: list[tuple[int, int]] = []
        unlisted = 0
        for entry in self.entries.values():
            rows += entry.ranges
            unlisted += entry.unlisted_rows
        return sum(last - first + 1 for first, last in _merge_ranges(rows)) + unlisted

    def sorted_entries(self) -> list[ValueEntry]:
        """Most frequent first, then by first row."""
        return sorted(self.entries.values(), key=lambda e: (-e.row_count, e.first_row or 0, str(e.value)))

    def columns(self) -> list[str]:
        named: dict[str, None] = {}
        for entry in self.entries.values():
            named.update(entry.columns)
        return list(named)

    def line(self, examples: int = EXAMPLES_PER_LINE, file_name: str = "") -> str:
        """One German line: the file, the kind, how many values and rows, the first values with their rows.
        A single message is shown as it is, with its row and column."""
        prefix = f"{file_name}: " if file_name else ""
        columns = self.columns()
        if len(self.entries) == 1 and not self.unlisted_occurrences:
            # One value: its message as it is (the placeholders of a kind's title would hide the facts).
            (entry,) = self.entries.values()
            place = file_name
            if entry.row_count > 1 or entry.unlisted_rows:
                place += f", {_rows_word(entry.row_count)} {format_ranges(entry.ranges[:20], entry.unlisted_rows)}"
            elif entry.first_row is not None:
                place += f", Zeile {entry.first_row}"
            if columns:
                place += f", Spalte »{columns[0]}«"
            place = place.removeprefix(", ")
            return (
                f"{self.severity.value}: {place}: {entry.example}"
                if place
                else f"{self.severity.value}: {entry.example}"
            )
        label = prefix + self.title.rstrip(" .")
        where = ""
        if len(columns) == 1:
            where = f" in Spalte »{columns[0]}«"
        elif columns:
            named = ", ".join(f"»{column}«" for column in columns[:3])
            rest = f" und {format_number(len(columns) - 3)} weiteren" if len(columns) > 3 else ""
            where = f" in {format_number(len(columns))} Spalten ({named}{rest})"
        entries = self.sorted_entries()
        with_value = [entry for entry in entries if entry.value is not None]
        rows = self.row_count
        if not with_value:
            ranges = _merge_ranges([r for entry in entries for r in entry.ranges])
            unlisted = sum(entry.unlisted_rows for entry in entries)
            place = f" ({_rows_word(rows)} {format_ranges(ranges[:20], unlisted)}{' …' if len(ranges) > 20 else ''})"
            times = f", {format_number(self.occurrences)}-mal" if self.occurrences > 1 else ""
            return f"{self.severity.value}: {label}{where}{place if rows else ''}{times}"
        distinct = len(with_value)
        more = f" (und {format_number(self.unlisted_occurrences)} Meldungen mit weiteren Werten)"
        count = f"{format_number(distinct)} verschiedene Werte" if distinct > 1 else "1 Wert"
        if rows:
            count += f" in {format_number(rows)} {_rows_word(rows)}"
        elif self.occurrences > distinct:
            count += f", {format_number(self.occurrences)} Meldungen"
        shown = "; ".join(_value_text(entry) for entry in with_value[:examples])
        tail = "; …" if distinct > examples else ""
        lead = "z. B. " if distinct > examples else ""
        return (
            f"{self.severity.value}: {label}{where}: {count}{more if self.unlisted_occurrences else ''}: "
            f"{lead}{shown}{tail}"
        )


def _hints(count: int) -> str:
    return "1 Hinweis" if count == 1 else f"{format_number(count)} Hinweise"


def _rows_word(count: int) -> str:
    return "Zeile" if count == 1 else "Zeilen"


def _value_text(entry: ValueEntry, max_ranges: int = 5) -> str:
    if not entry.ranges and not entry.unlisted_rows:
        hint = _hint(entry)
        return f"»{entry.value}«" + (f" ({hint.removeprefix('; ')})" if hint else "")
    ranges = entry.ranges[:max_ranges]
    unlisted = entry.unlisted_rows + sum(last - first + 1 for first, last in entry.ranges[max_ranges:])
    return f"»{entry.value}« ({_rows_word(entry.row_count)} {format_ranges(ranges, unlisted)}{_hint(entry)})"


#: A message may end in a hint that belongs to its value (the nearest area names): the summary keeps it.
HINT_MARK = "; ähnlich: "


def _hint(entry: ValueEntry) -> str:
    _, mark, hint = (entry.example or "").partition(HINT_MARK)
    return f"{HINT_MARK}{hint.rstrip('.')}" if mark else ""


REPORT_COLUMNS = ["Art", "Meldung", "Wert", "Zeilen", "Anzahl Zeilen", "Anzahl Meldungen", "Spalten", "Gruppe", "Datei"]


OVERFLOW_KIND = "…"


@dataclass
class MessageGroups:
    """The groups of one report, with the bounds on kinds and values applied."""

    groups: dict[tuple[str, str], MessageGroup] = field(default_factory=dict)
    values_total: int = 0

    def group(self, severity: Severity, kind: str, title: str) -> MessageGroup:
        key = (severity.value, kind)
        if key not in self.groups and len(self.groups) >= MAX_KINDS:
            key, title = (severity.value, OVERFLOW_KIND), "Weitere Meldungen anderer Art"
        if key not in self.groups:
            self.groups[key] = MessageGroup(severity, key[1], title)
        return self.groups[key]

    def _entry(self, group: MessageGroup, value: str | None, example: str) -> ValueEntry | None:
        entry = group.entries.get(value)
        if entry is None and len(group.entries) < MAX_VALUES_PER_KIND and self.values_total < MAX_VALUES_TOTAL:
            entry = group.entries[value] = ValueEntry(value, example)
            self.values_total += 1
        return entry

    def add_one(self, problem: Problem, kind: str | None, value: str | None, title: str | None) -> None:
        derived_kind, derived_value = derived_group(problem.text)
        value = value if value is not None else derived_value
        if title is None:
            title = problem.text.replace(f"»{value}«", "»…«") if kind and value is not None else derived_kind
        group = self.group(problem.severity, kind or derived_kind, title)
        entry = self._entry(group, value, problem.text)
        if entry is None:
            group.unlisted_occurrences += 1
            return
        entry.occurrences += 1
        if problem.row is not None:
            entry.add_rows([(problem.row, problem.row)])
        if problem.column:
            entry.add_columns([problem.column])

    def add_many(  # the aligned arrays of one check
        self,
        severity: Severity,
        kind: str,
        title: str,
        rows: Sequence[int],
        values: Sequence[object] | None,
        columns: Sequence[object] | str | None,
        example: Callable[[int], str],
    ) -> None:
        """Group ``len(rows)`` messages of one check at once (vectorised: a million failing rows cost a
        few array operations and one Python step per listed value and range). ``example(i)`` is the text
        of the i-th message, asked once per new listed value."""
        import numpy as np

        count = len(rows)
        if count == 0:
            return
        group = self.group(severity, kind, title)
        row_array = np.asarray(rows, dtype=np.int64)
        if values is None:
            codes, uniques = np.zeros(count, dtype=np.int64), [None]
        else:
            # Factorised as given (pandas' compact strings stay compact); only the distinct values become str.
            codes, unique_index = pd.factorize(
                values if isinstance(values, pd.Series) else pd.Series(values, dtype=object), use_na_sentinel=False
            )
            uniques = [None if pd.isna(value) else str(value) for value in unique_index]
        first_position = pd.Series(np.arange(count)).groupby(codes).first()
        entries: dict[int, ValueEntry] = {}
        for code, value in enumerate(uniques):
            entry = self._entry(group, value, "")
            if entry is not None:
                if not entry.example:
                    entry.example = example(int(first_position[code]))
                entries[code] = entry
        occurrences = np.bincount(codes, minlength=len(uniques))
        listed = np.zeros(len(uniques), dtype=bool)
        listed[list(entries)] = True
        group.unlisted_occurrences += int(occurrences[~listed].sum())
        for code, entry in entries.items():
            entry.occurrences += int(occurrences[code])
        keep = listed[codes]
        if not keep.any():
            return
        frame = pd.DataFrame({"code": codes[keep], "row": row_array[keep]})
        if isinstance(columns, str) or columns is None:
            if columns:
                for entry in entries.values():
                    entry.add_columns([columns])
        else:
            frame["column"] = pd.Series(columns, dtype=object).to_numpy()[keep]
            for code, column in frame[["code", "column"]].drop_duplicates().itertuples(index=False):
                if column is not None and column == column:  # not NaN
                    entries[code].add_columns([str(column)])
        unique_rows = frame[["code", "row"]].drop_duplicates().sort_values(["code", "row"])
        code_array, rows_sorted = unique_rows["code"].to_numpy(), unique_rows["row"].to_numpy()
        starts = np.ones(len(code_array), dtype=bool)
        starts[1:] = (code_array[1:] != code_array[:-1]) | (rows_sorted[1:] != rows_sorted[:-1] + 1)
        start_index = np.flatnonzero(starts)
        end_index = np.append(start_index[1:] - 1, len(code_array) - 1)
        range_codes = code_array[start_index]
        firsts, lasts = rows_sorted[start_index], rows_sorted[end_index]
        rank = pd.Series(range_codes).groupby(range_codes).cumcount().to_numpy()
        listed_range = rank < MAX_RANGES_PER_VALUE
        extra = pd.Series(lasts - firsts + 1)[~listed_range].groupby(range_codes[~listed_range]).sum()
        for code, total in extra.items():
            entries[int(code)].unlisted_rows += int(total)
        by_code: dict[int, list[tuple[int, int]]] = {}
        for code, first, last in zip(
            range_codes[listed_range].tolist(), firsts[listed_range].tolist(), lasts[listed_range].tolist(), strict=True
        ):
            by_code.setdefault(code, []).append((first, last))
        for code, ranges in by_code.items():
            entries[code].add_rows(ranges)

    def sorted_groups(self) -> list[MessageGroup]:
        """Errors first, then the most frequent kinds."""
        return sorted(
            self.groups.values(),
            key=lambda g: (g.severity != Severity.ERROR, -g.occurrences, g.title),
        )


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
    #: Every message by kind and distinct value (bounded, see ``MessageGroup``): the summary and the report.
    grouping: MessageGroups = field(default_factory=MessageGroups, repr=False)
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
    def ok(self) -> bool:
        return self.error_count == 0

    def _omitted(self, severity: Severity) -> int:
        return sum(tally.omitted for tally in self.tallies.values() if tally.severity == severity)

    def error(  # row, column and text, then the optional grouping
        self,
        row: int | None,
        column: str | None,
        text: str,
        kind: str | None = None,
        value: str | None = None,
        title: str | None = None,
    ) -> None:
        """An error in ``row`` and ``column``. ``kind`` names the check (``"unknown_area"``), ``value`` the
        bad value the text quotes, ``title`` the group's text (default: ``text`` with »value« blanked);
        without them the group is derived from the text (``derived_group``)."""
        self.add(Problem(self.file_name, row, column, text, kind=kind, value=value), kind, title=title)

    def warn(  # as ``error``
        self,
        row: int | None,
        column: str | None,
        text: str,
        kind: str | None = None,
        value: str | None = None,
        title: str | None = None,
    ) -> None:
        self.add(Problem(self.file_name, row, column, text, Severity.WARNING, kind, value), kind, title=title)

    def add(self, problem: Problem, kind: str | None = None, title: str | None = None) -> None:
        """Group ``problem``; keep it if its kind and the report have room, else only count it."""
        kind = kind or problem.kind
        self.grouping.add_one(problem, kind, problem.value, title)
        problem = replace(problem, grouped=True)
        tally = self._tally(kind or _text_kind(problem.severity, problem.column, problem.text), problem)
        if self.room(tally) > 0:
            tally.kept += 1
            self.problems.append(problem)
        else:
            tally.omitted += 1

    def error_rows(  # the check, then the optional aligned arrays for grouping
        self,
        kind: str,
        count: int,
        describe: Callable[[int], tuple[int | None, str | None, str]],
        rows: Sequence[int] | None = None,
        values: Sequence[object] | None = None,
        columns: Sequence[object] | str | None = None,
        title: str | None = None,
    ) -> None:
        """Record ``count`` errors of one check. ``describe(i)`` gives row, column and text of the i-th; it
        is called only for the messages kept (and once per distinct value), so a million failing rows cost
        a million counts, not texts.

        With ``rows`` (and ``values``, ``columns``: one per message, or one column for all) every message
        is grouped by value with its rows; without them only the kept ones are, the rest is counted."""
        if count <= 0:
            return
        first = describe(0)
        tally = self._tally(kind, Problem(self.file_name, *first))
        kept = min(count, self.room(tally))
        title = title or derived_group(first[2])[0]
        if rows is not None:
            self.grouping.add_many(Severity.ERROR, kind, title, rows, values, columns, lambda i: describe(i)[2])
        for position in range(kept):
            row, column, text = first if position == 0 else describe(position)
            value = (
                None if values is None else values.iloc[position] if isinstance(values, pd.Series) else values[position]
            )
            problem = Problem(self.file_name, row, column, text, kind=kind, value=None if value is None else str(value))
            if rows is None:
                self.grouping.add_one(problem, kind, problem.value, title)
            self.problems.append(replace(problem, grouped=True))
        if rows is None and count > kept:
            self.grouping.group(Severity.ERROR, kind, title).unlisted_occurrences += count - kept
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
                f" ({_hints(warnings)})" if warnings else ""
            )
        verb = "geschrieben" if self.written else "geprüft, bereit zum Schreiben (Probelauf)"
        hint = f" {_hints(warnings)}." if warnings else ""
        return (
            f"{self.file_name}: {format_number(self.rows_read)} Zeilen gelesen, "
            f"{format_number(self.rows_written)} {verb}.{hint}"
        )

    def message_groups(self) -> list[MessageGroup]:
        """The groups, errors first; messages appended to ``problems`` directly are grouped here too."""
        loose = [problem for problem in self.problems if not problem.grouped]
        if not loose:
            return self.grouping.sorted_groups()
        extra = MessageGroups()
        for problem in loose:
            extra.add_one(problem, problem.kind, problem.value, None)
        return [*extra.sorted_groups(), *self.grouping.sorted_groups()]

    def summary_lines(self, examples: int = EXAMPLES_PER_LINE) -> list[str]:
        """One German line per kind of message: how many distinct values and rows, the first values with
        their row ranges. What the CLI prints and the import log stores."""
        return [group.line(examples, self.file_name) for group in self.message_groups()]

    def report_frame(self) -> pd.DataFrame:
        """The complete report: one row per distinct kind and value with all its rows (compressed), the
        columns, the counts and the first message as example; further values only counted get one row."""
        rows = []
        for group in self.message_groups():
            for entry in group.sorted_entries():
                rows.append(
                    {
                        "Art": group.severity.value,
                        "Meldung": entry.example,
                        "Wert": entry.value,
                        "Zeilen": format_ranges(entry.ranges, entry.unlisted_rows),
                        "Anzahl Zeilen": entry.row_count,
                        "Anzahl Meldungen": entry.occurrences,
                        "Spalten": ", ".join(entry.columns)
                        + (f" und {format_number(entry.more_columns)} weitere" if entry.more_columns else ""),
                        "Gruppe": group.title,
                        "Datei": self.file_name,
                    }
                )
            if group.unlisted_occurrences:
                rows.append(
                    {
                        "Art": group.severity.value,
                        "Meldung": f"… und {format_number(group.unlisted_occurrences)} weitere Meldungen dieser Art "
                        "mit anderen Werten (nur gezählt)",
                        "Wert": None,
                        "Zeilen": "",
                        "Anzahl Zeilen": None,
                        "Anzahl Meldungen": group.unlisted_occurrences,
                        "Spalten": "",
                        "Gruppe": group.title,
                        "Datei": self.file_name,
                    }
                )
        return pd.DataFrame(rows, columns=REPORT_COLUMNS)

    def lines(self) -> list[str]:
        """At most ``max_listed`` messages, then a count of the rest and one line per counted kind."""
        listed = [str(problem) for problem in self.problems[: self.max_listed]]
        if len(self.problems) > self.max_listed:
            listed.append(f"… und {format_number(len(self.problems) - self.max_listed)} weitere Meldungen.")
        listed += [line for _, line in self.omitted_lines()[: self.max_listed]]
        return listed


def report_file_bytes(frame: pd.DataFrame, suffix: str) -> bytes:
    """``report_frame`` (of one or several reports) as a file for German Excel: CSV (``;``, BOM) or,
    for ``.xlsx``, a workbook. Values from the file are text and go through the export's formula
    neutralising, so a bad key »=HYPERLINK(…)« is shown, never run."""
    from sozialraum.export.tables import INTEGER, TEXT, german_csv_bytes, xlsx_bytes

    formats = {"Wert": TEXT, "Zeilen": TEXT, "Anzahl Zeilen": INTEGER, "Anzahl Meldungen": INTEGER}
    if suffix.lower() == ".xlsx":
        return xlsx_bytes(frame, formats, sheet_name="Importbericht")
    return german_csv_bytes(frame, formats)
