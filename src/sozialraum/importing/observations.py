"""Observations from long tables (area, indicator, period, value[, numerator, denominator]) and wide
tables (one column per indicator). Everything is checked before anything is written."""

from __future__ import annotations

import difflib
import itertools
import re
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Connection, Engine

from sozialraum.formatting import format_date, format_number
from sozialraum.importing import limits
from sozialraum.importing.area_match import AreaMatcher, filter_rows
from sozialraum.importing.lookup import indicator_catalogue
from sozialraum.importing.mapping import Mapping
from sozialraum.importing.messages import HINT_MARK, ImportReport
from sozialraum.importing.tabular import Table
from sozialraum.importing.upsert import upsert_frame
from sozialraum.importing.values import CellState, detect_decimal_comma, parse_numbers
from sozialraum.models import Observation, ObservationFlag
from sozialraum.periods import read_stichtag

# Historic series are real data (Wien publishes its population by Bezirk from 1869).
EARLIEST_PERIOD = date(1800, 1, 1)
LATEST_PERIOD = date(2100, 12, 31)
FLAG_WORDS = {
    "": ObservationFlag.OK,
    "ok": ObservationFlag.OK,
    "vorlaeufig": ObservationFlag.PROVISIONAL,
    "vorläufig": ObservationFlag.PROVISIONAL,
    "p": ObservationFlag.PROVISIONAL,
    "provisional": ObservationFlag.PROVISIONAL,
    "geschaetzt": ObservationFlag.ESTIMATED,
    "geschätzt": ObservationFlag.ESTIMATED,
    "s": ObservationFlag.ESTIMATED,
    "estimated": ObservationFlag.ESTIMATED,
    "geheim": ObservationFlag.SUPPRESSED,
    "ungültig": ObservationFlag.INVALID,
    "suppressed": ObservationFlag.SUPPRESSED,
}


def _cells(
    frame: pd.DataFrame, column: str, area: object, indicator: object, period: object, flags: object
) -> pd.DataFrame:
    """The cells of one wide ``column`` as long rows that remember their column, so messages name the cell;
    ``area``, ``indicator``, ``period`` and ``flags`` are a column of ``frame`` or one value for all rows."""
    return pd.DataFrame(
        {
            "row": frame.index,
            "area": area,
            "indicator": indicator,
            "period": period,
            "value": frame[column],
            "numerator": "",
            "denominator": "",
            "flag": flags,
            "value_column": column,
        }
    )


def to_long(table: Table, mapping: Mapping, report: ImportReport) -> pd.DataFrame | None:
    """A long table with columns row, area, indicator, period, value, numerator, denominator, flag
    (all text), from any layout. None when required columns are missing (reported)."""
    if mapping.is_wide_by_area:
        return _wide_by_area(table, mapping, report)
    if mapping.wide_by == "indicator" and not mapping.wide_columns:
        report.error(None, None, 'Breites Format nach Kennzahlen braucht [wide.columns] »Spalte = "Kennzahl"«.')
        return None
    long = _to_long(table, mapping, report)
    if long is None or not mapping.shares:
        return long
    return _shares_from_rows(long, mapping, report)


