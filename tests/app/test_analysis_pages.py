"""Steckbrief, Vergleich and Entwicklung through AppTest, with the social space coming from the URL."""

from datetime import date

from sqlalchemy import create_engine, text

from sozialraum.formatting import format_number, format_value

PERIOD_2025 = date(2025, 12, 31)


def sql_scalar(db_file, query: str, **params):
    # Independent of the app's code path: straight from SQL.
    with create_engine(f"sqlite:///{db_file}").connect() as connection:
        return connection.execute(text(query), params).scalar_one()


def space_value(db_file, key: str, area_key: str, period: date = PERIOD_2025) -> float:
    return sql_scalar(
        db_file,
        "SELECT o.value FROM observation o JOIN indicator i ON i.id = o.indicator_id JOIN area a ON a.id = o.area_id "
        "WHERE i.key = :key AND a.key = :area AND a.level = 'social_space' AND o.period = :period",
        key=key,
        area=area_key,
        period=period,
    )


def open_page(app, page: str, **params):
    for name, value in params.items():
        app.query_params[name] = value
    app.switch_page(f"views/{page}.py")
    return app.run()


def topic_table(at, name: str):
    for frame in at.dataframe:
        table = frame.value
        if "Kennzahl" in table.columns and name in set(table["Kennzahl"]):
            return table.set_index("Kennzahl")
    raise AssertionError(f"no table with {name}")


def test_steckbrief_of_the_space_in_the_url(demo_app, demo_sqlite_file):
    at = open_page(demo_app, "steckbrief", raum="0303")
    assert not at.exception
    assert at.title[0].value == "Steckbrief 2025"
    assert at.header[0].value == "Am Mühlbach (Lindenfeld)"
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Einwohner"] == format_number(space_value(demo_sqlite_file, "pop_total", "0303"))
    sgb2 = topic_table(at, "SGB-II-Quote").loc["SGB-II-Quote"]
    assert sgb2["Wert"] == format_value(space_value(demo_sqlite_file, "sgb2_rate", "0303"), "%", 1)
    change = space_value(demo_sqlite_file, "sgb2_rate", "0303") - space_value(
        demo_sqlite_file, "sgb2_rate", "0303", date(2024, 12, 31)
    )
    assert sgb2["Vorperiode"] == f"{format_number(change, 1, signed=True)}\u00a0Pp."
    assert sgb2["Rang"].endswith(" von 16")
    assert len(sgb2["Verlauf"]) == 12  # 2014 … 2025
    subheaders = [s.value for s in at.subheader]
    assert {"Bevölkerung", "Arbeit und Existenzsicherung", "Wirkungsziele", "Budget 2025"} <= set(subheaders)
    assert {"Ansatz (Soll)", "Ist", "Ausschöpfung", "Ist je Einwohner"} <= set(metrics)
    goals = at.table[0].value
    assert "Hilfen zur Erziehung durch frühe Unterstützung im Sozialraum vermeiden" in set(goals.index)
    assert "Gesamtstadt" in set(goals["Gilt für"])
    assert len(at.get("plotly_chart")) == 1  # the locator map
    assert len(at.expander) == 7  # definitions and sources per topic, the demo's Sozialindex included
    assert "Sozialindex" in subheaders
    status = topic_table(at, "Status-Index").loc["Status-Index"]
    assert status["Rang"].endswith(" von 16")
    assert any("Fiktive Beispieldaten" in c.value for c in at.caption)


def test_steckbrief_shows_the_city_when_the_city_is_selected_and_the_picker_works(demo_app, demo_sqlite_file):
    at = open_page(demo_app, "steckbrief")
    assert not at.exception
    assert any("zeigt der Steckbrief die Gesamtstadt" in c.value for c in at.caption)
    city = sql_scalar(demo_sqlite_file, "SELECT name FROM area WHERE level = 'city'")
    assert at.header[0].value == city  # the city profile, not an empty page
    picker = at.selectbox(key="steckbrief_raum_None")
    assert picker.value is None
    picker.select("0101").run()
    assert not at.exception
    assert at.sidebar.selectbox(key="raum").value == "0101"  # the sidebar follows the page's picker
    assert at.query_params["raum"] == "0101"
    name = sql_scalar(demo_sqlite_file, "SELECT name FROM area WHERE key = '0101' AND level = 'social_space'")
    assert at.header[0].value.startswith(name)
    assert not any("zeigt der Steckbrief die Gesamtstadt" in c.value for c in at.caption)


def test_district_profile_sums_counts_from_the_url(demo_app, demo_sqlite_file):
    at = open_page(demo_app, "steckbrief", raum="0201", ebene="bezirk", gebiet="02")
    assert not at.exception
    population = sql_scalar(
        demo_sqlite_file,
        "SELECT SUM(o.value) FROM observation o JOIN indicator i ON i.id = o.indicator_id "
        "JOIN area a ON a.id = o.area_id JOIN area d ON d.id = a.parent_id "
        "WHERE i.key = 'pop_total' AND a.level = 'social_space' AND d.key = '02' AND o.period = :period",
        period=PERIOD_2025,
    )
    assert {m.label: m.value for m in at.metric}["Einwohner"] == format_number(population)
    assert topic_table(at, "SGB-II-Quote").loc["SGB-II-Quote", "Rang"].endswith(" von 4")
    goals = at.table[0].value
    assert any(area.startswith("Bezirk") for area in goals["Gilt für"])


def test_vergleich_shows_the_chosen_spaces_and_the_city(demo_app, demo_sqlite_file):
    at = open_page(demo_app, "vergleich", raum="0303", gebiete="0303,0101")
    assert not at.exception
    table = at.dataframe[0].value.set_index("Kennzahl")
    space_columns = [c for c in table.columns if c not in {"Thema", "Gesamtstadt", "Stand"}]
    assert len(space_columns) == 2
    assert space_columns[0].startswith("Am Mühlbach")
    assert table.loc["SGB-II-Quote", space_columns[0]] == format_value(
        space_value(demo_sqlite_file, "sgb2_rate", "0303"), "%", 1
    )
    assert len(at.get("plotly_chart")) == 1
    at.multiselect(key="vergleich_gebiete_social_space").unselect("0101").run()
    assert not at.exception
    assert "mindestens 2 Gebiete" in at.info[0].value


def test_entwicklung_starts_with_the_space_from_the_url(demo_app):
    at = open_page(demo_app, "entwicklung", raum="0303", kennzahlen="sgb2_rate,hze_rate")
    assert not at.exception
    assert at.multiselect(key="entwicklung_gebiete_social_space").value == ["0303"]
    assert at.multiselect(key="entwicklung_kennzahlen").value == ["sgb2_rate", "hze_rate"]
    assert len(at.get("plotly_chart")) == 2
    at.toggle(key="entwicklung_index").set_value(True).run()
    assert not at.exception
    assert at.selectbox(key="entwicklung_basis").value == date(2014, 12, 31)
    assert len(at.get("plotly_chart")) == 2


def test_planning_area_profile_defaults_to_the_sidebar_space_and_shows_its_budget(demo_app):
    at = open_page(demo_app, "steckbrief", raum="0303", ebene="planungsraum")
    assert not at.exception
    assert at.header[0].value.endswith("(Am Mühlbach, Lindenfeld)")
    assert at.query_params["gebiet"].startswith("0303")
    assert any("gezeigt wird der Sozialraum Am Mühlbach (Lindenfeld)" in c.value for c in at.caption)
    assert topic_table(at, "SGB-II-Quote").loc["SGB-II-Quote", "Rang"].endswith(" von 51")
