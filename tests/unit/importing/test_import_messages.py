"""Import messages that summarise (issue 15, part 2): grouped by kind and distinct value, rows compressed,
a wide file's bad key counted once per row; the CLI summary and ``--report``, the import log, the hint
to import the catalogue only when it is empty, and a real Hamburg file against the demo city."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import Session

from sozialraum.cli.main import main
from sozialraum.importing import messages, run_import
from sozialraum.importing.messages import (
    ImportReport,
    compress_rows,
    derived_group,
    expand_ranges,
    format_ranges,
    report_file_bytes,
)
from sozialraum.models import ImportLog

REALDATA = Path(__file__).resolve().parents[4] / "shared" / "realdata"
HAMBURG = REALDATA / "hamburg" / "stadtteilprofile_2014.csv"

# Sixteen demo indicators, one wide column each (shares, so values 0..100 pass the plausibility check).
WIDE_KEYS = [
    "share_u18",
    "share_65plus",
    "share_foreign",
    "sgb2_rate",
    "unemployment_rate",
    "longterm_unemployed_share",
    "child_poverty",
    "elderly_basic_income",
    "single_parent_share",
    "childcare_u3",
    "language_support_need",
    "school_leavers_without_certificate",
    "gymnasium_transition",
    "social_housing_share",
    "housing_benefit_share",
    "measles_vaccination",
]


def report_csv(payload: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(payload), sep=";", encoding="utf-8-sig", dtype=str, keep_default_na=False)


# --- range compression and grouping, pure ---------------------------------------------------------


@given(st.sets(st.integers(min_value=1, max_value=400), max_size=120))
def test_compressed_ranges_expand_back_to_the_same_rows(rows: set[int]) -> None:
    ranges = compress_rows(rows)
    assert expand_ranges(ranges) == rows
    # Sorted, disjoint and not adjacent: no shorter list of ranges covers the rows.
    assert all(first <= last for first, last in ranges)
    assert all(earlier[1] + 1 < later[0] for earlier, later in zip(ranges, ranges[1:], strict=False))


def test_ranges_read_as_germans_write_them() -> None:
    assert format_ranges(
        compress_rows([2, 3, 4, 17, 16, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 20, *range(31, 41)])
    ) == ("2–17, 20, 31–40")
    assert format_ranges([(2, 3)], unlisted=1_500) == "2–3 und 1.500 weitere"


@settings(deadline=None)  # pandas' first groupby on a busy machine can take longer than hypothesis' 200 ms
@given(
    st.lists(
        st.tuples(st.integers(min_value=2, max_value=300), st.sampled_from(["A", "B", "C"]), st.sampled_from("xyz")),
        min_size=1,
        max_size=200,
    )
)
def test_grouped_rows_are_exactly_the_failing_rows_whatever_their_order(cells) -> None:
    """Vectorised (``error_rows`` with rows) or one by one (``error``): each value keeps exactly its rows."""
    vectorised, single = ImportReport("observations", "w.csv"), ImportReport("observations", "w.csv")
    vectorised.error_rows(
        "check",
        len(cells),
        lambda i: (cells[i][0], cells[i][1], f"Unbekannter Gebietsschlüssel »{cells[i][2]}«."),
        rows=[row for row, _, _ in cells],
        values=[value for _, _, value in cells],
        columns=[column for _, column, _ in cells],
    )
    for row, column, value in cells:
        single.error(row, column, f"Unbekannter Gebietsschlüssel »{value}«.", kind="check", value=value)
    for report in (vectorised, single):
        (group,) = report.message_groups()
        for value in "xyz":
            expected = {row for row, _, v in cells if v == value}
            entry = group.entries.get(value)
            assert (expand_ranges(entry.ranges) if entry else set()) == expected
            if entry:
                assert entry.occurrences == sum(1 for _, _, v in cells if v == value)
                assert set(entry.columns) == {column for _, column, v in cells if v == value}
        assert report.error_count == len(cells)


def test_text_only_callers_are_grouped_by_the_text_with_its_quoted_value_blanked() -> None:
    assert derived_group("Kein Zahlenwert: »x«.") == ("Kein Zahlenwert: »…«.", "x")
    assert derived_group("Breites Format braucht einen Zeitraum.") == ("Breites Format braucht einen Zeitraum.", None)
    report = ImportReport("observations", "werte.csv")
    for row in (2, 3, 4, 9):
        report.error(row, "Wert", "Kein Zahlenwert: »x«.")
    report.error(5, "Wert", "Kein Zahlenwert: »y«.")
    report.problems.append(messages.Problem("werte.csv", None, None, "Datei ist leer."))  # appended directly
    assert report.summary_lines() == [
        "Fehler: werte.csv: Datei ist leer.",  # a single message as it is
        "Fehler: werte.csv: Kein Zahlenwert: »…« in Spalte »Wert«: 2 verschiedene Werte in 5 Zeilen: "
        "»x« (Zeilen 2–4, 9); »y« (Zeile 5)",
    ]


def test_the_summary_stays_bounded_and_its_counts_exact(monkeypatch) -> None:
    monkeypatch.setattr(messages, "MAX_VALUES_PER_KIND", 100)
    report = ImportReport("observations", "werte.csv")
    count = 100_000
    report.error_rows(
        "value",
        count,
        lambda i: (i + 2, "Wert", f"Kein Zahlenwert: »x{i}«."),
        rows=range(2, count + 2),
        values=[f"x{i}" for i in range(count)],
        columns="Wert",
    )
    (group,) = report.message_groups()
    assert len(group.entries) == 100
    assert group.unlisted_occurrences == count - 100
    assert group.occurrences == report.error_count == count
    assert len(report.problems) == messages.KEPT_PER_KIND  # the kept messages keep their bound
    assert "(und 99.900 Meldungen mit weiteren Werten)" in report.summary_lines()[0]
    frame = report.report_frame()
    assert len(frame) == 101
    assert frame["Meldung"].iloc[-1].startswith("… und 99.900 weitere Meldungen dieser Art")


def test_the_report_file_neutralises_formulas_and_keeps_keys_text() -> None:
    report = ImportReport("observations", "werte.csv")
    report.error(2, "Gebiet", "Unbekannter Gebietsschlüssel »=HYPERLINK(1)«.", kind="area", value="=HYPERLINK(1)")
    report.error(3, "Gebiet", "Unbekannter Gebietsschlüssel »0101«.", kind="area", value="0101")
    text = report_file_bytes(report.report_frame(), ".csv").decode("utf-8-sig")
    assert ";'=HYPERLINK(1);" in text
    assert ';"=""0101""";' in text  # Excel shows the text 0101 (the export's quoting of ="0101")
    assert report_file_bytes(report.report_frame(), ".xlsx")[:2] == b"PK"