def _to_long(table: Table, mapping: Mapping, report: ImportReport) -> pd.DataFrame | None:
    header = list(table.frame.columns)
    area_column = mapping.resolve("area", header)
    if area_column is None:
        report.error(table.first_row - 1, None, "Keine Spalte mit Gebietsschlüsseln gefunden (z. B. »Gebiet«).")
        return None
    frame = filter_rows(table.frame, mapping, report, table.first_row - 1)
    if frame is None:
        return None
    if mapping.is_wide:
        if not table.check_columns([area_column, *mapping.wide_columns], report):
            return None
        missing = [column for column in mapping.wide_columns if column not in header]
        for column in missing:
            report.error(table.first_row - 1, column, "Spalte aus der Zuordnungsdatei fehlt in der Datei.")
        period_column = None if mapping.wide_period else mapping.resolve("period", header)
        flag_column = mapping.columns.get("flag")
        if mapping.wide_period is None and period_column is None:
            report.error(None, None, "Breites Format braucht einen Zeitraum: [wide] period oder eine Spalte »Jahr«.")
        if missing or (mapping.wide_period is None and period_column is None):
            return None
        period = frame[period_column] if period_column else mapping.wide_period
        flags = frame[flag_column] if flag_column else ""
        pieces = [
            _cells(frame, column, frame[area_column], indicator_key, period, flags)
            for column, indicator_key in mapping.wide_columns.items()
        ]
        long = pd.concat(pieces, ignore_index=True)
        long.attrs["columns"] = {
            "area": area_column,
            "indicator": "Kennzahl",
            "period": period_column or "Zeitraum",
            **({"flag": flag_column} if flag_column else {}),
        }
        return long
    columns = {
        name: mapping.resolve(name, header)
        for name in ("indicator", "period", "value", "numerator", "denominator", "flag")
    }
    if not table.check_columns([area_column, *columns.values()], report):
        return None
    for required in ("indicator", "period"):
        if columns[required] is None:
            report.error(table.first_row - 1, None, f"Pflichtspalte »{required_label(required)}« fehlt.")
    if columns["value"] is None and columns["numerator"] is None:
        report.error(table.first_row - 1, None, "Es fehlt eine Spalte »Wert« (oder »Zähler« und »Nenner«).")
    if not report.ok:
        return None
    long = pd.DataFrame({"row": frame.index, "area": frame[area_column]})
    for name, column in columns.items():
        # .array keeps pandas' compact strings (to_numpy would make a Python object per cell)
        long[name] = frame[column].array if column else ""
    if renamed := mapping.values.get("indicators"):
        # The file's words for its Merkmale (Köln: »Ausländer«) become catalogue keys; others pass unchanged.
        long["indicator"] = long["indicator"].astype(str).str.strip().replace(renamed)
    long["value_column"] = columns["value"] or columns["numerator"]
    long.attrs["columns"] = {"area": area_column, **{name: column for name, column in columns.items() if column}}
    return long


def _wide_by_area(table: Table, mapping: Mapping, report: ImportReport) -> pd.DataFrame | None:
    """One column per area (Konstanz: »jahr, altstadt, paradies, …«): each cell becomes a row of the
    long table; errors name the cell's row and the area's column."""
    header = list(table.frame.columns)
    # rows and filter hold here as in every layout: Konstanz's historic table repeats the newer one's years.
    frame = filter_rows(table.frame, mapping, report, table.first_row - 1)
    if frame is None:
        return None
    period_column = None if mapping.wide_period else mapping.resolve("period", header)
    indicator_column = None if mapping.wide_indicator else mapping.resolve("indicator", header)
    flag_column = mapping.columns.get("flag")
    if mapping.wide_period is None and period_column is None:
        report.error(None, None, "Breites Format braucht einen Zeitraum: [wide] period oder eine Spalte »Jahr«.")
    if mapping.wide_indicator is None and indicator_column is None:
        report.error(None, None, 'Breites Format nach Gebieten braucht eine Kennzahl: [wide] indicator = "…".')
    used = {period_column, indicator_column, flag_column, *mapping.columns.values(), *mapping.values.get("filter", {})}
    # Without [wide.columns] every other named column is an area, its header the area key; unnamed
    # columns (trailing separators, kept as »(2)«, »(3)« when they differ) are none.
    area_columns = mapping.wide_columns or {
        column: column for column in header if column not in used and column.strip() and not column.startswith("(")
    }
    for column in [column for column in area_columns if column not in header]:
        report.error(table.first_row - 1, column, "Spalte aus der Zuordnungsdatei fehlt in der Datei.")
    if not area_columns:
        report.error(table.first_row - 1, None, "Keine Spalte mit Werten je Gebiet gefunden.")
    if not report.ok or not table.check_columns([period_column, indicator_column, *area_columns], report):
        return None
    indicator = frame[indicator_column] if indicator_column else mapping.wide_indicator
    period = frame[period_column] if period_column else mapping.wide_period
    flags = frame[flag_column] if flag_column else ""
    pieces = [_cells(frame, column, area_key, indicator, period, flags) for column, area_key in area_columns.items()]
    long = pd.concat(pieces, ignore_index=True)
    long.attrs["columns"] = {
        "indicator": indicator_column or "Kennzahl",
        "period": period_column or "Zeitraum",
        **({"flag": flag_column} if flag_column else {}),
    }
    long.attrs["area_per_column"] = True
    return long


