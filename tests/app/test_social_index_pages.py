"""The demo's Sozialindex is an indicator like any other: Karte, Entwicklung, Steckbrief and the allocation."""

from datetime import date

import pytest
from sqlalchemy import create_engine, text

from sozialraum.formatting import format_number


def open_page(app, page: str, **params):
    for name, value in params.items():
        app.query_params[name] = value
    app.run()
    app.switch_page(f"views/{page}.py")
    at = app.run()
    assert not at.exception
    return at


def stored_index(db_file, area_key: str) -> float:
    with create_engine(f"sqlite:///{db_file}").connect() as connection:
        return connection.execute(
            text(
                "SELECT o.value FROM observation o JOIN indicator i ON i.id = o.indicator_id "
                "JOIN area a ON a.id = o.area_id WHERE i.key = 'index_status' AND a.key = :area AND o.period = :p"
            ),
            {"area": area_key, "p": date(2025, 12, 31)},
        ).scalar_one()


def test_karte_maps_the_status_index(demo_app, demo_sqlite_file):
    at = open_page(demo_app, "karte", kennzahl="index_status")
    assert at.selectbox(key="kennzahl").value == "index_status"
    assert any("16 Sozialräume" in caption.value for caption in at.caption)
    assert len(at.get("plotly_chart")) == 1  # the ranking
    assert any(c.value.startswith("Zusammengesetzter Sozialindex »Status-Index«") for c in at.caption)


def test_entwicklung_draws_the_index_over_the_years(demo_app):
    at = open_page(demo_app, "entwicklung", raum="0303", kennzahlen="index_status,index_dynamics")
    assert at.multiselect(key="entwicklung_kennzahlen").value == ["index_status", "index_dynamics"]
    assert len(at.get("plotly_chart")) == 2


def test_steckbrief_lists_the_index_under_its_topic(demo_app, demo_sqlite_file):
    at = open_page(demo_app, "steckbrief", raum="0303")
    assert "Sozialindex" in [s.value for s in at.subheader]
    table = next(
        frame.value.set_index("Kennzahl")
        for frame in at.dataframe
        if "Kennzahl" in frame.value.columns and "Status-Index" in set(frame.value["Kennzahl"])
    )
    assert table.loc["Status-Index", "Wert"].startswith(format_number(stored_index(demo_sqlite_file, "0303"), 2))


def test_needs_based_allocation_with_the_index_as_need(demo_app, demo_sqlite_file):
    at = open_page(demo_app, "budget")
    at.multiselect(key="allocation_indicators").set_value(["index_status"]).run()
    assert not at.exception
    assert not at.warning
    table = next(frame.value for frame in at.dataframe if "nach Formel" in frame.value.columns)
    assert len(table) == 16
    # The index is standardised over the 16 spaces already: the need score is the index itself.
    need = table.set_index("Schlüssel")["Bedarfswert (z)"]
    assert need["0303"] == pytest.approx(stored_index(demo_sqlite_file, "0303"), abs=1e-9)
