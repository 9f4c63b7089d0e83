"""Honest gaps on Übersicht, Steckbrief, Vergleich and Budget & Wirkung (issue 14, point 3), on small databases
written through the importer (``gap_shapes``): a reason for every missing value, published coarser values used,
counts never compared with a city total, coverage of incomplete sums, plan-only, actual-only and neutral data."""

from pathlib import Path

import gap_shapes
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")


@pytest.fixture(scope="module")
def shape_files(tmp_path_factory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("gap_shapes")
    return {
        name: gap_shapes.build(f"sqlite:///{folder / name}.db", folder / name, name) for name in ("gaps", "neutral")
    }


def open_page(monkeypatch, url: str, page: str, **query: str) -> AppTest:
    monkeypatch.setenv("SOZIALRAUM_DATABASE_URL", url)
    at = AppTest.from_file(APP, default_timeout=90)
    for name, value in query.items():
        at.query_params[name] = value
    at.run()
    at.switch_page(f"views/{page}.py").run()
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at


def texts(at: AppTest) -> str:
    return " ".join(element.value for element in [*at.caption, *at.info, *at.warning, *at.markdown])


def frames(at: AppTest) -> list[pd.DataFrame]:
    found = []
    for frame in at.dataframe:
        value = frame.value
        found.append(value.data if hasattr(value, "data") else value)
    return found


def frame_with(at: AppTest, column: str, cell: str) -> pd.DataFrame:
    matching = [f for f in frames(at) if column in f.columns and cell in set(f[column].astype(str))]
    assert len(matching) == 1, [list(f.columns) for f in frames(at)]
    return matching[0].set_index(column)


def test_overview_names_the_reason_and_the_coverage(monkeypatch, shape_files):
    at = open_page(monkeypatch, shape_files["gaps"], "uebersicht", jahr="2024")
    shown = texts(at)
    assert "nur für kleinere Gebiete erhoben" not in shown  # the old, false reason
    no_numerators = "nicht aus kleineren Gebieten berechenbar, da die Quelle keine Zähler und Nenner liefert"
    assert f"Arbeitslose: {no_numerators}" in shown
    assert "Kinderarmut: gesperrt wegen statistischer Geheimhaltung" in shown
    assert "Summe aus 3 von 4 Sozialräumen" in shown  # S2 reported no residents in 2024
    population = next(metric for metric in at.metric if metric.label == "Einwohner")
    assert population.value == "6.300\u00a0Personen"
    assert not population.delta  # 3 of 4 against 4 of 4 measures coverage, not the city
    # The early warning compares each indicator with its own earlier Stichtag: the survey with 2022.
    assert "stärkste Verschlechterung ggü. 2022/2023" in shown


def test_overview_budget_of_a_plan_year_has_no_pill_against_a_missing_actual(monkeypatch, shape_files):
    at = open_page(monkeypatch, shape_files["gaps"], "uebersicht", jahr="2025")
    budget = next(metric for metric in at.metric if metric.label.startswith("36.3"))
    assert budget.value == "2,5\u00a0Mio.\u00a0€"  # the plan, not an execution rate of »–«
    assert not budget.delta
    assert "nur der Ansatz (Plan) vor, noch kein Ist" in texts(at)


def test_steckbrief_without_a_selection_is_the_city_profile(monkeypatch, shape_files):
    at = open_page(monkeypatch, shape_files["gaps"], "steckbrief", jahr="2024")
    assert at.header[0].value == "Teststadt"
    assert {m.label: m.value for m in at.metric}["Einwohner"] == "6.300"
    population = frame_with(at, "Kennzahl", "Einwohner")
    assert "Gesamtstadt" not in population.columns
    assert "Rang" not in population.columns
    assert population.loc["Einwohner", "Hinweis"] == "Summe aus 3 von 4 Sozialräumen"
    share = frame_with(at, "Kennzahl", "Arbeitslosenquote")
    assert share.loc["Arbeitslosenquote", "Hinweis"].startswith("nicht aus kleineren Gebieten berechenbar")


def test_steckbrief_uses_a_published_district_value_and_compares_counts_per_resident(monkeypatch, shape_files):
    at = open_page(monkeypatch, shape_files["gaps"], "steckbrief", jahr="2024", ebene="bezirk", gebiet="N")
    share = frame_with(at, "Kennzahl", "Arbeitslosenquote")
    assert share.loc["Arbeitslosenquote", "Wert"] == "6,2\u00a0%"  # imported for Bezirk Nord, not computable
    cases = frame_with(at, "Kennzahl", "Inobhutnahmen")
    # 58 is the city's total: labelled so, and Nord (21 of 3.200) is judged per resident against 58 of 6.300.
    assert cases.loc["Inobhutnahmen", "Gesamtstadt"] == "58\u00a0Fälle gesamt"
    assert cases.loc["Inobhutnahmen", "Lage"] == "▲ günstiger"
    population = frame_with(at, "Kennzahl", "Einwohner")
    assert population.loc["Einwohner", "Lage"] == "–"  # a size is not a position against the city
    # Nord is complete, the city's total is not: the note says so for the city column.
    assert population.loc["Einwohner", "Hinweis"] == "Gesamtstadt: Summe aus 3 von 4 Sozialräumen"


def test_steckbrief_compares_each_indicator_with_its_own_previous_stichtag(monkeypatch, shape_files):
    at = open_page(monkeypatch, shape_files["gaps"], "steckbrief", jahr="2024", raum="S2")
    survey = frame_with(at, "Kennzahl", "Kinderarmut")
    assert survey.loc["Kinderarmut", "Vorperiode"] == "-2,0\u00a0Pp."  # 2024 against 2022, its previous report
    population = frame_with(at, "Kennzahl", "Einwohner")
    assert population.loc["Einwohner", "Hinweis"] == (
        "für dieses Gebiet nicht erhoben; Gesamtstadt: Summe aus 3 von 4 Sozialräumen"
    )


def test_steckbrief_says_when_an_indicator_was_not_collected_that_year(monkeypatch, shape_files):
    at = open_page(monkeypatch, shape_files["gaps"], "steckbrief", jahr="2023", ebene="bezirk", gebiet="S")
    survey = frame_with(at, "Kennzahl", "Kinderarmut")
    assert survey.loc["Kinderarmut", "Hinweis"] == "zu diesem Stichtag nicht erhoben, letzter Wert: 31.12.2022"


def test_vergleich_labels_city_totals_and_footnotes_missing_values(monkeypatch, shape_files):
    at = open_page(monkeypatch, shape_files["gaps"], "vergleich", jahr="2024", gebiete="N1,S1")
    table = frame_with(at, "Kennzahl", "Inobhutnahmen")
    assert table.loc["Inobhutnahmen", "Gesamtstadt"] == "58\u00a0Fälle gesamt"
    shown = texts(at)
    assert "Kinderarmut (Südfeld): gesperrt wegen statistischer Geheimhaltung" in shown
    assert "Arbeitslosenquote (Gesamtstadt): nicht aus kleineren Gebieten berechenbar" in shown


def test_budget_of_a_plan_year_on_districts(monkeypatch, shape_files):
    at = open_page(monkeypatch, shape_files["gaps"], "budget", jahr="2025")
    table = frame_with(at, "Schlüssel", "N")
    # Budgeted per Bezirk: the column names the level; no column repeats the city, none is all empty.
    assert list(table.columns) == ["Bezirk", "Ansatz (Soll)", "Einwohner"]
    assert table.loc["N", "Bezirk"] == "Nord"
    actual = next(metric for metric in at.metric if metric.label == "Ist")
    assert actual.value == "–"
    assert not actual.delta
    assert "nur der Ansatz (Plan) vor" in texts(at)


def test_budget_with_neutral_indicators_and_an_actual_only_budget(monkeypatch, shape_files):
    at = open_page(monkeypatch, shape_files["neutral"], "budget", jahr="2024")
    assert "Keine Kennzahl mit Richtung vorhanden" in texts(at)
    assert "nur das Ist vor, kein Ansatz" in texts(at)
    table = frame_with(at, "Schlüssel", "N1")
    assert "Ansatz (Soll)" not in table.columns
    assert "Ausschöpfung" not in table.columns
    assert list(table.columns[:2]) == ["Sozialraum", "Bezirk"]


@pytest.mark.parametrize("page", ["uebersicht", "steckbrief", "vergleich", "budget"])
@pytest.mark.parametrize("year", ["2025", "2024", "2023", "2022"])
def test_every_year_of_both_shapes_renders(monkeypatch, shape_files, page, year):
    for url in shape_files.values():
        open_page(monkeypatch, url, page, jahr=year)


def test_budget_in_a_year_without_budget_links_to_the_years_with_one(monkeypatch, shape_files):
    # The default year is the latest with indicator values (2024); the budget is a plan for 2025 only.
    at = open_page(monkeypatch, shape_files["gaps"], "budget", jahr="2024")
    assert any("Für 2024 liegen keine Budgetdaten zu Produkt" in info.value for info in at.info)
    assert not any("Vor 2024 liegen" in info.value for info in at.info)  # one message, not two
    links = [link for link in at.get("page_link") if link.proto.label.startswith("Budget ")]
    assert [link.proto.label for link in links] == ["Budget 2025"]
    assert links[0].proto.query_string.startswith("jahr=2025&produkt=")