def _shares_from_rows(long: pd.DataFrame, mapping: Mapping, report: ImportReport) -> pd.DataFrame:
    """Rows of indicator A give the numerator, rows of B the denominator of share S (``[shares.S]``),
    matched by area and period; value = A / B × the share's scale (computed in ``validate``). The part
    rows are used up; rows of other indicators stay as they are."""
    indicator = long["indicator"].astype(str).str.strip()
    area = long["area"].astype(str).str.strip()
    period = long["period"].astype(str).str.strip()
    parts = {part for pair in mapping.shares.values() for part in pair}
    value_label = long.attrs.get("columns", {}).get("value") or "Wert"
    derived = []
    for share_key, (numerator_key, denominator_key) in mapping.shares.items():
        numerators = long[indicator == numerator_key].assign(_area=area, _period=period)
        denominators = long[indicator == denominator_key].assign(_area=area, _period=period)
        repeated = denominators.duplicated(["_area", "_period"], keep="first")
        twice = denominators[repeated]
        report.error_rows(
            f"shares:{share_key}:denominator twice",
            len(twice),
            lambda i, twice=twice, key=denominator_key: (
                int(twice["row"].iat[i]),
                value_label,
                f"Nenner »{key}« für Gebiet »{twice['_area'].iat[i]}«, {twice['_period'].iat[i]} steht doppelt "
                "in der Datei.",
            ),
        )
        matched = numerators.merge(
            denominators[~repeated][["_area", "_period", "value", "row"]].rename(
                columns={"value": "_denominator", "row": "_denominator_row"}
            ),
            how="left",
            on=["_area", "_period"],
        )
        lonely = matched["_denominator_row"].isna()
        alone = matched[lonely]
        report.error_rows(
            f"shares:{share_key}:no denominator",
            len(alone),
            lambda i, alone=alone, keys=(numerator_key, denominator_key): (
                int(alone["row"].iat[i]),
                value_label,
                f"Zum Zähler »{keys[0]}« (Gebiet »{alone['_area'].iat[i]}«, {alone['_period'].iat[i]}) fehlt die "
                f"Zeile mit dem Nenner »{keys[1]}«.",
            ),
        )
        matched = matched[~lonely]
        derived.append(
            pd.DataFrame(
                {
                    "row": matched["row"].to_numpy(),
                    "area": matched["area"].to_numpy(),
                    "indicator": share_key,
                    "period": matched["period"].to_numpy(),
                    "value": "",
                    "numerator": matched["value"].to_numpy(),
                    "denominator": matched["_denominator"].to_numpy(),
                    "flag": matched["flag"].to_numpy(),
                    "value_column": value_label,
                    "numerator_label": value_label,
                    # The denominator sits in another row: its messages say which.
                    "denominator_label": [
                        f"{value_label} (Nenner aus Zeile {int(line)})" for line in matched["_denominator_row"]
                    ],
                }
            )
        )
    columns = long.attrs.get("columns", {})
    rest = long[~indicator.isin(parts)].assign(
        numerator_label=columns.get("numerator", "Zähler"), denominator_label=columns.get("denominator", "Nenner")
    )
    result = pd.concat([rest, *derived], ignore_index=True).sort_values("row", kind="stable", ignore_index=True)
    result.attrs = long.attrs
    return result


def required_label(canonical: str) -> str:
    return {"indicator": "Kennzahl", "period": "Jahr/Stichtag", "area": "Gebiet"}.get(canonical, canonical)