# --- on a database (SQLite and PostgreSQL) ----------------------------------------------------------


def write_wide(tmp_path: Path, keys: list[str], rows: int = 5) -> tuple[Path, Path]:
    """A wide file with ``rows`` bad area keys (two rows share one) and a column per demo indicator."""
    header = ";".join(["Gebiet", *(f"Spalte {i}" for i in range(len(keys)))])
    lines = [header]
    for row in range(rows):
        key = "Nirgendwo" if row < 2 else f"Ort {row}"
        lines.append(";".join([key, *("12,5" for _ in keys)]))
    data = tmp_path / "breit.csv"
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    mapping = tmp_path / "breit.toml"
    columns = "\n".join(f'"Spalte {i}" = "{key}"' for i, key in enumerate(keys))
    mapping.write_text(f'[columns]\narea = "Gebiet"\n[wide]\nperiod = "2025-12-31"\n[wide.columns]\n{columns}\n')
    return data, mapping


def test_a_bad_key_in_sixteen_wide_columns_is_one_entry_per_row(demo_engine, tmp_path) -> None:
    data, mapping = write_wide(tmp_path, WIDE_KEYS)
    report = run_import(demo_engine, "observations", data, mapping_path=mapping, dry_run=True)
    assert report.error_count == 5 * 16  # every message is counted …
    (group,) = report.message_groups()
    assert group.row_count == 5  # … but each row once
    nowhere = group.entries["Nirgendwo"]
    assert (nowhere.ranges, nowhere.occurrences, len(nowhere.columns)) == ([(2, 3)], 32, 1)
    assert report.summary_lines() == [
        "Fehler: breit.csv: Unbekannter Gebietsschlüssel in Spalte »Gebiet«: 4 verschiedene Werte in 5 Zeilen: "
        "z. B. »Nirgendwo« (Zeilen 2–3); »Ort 2« (Zeile 4); »Ort 3« (Zeile 5); …"
    ]
    frame = report.report_frame()
    assert list(frame["Wert"]) == ["Nirgendwo", "Ort 2", "Ort 3", "Ort 4"]
    assert list(frame["Anzahl Zeilen"]) == [2, 1, 1, 1]
    assert list(frame["Anzahl Meldungen"]) == [32, 16, 16, 16]


