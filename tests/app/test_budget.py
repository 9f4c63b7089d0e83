"""Budget & Wirkung through AppTest: figures from the database, product from the URL, lag and allocation."""

import pytest
from sqlalchemy import create_engine, text

from sozialraum.export import images
from sozialraum.formatting import format_euro, format_number

PAGE = "views/budget.py"


def plan_and_actual(db_file, year: int, product: str) -> tuple[float, float]:
    # Independent of the app's code path: straight from SQL.
    engine = create_engine(f"sqlite:///{db_file}")
    with engine.connect() as connection:
        planned, actual = connection.execute(
            text("SELECT SUM(planned), SUM(actual) FROM budget_line WHERE year = :year AND product = :product"),
            {"year": year, "product": product},
        ).one()
    engine.dispose()
    return float(planned), float(actual)


def open_page(app, **query):
    for name, value in query.items():
        app.query_params[name] = value
    at = app.run()
    at.switch_page(PAGE).run()
    assert not at.exception
    return at


def table_with(at, column: str):
    """The one table that has ``column`` (dataframes without selection carry no key in AppTest)."""
    found = [frame.value for frame in at.dataframe if column in frame.value.columns]
    assert len(found) == 1, f"{len(found)} Tabellen mit Spalte {column}"
    return found[0]


def metrics(at) -> dict[str, str]:
    return {metric.label: metric.value for metric in at.metric}


def test_budget_page_shows_plan_actual_and_all_four_views(demo_app, demo_sqlite_file):
    at = open_page(demo_app)
    assert at.title[0].value == "Budget & Wirkung 2025"
    assert at.selectbox(key="produkt").value == "36.3"
    planned, actual = plan_and_actual(demo_sqlite_file, 2025, "36.3")
    values = metrics(at)
    assert values["Ansatz (Soll)"] == format_euro(planned)
    assert values["Ist"] == format_euro(actual)
    assert values["Ausschöpfung"].startswith(format_number(actual / planned * 100, 1))
    assert "Ist je Einwohner unter 21 Jahren" in values
    assert [tab.label for tab in at.tabs] == [
        "Sozialraumbudget",
        "Trägerbudget",
        "Budget und Wirkung",
        "Bedarfsorientierte Verteilung",
    ]
    space_table = table_with(at, "Einwohner unter 21 Jahren")
    assert len(space_table) == 17  # 16 social spaces and the city
    assert space_table["Schlüssel"].iloc[0] == "0101"
    assert space_table["Sozialraum"].iloc[-1] == "Gesamtstadt"
    assert space_table["Schlüssel"].iloc[-1] == ""
    assert space_table["Ist"].sum() == pytest.approx(2 * actual, abs=0.05)
    assert len(at.get("plotly_chart")) == 4
    labels = [button.label for button in at.get("download_button")]
    assert labels.count("XLSX") == labels.count("CSV (Excel)") == 6  # every table
    charts_with_images = 4 if images.static_images_available() else 0
    assert labels.count("PNG") == labels.count("SVG") == charts_with_images  # every chart
    assert any("Fiktive Beispieldaten** – keine realen Verhältnisse" in c.value for c in at.caption)


def test_the_demo_story_is_named_on_the_page(demo_app):
    at = open_page(demo_app)
    captions = " ".join(c.value for c in at.caption)
    # Overspending district and the four spaces that moved away from residential care.
    assert "Hafenviertel-West, Werftsiedlung, Fischerkamp, Leuchtturmviertel" in captions
    assert "Gerberviertel, Lindenfeld-Nord, Am Mühlbach, Wiesengrund-Mitte" in captions
    assert any(
        m.value == "**Mitteleinsatz schwächer gestiegen, Entwicklung besser als Durchschnitt:** "
        "Gerberviertel, Lindenfeld-Nord, Am Mühlbach, Wiesengrund-Mitte"
        for m in at.markdown
    )
    outcome = table_with(at, "Einordnung").set_index("Schlüssel")
    for improved in ("0104", "0301", "0303", "0401"):
        assert outcome.loc[improved, "Einordnung"] == (
            "Mitteleinsatz schwächer gestiegen, Entwicklung besser als Durchschnitt"
        )
    for stagnating in ("0201", "0202", "0402"):
        assert outcome.loc[stagnating, "Einordnung"] == (
            "Mitteleinsatz stärker gestiegen, Entwicklung schlechter als Durchschnitt"
        )


def test_product_comes_from_the_url(demo_app, demo_sqlite_file):
    at = open_page(demo_app, produkt="36.2")
    assert at.selectbox(key="produkt").value == "36.2"
    planned, _ = plan_and_actual(demo_sqlite_file, 2025, "36.2")
    assert metrics(at)["Ansatz (Soll)"] == format_euro(planned)
    at.selectbox(key="produkt").select("36.3").run()
    assert not at.exception
    assert at.query_params["produkt"] == "36.3"


def test_a_lag_beyond_the_data_gives_a_german_message(demo_app):
    at = open_page(demo_app)
    at.number_input(key="budget_lag").set_value(2).run()
    assert not at.exception
    assert any("fehlen Daten für 2027" in w.value for w in at.warning)
    at.sidebar.selectbox(key="jahr").select(2021).run()
    assert not at.exception
    assert not at.warning
    # Spending 2017→2021 against the outcome 2019→2023.
    columns = list(table_with(at, "Einordnung").columns)
    assert "Veränderung HzE-Quote 2019–2023 (je 1.000)" in columns


def test_allocation_sums_to_the_entered_total_to_the_cent(demo_app):
    at = open_page(demo_app)
    at.number_input(key="allocation_total").set_value(1_000_000.01).run()
    assert not at.exception
    assert metrics(at)["Summe nach Formel"] == "1.000.000,01\u00a0€"
    table = table_with(at, "nach Formel")
    assert round(table["nach Formel"].sum() * 100) == 100_000_001
    at.multiselect(key="allocation_indicators").set_value([]).run()
    assert not at.exception
    assert any("mindestens eine Bedarfskennzahl" in w.value for w in at.warning)


def test_the_first_year_shows_levels_only(demo_app):
    at = open_page(demo_app)
    at.sidebar.selectbox(key="jahr").select(2014).run()
    assert not at.exception
    assert at.title[0].value == "Budget & Wirkung 2014"
    assert at.radio(key="budget_spending_mode").options == ["Stand"]
    assert any("Vor 2014 liegen zu Produkt 36.3 keine Budgetdaten vor" in i.value for i in at.info)
    assert "Ist je Einwohner unter 21 Jahren 2014, €" in table_with(at, "Einordnung").columns


def test_the_selected_space_is_named_under_the_chart(demo_app):
    at = open_page(demo_app, raum="0104")
    assert any("Schwarz umrandet: Gerberviertel (Altstadt)." in c.value for c in at.caption)