def validate(engine: Engine, long: pd.DataFrame, mapping: Mapping, report: ImportReport) -> pd.DataFrame:
    """Check every row, column by column; return the rows to write (meaningful only without errors).

    Each row reports its first problem, in the order period, indicator, area, numbers, flag,
    plausibility, duplicate. Checks are vectorised: a million rows must not mean a million Python calls.
    """
    names = _column_names(long, mapping)
    frame = long.reset_index(drop=True)
    line = frame["row"].astype(int)
    alive = pd.Series(True, index=frame.index)
    check_number = itertools.count()  # each call of reject below is one kind of error

    def reject(
        mask: pd.Series,
        column: str | pd.Series | None,
        message: Callable[[int], str] | str,
        value: pd.Series | None = None,
        title: str | None = None,
        cell: pd.Series | None = None,
    ) -> None:
        """Record ``message`` (text, or a function of the row index, built only for the failing rows the
        report keeps: it counts the rest) as one kind of error per check, grouped by ``value`` (the bad
        cell) under ``title``: a wide file's 16 columns with one bad key give one entry per row. ``cell`` is
        the checked text when it comes from one cell of a file row that a wide layout spread over several
        long rows: the same bad period of one row is then one message, not one per wide column."""
        nonlocal alive
        mask = mask & alive
        reported = mask
        if cell is not None and mask.any():
            cells = pd.DataFrame({"line": line[mask], "cell": cell[mask].astype(str)})
            reported = mask.copy()
            reported[mask] = ~cells.duplicated().to_numpy()
        failing = reported[reported].index

        def describe(position: int) -> tuple[int, str | None, str]:
            index = failing[position]
            text = message if isinstance(message, str) else message(index)
            place = column if column is None or isinstance(column, str) else column[index]
            return int(line[index]), place, text

        report.error_rows(
            f"observations:{next(check_number)}",
            len(failing),
            describe,
            rows=line[failing].to_numpy(),
            values=None if value is None else value.loc[failing],
            columns=column if column is None or isinstance(column, str) else column[failing].to_numpy(),
            title=title,
        )
        alive &= ~mask

    period_texts = frame["period"].astype(str)
    periods = period_texts.map({text: read_stichtag(text) for text in period_texts.unique()})
    reject(
        periods.isna(),
        names["period"],
        lambda i: f"Zeitraum »{period_texts[i]}« nicht lesbar (z. B. 2025 oder 31.12.2025).",
        period_texts,
        "Zeitraum nicht lesbar (z. B. 2025 oder 31.12.2025)",
        cell=period_texts,
    )
    in_range = periods.map(lambda p: p is not None and EARLIEST_PERIOD <= p <= LATEST_PERIOD)
    reject(
        ~in_range,
        names["period"],
        lambda i: (
            f"Zeitraum {format_date(periods[i])} liegt außerhalb von {EARLIEST_PERIOD.year} bis {LATEST_PERIOD.year}."
        ),
        period_texts,
        f"Zeitraum liegt außerhalb von {EARLIEST_PERIOD.year} bis {LATEST_PERIOD.year}",
        cell=period_texts,
    )

    catalogue = indicator_catalogue(engine)
    indicator_keys = frame["indicator"].astype(str).str.strip()
    indicator_id = indicator_keys.map({key: entry[0] for key, entry in catalogue.items()})
    kind = indicator_keys.map({key: entry[1] for key, entry in catalogue.items()})
    scale = indicator_keys.map({key: entry[2] for key, entry in catalogue.items()})
    unknown_hint = unknown_indicator_hints(indicator_keys[indicator_id.isna() & alive].unique(), list(catalogue))
    reject(
        indicator_id.isna(),
        # Wide by indicator: the column the key is for; wide by area: the indicator's own column.
        frame["value_column"] if mapping.is_wide and not long.attrs.get("area_per_column") else names["indicator"],
        lambda i: f"Unbekannte Kennzahl »{frame['indicator'][i]}« ({unknown_hint[indicator_keys[i]]}).",
        indicator_keys,
        "Unbekannte Kennzahl" + (f" ({EMPTY_CATALOGUE_HINT})" if not catalogue else ""),
        cell=indicator_keys,
    )

    areas = AreaMatcher(engine, mapping)
    area_keys = frame["area"].astype(str).str.strip()
    area_id, area_problem = _find_areas(areas, area_keys, periods, alive)
    # Wide by area: the area is the column's header, so a message names that column.
    area_label = frame["value_column"] if long.attrs.get("area_per_column") else names["area"]
    # One kind per reason (unknown key, lost leading zeros, not valid then, ambiguous), grouped by key.
    unfound = area_id.isna() & alive
    # The nearest names belong to each value (the summary shows them there), not to the kind.
    reasons = area_problem[unfound].map(
        lambda text: _TRAILING_VALUE.sub("", _QUOTED.sub("»…«", str(text).split(HINT_MARK)[0]).rstrip("."))
    )
    for reason in reasons.unique():
        reject(
            unfound & (reasons == reason).reindex(frame.index, fill_value=False),
            area_label,
            lambda i: area_problem[i],
            area_keys,
            reason,
        )

    values, numerators, denominators, value_states, numerator_states = _numbers(frame, names)
    # Shares from separate rows (``[shares]``) name where their numerator and denominator came from.
    numerator_label = frame["numerator_label"] if "numerator_label" in frame else names["numerator"]
    denominator_label = frame["denominator_label"] if "denominator_label" in frame else names["denominator"]
    for label, raw, states in (
        (frame["value_column"], frame["value"], value_states),
        (numerator_label, frame["numerator"], numerator_states[0]),
        (denominator_label, frame["denominator"], numerator_states[1]),
    ):
        reject(
            states == CellState.INVALID.value,
            label,
            lambda i, raw=raw: f"Kein Zahlenwert: »{raw[i]}«.",
            raw,
            "Kein Zahlenwert",
        )

    flag_words = {**{k: v.value for k, v in FLAG_WORDS.items()}, **names["flag_words"]}
    flag_texts = frame["flag"].astype(str).str.strip().str.lower()
    reject(
        ~flag_texts.isin(list(flag_words)),
        names["flag"],
        lambda i: f"Unbekanntes Kennzeichen »{frame['flag'][i]}« (erlaubt: vorläufig, geschätzt).",
        frame["flag"],
        "Unbekanntes Kennzeichen (erlaubt: vorläufig, geschätzt)",
        cell=flag_texts,
    )
    flags = flag_texts.map(flag_words)

    # Withheld values (suppressed) have no value, never zero; rows without any number are skipped.
    sentinel = frame["value"].astype(str).str.strip().isin(names["missing"])
    suppressed = ~sentinel & (
        (value_states == CellState.SUPPRESSED.value)
        | (numerator_states[0] == CellState.SUPPRESSED.value)
        | (flags == ObservationFlag.SUPPRESSED.value)  # marked in words, as our own export writes it
    )
    missing = sentinel | ((value_states == CellState.MISSING.value) & (numerator_states[0] == CellState.MISSING.value))
    flags = flags.mask(suppressed, ObservationFlag.SUPPRESSED.value).mask(missing & ~suppressed, "missing")
    values = values.mask(suppressed | missing)
    numerators = numerators.mask(suppressed | missing)
    denominators = denominators.mask(missing & ~suppressed)
    computed = numerators / denominators.where(denominators != 0) * scale
    values = values.fillna(computed.where(values.isna()))

    for label, numbers, column in (
        (frame["value_column"], values, Observation.value),
        (numerator_label, numerators, Observation.numerator),
        (denominator_label, denominators, Observation.denominator),
    ):
        # 1e309 reads as infinity, and the pages cannot show what the formatter cannot round.
        reject(
            numbers.notna() & ~(numbers.abs() <= limits.MAX_FLOAT),
            label,
            lambda i, numbers=numbers, column=column: limits.number_problem(column, float(numbers[i])),
        )
    reject(denominators < 0, denominator_label, "Negativer Nenner.")
    given = (value_states == CellState.VALUE.value) & numerators.notna() & (denominators > 0)
    tolerance = 0.5 * 10.0 ** -_written_decimals(frame["value"]) + 1e-9 * values.abs().clip(lower=1)
    reject(
        given & ((values - computed).abs() > tolerance),
        frame["value_column"],
        lambda i: (
            f"Wert {frame['value'][i].strip()} passt nicht zu Zähler {format_number(numerators[i], 0)} und "
            f"Nenner {format_number(denominators[i], 0)}: das ergibt {format_number(computed[i], 2)}."
        ),
    )
    share = kind == "share"
    reject(
        share & (numerators > denominators),
        numerator_label,
        lambda i: (
            f"Zähler ({format_number(numerators[i], 0)}) ist größer als der Nenner "
            f"({format_number(denominators[i], 0)})."
        ),
    )
    reject(
        share & ((values < -0.0001) | (values > 100.0001)),
        frame["value_column"],
        lambda i: f"Anteil {format_number(values[i], 1)} % liegt außerhalb von 0 bis 100.",
    )
    reject(
        (kind == "count") & (values < 0),
        frame["value_column"],
        lambda i: f"Negative Anzahl {format_number(values[i], 0)}.",
    )

    identity = pd.DataFrame({"area_id": area_id, "indicator_id": indicator_id, "period": periods})
    duplicate = identity.duplicated(keep="first") & alive
    if duplicate.any():
        first_line = line.groupby([identity[c] for c in identity.columns], dropna=False).transform("first")
        reject(
            duplicate,
            None,
            lambda i: (
                f"Doppelt: Gebiet »{frame['area'][i]}«, Kennzahl »{frame['indicator'][i]}«, "
                f"{format_date(periods[i])} steht schon in Zeile {first_line[i]}."
            ),
            frame["area"][duplicate]
            + " · "
            + frame["indicator"][duplicate]
            + " · "
            + periods[duplicate].map(format_date),
            "Doppelt: Gebiet, Kennzahl und Zeitraum stehen schon in einer früheren Zeile",
        )
    report.problems.sort(key=lambda problem: problem.row or 0)
    result = pd.DataFrame(
        {
            "area_id": area_id,
            "indicator_id": indicator_id,
            "period": periods,
            "value": values,
            "numerator": numerators,
            "denominator": denominators,
            "flag": flags,
        }
    )[alive]
    return result.astype({"area_id": "int64", "indicator_id": "int64"}) if len(result) else result