def test_the_catalogue_hint_only_when_the_catalogue_is_empty(demo_engine, empty_engine, tmp_path) -> None:
    data, mapping = write_wide(tmp_path, ["Share_U18", "no_such_indicator"], rows=3)
    report = run_import(demo_engine, "observations", data, mapping_path=mapping, dry_run=True)
    texts = [problem.text for problem in report.errors]
    assert "Unbekannte Kennzahl »Share_U18« (gemeint ist wohl »share_u18«)." in texts
    assert any("»no_such_indicator« (nicht im Kennzahlenkatalog" in text for text in texts)
    assert not any("erst den Katalog importieren" in line for line in [*texts, *report.summary_lines()])
    indicator_group = next(group for group in report.message_groups() if group.title == "Unbekannte Kennzahl")
    assert indicator_group.entries["Share_U18"].columns == {"Spalte 0": None}  # the wide column, not »Kennzahl«
    assert indicator_group.entries["Share_U18"].ranges == [(2, 4)]

    empty = run_import(empty_engine, "observations", data, mapping_path=mapping, dry_run=True)
    assert all("der Kennzahlenkatalog ist leer: erst den Katalog importieren" in p.text for p in empty.errors)
    assert empty.summary_lines()[0].startswith(
        "Fehler: breit.csv: Unbekannte Kennzahl (der Kennzahlenkatalog ist leer: erst den Katalog importieren) "
        "in 2 Spalten"
    )


def test_cli_prints_the_summary_and_writes_the_complete_report(demo_engine, tmp_path, capsys) -> None:
    data, mapping = write_wide(tmp_path, WIDE_KEYS, rows=40)
    target = tmp_path / "bericht.csv"
    url = demo_engine.url.render_as_string(hide_password=False)
    code = main(["import", "observations", str(data), "--mapping", str(mapping), "--dry-run", "--db", url])
    assert code == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2  # one line for the one kind, then the outcome: not 200 raw messages
    assert err[0].startswith(
        "Fehler: breit.csv: Unbekannter Gebietsschlüssel in Spalte »Gebiet«: 39 verschiedene Werte"
    )
    assert err[1] == "breit.csv: 640 Fehler, nichts wurde geschrieben."

    args = ["import", "observations", str(data), "--mapping", str(mapping), "--dry-run", "--report", str(target)]
    assert main([*args, "--db", url]) == 1
    assert capsys.readouterr().err.splitlines()[-1] == f"Vollständiger Bericht: {target} (39 Zeilen)."
    frame = report_csv(target.read_bytes())
    assert list(frame.columns) == messages.REPORT_COLUMNS
    assert len(frame) == 39
    first = frame.iloc[0]
    assert (first["Wert"], first["Zeilen"], first["Anzahl Zeilen"], first["Anzahl Meldungen"]) == (
        "Nirgendwo",
        "2–3",
        "2",
        "32",
    )
    assert set(frame["Wert"]) == {"Nirgendwo", *(f"Ort {row}" for row in range(2, 40))}


def test_cli_report_as_xlsx_and_an_unwritable_target(demo_engine, tmp_path, capsys) -> None:
    data, mapping = write_wide(tmp_path, WIDE_KEYS[:2], rows=3)
    url = demo_engine.url.render_as_string(hide_password=False)
    base = ["import", "observations", str(data), "--mapping", str(mapping), "--dry-run", "--db", url]
    target = tmp_path / "bericht.xlsx"
    assert main([*base, "--report", str(target)]) == 1
    frame = pd.read_excel(target, dtype=str)
    assert list(frame["Wert"]) == ["Nirgendwo", "Ort 2"]
    capsys.readouterr()
    assert main([*base, "--report", str(tmp_path / "fehlt" / "bericht.csv")]) == 1
    err = capsys.readouterr().err
    assert "Fehler: Bericht" in err
    assert "Traceback" not in err


