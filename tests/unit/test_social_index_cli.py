"""``sozialraum index`` on the demo city: summary, CSV, --save, --list and one-line German errors."""

from __future__ import annotations

import re
from datetime import date

import pandas as pd
import pytest

from sozialraum.cli.main import main
from sozialraum.cli.social_index import IndexCommandError, index_period
from sozialraum.db import make_engine
from sozialraum.demo.install import ensure_database
from sozialraum.demo.social_index import DEMO_STATUS_INDEX
from sozialraum.services.social_index import run_index
from sozialraum.store.social_index import definition_to_toml, list_definitions, load_definition

PERIODS = [date(2019, 12, 31), date(2020, 6, 30), date(2020, 12, 31)]


def _url(engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def _toml(tmp_path, text: str, name: str = "index.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def _own_definition() -> str:
    text = definition_to_toml(DEMO_STATUS_INDEX).replace('key = "status"', 'key = "eigen"')
    return text.replace('name = "Status-Index"', 'name = "Eigener Index"')


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2020", date(2020, 12, 31)), ("30.06.2020", date(2020, 6, 30)), ("2019-12-31", date(2019, 12, 31))],
)
def test_period_as_year_or_date(text, expected):
    assert index_period(text, PERIODS) == expected


@pytest.mark.parametrize(("text", "message"), [("2018", "Im Jahr 2018"), ("31.12.2018", "Am 31.12.2018"), ("x", "»x«")])
def test_period_errors(text, message):
    with pytest.raises(IndexCommandError, match=message):
        index_period(text, PERIODS)


def test_summary_and_csv_with_the_z_values(demo_engine, tmp_path, capsys):
    out = tmp_path / "status.csv"
    definition = _toml(tmp_path, _own_definition())
    code = main(["index", "--definition", definition, "--period", "2025", "--db", _url(demo_engine), "--csv", str(out)])
    assert code == 0
    printed = capsys.readouterr().out
    table = run_index(demo_engine, DEMO_STATUS_INDEX, date(2025, 12, 31)).table
    counts = table["class_label"].value_counts()
    assert "Stichtag 31.12.2025, Sozialräume" in printed
    assert "Gebiete: 16, davon gültig 16, ausgeschlossen 0" in printed
    assert re.search(rf"\n +mittel \(2\): -1 bis 1 +{counts['mittel']}\n", printed)
    frame = pd.read_csv(out, dtype={"area_key": str})
    assert list(frame.columns) == [
        "area_key",
        "z_unemployment_rate",
        "z_sgb2_rate",
        "z_child_poverty",
        "index",
        "class",
        "reason",
    ]
    assert frame["area_key"].tolist() == list(table.index)  # keys keep their leading zero
    assert frame["index"].to_numpy() == pytest.approx(table["index"].to_numpy(), abs=1e-12)
    assert frame["class"].tolist() == table["class_label"].tolist()
    assert frame["reason"].isna().all()
    assert load_definition(demo_engine, "eigen") is None  # nothing stored without --save


def test_stored_definition_by_key_and_list(demo_engine, capsys):
    assert main(["index", "--key", "dynamics", "--period", "31.12.2016", "--db", _url(demo_engine)]) == 0
    assert "Dynamik-Index (dynamics), Stichtag 31.12.2016" in capsys.readouterr().out
    assert main(["index", "--list", "--db", _url(demo_engine)]) == 0
    listed = capsys.readouterr().out
    assert "status" in listed
    assert "31.12.2016 bis 31.12.2025" in listed


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--definition", "fehlt.toml", "--period", "2025"], "Definitionsdatei fehlt.toml nicht gefunden."),
        (["--definition", "{bad}", "--period", "2025"], "bad.toml: kein gültiges TOML (Zeile 1"),
        (["--definition", "{unknown}", "--period", "2025"], "unbekannte Kennzahl(en) sgb9_rate"),
        (["--definition", "{own}", "--period", "2013"], "Im Jahr 2013 lässt sich der Index nicht berechnen."),
        (["--definition", "{own}"], "Bitte --period angeben"),
        (["--key", "gibtsnicht", "--period", "2025"], "Kein gespeicherter Sozialindex »gibtsnicht«"),
        (["--period", "2025"], "Bitte --definition"),
    ],
)
def test_errors_are_one_german_line(demo_engine, tmp_path, capsys, arguments, message):
    files = {
        "{bad}": _toml(tmp_path, "key = \n", "bad.toml"),
        "{unknown}": _toml(tmp_path, _own_definition().replace('"sgb2_rate"', '"sgb9_rate"'), "unknown.toml"),
        "{own}": _toml(tmp_path, _own_definition()),
    }
    arguments = [files.get(argument, argument) for argument in arguments]
    assert main(["index", *arguments, "--db", _url(demo_engine)]) == 1
    error = capsys.readouterr().err
    assert error.startswith("Fehler: ")
    assert message in error
    assert len(error.strip().splitlines()) == 1


def test_save_stores_and_materialises(tmp_path, capsys):
    engine = make_engine(f"sqlite:///{tmp_path / 'demo.db'}")
    ensure_database(engine)
    definition = _toml(tmp_path, _own_definition())
    assert main(["index", "--definition", definition, "--period", "2025", "--save", "--db", _url(engine)]) == 0
    assert "als Kennzahl index_eigen für 12 Zeitpunkte geschrieben" in capsys.readouterr().out
    assert [d.key for d in list_definitions(engine)] == ["eigen", "status", "dynamics"]  # status indices first, by name
    assert load_definition(engine, "eigen").name == "Eigener Index"


def test_database_without_schema(blank_engine, capsys):
    assert main(["index", "--list", "--db", _url(blank_engine)]) == 1
    assert "noch kein Schema" in capsys.readouterr().err