EMPTY_CATALOGUE_HINT = "der Kennzahlenkatalog ist leer: erst den Katalog importieren"
_QUOTED = re.compile(r"»[^«]*«")
_TRAILING_VALUE = re.compile(r" »…«$")


def unknown_indicator_hints(unknown: Sequence[str], known: Sequence[str]) -> dict[str, str]:
    """What to tell about each unknown indicator key: to import the catalogue only when it is empty;
    otherwise a close key if there is one (a typo, another case), else that the key is not in it."""
    if not known:
        return {key: EMPTY_CATALOGUE_HINT for key in unknown}
    folded = {key.casefold(): key for key in known}
    hints = {}
    for key in unknown:
        close = folded.get(key.casefold()) or next(iter(difflib.get_close_matches(key, known, n=1, cutoff=0.8)), None)
        hints[key] = (
            f"gemeint ist wohl »{close}«" if close else "nicht im Kennzahlenkatalog; Schlüssel in der Zuordnung prüfen"
        )
    return hints


def _written_decimals(texts: pd.Series) -> pd.Series:
    """How many decimals each cell was written with (»12,50« has 2): a given value must match
    numerator / denominator within that rounding."""
    compact = texts.astype(str).str.strip().str.removesuffix("%").str.strip()
    digits = compact.str.extract(r"[.,](\d+)$", expand=False)
    # A German thousands group (»1.234«) has no decimals; such a value is an integer anyway.
    thousands = compact.str.match(r"^[+-]?\d{1,3}(\.\d{3})+$")
    return digits.str.len().where(~thousands & digits.notna(), 0).astype(float)