def test_a_recipe_prints_each_step_summary_and_writes_one_report(demo_engine, tmp_path, capsys) -> None:
    data, mapping = write_wide(tmp_path, WIDE_KEYS[:3], rows=3)
    recipe = tmp_path / "rezept.toml"
    recipe.write_text(
        'title = "Probe"\n[[step]]\ntitle = "Breite Werte"\nkind = "observations"\nfile = "breit.csv"\n'
        + "[step.mapping]\n"
        + mapping.read_text().replace("[columns]", "[step.mapping.columns]").replace("[wide", "[step.mapping.wide"),
        encoding="utf-8",
    )
    target = tmp_path / "rezept_bericht.csv"
    url = demo_engine.url.render_as_string(hide_password=False)
    args = ["import", "recipe", str(recipe), "--data-dir", str(tmp_path), "--dry-run", "--report", str(target)]
    assert main([*args, "--db", url]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[1] == "- Breite Werte: breit.csv: 9 Fehler, nichts wurde geschrieben."
    assert err[2].startswith("    Fehler: breit.csv: Unbekannter Gebietsschlüssel in Spalte »Gebiet«: 2 verschiedene")
    assert err[-1] == f"Vollständiger Bericht: {target} (2 Zeilen)."
    frame = report_csv(target.read_bytes())
    assert (list(frame["Wert"]), list(frame["Datei"])) == (["Nirgendwo", "Ort 2"], ["breit.csv", "breit.csv"])


def test_the_import_log_stores_the_summary(import_engine, tmp_path) -> None:
    data, mapping = write_wide(tmp_path, WIDE_KEYS, rows=4)
    report = run_import(import_engine, "observations", data, mapping_path=mapping)
    assert not report.ok
    with Session(import_engine) as session:
        last = session.scalars(select(ImportLog).order_by(ImportLog.id.desc())).first()
    assert (last.file_name, last.outcome) == ("breit.csv", "failed")
    assert last.messages == report.summary_lines()
    assert len(last.messages) == 1


# --- a real file: Hamburg's Stadtteil profiles have names, not keys ---------------------------------

HAMBURG_MAPPING = """
[columns]
area = "Stadtgebiet"
[wide]
period = "2013-12-31"
[wide.columns]
"Anteil der unter 18-Jährigen in %" = "share_u18"
"Anteil der 65-Jährigen und Älteren in %" = "share_65plus"
"Ausländeranteil in %" = "share_foreign"
"""


@pytest.mark.skipif(not HAMBURG.is_file(), reason="../shared/realdata/hamburg/stadtteilprofile_2014.csv fehlt")
def test_hamburg_stadtteil_names_are_listed_with_their_rows(demo_engine, tmp_path) -> None:
    mapping = tmp_path / "hamburg.toml"
    mapping.write_text(HAMBURG_MAPPING, encoding="utf-8")
    report = run_import(demo_engine, "observations", HAMBURG, mapping_path=mapping, dry_run=True)
    assert report.rows_read == 107  # 103 distinct names: Stadtteile, the seven Bezirke twice, Hamburg
    assert report.error_count == 107 * 3
    (group,) = report.message_groups()
    assert (len(group.entries), group.row_count) == (103, 107)
    assert group.entries["Hamburg-Altstadt"].ranges == [(2, 2)]
    assert group.entries["Eimsbüttel"].ranges == [(32, 32), (103, 103)]  # Stadtteil and Bezirk share the name
    (line,) = report.summary_lines()
    assert line.startswith(
        "Fehler: stadtteilprofile_2014.csv: Unbekannter Gebietsschlüssel in Spalte »Stadtgebiet«: "
        "103 verschiedene Werte in 107 Zeilen: "
        "z. B. »Eimsbüttel« (Zeilen 32, 103)"
    )
    frame = report_csv(report_file_bytes(report.report_frame(), ".csv"))
    rows = dict(zip(frame["Wert"], frame["Zeilen"], strict=True))
    assert len(rows) == 103
    assert (rows["Hamburg-Altstadt"], rows["HafenCity"], rows["Eimsbüttel"]) == ('="2"', '="3"', "32, 103")
    assert set(frame["Anzahl Meldungen"]) == {"3", "6"}