CHUNK_ROWS = 250_000


def validate_in_chunks(
    engine: Engine, long: pd.DataFrame, mapping: Mapping, report: ImportReport, chunk_rows: int = CHUNK_ROWS
) -> pd.DataFrame:
    """``validate`` block by block, so a file of millions of rows needs the checks' temporary columns for
    one block at a time; then the duplicate check across blocks. Same result as one ``validate`` call,
    except that a row repeating a rejected row of an earlier block is not reported a second time."""
    if len(long) <= chunk_rows:
        return validate(engine, long, mapping, report)
    parts = []
    for start in range(0, len(long), chunk_rows):
        block = long.iloc[start : start + chunk_rows]
        block.attrs = long.attrs
        part = validate(engine, block, mapping, report)
        parts.append(part.set_axis(part.index + start, axis=0))  # positions in ``long``
    rows = pd.concat(parts)
    identity = rows[["area_id", "indicator_id", "period"]]
    repeated = identity.duplicated(keep="first").to_numpy()
    if repeated.any():
        lines = long["row"].to_numpy()
        first = identity.index.to_series().groupby([identity[c] for c in identity.columns]).transform("first")
        failing = rows.index[repeated]

        def describe(number: int) -> tuple[int, None, str]:
            position = failing[number]
            return (
                int(lines[position]),
                None,
                f"Doppelt: Gebiet »{long['area'].iat[position]}«, Kennzahl »{long['indicator'].iat[position]}«, "
                f"{format_date(rows.at[position, 'period'])} steht schon in Zeile {lines[first[position]]}.",
            )

        report.error_rows("observations:duplicate across blocks", len(failing), describe)
        report.problems.sort(key=lambda problem: problem.row or 0)
        rows = rows[~repeated]
    return rows.reset_index(drop=True)


def _find_areas(
    areas: AreaMatcher, area_keys: pd.Series, periods: pd.Series, alive: pd.Series
) -> tuple[pd.Series, pd.Series]:
    """Area id (NaN if not found) and the lookup's message per row, asking the lookup once per distinct
    (key, period) among the rows still alive; no tuple per row, since a file may have millions."""
    pairs = pd.DataFrame({"area": area_keys, "period": periods})
    distinct = pairs[alive].drop_duplicates()
    answers = [areas.find(key, period) for key, period in distinct.itertuples(index=False)]
    distinct = distinct.assign(
        area_id=np.array([float("nan") if answer[0] is None else answer[0] for answer in answers], dtype=float),
        problem=[answer[1] for answer in answers],
    )
    matched = pairs.merge(distinct, how="left", on=["area", "period"], validate="many_to_one")
    matched.index = pairs.index
    return matched["area_id"], matched["problem"]


def _column_names(long: pd.DataFrame, mapping: Mapping) -> dict[str, Any]:
    return {
        "flag_words": {word.strip().lower(): flag for word, flag in mapping.values.get("flags", {}).items()},
        # Source-specific sentinels for "no value", e.g. -9999 in Berlin's WFS exports.
        "missing": {str(marker).strip() for marker in mapping.values.get("missing", [])},
        "indicator": "Kennzahl",
        "period": "Jahr",
        "area": "Gebiet",
        "numerator": "Zähler",
        "denominator": "Nenner",
        "flag": "Kennzeichen",
        **long.attrs.get("columns", {}),
    }


def _numbers(frame: pd.DataFrame, names: dict[str, Any]):  # five aligned Series
    """Values, numerators and denominators with their cell states; each value column keeps its own
    decimal convention (a wide file may mix German and English columns)."""
    values = pd.Series(float("nan"), index=frame.index)
    value_states = pd.Series(CellState.MISSING.value, index=frame.index, dtype=object)
    for part in frame.groupby("value_column").groups.values():
        comma = detect_decimal_comma(frame.loc[part, "value"].astype(str).head(5000).tolist())
        values[part], value_states[part] = parse_numbers(frame.loc[part, "value"], comma)
    comma = detect_decimal_comma(
        frame["numerator"].astype(str).head(5000).tolist() + frame["denominator"].astype(str).head(5000).tolist()
    )
    numerators, numerator_states = parse_numbers(frame["numerator"], comma)
    denominators, denominator_states = parse_numbers(frame["denominator"], comma)
    return values, numerators, denominators, value_states, (numerator_states, denominator_states)


def write(connection: Connection, rows: pd.DataFrame) -> int:
    """Upsert observations; rows without any value ("missing") are skipped, not stored as zero."""
    stored = rows[rows["flag"] != "missing"]
    upsert_frame(connection, Observation.__table__, stored, ["area_id", "indicator_id", "period"])
    return len(stored)
